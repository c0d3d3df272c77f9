"""Neutralise text from pages so that it can never act on a terminal.

Page text is untrusted. `clean_text` (bodies) and `clean_line` (titles, sources) run on
everything a page gives, at load, so the app and the export see the same safe text:

- Escape sequences are removed whole, without a placeholder: CSI (colours, cursor moves),
  OSC (titles, OSC 8 links, OSC 52 clipboard writes: the payload goes too), DCS, SOS, PM,
  APC, the two-character escapes ("ESC c", "ESC ( B") and their 8-bit C1 forms. What a
  terminal would have shown as text stays ("\\x1b[31mred\\x1b[0m" -> "red"). A string
  sequence (OSC, DCS...) with no terminator ends at the end of its line.
- Other C0 and C1 controls and DEL are removed; tab and newline stay. CR, CR LF, vertical
  tab, form feed and the Unicode line and paragraph separators become newlines.
- Bidi controls (embeddings, overrides, isolates, marks), zero-width characters (space,
  joiners, word joiner, BOM), invisible Unicode tags and interlinear annotation marks are
  removed; lone surrogates (from a JSON "\\ud800") become U+FFFD.
- Markup is left alone: "[bold]" or "[@click=app.quit]" is page text, shown literally,
  because the UI only builds `Text`/`Content` objects, never markup strings.

`printable` is for names and messages (file names are untrusted too): nothing is removed,
every such character is shown as a visible symbol instead ("␛", "␊", "�").
"""

from __future__ import annotations

import re

_BREAKS = re.compile("\r\n?|[\x0b\x0c\u2028\u2029]")
# ESC-introduced sequences and their 8-bit C1 forms. Every branch is linear: no payload
# can make the match backtrack (no ".*?" over the text).
_ESCAPES = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI, finished or not
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\\\|\x9c)?"  # strings
    "|\x1b[ -/]*[0-~]?"  # other escapes
)
_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 controls except tab and newline, DEL, C1 controls, the soft hyphen (terminals draw it
# or not, and it splits "Kar\xadrie\xadre" into three words for search), the Arabic letter
# mark, the Mongolian vowel separator, zero-width and bidi characters (U+200B-U+200F,
# U+202A-U+202E, U+2060-U+206F), BOM, interlinear annotations, Unicode tags.
_INVISIBLE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")
_UNSAFE = re.compile(f"[{_INVISIBLE_CLASS}\t\n\u2028\u2029\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return `text` with escape sequences and invisible control characters removed.

    Line breaks of every kind become newlines; tabs and newlines are kept.
    """
    text = _BREAKS.sub("\n", text)
    text = _ESCAPES.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    return _INVISIBLE.sub("", text)


def clean_line(text: str) -> str:
    """Return `text` sanitised and folded onto one line (for titles and sources)."""
    return " ".join(clean_text(text).split())


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟ (ESC is ␛, newline ␊, tab ␉)
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """`text` with every control, escape, line-break, bidi or invisible character shown
    as a visible symbol: C0 controls as their control pictures ("␛", "␊"), DEL as "␡",
    the others as "�". Nothing is removed, so a file name stays recognisable."""
    return _UNSAFE.sub(_picture, text)


# What `clean_text` would change (or `clean_line`, with tabs and line breaks): one search,
# so that text already clean (nearly all of it) costs almost nothing to check.
_DIRTY_TEXT = re.compile(f"[{_INVISIBLE_CLASS}\u2028\u2029\ud800-\udfff]")


def text_needs_cleaning(text: str) -> bool:
    """True when `clean_text` could change `text` (a fast check for text read back from
    a store that should already be clean)."""
    return _DIRTY_TEXT.search(text) is not None


def safe_text(text: str) -> str:
    """`clean_text(text)`, skipped when `text` has nothing it would remove."""
    return clean_text(text) if _DIRTY_TEXT.search(text) else text


def safe_line(text: str) -> str:
    """`clean_line(text)`, skipped when `text` has no control, invisible or line-break
    character (spacing is left as it is then)."""
    return clean_line(text) if _UNSAFE.search(text) else text
