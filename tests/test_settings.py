"""User settings: the TOML config, --theme, the saved theme and the command palette."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from apphelp import notices, settle

from tui_reader.resources import seeds_dir
from tui_reader.ui import highlight
from tui_reader.ui.app import NewsReaderApp


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The config file the app reads (see conftest: private per test); colours restored."""
    monkeypatch.setattr(highlight, "ENTITY_STYLES", dict(highlight.ENTITY_STYLES))
    return Path(os.environ["NEWSREADER_CONFIG"])




async def test_config_sets_theme_keys_colours_and_starting_query(config: Path) -> None:
    config.write_text('theme = "nord"\ndefault_query = "tianjin"\n'
                      '[keys]\n"app.star" = "asterisk"\n'
                      '[entity_colours]\nPERSON = "#ff0000"\n')
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
        assert app.main_screen.filter_bar.input.value == "tianjin"
        assert len(app.main_screen.visible_articles) == 1
        assert highlight.entity_style("PERSON").color.name == "#ff0000"
        await pilot.press("asterisk")
        assert app.marks.flush(5)  # marks are written behind the screen
        starred = app.main_screen.visible_articles[0].id
        assert app.cache.state()[starred][1]  # starred by the new key
        assert "ignored" not in notices(app)


async def test_a_bad_config_names_its_line_and_the_defaults_load(config: Path) -> None:
    config.write_text('theme = "nord"\ndefault_query = \n')
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert "line 2" in notices(app)
        assert app.theme == "textual-dark"  # the default, not the broken file's
        assert len(app.main_screen.visible_articles) > 1


async def test_bad_values_are_reported_and_the_rest_applies(config: Path) -> None:
    config.write_text('theme = "nord"\n[keys]\n"app.nope" = "z"\n'
                      '[entity_colours]\nORG = "not-a-colour"\n')
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        said = notices(app)
        assert "app.nope" in said and "line 5" in said
        assert app.theme == "nord"


async def test_theme_flag_wins_and_an_unknown_theme_is_reported(config: Path) -> None:
    config.write_text('theme = "nord"\n')
    app = NewsReaderApp([str(seeds_dir())], theme="gruvbox")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "gruvbox"
    app = NewsReaderApp([str(seeds_dir())], theme="no-such-theme")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert "no-such-theme" in notices(app) and app.theme == "nord"


async def test_a_theme_picked_in_the_app_is_saved(config: Path) -> None:
    config.write_text('# my settings\ndefault_query = ""\n')
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        app.theme = "dracula"
        await pilot.pause()
        await pilot.pause()
    text = config.read_text()
    assert 'theme = "dracula"' in text and "# my settings" in text
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "dracula"


async def test_the_command_palette_offers_every_key() -> None:
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("Star (s)", "Facets (f)", "Export Markdown (m)", "Sort (S)",
                         "Open in browser (o)", "Help (?)", "Read (⏎)"):
            assert expected in titles, expected
        await pilot.press("enter")  # the reader's keys join in when it has focus
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Next entity (e)" in titles and "Back to list (⏎)" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"star", "enter")
        await settle(app, pilot)
        assert app.marks.flush(5)  # marks are written behind the screen
        assert app.cache.state()[app.main_screen.reader.article.id][1]  # the palette ran "Star"


async def test_exports_go_to_the_configured_folder_and_say_where(
        config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the current directory (a user's exports used to land wherever they started it)."""
    from apphelp import export_with

    monkeypatch.delenv("NEWSREADER_EXPORT_DIR")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "my exports"
    config.write_text(f'export_dir = "{target}"\n')
    app = NewsReaderApp([str(seeds_dir())])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        written = await export_with(app, pilot, "tianjin", "x")
        assert written.parent == target and written.is_file()
        assert str(written) in notices(app)
    assert not list(tmp_path.glob("newsreader-*"))


def test_the_default_export_folder_is_downloads_then_documents_then_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from tui_reader.config import Config, export_folder

    monkeypatch.delenv("NEWSREADER_EXPORT_DIR")
    downloads, documents, home = tmp_path / "dl", tmp_path / "docs", tmp_path / "home"
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: downloads)
    monkeypatch.setattr(platformdirs, "user_documents_path", lambda: documents)
    monkeypatch.setattr(Path, "home", staticmethod(lambda: home))
    assert export_folder(Config()) == home
    documents.mkdir()
    assert export_folder(Config()) == documents
    downloads.mkdir()
    assert export_folder(Config()) == downloads
    assert export_folder(Config(export_dir="~/x")) == Path("~/x").expanduser()
    monkeypatch.setenv("NEWSREADER_EXPORT_DIR", str(tmp_path / "env"))
    assert export_folder(Config(export_dir="~/x")) == tmp_path / "env"
