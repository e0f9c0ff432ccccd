"""Regenerate the package's Danish word list (``xlkompetence/core/data/danske-ord.txt.gz``) from
Stavekontrolden's dictionary, as Debian's ``hunspell-da`` installs it.

    apt-get install hunspell-da hunspell-tools hunspell
    python docs/danish_words.py [/usr/share/hunspell/da_DK]

Candidates are the forms ``unmunch`` expands and every lower-case stem with each of the
common Danish endings; ``hunspell -G`` keeps those the dictionary accepts as words of their
own, its compounding rules left out (with them "hansen" passes as "han" + "sen", and most
Danish surnames with it). Only lower-case
words of two to fourteen letters are kept: names are capitalised in the dictionary, and a
longer word inside a sentence is not taken for a name anyway. The dictionary's own names
(capitalised, one word: "Jens", "Søren", "Aarhus") are kept as written, beside the words, so
that a name that is also a word ("jens", "søren") is known as a name. Needed only to make the list;
the package reads the list it ships.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

OUT = Path(__file__).parent.parent / "xlkompetence" / "core" / "data" / "danske-ord.txt.gz"
ENDINGS = ("", "e", "en", "et", "er", "erne", "ernes", "ene", "enes", "ens", "ets", "es", "s", "r", "re", "rne",
           "rnes", "ne", "nes", "n", "t", "ede", "te", "de", "ende", "st", "ste", "est", "este", "ere", "ers",
           "ns", "ts", "ses", "ser", "serne", "sen", "set")
LOWER = re.compile(r"[a-zæøåéèüöäáíóúàô][a-zæøåéèüöäáíóúàô'\-]{1,13}")
# A name as the dictionary keeps it: one capitalised word ("Jens", "Søren", "Aarhus").
PROPER = re.compile(r"[A-ZÆØÅ][a-zæøåéèüöäáíóú]{1,13}")


def proper_nouns(dic: Path) -> set[str]:
    """The dictionary's names of people and places, as it writes them: a word such as "jens"
    or "søren" is also a name, and the list must tell."""
    stems = (line.split("/")[0].split()[0] for line in dic.read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    return {stem for stem in stems if PROPER.fullmatch(stem)}


def candidates(dic: Path, aff: Path) -> set[str]:
    stems = {line.split("/")[0].split()[0] for line in dic.read_text(encoding="utf-8").splitlines()[1:] if line}
    forms = subprocess.run(["unmunch", str(dic), str(aff)], capture_output=True, check=True).stdout
    words = {line.split(b"/")[0].decode("utf-8", "replace") for line in forms.splitlines()}
    words |= {stem + ending for stem in stems for ending in ENDINGS}
    return {w for w in words if LOWER.fullmatch(w)}


def accepted(words: list[str], dictionary: str) -> list[str]:
    """The words ``hunspell`` accepts, checked in one process per core."""
    n = os.cpu_count() or 1
    chunks = [words[i::n] for i in range(n)]

    def check(chunk: list[str]) -> list[str]:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as fh:
            fh.write("\n".join(chunk) + "\n")
            fh.seek(0)
            out = subprocess.run(["hunspell", "-d", dictionary, "-G"], stdin=fh, capture_output=True, check=True)
        return out.stdout.decode("utf-8").split()

    with ThreadPoolExecutor(n) as pool:
        return [w for part in pool.map(check, chunks) for w in part]


def main(dictionary: str = "/usr/share/hunspell/da_DK") -> None:
    dic, aff = Path(dictionary + ".dic"), Path(dictionary + ".aff")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "da_DK"
        plain.with_suffix(".dic").write_bytes(dic.read_bytes())
        plain.with_suffix(".aff").write_text("\n".join(line for line in aff.read_text(encoding="utf-8").splitlines()
                                                      if not line.startswith("COMPOUND")) + "\n", encoding="utf-8")
        words = accepted(sorted(candidates(dic, aff)), str(plain))
    data = b"\n".join(sorted({w.encode("utf-8") for w in [*words, *proper_nouns(dic)]})) + b"\n"
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


if __name__ == "__main__":
    main(*sys.argv[1:])
