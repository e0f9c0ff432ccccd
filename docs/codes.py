"""Rewrite the README's generated tables: the finding codes (``core.findings.Code``) and what
leaves a unit, field by field (``core.disclosure.FIELDS``).

    python docs/codes.py
"""

from pathlib import Path

from xlkompetence.core.disclosure import readme_table
from xlkompetence.core.findings import codes_table

README = Path(__file__).parent.parent / "README.md"
HEAD = "| code | severity | meaning |\n|---|---|---|\n"


def replace_table(text: str, head: str, body: str) -> str:
    """``text`` with the table that starts with ``head`` holding ``body`` (up to a blank line)."""
    start = text.index(head) + len(head)
    end = text.index("\n\n", start)
    return text[:start] + body + text[end:]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    text = replace_table(text, HEAD, codes_table())
    head, body = readme_table().split("\n", 1)
    text = replace_table(text, head + "\n", body)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
