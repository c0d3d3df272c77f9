"""Entity kinds to styles, and the highlighted text the reader shows.

Everything here builds `rich.text.Text` objects by appending and stylising
plain strings: page text is never parsed as markup.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence

from rich.style import Style
from rich.text import Span, Text
from textual.color import Color

from ..article import LABELS, Article, ListRow
from ..countries import country_name
from .contrast import readable

#: One colour per entity kind, distinct from each other: the hues the theme's colours are
#: made from (`fit_entity_colours` moves their lightness until they read on its background).
DEFAULT_COLOURS: dict[str, str] = {
    "PERSON": "#ffaf5f", "COUNTRY": "#5fd7ff", "PLACE": "#87d75f", "ORG": "#d7a0ff"}

#: Colours the user chose in the config (used as given, on every theme).
USER_COLOURS: dict[str, str] = {}

ENTITY_STYLES: dict[str, Style] = {
    label: Style(color=colour, bold=True) for label, colour in DEFAULT_COLOURS.items()}
"""Style of each label in `LABELS`; the legend and the body use the same mapping."""

#: Without colour (NO_COLOR set), each kind keeps a look of its own.
MONO_STYLES: dict[str, Style] = {
    "PERSON": Style(bold=True),
    "COUNTRY": Style(underline=True),
    "PLACE": Style(italic=True),
    "ORG": Style(reverse=True),
}

#: Search matches in the article: a background, so an entity inside a match keeps its colour.
MATCH_STYLE = Style(bgcolor="#5f5f00")
MONO_MATCH_STYLE = Style(underline=True, bold=True, italic=True)
#: The match or entity `n`/`N`/`e`/`E` moved to. Its `meta` lets the reader find the
#: wrapped line it landed on.
CURRENT_STYLE = Style(reverse=True, meta={"current": True})

#: Style of labels the core might add later and this table does not know yet.
FALLBACK_STYLE = Style(underline=True)

#: Separator between items of the metadata line.
SEPARATOR = " · "


def entity_style(label: str) -> Style:
    """The style an entity of kind `label` is drawn with (no colours under NO_COLOR)."""
    styles = MONO_STYLES if os.environ.get("NO_COLOR") else ENTITY_STYLES
    return styles.get(label, FALLBACK_STYLE)


def set_entity_colours(colours: Mapping[str, str]) -> None:
    """Use the user's colours (from the config, already validated) for these kinds, and
    the defaults for the others."""
    USER_COLOURS.clear()
    USER_COLOURS.update(colours)
    for label, colour in colours.items():
        ENTITY_STYLES[label] = Style(color=colour, bold=True)


def fit_entity_colours(background: Color) -> None:
    """Make the default colours readable on `background` (WCAG contrast >= 4.5:1: their
    lightness moved as little as needed); the user's own colours stay as chosen."""
    for label, colour in DEFAULT_COLOURS.items():
        if label not in USER_COLOURS:
            fitted = readable(Color.parse(colour), background)
            ENTITY_STYLES[label] = Style(color=fitted.hex, bold=True)


def entity_spans(article: Article, hidden: Collection[str] = ()) -> list[tuple[int, int]]:
    """(start, end) of each entity mention whose kind is not `hidden`, in text order;
    spans outside the body (a core bug) are left out."""
    length = len(article.text)
    return sorted((e.start, e.end) for e in article.entities
                  if e.label not in hidden and 0 <= e.start < e.end <= length)


def highlighted_body(article: Article, hidden: Collection[str] = (),
                     matches: Sequence[tuple[int, int]] = (),
                     current: tuple[int, int] | None = None) -> Text:
    """The article body with each entity styled by its kind (kinds in `hidden` left
    plain), search `matches` marked, and the `current` span (a jump target) reversed.

    Spans that fall outside the body (a core bug) are skipped rather than
    breaking the screen.
    """
    body = Text(article.text, no_wrap=False)
    length = len(article.text)
    styles = {label: entity_style(label) for label in {e.label for e in article.entities}
              if label not in hidden}
    # Spans appended directly, one style per kind: `stylize` and `entity_style` per entity
    # took most of the time on an article with 27,000 entities.
    spans = body.spans
    for entity in article.entities:
        style = styles.get(entity.label)
        if style is not None and 0 <= entity.start < entity.end <= length:
            spans.append(Span(entity.start, entity.end, style))
    match_style = MONO_MATCH_STYLE if os.environ.get("NO_COLOR") else MATCH_STYLE
    for start, end in matches:
        body.stylize(match_style, start, end)
    if current is not None:
        body.stylize(CURRENT_STYLE, *current)
    return body


#: Short names of the kinds, for a legend that must fit one narrow line.
SHORT_LABELS = {"PERSON": "PER", "COUNTRY": "CTY", "PLACE": "PLC", "ORG": "ORG"}


def legend_item(number: int | None, label: str, count: int | None, hidden: bool, *,
                swatch: bool = True, short: bool = False) -> Text:
    """One kind in the legend: its swatch (■, □ when `hidden`), toggle key, name, count."""
    name = SHORT_LABELS.get(label, label) if short else label
    off = Style(dim=True, strike=True)
    style = off if hidden else entity_style(label)
    item = Text()
    if swatch:
        item.append("□ " if hidden else "■ ", "dim" if hidden else entity_style(label))
    if number is not None:
        item.append(f"{number} ", "dim")
    item.append(name, style)
    if count is not None:
        item.append(f" {count}", "dim")
    return item


def legend(counts: dict[str, int] | None = None, width: int | None = None,
           hidden: Collection[str] = ()) -> Text:
    """A key to the entity colours: a swatch, the toggle key and the name of each kind.

    With `counts`, each kind also shows how many mentions the article has. With
    `width`, the key takes one line when any of its forms fits (full; without swatches;
    short names, "1 PER 28"; without the toggle keys, "PER 28"), else the shortest form
    wraps between kinds, so that no kind is ever cut off. Kinds in `hidden` (highlighting
    off) show an empty, dim swatch and a struck-through name.
    """
    forms = ((True, False, True, "  "), (False, False, True, "  "), (False, True, True, "  "),
             (False, True, True, " "), (False, True, False, " "))
    text = Text()
    for swatch, short, keys, gap in forms:
        items = [legend_item(n if keys else None, label,
                             None if counts is None else counts.get(label, 0),
                             label in hidden, swatch=swatch, short=short)
                 for n, label in enumerate(LABELS, 1)]
        text = Text(gap).join(items)
        if width is None or text.cell_len <= width:
            return text
    assert width is not None  # (None returned the first form above)
    text, line_length = Text(), 0
    for item in items:  # the shortest form, wrapped between kinds
        if line_length and line_length + 1 + item.cell_len > width:
            text.append("\n")
            line_length = 0
        elif line_length:
            text.append(" ")
            line_length += 1
        text.append_text(item)
        line_length += item.cell_len
    return text


def entity_counts(article: Article) -> dict[str, int]:
    """How many entity mentions of each kind the article has."""
    counts: dict[str, int] = dict.fromkeys(LABELS, 0)
    for entity in article.entities:
        counts[entity.label] = counts.get(entity.label, 0) + 1
    return counts


def country_names(codes: Sequence[str]) -> list[str]:
    """Readable names of alpha-2 country codes, in the given order."""
    return [country_name(code) for code in codes]


def metadata_line(article: Article) -> Text:
    """`source · date · countries by name`, leaving out what the page does not give."""
    parts: list[Text] = []
    if article.source:
        parts.append(Text(article.source, style="bold"))
    if article.published:
        parts.append(Text(article.published))
    if article.countries:
        names = ", ".join(country_names(article.countries_by_weight()))
        parts.append(Text(names, style=entity_style("COUNTRY")))
    if not parts:
        return Text("no source, date or country", style="dim italic")
    return Text(SEPARATOR, style="dim").join(parts)


def title_text(article: Article, matches: Sequence[tuple[int, int]] = ()) -> Text:
    """The article title with the filter's `matches` in it marked as in the body, or a
    placeholder when the page had none."""
    if not article.title:
        return Text("(untitled)", style="bold dim italic")
    title = Text(article.title, style="bold")
    match_style = MONO_MATCH_STYLE if os.environ.get("NO_COLOR") else MATCH_STYLE
    for start, end in matches:
        title.stylize(match_style, start, end)
    return title


def story_line(title: str, source: str | None, note: str = "") -> Text:
    """One listed story: its title, its source in italics, then a dim `note`. Page text
    is appended, never parsed as markup."""
    line = Text(title or "(untitled)")
    if source:
        line.append(SEPARATOR, style="dim")
        line.append(source, style="italic")
    if note:
        line.append(f"  {note}", style="dim")
    return line


def _section(heading: str, hint: str, lines: Sequence[Text]) -> Text:
    """A bold heading with a dim key hint, then one bulleted line per entry."""
    head = Text(heading, style="bold")
    head.append(f"  {hint}", style="dim")
    return Text("\n").join([head, *(Text("• ", style="dim") + line for line in lines)])


def similar_stories(articles: Sequence[Article | ListRow]) -> Text:
    """The "Similar stories" section under the body: one line per story, title and source."""
    if not articles:
        return Text()
    count = len(articles)
    return _section(f"Similar {'story' if count == 1 else 'stories'} ({count})",
                    "] next  [ previous", [story_line(a.title, a.source) for a in articles])


def related_articles(found: Sequence[tuple[ListRow, list[str]]]) -> Text:
    """The "Related articles" section: one line per article, title and the names it
    shares with the one on show (the picker, "r", adds the source)."""
    if not found:
        return Text()
    return _section("Related articles", "r to pick one",
                    [story_line(row.title, None, "shares " + ", ".join(shared[:3]))
                     for row, shared in found])
