"""Near-duplicate stories: the same report published by several outlets.

`group_similar` puts articles that share enough of their wording into one group and
records, on each article, the ids of the other members (`Article.similar`).

Method
------
1. **Shingles.** The body is cut into normalised words (case-folded, accents and
   punctuation dropped) and every run of `SHINGLE_WORDS` consecutive words becomes a
   61-bit fingerprint: a polynomial hash, modulo the Mersenne prime 2^61 - 1,
   over per-word BLAKE2b digests. Every constant is fixed, so fingerprints (and the
   groups) are the same on every run and machine; Python's salted `hash()` is not used.
2. **Candidates (sketch + banding).** Each article keeps only the fingerprints that are
   0 modulo `SAMPLE_MOD` (Broder's MOD-m sketch, about one shingle in four). A MinHash
   sketch keeps a fixed number of minima, which estimates Jaccard *resemblance*; a
   MOD-m sketch keeps a fixed *fraction* of the shingles, which estimates *containment*,
   so a truncated copy or a rewrite that reuses a few wire paragraphs is still found. The
   sampled fingerprints are the LSH buckets (bands of one row): an inverted index from
   fingerprint to articles. Two articles become a candidate pair when they share at
   least `MIN_SHARED_SAMPLES` buckets. Buckets holding more than `BUCKET_CAP` articles
   are stock phrases ("on condition of anonymity") or a story copied very many times;
   they only pair each article with the next `BIG_BUCKET_WINDOW` members, which still
   chains the copies of one story together and keeps the cost linear.
3. **Verification.** Each candidate pair is checked exactly on the full fingerprint
   sets: containment = shared shingles / shingles of the shorter article. The pair is
   similar when containment >= `CONTAINMENT_THRESHOLD`, at least `MIN_SHARED_SHINGLES`
   shingles are shared, and either containment >= `COPY_CONTAINMENT` (a copy, whole or
   cut) or the shared text lies in at least `MIN_PASSAGES` separate passages of six or
   more words (a rewrite around wire sentences, not one quoted paragraph).
4. **Groups** are the connected components of similar pairs (union-find).

Cost, for N articles of W words: shingling O(N·W); the index O(N·W / SAMPLE_MOD);
candidate pairs at most O(N·W / SAMPLE_MOD · BUCKET_CAP), in practice a few per related
pair; verification O(W) per candidate; union-find near O(N). There is no all-pairs
comparison. Measured: about 2,300 articles/s on 10,000 articles of 500 words (stdlib only).

Incremental, in the cache (`StoryGrouper`, what a sync runs)
-------------------------------------------------------------
The same rule (but for a bound on the candidates checked), one article at a time against
every article grouped before it: its
sampled fingerprints are looked up in a table of buckets (SQLite, `storage.StoryStore`),
the candidates are checked, and the article's shingles (32-bit, in text order) and
sample are stored, so that it is never shingled again: as a later article's candidate,
its shingles are read back. A sync groups only the articles it wrote; an article that
goes takes its story apart, and the others are grouped again. Memory is that of one batch
of `ingest.STORY_BATCH` articles at any corpus size; the tables take about 3.5 KB an
article on disk. On the bench corpus (`bench/stories.py`), the groups are the same as
`similar_groups`'; see the README for its figures.

Threshold
---------
`CONTAINMENT_THRESHOLD = 0.04`. On the bundled seeds, the one pair that reports the same
story (AP's Paris-summit article and Al Jazeera's, rewritten around shared wire
sentences) has a containment of 0.097 (47 shared 5-word shingles); every other pair,
although all eight articles cover Ukraine's security guarantees, scores 0.005 or less
(at most 2 shared shingles: "secretary of state marco rubio", "on the sidelines of the").
0.04 sits 2.4x under the true pair and 8x over the closest different story. Copies,
lightly edited copies and truncated copies score 0.5 to 1.0. The pair's shared text lies
in 6 passages (3 to 19 shingles long); a different story quoting one 35-word paragraph
of another reaches 0.06 but in one passage, so `MIN_PASSAGES = 3` keeps it apart.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import compress, count, repeat
from operator import is_not
from typing import NamedTuple, Protocol

from .article import Article
from .gazetteer import fold_accents

#: Words per shingle. Five words are rarely shared by two different stories except in
#: names and stock phrases, while a rewrite keeps many of them.
SHINGLE_WORDS = 5
#: A shingle is sampled into the sketch when its fingerprint is 0 modulo this.
SAMPLE_MOD = 4
#: Sampled shingles two articles must share to be compared exactly.
MIN_SHARED_SAMPLES = 2
#: Buckets up to this size pair all their members; bigger ones only pair neighbours.
BUCKET_CAP = 64
#: In a bucket bigger than `BUCKET_CAP`, each article pairs with this many next members.
BIG_BUCKET_WINDOW = 4
#: Minimum share of the shorter article's shingles found in the other one.
CONTAINMENT_THRESHOLD = 0.04
#: Minimum number of shared shingles, so that short texts do not group on one long name.
MIN_SHARED_SHINGLES = 10
#: Below `COPY_CONTAINMENT`, the shared text must come from this many separate passages:
#: a rewrite reuses several wire sentences, a different story quoting one does not.
MIN_PASSAGES = 3
#: Consecutive shared shingles (5 + 1 = 6 words) that make a passage.
MIN_PASSAGE_SHINGLES = 2
#: Containment from which the shorter text is a copy, however it was cut (one passage).
COPY_CONTAINMENT = 0.5
#: Candidates of other stories checked in full for one new article (`StoryGrouper`), those
#: sharing the most sampled fingerprints first: one member of a story is enough to join it.
MAX_CANDIDATES = 16
#: Articles whose verified shingle sets are kept in memory at once.
SHINGLE_CACHE = 4096

_PRIME = (1 << 61) - 1
_BASE = 1_000_003
#: Weight of each word of a shingle, first word first: the polynomial hash base^(k-1-i).
_POWERS = tuple(pow(_BASE, SHINGLE_WORDS - 1 - i, _PRIME) for i in range(SHINGLE_WORDS))
_WORD = re.compile(r"\w+")
_HASH_KEY = b"newsreader-similar"


def normalised_word(word: str) -> str:
    """`word` case-folded and without accents: "Zürich" -> "zurich"."""
    return fold_accents(word.casefold())


def normalised_words(text: str) -> list[str]:
    """The words of `text`, normalised: "Zelenskyy’s" -> ["zelenskyy", "s"]."""
    return [normalised_word(w) for w in _WORD.findall(text)]


def _combine(hashes: Sequence[int]) -> int:
    """The polynomial hash of a sequence of word hashes."""
    value = 0
    for word in hashes:
        value = (value * _BASE + word) % _PRIME
    return value


class _Fingerprinter:
    """Shingle fingerprints, with a per-run cache of word hashes."""

    def __init__(self) -> None:
        self._words: dict[str, int] = {}

    def _word(self, word: str) -> int:
        value = self._words.get(word)
        if value is None:
            key = normalised_word(word).encode()
            digest = hashlib.blake2b(key, digest_size=8, key=_HASH_KEY).digest()
            value = int.from_bytes(digest, "big") % _PRIME
            self._words[word] = value
        return value

    def fingerprints(self, text: str) -> list[int]:
        """Fingerprints of every `SHINGLE_WORDS`-word run of `text`, in text order.

        A text shorter than a shingle is one shingle; an empty text has none.
        """
        cached = self._words
        hashes = [cached.get(w) or self._word(w) for w in _WORD.findall(text)]
        if len(hashes) < SHINGLE_WORDS:
            return [_combine(hashes)] if hashes else []
        a, b, c, d, e = _POWERS  # unrolled for speed: SHINGLE_WORDS is 5
        return [
            (w1 * a + w2 * b + w3 * c + w4 * d + w5 * e) % _PRIME
            for w1, w2, w3, w4, w5 in zip(
                hashes, hashes[1:], hashes[2:], hashes[3:], hashes[4:], strict=False
            )
        ]

    def shingles(self, text: str) -> Shingles:
        """The shingles of `text`, in order and as a set."""
        sequence = self.fingerprints(text)
        return Shingles(sequence, frozenset(sequence))


class Shingles(NamedTuple):
    """The shingle fingerprints of one text."""

    sequence: list[int]
    """In text order, repeats kept: shared passages are runs in it."""
    distinct: frozenset[int]
    """As a set: containment is computed on it."""


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def containment(a: Shingles, b: Shingles) -> float:
    """Share of the smaller shingle set found in the other (0 when either is empty)."""
    if not a.distinct or not b.distinct:
        return 0.0
    small, large = (a, b) if len(a.distinct) <= len(b.distinct) else (b, a)
    return len(small.distinct & large.distinct) / len(small.distinct)


def shared_passages(a: Shingles, b: Shingles) -> int:
    """Separate passages of the shorter text also in the other: runs of at least
    `MIN_PASSAGE_SHINGLES` consecutive shingles (a lone shared shingle is a stock phrase)."""
    small, large = (a, b) if len(a.distinct) <= len(b.distinct) else (b, a)
    passages = run = 0
    for fingerprint in [*small.sequence, None]:
        if fingerprint is not None and fingerprint in large.distinct:
            run += 1
            continue
        passages += run >= MIN_PASSAGE_SHINGLES
        run = 0
    return passages


def is_similar(a: Shingles, b: Shingles) -> bool:
    """Whether two texts report the same story (see "Threshold" in the module docs)."""
    if not a.distinct or not b.distinct:
        return False
    shared = len(a.distinct & b.distinct)
    score = shared / min(len(a.distinct), len(b.distinct))
    if shared < MIN_SHARED_SHINGLES or score < CONTAINMENT_THRESHOLD:
        return False
    return score >= COPY_CONTAINMENT or shared_passages(a, b) >= MIN_PASSAGES


def text_similarity(a: str, b: str) -> float:
    """Shingle containment of two texts, 0..1: the score `CONTAINMENT_THRESHOLD` applies to."""
    fingerprinter = _Fingerprinter()
    return containment(fingerprinter.shingles(a), fingerprinter.shingles(b))


def texts_similar(a: str, b: str) -> bool:
    """Whether two texts report the same story, by the rule `group_similar` applies."""
    fingerprinter = _Fingerprinter()
    return is_similar(fingerprinter.shingles(a), fingerprinter.shingles(b))


def candidate_pairs(sketches: Iterable[Iterable[int]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of positions whose sketches share `MIN_SHARED_SAMPLES` buckets.

    `sketches` is consumed once, so it may be a generator: only the index is kept.
    """
    # Most fingerprints occur once: such a bucket holds a bare position, not a list.
    buckets: dict[int, int | list[int]] = {}
    for position, sketch in enumerate(sketches):
        for fingerprint in sketch:
            members = buckets.setdefault(fingerprint, position)
            if isinstance(members, list):
                members.append(position)
            elif members != position:
                buckets[fingerprint] = [members, position]
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for members in buckets.values():
        if not isinstance(members, list):
            continue
        size = len(members)
        window = size if size <= BUCKET_CAP else BIG_BUCKET_WINDOW
        for i in range(size - 1):
            first = members[i]
            for second in members[i + 1 : i + 1 + window]:
                counts[first, second] += 1
    del buckets
    return sorted(pair for pair, count in counts.items() if count >= MIN_SHARED_SAMPLES)


def similar_groups(texts: Sequence[str]) -> list[list[int]]:
    """Groups of two or more positions of `texts` that report the same story.

    Each group is sorted; groups are ordered by their first position.
    """
    fingerprinter = _Fingerprinter()
    candidates = candidate_pairs(
        {f for f in fingerprinter.fingerprints(text) if f % SAMPLE_MOD == 0} for text in texts
    )

    @lru_cache(maxsize=SHINGLE_CACHE)
    def shingles(position: int) -> Shingles:
        return fingerprinter.shingles(texts[position])

    union = _UnionFind(len(texts))
    for a, b in candidates:
        if union.find(a) != union.find(b) and is_similar(shingles(a), shingles(b)):
            union.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for position in range(len(texts)):
        members[union.find(position)].append(position)
    return [group for group in members.values() if len(group) > 1]


def group_similar(articles: Sequence[Article]) -> list[list[int]]:
    """Set `similar` on every article: the ids of the other members of its group.

    Ids are in corpus order; an article without near-duplicates gets an empty list.
    Returns the groups as lists of positions in `articles` (see `similar_groups`).
    Calling it again recomputes the same groups.
    """
    for article in articles:
        article.similar = []
    groups = similar_groups([article.text for article in articles])
    for group in groups:
        ids = [articles[position].id for position in group]
        for position in group:
            mine = articles[position].id
            articles[position].similar = [i for i in ids if i != mine]
    return groups


class Grouped(Protocol):
    """Anything with an id and the ids of its similar stories (an Article, a list row)."""

    @property
    def id(self) -> str: ...
    @property
    def similar(self) -> Sequence[str]: ...


def group_leaders(articles: Sequence[Grouped]) -> list[int]:
    """For each position, the position of the first article of its group (itself if alone)."""
    position = {article.id: i for i, article in enumerate(articles)}
    leaders: list[int] = []
    for i, article in enumerate(articles):
        members = [position[x] for x in article.similar if x in position]
        leaders.append(min([i, *members]))
    return leaders


def story_leaders(leaders: Sequence[int]) -> dict[int, int]:
    """The positions of `group_leaders` that share their story with another, each with
    its group's first position (most are alone, and `collapse` passes them by)."""
    grouped = {i: leader for i, leader in enumerate(leaders) if leader != i}
    for leader in set(grouped.values()):
        grouped.setdefault(leader, leader)  # a leader may have a leader of its own
    return grouped


def collapse(positions: Sequence[int], grouped: Mapping[int, int]
             ) -> tuple[list[int], list[int]]:
    """One row per group among `positions`, kept in their order; `grouped` maps each
    position that shares its story (`story_leaders`) to its group's first position.

    Returns the rows (the first position of each group met, in order) and, for each
    row, how many other positions of the same group were folded into it. It runs on every
    keystroke over every match: positions alone cost passes in C (4.3x faster than a loop
    over them at 100,000 matches, 6% of them in stories).
    """
    if grouped.keys().isdisjoint(positions):  # one pass in C: no story among them
        return list(positions), [0] * len(positions)
    # Passes in C over every position; the Python loop runs over the group members only.
    leader_of = list(map(grouped.get, positions))
    members = list(compress(count(), map(is_not, leader_of, repeat(None))))
    keep = [True] * len(positions)
    heads: dict[int, int] = {}  # a group's first position -> its row
    extra: dict[int, int] = {}  # row -> positions folded into it
    dropped = 0
    for at in members:
        leader = leader_of[at]
        assert leader is not None  # a member's
        row = heads.get(leader)
        if row is None:
            heads[leader] = at - dropped  # only members were dropped before it
        else:
            keep[at] = False
            dropped += 1
            extra[row] = extra.get(row, 0) + 1
    rows = list(compress(positions, keep))
    folded = [0] * len(rows)
    for row, n in extra.items():
        folded[row] = n
    return rows, folded


# ---------------------------------------------------------------- incremental grouping

#: What the stored sketches depend on: stored by other settings, they are dropped and
#: every article is grouped again (`ingest.group_similar_stories`).
SKETCH_VERSION = (f"shingles={SHINGLE_WORDS} mod={SAMPLE_MOD} bits=32 "
                  f"key={_HASH_KEY.decode()} prime={_PRIME} base={_BASE}")
#: Stored shingles keep the low 32 bits of each fingerprint: half the bytes, the same
#: `SAMPLE_MOD` sample (2^32 is a multiple of it), and two different shingles of two texts
#: collide with odds of about 1 in 10^5 a pair of texts, far below what `is_similar` counts.
STORED_BITS = 0xFFFFFFFF


class SketchStore(Protocol):
    """Where the grouping of a growing corpus keeps each article's shingles and finds the
    articles that share its sampled ones: the cache, in SQLite (`storage.StoryStore`), so
    memory stays bounded at any size. Articles are rowids."""

    def text(self, article: int) -> str:
        """The article's text ("" when it is gone or damaged)."""
        ...

    def shingles(self, article: int) -> list[int] | None:
        """The article's stored shingles in text order (None: not grouped yet)."""
        ...

    def sharing(self, fingerprints: Sequence[int], cap: int) -> dict[int, list[int]]:
        """The articles holding each sampled fingerprint: all of them, or more than `cap`
        (then only some: a big bucket)."""
        ...

    def latest(self, fingerprint: int, count: int) -> list[int]:
        """The `count` articles added last among those holding `fingerprint`."""
        ...

    def add(self, article: int, shingles: Sequence[int], sample: Sequence[int]) -> None:
        """Store the article's shingles, and its sample in the buckets."""
        ...

    def group(self, article: int) -> list[int]:
        """The other members of the article's stored story group."""
        ...


class StoryGrouper:
    """Groups articles one at a time against every article already grouped in `store`, by
    the rule of `similar_groups`: candidates share `MIN_SHARED_SAMPLES` sampled
    fingerprints (a bucket of more than `BUCKET_CAP` articles only offers its
    `BIG_BUCKET_WINDOW` latest), and `is_similar` decides on the full shingle sets. Unlike
    it, at most `MAX_CANDIDATES` of other stories are checked for one article, those
    sharing the most samples first: joining one member of a story is enough, and a corpus
    whose texts share stock phrases no longer costs more for each article it grows.

    Each article is shingled once, when it is added; its shingles are stored, so checking
    it as another article's candidate later reads them back rather than its text. Adding
    1,000 articles to a large corpus costs 1,000 lookups and the check of their
    candidates, not a pass over the corpus. The groups met (stored or new) are kept in
    memory with their members until `changed` hands over those that grew, to be stored:
    memory stays that of one batch, whatever the size of the corpus."""

    def __init__(self, store: SketchStore) -> None:
        self.store = store
        self._fingerprinter = _Fingerprinter()
        self._root: dict[int, int] = {}
        self._members: dict[int, list[int]] = {}
        """Each root's group, the root first."""
        self._changed: set[int] = set()
        self._known: dict[int, Shingles] = {}
        """Shingles read back or made in this batch."""
        self.checked = 0
        """Candidate pairs checked in full (`is_similar`), for benchmarks."""

    def _shingles(self, article: int) -> Shingles:
        known = self._known.get(article)
        if known is not None:
            return known
        sequence = self.store.shingles(article)
        if sequence is None:
            sequence = [f & STORED_BITS
                        for f in self._fingerprinter.fingerprints(self.store.text(article))]
        made = Shingles(sequence, frozenset(sequence))
        if len(self._known) >= SHINGLE_CACHE:
            self._known.clear()
        self._known[article] = made
        return made

    def _find(self, article: int) -> int:
        """The root of the article's group, its stored group loaded on first sight."""
        root = self._root.get(article)
        if root is not None:
            return root
        self._root[article] = article
        self._members[article] = [article]
        for other in self.store.group(article):
            if other not in self._root:
                self._root[other] = article
                self._members[article].append(other)
        return article

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        moved = self._members.pop(rb)
        for member in moved:
            self._root[member] = ra
        self._members[ra].extend(moved)
        self._changed.discard(rb)
        self._changed.add(ra)

    def add(self, article: int) -> None:
        """Shingle the article, store its shingles and join it to the stories it repeats."""
        shingles = self._shingles(article)
        sample = sorted({f for f in shingles.distinct if f % SAMPLE_MOD == 0})
        shared: dict[int, int] = defaultdict(int)
        for fingerprint, holders in self.store.sharing(sample, BUCKET_CAP).items():
            if len(holders) > BUCKET_CAP:
                holders = self.store.latest(fingerprint, BIG_BUCKET_WINDOW)
            for other in holders:
                shared[other] += 1
        self.store.add(article, shingles.sequence, sample)
        self._find(article)
        # The candidates sharing the most samples first, and at most `MAX_CANDIDATES` of
        # other stories: a copy shares far more than a text quoting a stock phrase or two.
        candidates = sorted((other for other, n in shared.items()
                             if n >= MIN_SHARED_SAMPLES and other != article),
                            key=lambda other: (-shared[other], other))
        checked = 0
        for other in candidates:
            if checked == MAX_CANDIDATES:
                break
            if self._find(other) == self._find(article):
                continue  # a story already joined: no check, and none of its members counts
            checked += 1
            if is_similar(shingles, self._shingles(other)):
                self._union(article, other)
        self.checked += checked

    def changed(self) -> list[list[int]]:
        """The groups that grew since the last call, each sorted. Everything met so far is
        then forgotten: once these are stored, `store.group` gives them back."""
        groups = [sorted(self._members[root]) for root in sorted(self._changed)]
        self._changed.clear()
        self._root.clear()
        self._members.clear()
        self._known.clear()
        return groups
