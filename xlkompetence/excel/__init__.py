"""Excel itself: the xlwings ribbon add-in and its .xlam, the server behind the Office add-in,
its manifest and the web client's files (``web/``).

May import everything else in the package; nothing imports ``excel`` but the CLI.
"""
