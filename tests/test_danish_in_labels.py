"""Every Danish text a user sees lives in ``core/labels.py``: a test reads every string
constant of the package's sources (docstrings aside) and fails on Danish letters or common
Danish words anywhere else, except in the word lists named below, each with its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "xlkompetence"

DANISH = re.compile(
    r"[æøåÆØÅ]|\b(?:og|ikke|eller|skal|kan|med|til|fra|har|der|som|ingen|arket|filen|rækken|kolonnen|mappe|"
    r"mappen|enhed|enheder|skabelon|dato|kun|denne|hver|mellem|gentag|uden|antal|sekunder|adressen|fil)\b",
    re.IGNORECASE)

# Whole modules whose Danish is not interface text.
MODULES = {
    "core/labels.py": "the user text itself",
    "core/parsing.py": "the value parsers' own word lists (Danish words leaders type for levels, choices, "
                       "yes) and their explanations, as labels' docstring says",
    "core/dates.py": "the value parsers' own word lists (Danish words leaders type for dates and timelines) "
                     "and their explanations, as labels' docstring says",
    "core/resources.py": "the value parsers' own word lists (Danish words leaders type for amounts) and their "
                         "explanations, as labels' docstring says",
    "core/privacy.py": "its word lists for telling names from other words in free text",
    "core/examples.py": "the concept's worked example and the demo units: content a leader types, not interface",
}
# Module → names of the constants (or functions) whose strings are word lists, not text shown.
CONSTANTS = {
    "core/textwidth.py": {"_CHARS": "the characters the width model has Calibri's widths of, a font table"},
    "core/effort.py": {"_COUNT": "Danish words for a number of people, a parser's pattern",
                       "_EVERYONE": "Danish words for everyone, a parser's pattern",
                       "_LEADERS": "Danish words for the leaders, a parser's pattern",
                       "_NAME_SPLIT": "the words that join names ('og', 'samt')",
                       "_FILLER": "words that are not names",
                       "_team_pattern": "Danish letters in a word boundary"},
    "org/rollout.py": {"_DANISH": "the Danish letters that tell a list's 8-bit encoding"},
    "core/learning.py": {"_fold": "Danish letters in the folding of a typed learning form",
                         "_ALIASES": "the words leaders type for a learning form, a parser's word list",
                         "_WORDING": "the words of an activity that give its learning form, a parser's word list"},
    "core/pseudonyms.py": {"NOT_NAMES": "capitalised words that are not names", "_WORD": "Danish capitals"},
    "core/disclosure.py": {"_ITEMS": "the word that joins the items of a list ('og'), a parser's pattern"},
    "core/thread.py": {"_ID_SHAPE": "Danish letters in a profile number's pattern",
                       "_ID_SPLIT": "the words that join profile numbers",
                       "_ID_IN_TEXT": "Danish letters in a profile number's pattern"},
    "demo.py": {"TEMPLATE_FILE": "a file name the README names", "run": "the demo's folder of unit workbooks (enheder), as the README names it"},
    "cli/options.py": {"names_option": "an option's name (--med-navne), part of the command line like --today"},
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _owner(stmt: ast.stmt) -> str:
    """The top-level name a statement defines (a constant, function or class)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return stmt.name
    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return ""


def danish_outside_labels() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        allowed = CONSTANTS.get(rel, {})
        for stmt in tree.body:
            if _owner(stmt) in allowed:
                continue
            for node in ast.walk(stmt):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                        and DANISH.search(node.value)):
                    found.append(f"{rel}:{node.lineno}: {node.value[:70]!r}")
    return found


def test_no_danish_text_outside_labels():
    assert danish_outside_labels() == []


def test_the_scan_finds_danish_where_it_should_not_be(tmp_path, monkeypatch):
    module = tmp_path / "xlkompetence" / "unit"
    module.mkdir(parents=True)
    (module / "x.py").write_text('"""Docstrings may say "ikke"."""\nMESSAGE = "Filen kan ikke læses."\nID = "plan"\n',
                                 encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "xlkompetence")
    assert danish_outside_labels() == ["unit/x.py:2: 'Filen kan ikke læses.'"]


def test_every_whitelisted_name_exists_so_the_list_cannot_go_stale():
    for rel, names in CONSTANTS.items():
        tree = ast.parse((PACKAGE / rel).read_text(encoding="utf-8"))
        defined = {_owner(stmt) for stmt in tree.body}
        assert set(names) <= defined, (rel, set(names) - defined)
    for rel in MODULES:
        assert (PACKAGE / rel).exists(), rel
