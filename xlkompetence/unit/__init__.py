"""One unit workbook: the template writer, the reader, the links between its sheets (the red
thread), checks, the refresh plan, Overblik and Fejl og mangler, validation and refresh of a
file on disk.

May import ``core`` and ``xlsx``; nothing of ``org`` or ``excel``. The reader (``reader``,
``coverreader``, ``needsreader``, ``sheettables``), ``links``, ``checks``, ``refreshplan`` and
``overview`` are pure (no native package at import time): the Excel add-ins run them on values
read from an open workbook.
"""
