"""Messages the main screen's workers post back to the UI thread, and the notices any
thread posts to the app.

A message that belongs to one widget stays nested in it, as Textual's own do
(`ArticleList.Highlighted`, `Reader.BackRequested`, `FilterInput.Step`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from ..article import Article, ArticleMarks, ListRow
    from ..files import Problem
    from ..ingest import SyncReport
    from ..search import Result


class Notice(Message):
    """Something for the user to know, from a thread other than the UI's (the app shows
    it as a notification)."""

    def __init__(self, text: str, *, severity: SeverityLevel = "information",
                 timeout: float = 8) -> None:
        super().__init__()
        self.text: str = text
        """Plain text (never markup)."""
        self.severity: SeverityLevel = severity
        """How it is shown."""
        self.timeout: float = timeout
        """Seconds on screen."""


class CacheOpened(Message):
    """The cache is open (opening it may wait for a lock or check the file)."""


class RowsLoaded(Message):
    """Fresh list rows from the cache (at start, while indexing, and after it)."""

    def __init__(
        self, rows: list[ListRow] | None, problems: list[Problem] | None, *,
        complete: bool = True, state: dict[str, ArticleMarks] | None = None,
    ) -> None:
        super().__init__()
        self.rows: list[ListRow] | None = rows
        """Every article of the opened paths, in list order (None: no change)."""
        self.complete: bool = complete
        """False for the first screenful shown while the rest loads."""
        self.problems: list[Problem] | None = problems
        """Inputs skipped, when known (None: keep the current list)."""
        self.state: dict[str, ArticleMarks] = state or {}
        """id -> its marks as the cache held them when `rows` were read."""


class ArticleRead(Message):
    """An article read from the cache for the reader."""

    def __init__(self, ident: str, article: Article | None) -> None:
        super().__init__()
        self.ident: str = ident
        """The id asked for."""
        self.article: Article | None = article
        """The article (None when it is no longer in the cache)."""


class SyncStage(Message):
    """The indexer started a corpus-wide pass (the files are done)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what: str = what
        """What it does, for the status line: "Grouping similar stories"."""


class SyncProgress(Message):
    """The indexer finished a batch of files."""

    def __init__(self, done: int, total: int, articles: int, seconds: float) -> None:
        super().__init__()
        self.done: int = done
        """Files cleaned so far."""
        self.total: int = total
        """Files to clean in all (new and changed ones only)."""
        self.articles: int = articles
        """Articles written so far."""
        self.seconds: float = seconds
        """Time since indexing started."""


class SyncFinished(Message):
    """The indexer is done: every file under the paths is in the cache."""

    def __init__(self, report: SyncReport) -> None:
        super().__init__()
        self.report: SyncReport = report
        """What the sync did."""


class SearchFinished(Message):
    """A search worker found the rows matching one query."""

    def __init__(self, generation: int, result: Result) -> None:
        super().__init__()
        self.generation: int = generation
        """Which query this answers; stale generations are dropped."""
        self.result: Result = result
        """Matching row positions, best first."""
