"""The file format: the .xlsx package and its XML parts, atomic files, the calamine loader,
the lxml patcher that edits a package in place, bulk rows and shared cell styles.

May import ``core`` and native packages (lxml, python-calamine, XlsxWriter); nothing of
``unit``, ``org`` or ``excel``.
"""
