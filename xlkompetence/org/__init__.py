"""Many unit workbooks: merge into the organisation plan and its workbook, sync organisation
profiles down, watch a shared folder, and the history from round to round.

May import ``core``, ``xlsx`` and ``unit``; nothing of ``excel``.
"""
