"""The facets pane's keys and counts: `f` shows or hides it, Enter on a value adds it to
the filter, Enter on "all …" lists every value of that facet.

From 140 columns the pane sits left of the list and the reader. Narrower, `f` shows it in
place of the list (not squeezed beside it) and gives it focus; choosing a value, `f`,
or anything that goes back to the list puts the list back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.worker import get_current_worker

from ..facets import FACET_KINDS
from .facets_panel import FacetsPanel

if TYPE_CHECKING:
    from textual.widget import Widget

    from .main_screen import MainScreen

#: While the filter is typed in, the counts wait for this pause in the typing (seconds).
FACETS_DELAY = 0.12


class FacetKeys:
    """The facets actions and handlers; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    @property
    def facets_panel(self) -> FacetsPanel:
        """The facets pane (hidden under 140 columns unless toggled on)."""
        return self._main.query_one("#facets", FacetsPanel)

    @property
    def facets_in_place(self) -> bool:
        """True while the facets pane is shown in place of the list (under 140 columns)."""
        main = self._main
        return not main.has_class("-wide") and main.query_one("#panes").has_class("-facets-on")

    def action_toggle_facets(self) -> None:
        """Show the facets pane if hidden, hide it if shown."""
        main = self._main
        panes = main.query_one("#panes")
        shown = self.facets_panel.display
        panes.remove_class("-facets-auto", "-facets-on", "-facets-off")
        panes.add_class("-facets-off" if shown else "-facets-on")
        if not shown:
            main.call_after_refresh(self.schedule_facets)
            if self.facets_in_place:  # the list is hidden: the facets take its focus
                main.set_focus(self.facets_panel)
        elif main.app.focused is self.facets_panel or main.app.focused is None:
            main.focus_now(main.article_list)

    def list_back(self, widget: Widget) -> None:
        """Before focus goes to the list (`widget`): facets shown in its place give way."""
        if widget is self._main.article_list and self.facets_in_place:
            panes = self._main.query_one("#panes")
            panes.remove_class("-facets-on")
            panes.add_class("-facets-auto")

    def schedule_facets(self) -> None:
        """Count the facets of the current result, after a pause when typing."""
        main = self._main
        if main._facets_timer is not None:
            main._facets_timer.stop()
            main._facets_timer = None
        if main._facets is None or not self.facets_panel.display:
            return
        if main.is_typing():
            main._facets_timer = main.set_timer(FACETS_DELAY, self._count_facets)
        else:
            self._count_facets()

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _count_facets(self) -> None:
        """Count the facets of the result on show (read here, not passed: Textual
        describes a worker by the repr of its arguments, and a result can be 100,000
        positions long)."""
        main = self._main
        main._facets_timer = None
        facets, positions, panel = main._facets, main._matched, self.facets_panel
        if facets is None:
            return
        worker = get_current_worker()
        counts = {kind: facets.tally(positions, kind, limit=panel.limit(kind),
                                     cancelled=lambda: worker.is_cancelled)
                  for kind in FACET_KINDS}
        if not worker.is_cancelled:
            main.app.call_from_thread(panel.show_counts, counts)

    def on_facets_panel_chosen(self, event: FacetsPanel.Chosen) -> None:
        """Add the chosen value to the filter (which runs the new query); facets shown in
        place of the list make way for it."""
        main = self._main
        query = main.filter_bar.input.value.strip()
        if event.term not in query.split():
            main.filter_bar.input.value = f"{query} {event.term}".strip()
        if self.facets_in_place:
            main.focus_now(main.article_list)

    def on_facets_panel_expand_requested(self) -> None:
        """Count again: a facet now lists every value, or its first ones again."""
        self.schedule_facets()
