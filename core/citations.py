"""Citations as a person reads them: the public document's name and section, never a seed file name (issue 20).

The rules cite the seed documents by file and section (``001_ea26778b00a7e017.txt, PA2026-02 Section 4.4``), as the
developers' guide asks, and those strings are stored beside obligations, holds and results. Whatever a person reads
passes through ``public``: "Program Announcement PA2026-02, Section 4.4". The file-and-section form stays in the
code, the database and the staff's "sources" toggle. Pure Python: no Django imports.
"""

import re

# The seed files (shared/seeds/README.md) by the public name of the document each one is.
DOCUMENTS = {
    "000_5a27d03f56223f7e.txt": "Cooperative Agreement with the Ports",
    "001_ea26778b00a7e017.txt": "INVEST CLEAN Board letter",
    "002_93fe1fbed5faf247.txt": "Program Announcement PA2022-01",
    "003_b264a6114e3b8c3f.txt": "Program Announcement PA2025-04",
    "004_af983ba73b5d80a4.txt": "Proposed Rule 4001",
}
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
_CITED = re.compile(r"(?P<file>\b\d{3}_[0-9a-f]{16}\.txt\b)(?:,\s*)?(?P<rest>PA20\d\d-\d\d\b|Rule 4001\b)?")
# Notes the rules' authors left for each other inside a citation: true, and not for the reader.
_NOTES = (
    re.compile(r"\s*\(schedule left to the (?:agreement|contract); portal default\)"),
    re.compile(r";?\s*due date:\s*[^;()]*(?:\([^()]*\))?"),
)
_REISSUED = "changed by the re-issued announcement"
_SECTION = re.compile(r"\bSECTION\b")


def _drop_note(text: str, opening: str) -> str:
    """``text`` without each ``opening`` and what it goes on to say: its balanced parenthesis (``... (seed: a ("b"))``)
    or the words up to the next ``;`` or closing parenthesis (``... from February 2028 to May 31, 2029``)."""
    while (start := text.find(opening)) != -1:
        end = start + len(opening)
        depth = 0
        for end in range(start + len(opening), len(text) + 1):  # noqa: B020 (the loop leaves ``end`` where it stops)
            char = text[end] if end < len(text) else ""
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
                if depth == 0 and text[start + len(opening) :].lstrip().startswith("("):
                    end += 1
                    break
            elif char in (";", "") and depth == 0:
                break
        head = text[:start].rstrip()
        text = (head[:-1] if head.endswith(";") else head) + text[end:]
    return text


def _document(match: re.Match) -> str:
    name = DOCUMENTS.get(match["file"], "the program documents")
    rest = match["rest"]
    if rest and rest.startswith("PA20"):
        return f"Program Announcement {rest},"
    if rest:  # "Rule 4001 (c)(6)"
        return name
    return f"{name}, "


def public(text) -> str:
    """``text`` with each seed citation as the public document's name and section and the authors' notes left out."""
    if not text:
        return "" if text is None else text
    text = str(text)
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if not SEED_FILE.search(text) and _REISSUED not in text and "portal default" not in text:
        return text
    if _REISSUED in text:
        # The seed's words quoted beside a changed term give the original date, not the one that binds.
        text = re.sub(r'\s*\("[^"]*"\)', "", _drop_note(text, _REISSUED))
    for note in _NOTES:
        text = note.sub("", text)
    text = _CITED.sub(_document, text)
    text = _SECTION.sub("Section", text)
    # A citation that named only the document ends on its comma: "(INVEST CLEAN Board letter,)".
    text = re.sub(r",\s*(?=[);]|$)", "", text)
    text = re.sub(r",\s*,", ",", text)
    parts = [part.strip() for part in text.split(";")]
    unique = [part for index, part in enumerate(parts) if part and part not in parts[:index]]
    return lead + "; ".join(unique) + trail
