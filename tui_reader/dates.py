"""Date and source parsing helpers for the page cleaner (pure, never raise)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_ENGLISH_MONTH = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*", re.I)
_WORD = r"\b([^\W\d_]{3,})\.?"  # a month's name, full or cut ("Sept."), in any language
_ORD = r"(?:st|nd|rd|th)?"

_YEAR = re.compile(r"\d{4}")  # every form below has one: most lines are ruled out at once
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")  # a time may follow: 2025-04-02T10:00
_NUMERIC = re.compile(r"\b(\d{1,2})([-./])(\d{1,2})\2(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(rf"{_WORD}\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})\b", re.I)
# "20th of August 2025", and German's "2. April 2025"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{_WORD},?\s+(\d{{4}})\b", re.I)
_UNITS = r"(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)"
_RELATIVE = re.compile(rf"(?<!\d)\d+\s*{_UNITS}\s+ago\b|\b(?:yesterday|just now)\b", re.I)
_TRAILING_RELATIVE = re.compile(rf"^(.*?)[\s•·|,-]*(?:\d+\s*{_UNITS}\s+ago|yesterday|just now)$",
                                re.I)
_BYLINE_PIPE = re.compile(
    r"^(?:by\s+)?([^|]{2,60}?)\s*\|\s*(?:last\s+)?(?:updated|published|posted|created)\b", re.I)
# A closing credit: "... agreed. (AlJazeera)"; must follow a sentence end.
_CLOSING_CREDIT = re.compile(
    r"^(.*[.!?\"”’'])\s*\(([A-Z][\w&'.\- ]{0,38}[\w.])\)$", re.S)
_CREDIT_LINE = re.compile(r"^[A-Z][A-Za-z.&]{0,14}(?:\s*/\s*[A-Z][A-Za-z.&]{0,14}){1,3}$")
_NOT_A_NAME = re.compile(r"^(?:time|updated|published|posted|created|last updated|by|on)$", re.I)
# A time of day in a byline's part: "11:00 PM", "5:19pm", "12:41 PM ET".
_CLOCK = re.compile(r"\d:\d\d|\d\s?[ap]\.?m\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})", re.I)


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """Return the first absolute date in `text` as ISO `YYYY-MM-DD`, or None.

    Numeric dates with "-" or "." are read day-month-year, with "/" month/day/year;
    either is swapped when only the other order is valid. Months are named in English
    (in full or cut: "Sept. 5, 2025"), or in French, German, Indonesian or Turkish as
    htmldate knows them ("2 avril 2025", "3. März 2025"). Relative times are not dates.
    """
    if not _YEAR.search(text):
        return None
    found: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        iso = _valid(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            found.append((m.start(), iso))
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        day, month = (b, a) if m[2] == "/" else (a, b)
        iso = _valid(year, month, day) or _valid(year, day, month)
        if iso:
            found.append((m.start(), iso))
    for m in _MONTH_DAY_YEAR.finditer(text):
        iso = _named_month(m[1], int(m[2]), int(m[3]))
        if iso:
            found.append((m.start(), iso))
    for m in _DAY_MONTH_YEAR.finditer(text):
        iso = _named_month(m[2], int(m[1]), int(m[3]))
        if iso:
            found.append((m.start(), iso))
    return min(found)[1] if found else None


def _named_month(word: str, day: int, year: int) -> str | None:
    """The date a day, a month's name and a year make, or None when the word is no month's.

    English names are ours (any word from a month's first three letters, as "Sept."); the
    others are htmldate's, whose reader of such dates gets the three parts as "2 avril 2025".
    """
    if _ENGLISH_MONTH.fullmatch(word):
        return _valid(year, _MONTHS[word[:3].lower()], day)
    found = _htmldate_regex_parse()(f"{day} {word} {year}")
    return _valid(found.year, found.month, found.day) if found else None


@functools.cache
def _htmldate_regex_parse() -> Callable[[str], dt.datetime | None]:
    """htmldate's regex_parse, imported on first use: the import takes ~75 ms (lxml, urllib3,
    dateutil), paid only once a line has a day, a word that is no English month and a year."""
    from htmldate.extractors import regex_parse

    return regex_parse


def is_relative_time(text: str) -> bool:
    """True when `text` holds a relative time such as "2 hours ago"."""
    return _RELATIVE.search(text) is not None


# A contributor's credit names the outlet after it: "Special to the Pioneer Press".
_SPECIAL_TO = re.compile(r"^(?i:special\s+(?:to|for))\s+(?:the\s+(?=[A-Z]))?")


def _clean_name(name: str) -> str | None:
    name = re.sub(r"^by\s+", "", name.strip(" \t•·|,;-:"), flags=re.I)
    name = _SPECIAL_TO.sub("", name)
    if not name or _NOT_A_NAME.match(name) or len(name.split()) > 6:
        return None
    email = _EMAIL.fullmatch(name)
    if email:  # "By Jane Doe | jdoe@bostonherald.com": the outlet's address
        return email[1]
    if _CLOCK.search(name) or name.lower().endswith(" by"):
        return None  # "2017 11:00 PM PST", "6:03 PMNOVEMBER 8, 2023", "Posted by"
    if parse_date(name) is not None:  # "Founded February 28, 1998; 18 years ago"
        return None
    return name if any(ch.isalpha() for ch in name) else None


def source_from_byline(line: str) -> str | None:
    """The outlet a byline names, or None.

    "Outlet2 hours ago", "Outlet Desk | Updated: ...", "By Name | Outlet" and
    "By Name, Outlet" (when the part after the comma reads as an outlet, not a co-author).
    """
    m = _BYLINE_PIPE.match(line)
    if m and not re.match(r"by\s", line, re.I):
        return _clean_name(m[1])
    parts = [p.strip() for p in re.split(r"\s[|•·]\s|\s*\|\s*", line) if p.strip()]
    if re.match(r"by\s", line, re.I):
        rest = [p for p in parts[1:] if not _is_time_part(p)]
        if rest:
            return _clean_name(rest[0])
        author, _, tail = parts[0].partition(",") if parts else ("", "", "")
        return _clean_name(tail) if tail and _reads_as_outlet(author, tail) else None
    m = _TRAILING_RELATIVE.match(line)
    if m and m[1]:
        return _clean_name(m[1])
    return None


_TIME_CUE = re.compile(r"(?:last\s+)?(?:updated|published|posted|created|on)\b", re.I)
_ROLE = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|staff|columnist|contributor|journalist|"
    r"producer|analyst|intern|chief|senior|special)\b", re.I)
_OUTLET_WORD = re.compile(
    r"\b(?:news|times|post|press|agency|herald|journal|tribune|daily|radio|tv|media|desk|"
    r"network|service|wire|gazette|telegraph|chronicle|observer|magazine|online)\b", re.I)
# An author's degree or credential after the comma ("By Jane Doe, MA"): no outlet.
_CREDENTIAL = re.compile(
    r"(?:[BM]\.?(?:A|S|Sc|Ed|Phil)|Ph\.?\s?D|M\.?D|D\.?O|R\.?N|MPH|MBA|MSW|JD|Esq|CFA|CPA)\.?")


def _is_time_part(part: str) -> bool:
    return (_TIME_CUE.match(part) is not None or parse_date(part) is not None
            or is_relative_time(part))


def _reads_as_outlet(author: str, tail: str) -> bool:
    """"By Jane Doe, Reuters": one word, an acronym or an outlet word; not a co-author or role."""
    tail = tail.strip()
    if re.search(r"\band\b|&", f"{author} {tail}", re.I) or "," in tail:
        return False  # several authors
    if _ROLE.search(tail) or _is_time_part(tail) or len(tail.split()) > 5:
        return False
    if _CREDENTIAL.fullmatch(tail):
        return False
    return (len(tail.split()) == 1 or _OUTLET_WORD.search(tail) is not None
            or re.search(r"\b[A-Z]{2,}\b", tail) is not None)


def split_closing_credit(paragraph: str) -> tuple[str, str | None]:
    """Split "... text. (Outlet)" into ("... text.", "Outlet"); otherwise (paragraph, None)."""
    m = _CLOSING_CREDIT.match(paragraph)
    if not m or len(m[2].split()) > 4 or m[2].lower().startswith("with "):
        return paragraph, None
    return m[1].rstrip(), m[2].strip()


def credit_line(line: str) -> str | None:
    """A lone credit line like "AP/ABC" or "(Reuters)" names the source; else None."""
    text = line.strip()
    m = re.fullmatch(r"\(([A-Z][\w&'.\- ]{0,30})\)", text)
    if m and len(m[1].split()) <= 2 and not m[1].lower().startswith("with "):
        return m[1].strip()
    return text if _CREDIT_LINE.match(text) else None
