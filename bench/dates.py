"""Time and count the dates found in folders of page dumps.

Usage: python bench/dates.py [PAGES_DIR ...] [--reference] [--repeat N] [--json FILE]
(default: ../shared/pages-train and ../shared/pages-dev beside the repository)

Each PAGES_DIR holds dumps/<id>.txt. Printed, for all dumps together:
  every line      parse_date over every non-empty line (the worst case)
  cleaner lines   parse_date over the lines the cleaner's features hand it (at most 15 words,
                  at least 4 digits): what indexing pays per page
  clean_page      the whole cleaner, and the share of pages whose first article has a date
With --reference, each page whose html/<id>.html(.gz) exists is also dated by htmldate's
find_date on its HTML (the page's metadata, not the dump), and the first article's date is
compared with it. Timings are the best of --repeat runs on one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.cleaning import clean_page  # noqa: E402
from tui_reader.dates import parse_date  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def cleaner_line(line: str) -> bool:
    """The lines cleaner_features asks parse_date about (a short line with a year's digits)."""
    return len(line.split()) <= 15 and sum(ch.isdigit() for ch in line) >= 4


def reference_date(html: Path) -> str | None:
    from htmldate import find_date

    data = gzip.decompress(html.read_bytes()) if html.suffix == ".gz" else html.read_bytes()
    return find_date(data.decode("utf-8", errors="replace"), extensive_search=False,
                     original_date=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages_dirs", type=Path, nargs="*",
                    default=[ROOT.parent / "shared" / "pages-train",
                             ROOT.parent / "shared" / "pages-dev"])
    ap.add_argument("--reference", action="store_true",
                    help="compare with htmldate's find_date on the HTML copies")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="write each page's dates here")
    args = ap.parse_args()

    dumps = sorted(p for d in args.pages_dirs for p in (d / "dumps").glob("*.txt"))
    if not dumps:
        raise SystemExit("no dumps/*.txt in " + ", ".join(map(str, args.pages_dirs)))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in dumps]
    lines = [ln for t in texts for ln in (s.strip() for s in t.splitlines()) if ln]
    short = [ln for ln in lines if cleaner_line(ln)]
    print(f"{len(dumps)} dumps, {len(lines):,} lines, {len(short):,} cleaner lines")

    found = [d for d in map(parse_date, lines) if d]
    spent = best_of(args.repeat, lambda: [parse_date(ln) for ln in lines])
    print(f"every line     {spent:6.3f} s  {len(lines) / spent:10,.0f} lines/s"
          f"  {len(found):,} dates")
    found_short = [d for d in map(parse_date, short) if d]
    spent = best_of(args.repeat, lambda: [parse_date(ln) for ln in short])
    print(f"cleaner lines  {spent:6.3f} s  {len(short) / spent:10,.0f} lines/s"
          f"  {len(found_short):,} dates")

    published: dict[str, str | None] = {}

    def clean_all() -> None:
        for path, text in zip(dumps, texts, strict=True):
            articles = clean_page(text)
            published[path.stem] = articles[0].published if articles else None

    spent = best_of(max(1, args.repeat - 2), clean_all)
    dated = sum(1 for d in published.values() if d)
    print(f"clean_page     {spent:6.3f} s  {len(dumps) / spent:10,.0f} pages/s"
          f"  {dated}/{len(dumps)} pages dated")

    if args.reference:
        agree = differ = missing = 0
        for path in dumps:
            htmls = [h for h in (path.parent.parent / "html").glob(f"{path.stem}.html*")]
            ref = reference_date(htmls[0]) if htmls else None
            if ref is None:
                continue
            ours = published[path.stem]
            if ours is None:
                missing += 1
            elif ours == ref:
                agree += 1
            else:
                differ += 1
        print(f"htmldate on the HTML dates {agree + differ + missing} pages: the dump's date "
              f"agrees on {agree}, differs on {differ}, is missing on {missing}")
    if args.json:
        args.json.write_text(json.dumps(published, indent=0, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
