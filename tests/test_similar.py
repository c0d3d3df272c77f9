"""Near-duplicate stories: the seeds' one shared story, synthetic edits, and the method's limits."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys

import pytest

from tui_reader import similar
from tui_reader.article import Article
from tui_reader.collection import Corpus
from tui_reader.similar import (
    CONTAINMENT_THRESHOLD,
    collapse,
    group_leaders,
    group_similar,
    similar_groups,
    story_leaders,
    text_similarity,
    texts_similar,
)

#: Positions, in the seed corpus, of AP's Paris-summit story and Al Jazeera's version of it.
SEED_PAIR = (1, 2)

#: Two stories on the seeds' topic (the Paris meeting on Ukraine's security guarantees)
#: that are not the same report: same people, places and stock phrases, different text.
SAME_TOPIC_A = """\
Defence ministers from the coalition of the willing met in Brussels on Thursday to turn the \
pledges made in Paris into a plan for the first months after a ceasefire in Ukraine.

Officials said the talks focused on air policing over western Ukraine, on training centres \
for Ukrainian brigades and on who would pay for them, a question that has divided the allies \
since the summer.

Britain's defence secretary said the hardest yards are still ahead and that no soldier would \
be sent until a ceasefire holds. Germany said it would fund a share of the training but would \
not station troops.

Russia's foreign ministry called the meeting a provocation and said any Western troops in \
Ukraine would be legitimate targets.
"""
SAME_TOPIC_B = """\
Ukrainian President Volodymyr Zelenskyy spent the night in Kyiv's shelters with residents \
after a wave of drones struck the capital's power plants, hours after he returned from the \
meeting of the coalition of the willing in Paris.

The strikes left more than half a million homes without heating as temperatures fell well \
below freezing, the energy ministry said, and repair crews worked through the night.

Zelenskyy said the attack showed why the security guarantees agreed in Paris must include air \
defence, and urged the United States to send more Patriot batteries before the end of winter.

The Kremlin did not comment on the strikes, which came on the eve of Orthodox Christmas.
"""

#: Spelling and wording changes an outlet's desk typically makes to a wire story.
LIGHT_EDITS = {
    "defence": "defense",
    "Zelenskyy": "Zelensky",
    "said": "says",
    "Tuesday": "Tuesday (local time)",
    "UK": "British",
}


def light_edit(text: str) -> str:
    """The story as another site runs it: respelt, reworded, last paragraph cut, a byline."""
    paragraphs = text.split("\n\n")[:-1]
    edited = "\n\n".join(paragraphs)
    for old, new in LIGHT_EDITS.items():
        edited = edited.replace(old, new)
    return "By a staff reporter, with agencies.\n\n" + edited


def truncated(text: str, share: float = 0.3) -> str:
    """The opening `share` of the story's paragraphs, as a teaser page runs it."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[: max(1, round(len(paragraphs) * share))])


def articles(texts: list[str]) -> list[Article]:
    return [Article(f"a{i}", f"title {i}", None, None, "p", t) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def seeds(seeds_corpus: Corpus) -> list[Article]:
    group_similar(seeds_corpus.articles)
    return seeds_corpus.articles


# -- the seeds ------------------------------------------------------------------


def test_the_seeds_group_exactly_the_two_reports_of_one_story(seeds: list[Article]) -> None:
    assert similar_groups([a.text for a in seeds]) == [list(SEED_PAIR)]
    first, second = (seeds[i] for i in SEED_PAIR)
    assert (first.source, second.source) == ("AP/ABC", "AlJazeera")
    assert first.similar == [second.id]
    assert second.similar == [first.id]
    for position, article in enumerate(seeds):
        if position not in SEED_PAIR:
            assert article.similar == [], article.title


def test_the_threshold_separates_the_seed_pairs_with_margin(seeds: list[Article]) -> None:
    """The pair scores 0.097, the closest different story 0.005 (see the module docs)."""
    scores = {
        (i, j): text_similarity(seeds[i].text, seeds[j].text)
        for i, j in itertools.combinations(range(len(seeds)), 2)
    }
    assert scores[SEED_PAIR] >= 2 * CONTAINMENT_THRESHOLD
    others = [score for pair, score in scores.items() if pair != SEED_PAIR]
    assert max(others) <= CONTAINMENT_THRESHOLD / 4
    assert str(CONTAINMENT_THRESHOLD) in (similar.__doc__ or "")


# -- synthetic cases ----------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text, _extra: text, id="identical copy"),
        pytest.param(lambda text, _extra: light_edit(text), id="lightly edited"),
        pytest.param(lambda text, _extra: truncated(text), id="truncated to 30%"),
        pytest.param(lambda text, extra: text + "\n\n" + truncated(extra, 0.5),
                     id="extra paragraphs"),
        pytest.param(lambda text, _extra: "\n\n".join(reversed(text.split("\n\n"))),
                     id="paragraphs reordered"),
    ],
)
def test_versions_of_one_story_group(seeds: list[Article], variant) -> None:
    # `extra` lends the paragraphs a page adds; it is not in the corpus, or the page
    # holding half of it would (rightly) join it too.
    for story, extra, unrelated in ((0, 3, 4), (5, 6, 7)):
        copy = variant(seeds[story].text, seeds[extra].text)
        texts = [seeds[story].text, SAME_TOPIC_A, copy, seeds[unrelated].text]
        assert similar_groups(texts) == [[0, 2]], seeds[story].title


def test_different_stories_on_one_topic_do_not_group(seeds: list[Article]) -> None:
    texts = [SAME_TOPIC_A, SAME_TOPIC_B, *(a.text for a in seeds)]
    assert similar_groups(texts) == [[2 + SEED_PAIR[0], 2 + SEED_PAIR[1]]]
    assert text_similarity(SAME_TOPIC_A, SAME_TOPIC_B) < CONTAINMENT_THRESHOLD


def test_one_shared_quote_does_not_make_the_same_story(seeds: list[Article]) -> None:
    """A different story quoting one paragraph of another stays apart: the overlap is over
    the threshold, but in one passage, where a rewrite reuses several."""
    ap = seeds[SEED_PAIR[0]]
    quote = next(s for s in ap.text.split("\n\n") if s.startswith("He noted that troop"))
    other = seeds[6].text + "\n\n" + quote
    assert text_similarity(ap.text, other) > CONTAINMENT_THRESHOLD
    assert similar.shared_passages(*map(similar._Fingerprinter().shingles, (ap.text, other))) == 1
    assert not texts_similar(ap.text, other)
    assert similar_groups([ap.text, other]) == []
    # three quoted paragraphs are a rewrite
    quotes = "\n\n".join(p for p in ap.text.split("\n\n")[::3])
    assert texts_similar(ap.text, seeds[6].text + "\n\n" + quotes)


def test_short_texts_need_real_overlap() -> None:
    name = "Ukrainian President Volodymyr Zelenskyy"
    assert similar_groups([f"{name} met the press.", f"{name} left Paris."]) == []
    sentence = "The talks in Paris ended late on Tuesday with a joint declaration of intent."
    assert similar_groups([sentence, sentence, "Something else entirely."]) == [[0, 1]]


def test_groups_are_transitive_and_ids_in_corpus_order(seeds: list[Article]) -> None:
    story = seeds[0].text
    group = articles([truncated(story, 0.5), seeds[4].text, story, light_edit(story)])
    assert group_similar(group) == [[0, 2, 3]]
    assert group[0].similar == ["a2", "a3"]
    assert group[2].similar == ["a0", "a3"]
    assert group[3].similar == ["a0", "a2"]
    assert group[1].similar == []
    assert group_similar(group) == [[0, 2, 3]]  # recomputing gives the same


def test_a_story_copied_more_times_than_a_bucket_holds_still_groups(
    seeds: list[Article],
) -> None:
    copies = similar.BUCKET_CAP + 40
    texts = [f"Filed {i}.\n\n" + seeds[0].text for i in range(copies)] + [seeds[3].text]
    assert similar_groups(texts) == [list(range(copies))]


# -- determinism ---------------------------------------------------------------------

PROBE = """\
import sys
from tui_reader.collection import load_corpus
from tui_reader.similar import _Fingerprinter, similar_groups
articles = load_corpus([sys.argv[1]]).articles
print(similar_groups([a.text for a in articles]))
print(_Fingerprinter().fingerprints(articles[0].text)[:20])
"""


def test_groups_and_fingerprints_are_the_same_in_every_process() -> None:
    from tui_reader.resources import seeds_dir

    outputs = set()
    for hash_seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", PROBE, str(seeds_dir())],
            capture_output=True, text=True, check=True, timeout=120,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert outputs.pop().startswith(f"[{list(SEED_PAIR)}]")


# -- one list row per group -----------------------------------------------------------


def test_collapse_keeps_one_row_per_group_in_ranked_order() -> None:
    group = articles(["x"] * 5)
    group[1].similar, group[3].similar = ["a3"], ["a1"]
    leaders = group_leaders(group)
    assert leaders == [0, 1, 2, 1, 4]
    grouped = story_leaders(leaders)
    assert grouped == {1: 1, 3: 1}  # the others are alone
    assert collapse([3, 0, 1, 4], grouped) == ([3, 0, 4], [1, 0, 0])
    assert collapse([1, 2], grouped) == ([1, 2], [0, 0])  # one member matched: alone
    assert collapse([], grouped) == ([], [])
    # A chain read from lists that are no cliques (A~B, B~A,C, C~B): leaders [0, 0, 1];
    # the middle one keeps its own leader, as the plain loop folds it.
    assert collapse([0, 1, 2], story_leaders([0, 0, 1])) == ([0, 2], [1, 0])


def test_collapse_gives_the_rows_of_a_plain_loop_on_large_random_lists() -> None:
    # It runs on every keystroke over every match: C passes, a Python loop over the group
    # members only (it was a Python loop over every match, 46 ms at 100,000).
    rng = random.Random(3)
    leaders = list(range(20_000))
    for i in rng.sample(range(500, 20_000), 1_500):
        leaders[i] = rng.randrange(500)
    grouped = story_leaders(leaders)
    for _ in range(50):
        positions = rng.sample(range(20_000), rng.randrange(0, 5_000))
        rows: list[int] = []
        folded: list[int] = []
        row_of: dict[int, int] = {}
        for position in positions:
            row = row_of.setdefault(leaders[position], len(rows))
            if row == len(rows):
                rows.append(position)
                folded.append(0)
            else:
                folded[row] += 1
        assert collapse(positions, grouped) == (rows, folded)


# -- grouping a growing corpus, one article at a time -----------------------------------


class _MemoryStore:
    """A `SketchStore` in dicts, as `storage.StoryStore` keeps it in SQLite."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.buckets: dict[int, list[int]] = {}
        self.stored: dict[int, list[int]] = {}

    def text(self, article: int) -> str:
        return self.texts[article]

    def shingles(self, article: int) -> list[int] | None:
        return self.stored.get(article)

    def sharing(self, fingerprints, cap):  # type: ignore[no-untyped-def]
        return {fp: self.buckets[fp] for fp in fingerprints if fp in self.buckets}

    def latest(self, fingerprint: int, count: int) -> list[int]:
        return sorted(self.buckets[fingerprint])[-count:]

    def add(self, article, shingles, sample) -> None:  # type: ignore[no-untyped-def]
        self.stored[article] = list(shingles)
        for fp in sample:
            self.buckets.setdefault(fp, []).append(article)

    def group(self, article: int) -> list[int]:
        return []


def test_a_new_article_checks_a_bounded_number_of_candidates_and_still_joins_its_story(
        seeds: list[Article]) -> None:
    # Forty texts that each quote the same two stock sentences of the new one are forty
    # candidates (two samples or more shared); each was checked in full.
    stock = ("Officials said the talks focused on air policing over western Ukraine, on "
             "training centres for Ukrainian brigades and on who would pay for them. Russia's "
             "foreign ministry called the meeting a provocation and said any Western troops "
             "would be legitimate targets.")
    others = [f"{stock} " + " ".join(f"word{k}x{j}" for j in range(150)) for k in range(40)]
    original = seeds[SEED_PAIR[0]].text
    texts = [*others, original, original + " " + stock]
    grouper = similar.StoryGrouper(_MemoryStore(texts))
    for article in range(len(texts) - 1):
        grouper.add(article)
    grouper.checked = 0
    grouper.add(len(texts) - 1)  # a copy of the original, among all those candidates
    assert grouper.checked <= similar.MAX_CANDIDATES  # it was 41
    [group] = [g for g in grouper.changed() if len(texts) - 1 in g]
    assert group == [len(texts) - 2, len(texts) - 1]  # it joined the original, alone
