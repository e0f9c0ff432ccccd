"""Rewrite the finding-code table in README.md from the catalogue (``core.findings.Code``).

    python docs/codes.py
"""

from pathlib import Path

from xlkompetence.core.findings import codes_table

README = Path(__file__).parent.parent / "README.md"
HEAD = "| code | severity | meaning |\n|---|---|---|\n"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index(HEAD) + len(HEAD)
    end = text.index("\n\n", start)
    README.write_text(text[:start] + codes_table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
