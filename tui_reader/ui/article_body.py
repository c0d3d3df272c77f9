"""The article body, drawn line by line: only the lines on screen are styled.

A 5 MB paragraph used to be wrapped and styled whole by Rich on every change (opening the
article, toggling a kind, a jump), which froze the app for seconds. Here the body is
wrapped once per width by `wrap_offsets` (one `rfind` per screen line, not a Python step per
word) and each visible line is styled on demand from the spans that touch it, with the
drawn lines kept in a small cache (the Line API, as the article list does).
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

#: Lines drawn and kept (a few screens' worth).
LINE_CACHE = 512


def wrap_offsets(text: str, width: int) -> tuple[list[int], list[int]]:
    """Where each screen line of `text` starts and ends at `width` cells.

    Each "\\n" ends a line (an empty one stays, as a blank row); a longer line breaks at
    its last space that fits, a word wider than the line is cut. Wide characters (CJK)
    count two cells.
    """
    width = max(1, width)
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        if line.isascii() or cell_len(line) == len(line):
            _wrap_narrow(text, at, end, width, starts, ends)
        else:
            _wrap_wide(text, at, end, width, starts, ends)
        at = end + 1
    return starts, ends


def _wrap_narrow(text: str, start: int, end: int, width: int, starts: list[int],
                 ends: list[int]) -> None:
    """Greedy wrap of text[start:end], one cell a character."""
    if start == end:
        starts.append(start)
        ends.append(end)
        return
    while start < end:
        if end - start <= width:
            starts.append(start)
            ends.append(end)
            return
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:  # no space in reach: cut the word
            starts.append(start)
            ends.append(start + width)
            start += width
        else:
            starts.append(start)
            ends.append(cut)
            start = cut + 1
        while start < end and text[start] == " ":
            start += 1


def _wrap_wide(text: str, start: int, end: int, width: int, starts: list[int],
               ends: list[int]) -> None:
    """Greedy wrap of text[start:end] counting each character's cells."""
    if start == end:
        starts.append(start)
        ends.append(end)
        return
    line_start, cells, last_space = start, 0, -1
    i = start
    while i < end:
        ch = text[i]
        size = get_character_cell_size(ch)
        if cells + size > width and i > line_start:
            if last_space > line_start:
                starts.append(line_start)
                ends.append(last_space)
                i = line_start = last_space + 1
            else:
                starts.append(line_start)
                ends.append(i)
                line_start = i
            cells, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        cells += size
        i += 1
    starts.append(line_start)
    ends.append(end)


class ArticleBody(Widget):
    """The highlighted body of the article on show (see the module docstring)."""

    DEFAULT_CSS = """
    ArticleBody { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Text()
        self._text = ""
        self._spans: list[tuple[int, int, int, Style | str]] = []
        """(start, end, order of application, style), sorted by start."""
        self._span_starts: list[int] = []
        self._longest_span = 0
        self._wrapped: tuple[int, list[int], list[int]] | None = None
        self._lines: OrderedDict[int, Strip] = OrderedDict()

    @property
    def content(self) -> Text:
        """The whole highlighted body, as given to `update`."""
        return self._content

    def update(self, content: Text) -> None:
        """Show `content` (plain text and its style spans; never parsed as markup)."""
        same_text = content.plain == self._text
        self._content = content
        self._text = content.plain
        self._spans = sorted(((span.start, span.end, order, span.style)
                              for order, span in enumerate(content.spans)
                              if span.end > span.start), key=lambda s: s[0])
        self._span_starts = [span[0] for span in self._spans]
        self._longest_span = max((end - start for start, end, _, _ in self._spans), default=0)
        self._lines.clear()
        if not same_text:
            self._wrapped = None
            self.refresh(layout=True)
        else:
            self.refresh()

    def line_starts(self, width: int | None = None) -> list[int]:
        """Where each screen line begins in the text, at `width` (default: the widget's)."""
        return self._wrap(self.content_region.width if width is None else width)[0]

    def line_of(self, offset: int) -> int:
        """The screen line holding character `offset` of the text."""
        return max(0, bisect.bisect_right(self.line_starts(), offset) - 1)

    def _wrap(self, width: int) -> tuple[list[int], list[int]]:
        width = max(1, width)
        if self._wrapped is None or self._wrapped[0] != width:
            starts, ends = wrap_offsets(self._text, width) if self._text else ([], [])
            self._wrapped = (width, starts, ends)
            self._lines.clear()
        return self._wrapped[1], self._wrapped[2]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrap(width)[0])

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        starts, ends = self._wrap(width)
        strip = self._lines.get(y)
        if strip is None:
            strip = self._draw(starts[y], ends[y], width) if y < len(starts) else Strip.blank(
                width, self.rich_style)
            self._lines[y] = strip
            if len(self._lines) > LINE_CACHE:
                self._lines.popitem(last=False)
        return strip

    def _draw(self, start: int, end: int, width: int) -> Strip:
        """One screen line: its text with the spans that touch it, in their order."""
        line = Text(self._text[start:end], end="")
        first = bisect.bisect_left(self._span_starts, start - self._longest_span)
        last = bisect.bisect_left(self._span_starts, end)
        touching = sorted((order, span_start, span_end, style)
                          for span_start, span_end, order, style in self._spans[first:last]
                          if span_end > start)
        for _, span_start, span_end, style in touching:
            line.stylize(style, max(span_start, start) - start, min(span_end, end) - start)
        segments = list(line.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, self.rich_style).apply_style(
            self.rich_style)
