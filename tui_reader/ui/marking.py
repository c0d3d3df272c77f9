"""Read/starred marks, set in one place (`set_marks`): opening an article marks it read,
`s` stars or unstars the highlighted article, `u` toggles it read or unread, `A` marks
every article the filter matches read after asking (as newsboat's `A`).

The screen's `SessionMarks` holds every article's marks as the run shows them; a change
shows at once in the list and in `is:` filters and is written to the cache behind the
UI (`MarkWriter`, `app.marks`), never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from .export_prompt import ExportPrompt

if TYPE_CHECKING:
    from .main_screen import MainScreen


class MarkKeys:
    """The actions of those keys; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    def set_marks(self, idents: Iterable[str], *, read: bool | None = None,
                  starred: bool | None = None) -> None:
        """Mark the articles `idents` read or unread, starred or not (None: unchanged):
        for `is:` filters and the list at once (one update, however many), in the cache
        behind the UI. Every mark the app sets goes through here."""
        main = self._main
        state = main.marks.set(idents, read=read, starred=starred)
        if main._engine is not None:
            main._engine.state = state
            main.article_list.set_state(state)

    def mark_read(self, ident: str) -> None:
        """Record that the article was opened."""
        self.set_marks([ident], read=True)

    def action_star(self) -> None:
        """Star the article under the cursor, or unstar it."""
        main = self._main
        row = main.article_list.highlighted
        if row is None or main._engine is None:
            return
        self.set_marks([row.id], starred=not main.marks.of(row.id).starred)

    def action_toggle_read(self) -> None:
        """Mark the highlighted article unread if read, read if unread."""
        main = self._main
        row = main.article_list.highlighted
        if row is None or main._engine is None:
            return
        read = not main.marks.of(row.id).read
        self.set_marks([row.id], read=read)
        main.notify(f"Marked {'read' if read else 'unread'}: {row.title}", timeout=2,
                    markup=False)

    def action_mark_all_read(self) -> None:
        """Ask, then mark every article the filter matches read (similar stories too)."""
        main = self._main
        ids = main.matching
        if not ids or main._engine is None:
            return
        count = f"{len(ids)} article{'s' if len(ids) != 1 else ''}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark_all_read(ids)
            else:
                main.notify("Nothing marked.", timeout=2)

        main.app.push_screen(ExportPrompt(f"Mark {count} read?", verb="mark read"), answered)

    def mark_all_read(self, ids: list[str]) -> None:
        """Mark the articles `ids` read."""
        main = self._main
        if main._engine is None:
            return
        self.set_marks(ids, read=True)
        main.notify(f"Marked {len(ids)} article{'s' if len(ids) != 1 else ''} read.",
                    timeout=3)
