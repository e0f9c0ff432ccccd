"""Many unit workbooks: merge into the organisation plan and its workbook, sync organisation
profiles down, watch a shared folder, the history from round to round, and the organisation
workbook's long tables as pandas DataFrames (pandas imported only then).

May import ``core``, ``xlsx`` and ``unit``; nothing of ``excel``.
"""
