"""Character-level clean-up shared by every reader."""
from __future__ import annotations

import re

# Ligatures that PDF producers emit as single code points (U+FB00..U+FB06).
_LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00ad": None,  # soft hyphen: only a line-break opportunity, never visible text
    "\ufeff": None,  # BOM / zero-width no-break space
    "\u200b": None,  # zero-width space
    "\u0000": None,
})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\r\n\f\v]+")


def clean_chars(text: str) -> str:
    """Undo ligatures, drop soft hyphens and invisible characters."""
    return text.translate(_LIGATURES)


def collapse(text: str) -> str:
    """Clean characters and collapse every run of white space to one space, keeping a
    space at either end: squash("".join(collapse(t) for t in parts)) is squash of the
    parts joined, for any parts."""
    return _SPACES.sub(" ", clean_chars(text))


def squash(text: str) -> str:
    """Clean characters and collapse every run of white space to one space."""
    return _SPACES.sub(" ", clean_chars(text)).strip()
