"""Keys that take articles out of the app: `c` copies the article to the clipboard, `x` /
`m` write the articles the filter matches to a new JSON Lines / Markdown file in the
export folder, after asking (`export_prompt`). Articles are read and files written off
the UI thread."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from textual import work

from ..config import export_folder
from ..export import ExportForm, article_text, write_jsonl, write_markdown
from .export_prompt import ExportPrompt, create_export, export_stamp, free_export_name
from .messages import Notice

if TYPE_CHECKING:
    from ..article import Article
    from .main_screen import MainScreen


class ExportKeys:
    """The actions of those keys and their workers; mixed into `MainScreen`."""

    @property
    def _main(self) -> MainScreen:
        """This object as the screen it is mixed into."""
        return cast("MainScreen", self)

    def action_copy_article(self) -> None:
        """Copy the article on show (or under the cursor) as plain text."""
        main = self._main
        if main.reader.article is not None:
            self._copy(main.reader.article)
        elif (row := main.article_list.highlighted) is not None:
            self._copy_from_cache(row.id)

    def _copy(self, article: Article) -> None:
        main = self._main
        main.app.copy_to_clipboard(article_text(article))
        main.notify(f"Copied: {article.title}", timeout=3, markup=False)

    @work(thread=True, exclusive=True, group="copy", exit_on_error=False)
    def _copy_from_cache(self, ident: str) -> None:
        main = self._main
        article = main.article(ident)
        if article is not None:
            main.app.call_from_thread(self._copy, article)

    def action_export_result(self) -> None:
        """Ask, then write the current result to a JSON Lines file, off the UI thread."""
        self._ask_export(".jsonl", "jsonl")

    def action_export_markdown(self) -> None:
        """Ask, then write the current result to a Markdown file, off the UI thread."""
        self._ask_export(".md", "markdown")

    def _ask_export(self, suffix: str, form: ExportForm) -> None:
        """Show where the export would go; write it on a deliberate "y" (see
        `export_prompt`)."""
        main = self._main
        ids, query = main.matching, main.filter_bar.input.value
        folder, stamp = str(export_folder(main.app.config)), export_stamp()
        count = f"{len(ids)} article{'s' if len(ids) != 1 else ''}"
        question = f"Write {count} to {free_export_name(folder, stamp, suffix)}?"

        def answered(write: bool | None) -> None:
            if write:
                self._export(ids, query, folder, stamp, suffix, form)
            else:
                main.notify("Nothing exported.", timeout=2)

        main.app.push_screen(ExportPrompt(question), answered)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, ids: list[str], query: str, folder: str, stamp: str, suffix: str,
                form: ExportForm) -> None:
        """Write the articles `ids` to a new file in `folder` (never an existing one)."""
        main = self._main
        articles = (a for a in map(main.article, ids) if a is not None)
        try:
            os.makedirs(folder, exist_ok=True)
            path, out = create_export(folder, stamp, suffix)
            with out:
                if form == "markdown":
                    count = write_markdown(articles, out, query)
                else:
                    count = write_jsonl(articles, out)
        except OSError as error:
            main.app.post_message(Notice(f"Export failed: {error}", severity="error"))
            return
        main.exported = path
        noun = "article" if count == 1 else "articles"
        main.app.post_message(Notice(f"Exported {count} {noun} to {path}"))
