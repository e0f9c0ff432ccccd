"""xlkompetence: strategic competence development in live Excel workbooks."""

__version__ = "0.1.0"


def main() -> None:
    """What the ribbon button of xlkompetence.xlam runs (``import xlkompetence; xlkompetence.main()``):
    refresh the workbook that called it."""
    from .excel.addin import main as refresh_calling_book

    refresh_calling_book()
