"""Keys that mark articles read or unread: `u` toggles the highlighted article, `A`
marks every article the filter matches read after asking (as newsboat's `A`). Marks go
to the cache through the write-behind `MarkWriter` (`app.marks`), never on the UI
thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .export_prompt import ExportPrompt

if TYPE_CHECKING:
    from .app import NewsReaderApp


class MarkKeys:
    """The actions of those keys; mixed into `NewsReaderApp`."""

    @property
    def _app(self) -> NewsReaderApp:
        """This object as the app it is mixed into."""
        return cast("NewsReaderApp", self)

    def action_toggle_read(self) -> None:
        """Mark the highlighted article unread if read, read if unread."""
        app = self._app
        row = app.article_list.highlighted
        if row is None or app._engine is None:
            return
        read = not app._engine.state.get(row.id, (False, False))[0]
        app._mark(row.id, read=read)
        app.notify(f"Marked {'read' if read else 'unread'}: {row.title}", timeout=2,
                   markup=False)

    def action_mark_all_read(self) -> None:
        """Ask, then mark every article the filter matches read (similar stories too)."""
        app = self._app
        ids = app.matching
        if not ids or app._engine is None:
            return
        count = f"{len(ids)} article{'s' if len(ids) != 1 else ''}"

        def answered(yes: bool | None) -> None:
            if yes:
                app.mark_all_read(ids)
            else:
                app.notify("Nothing marked.", timeout=2)

        app.push_screen(ExportPrompt(f"Mark {count} read?", verb="mark read"), answered)

    def mark_all_read(self, ids: list[str]) -> None:
        """Mark the articles `ids` read: for `is:` filters and the list at once (one
        update, however many), in the cache behind the UI."""
        app = self._app
        engine = app._engine
        if engine is None:
            return
        state = engine.state
        updates = {ident: (True, state.get(ident, (False, False))[1]) for ident in ids}
        for ident in ids:
            app.marks.put(ident, "read", True)
        app._session_marks.update(updates)
        engine.state = {**state, **updates}  # a new dict, as `Engine.mark` makes
        app.article_list.set_state(engine.state)
        app.notify(f"Marked {len(ids)} article{'s' if len(ids) != 1 else ''} read.",
                   timeout=3)
