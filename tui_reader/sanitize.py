"""Neutralise text from pages so that it can never act on a terminal.

Page text is untrusted. Escape sequences, C0/C1 controls, bidi overrides and
zero-width characters are removed or replaced before any text reaches the
screen or an export. Markup is never an issue downstream because the UI only
builds `Text`/`Content` objects, never markup strings.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI, OSC (ended by BEL or ST), DCS/SOS/PM/APC (ended by ST),
# and two-character escapes. Their 8-bit C1 forms are matched too.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI
    r"|(?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c)"  # OSC
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c)"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?",
    re.DOTALL,
)
# C0 controls except tab and newline, DEL, C1 controls, bidi controls, zero-width characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """Return `text` with escape sequences and invisible control characters removed.

    Carriage returns become newlines; tabs and newlines are kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    return _INVISIBLE.sub("", text)


def clean_line(text: str) -> str:
    """Return `text` sanitised and folded onto one line (for titles and sources)."""
    return " ".join(clean_text(text).split())
