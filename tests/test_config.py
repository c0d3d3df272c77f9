"""The user's config file: what loads, what is reported, and what saving the theme keeps."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tui_reader.config import (
    ENTITY_KINDS,
    Config,
    config_path,
    example_config,
    load_config,
    save_theme,
)

FULL = """\
# my settings
theme = "nord"
default_query = "country:ua"

[keys]
"app.star" = "f"
"list.down" = "down,ctrl+n"

[entity_colours]
PERSON = "#ff8800"
ORG = "magenta"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


# -- loading ------------------------------------------------------------------------------------


def test_full_config_loads_every_setting(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, FULL))
    assert problems == []
    assert config == Config(
        theme="nord",
        keys={"app.star": "f", "list.down": "down,ctrl+n"},
        entity_colours={"PERSON": "#ff8800", "ORG": "magenta"},
        default_query="country:ua",
    )


def test_missing_file_gives_defaults_silently(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nowhere" / "config.toml") == (Config(), [])


def test_empty_file_gives_defaults_silently(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == (Config(), [])


def test_entity_kinds_are_the_article_labels() -> None:
    assert ENTITY_KINDS == ("PERSON", "COUNTRY", "PLACE", "ORG")


def test_syntax_error_names_file_and_line_and_uses_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n\ndefault_query\n')
    config, problems = load_config(path)
    assert config == Config()
    message = only_problem(problems)
    assert "config.toml line 3:" in message
    assert "(at line" not in message
    assert "using the defaults" in message


def test_unterminated_value_at_end_of_file_names_a_line(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'theme = "nord"\nx = [1,'))
    assert config == Config()
    message = only_problem(problems)
    assert "config.toml line 2:" in message
    assert "end of document" not in message


def test_file_that_is_not_utf8_gives_defaults_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\ndefault_query = "caf\xe9"\n')
    config, problems = load_config(path)
    assert config == Config()
    message = only_problem(problems)
    assert "config.toml" in message
    assert "UTF-8" in message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbftheme = "nord"\n')
    assert load_config(path) == (Config(theme="nord"), [])


@pytest.mark.skipif(sys.platform == "win32", reason="a directory reads differently on Windows")
def test_unreadable_file_gives_defaults_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()  # a directory where the file should be: reading it fails
    config, problems = load_config(path)
    assert config == Config()
    message = only_problem(problems)
    assert "config.toml" in message
    assert "using the defaults" in message


@pytest.mark.parametrize(
    ("text", "line", "words", "kept"),
    [
        (
            'default_query = "x"\ncolour = "red"\ntheme = "nord"\n',
            2,
            "unknown setting 'colour'",
            Config(theme="nord", default_query="x"),
        ),
        (
            'default_query = "x"\n\ntheme = 3\n',
            3,
            "theme must be a string",
            Config(default_query="x"),
        ),
        (
            'theme = "nord"\ndefault_query = ["a"]\n',
            2,
            "default_query must be a string",
            Config(theme="nord"),
        ),
        (
            'theme = "nord"\nkeys = "f"\n',
            2,
            "keys must be a table",
            Config(theme="nord"),
        ),
        (
            'theme = "nord"\n[keys]\n"app.star" = "f"\n"app.quit" = 5\n',
            4,
            '"app.quit" in [keys] must be a string',
            Config(theme="nord", keys={"app.star": "f"}),
        ),
        (
            '[keys]\n"app.star" = "f"\n  "app.quit" = ""\n',
            3,
            '"app.quit" in [keys] must name at least one key',
            Config(keys={"app.star": "f"}),
        ),
        (
            '[keys]\n"app.star" = "f"\n"list.down" = "a,,b"\n',
            3,
            "empty key between commas",
            Config(keys={"app.star": "f"}),
        ),
        (
            '[entity_colours]\nPERSON = "red"\nANIMAL = "blue"\n',
            3,
            "unknown entity kind 'ANIMAL'",
            Config(entity_colours={"PERSON": "red"}),
        ),
        (
            '[entity_colours]\nPERSON = "red"\nORG = "bold red"\n',
            3,
            "'bold red' is not a colour",
            Config(entity_colours={"PERSON": "red"}),
        ),
        (
            '[entity_colours]\nPERSON = "red"\n\nPLACE = 255\n',
            4,
            "PLACE in [entity_colours] must be a colour string",
            Config(entity_colours={"PERSON": "red"}),
        ),
    ],
)
def test_bad_value_is_dropped_with_its_line_and_the_rest_kept(
    tmp_path: Path, text: str, line: int, words: str, kept: Config
) -> None:
    config, problems = load_config(write(tmp_path, text))
    assert config == kept
    message = only_problem(problems)
    assert f"config.toml line {line}:" in message
    assert words in message


def test_bad_key_in_one_table_points_at_that_table_not_a_same_named_key(tmp_path: Path) -> None:
    text = '[keys]\nPERSON = "p"\n\n[entity_colours]\nPERSON = "not-a-colour"\n'
    config, problems = load_config(write(tmp_path, text))
    assert config == Config(keys={"PERSON": "p"})
    assert "config.toml line 5:" in only_problem(problems)


def test_dotted_key_outside_its_table_is_found(tmp_path: Path) -> None:
    text = 'theme = "nord"\nentity_colours.ORG = "nope"\n'
    config, problems = load_config(write(tmp_path, text))
    assert config == Config(theme="nord")
    assert "config.toml line 2:" in only_problem(problems)


def test_every_bad_setting_is_reported(tmp_path: Path) -> None:
    text = 'theme = 1\ndefault_query = 2\n[entity_colours]\nORG = "nope"\nPLACE = "dark_cyan"\n'
    config, problems = load_config(write(tmp_path, text))
    assert config == Config(entity_colours={"PLACE": "dark_cyan"})
    assert len(problems) == 3
    for problem, line in zip(problems, (1, 2, 4), strict=True):
        assert f"config.toml line {line}:" in problem


def test_keys_are_tidied_around_commas(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, '[keys]\n"list.down" = "down, ctrl+n"\n'))
    assert problems == []
    assert config.keys == {"list.down": "down,ctrl+n"}


# -- where the file is -------------------------------------------------------------------------


def test_env_override_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'theme = "gruvbox"\n')
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path))
    assert config_path() == path
    assert load_config() == (Config(theme="gruvbox"), [])
    assert save_theme("nord") is None
    assert load_config(path)[0].theme == "nord"


def test_default_path_is_in_the_user_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    path = config_path()
    assert path.name == "config.toml"
    assert "newsreader" in path.parent.parts[-2:]


# -- saving the theme ----------------------------------------------------------------------------


def test_save_theme_replaces_the_theme_and_keeps_everything_else(tmp_path: Path) -> None:
    text = (
        "# my settings\r\n"
        'theme = "nord"   # the old one\r\n'
        'default_query = "country:ua"\r\n'
        "\r\n"
        "[keys]\r\n"
        '"app.star" = "f"  # star\r\n'
        'theme = "not-this-one"\r\n'
    )
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode())
    assert save_theme("dracula", path) is None
    assert path.read_bytes() == text.replace('"nord"', '"dracula"', 1).encode()


def test_save_theme_inserts_a_first_line_when_there_is_none(tmp_path: Path) -> None:
    path = write(tmp_path, FULL.replace('theme = "nord"\n', ""))
    before = path.read_bytes()
    assert save_theme("monokai", path) is None
    assert path.read_bytes() == b'theme = "monokai"\n' + before
    config, problems = load_config(path)
    assert problems == []
    assert config.theme == "monokai"
    assert config.keys == {"app.star": "f", "list.down": "down,ctrl+n"}


def test_save_theme_ignores_a_theme_key_inside_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\ntheme = "t"\n')
    assert save_theme("nord", path) is None
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n[keys]\ntheme = "t"\n'


def test_save_theme_round_trips_through_load(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    assert save_theme("textual-light", path) is None
    config, problems = load_config(path)
    assert problems == []
    assert config == Config(
        theme="textual-light",
        keys={"app.star": "f", "list.down": "down,ctrl+n"},
        entity_colours={"PERSON": "#ff8800", "ORG": "magenta"},
        default_query="country:ua",
    )


def test_save_theme_quotes_awkward_names(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    name = 'odd "name" \\ with\ttab'
    assert save_theme(name, path) is None
    assert load_config(path) == (Config(theme=name), [])


def test_save_theme_creates_missing_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "config.toml"
    assert save_theme("nord", path) is None
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'
    assert load_config(path) == (Config(theme="nord"), [])
    assert os.listdir(path.parent) == ["config.toml"]  # no temporary file left behind


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_save_theme_writes_through_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path, 'theme = "nord"\n')
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert save_theme("dracula", link) is None
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == 'theme = "dracula"\n'


def test_save_theme_reports_an_error_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    message = save_theme("nord", blocker / "config.toml")
    assert isinstance(message, str)
    assert "config.toml" in message
    assert blocker.read_text(encoding="utf-8") == "a file, not a directory"


def test_save_theme_replaces_a_multiline_theme(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = """\nnord"""\ndefault_query = "x"\n')
    assert save_theme("dracula", path) is None
    assert path.read_text(encoding="utf-8") == 'theme = "dracula"\ndefault_query = "x"\n'


COMMENTED = """\
# newsreader settings (kept in my dotfiles)

theme = "nord"                            # dark, for the evenings
default_query = "country:ua is:unread"   # the filter the app opens with
export_dir = "~/news-exports"             # where x and m write

# keys as in mutt
[keys]                                    # binding id = keys
"app.star" = "asterisk"
"list.down" = "down,j,ctrl+n"             # j as in vi

[entity_colours]
PERSON = "#ff8800"  # orange
ORG = "magenta"
"""


def test_a_commented_config_keeps_its_comments_and_order_when_the_theme_is_saved(
        tmp_path: Path) -> None:
    """Saving the theme changes the theme's value and nothing else: every comment, the trailing
    one on the theme's own line too, blank lines and the order of the settings stay."""
    path = write(tmp_path, COMMENTED)
    assert save_theme("gruvbox", path) is None
    assert path.read_text(encoding="utf-8") == COMMENTED.replace('"nord"', '"gruvbox"')
    assert load_config(path)[0].keys == {"app.star": "asterisk", "list.down": "down,j,ctrl+n"}


def test_save_theme_keeps_windows_line_endings_on_a_new_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'default_query = "x"\r\n\r\n[keys]\r\n"app.star" = "f"\r\n')
    assert save_theme("nord", path) is None
    assert path.read_bytes() == (
        b'theme = "nord"\r\ndefault_query = "x"\r\n\r\n[keys]\r\n"app.star" = "f"\r\n')


@pytest.mark.parametrize("text", ['theme = "nord"\n[keys\n', "default_query = 'x\n", "\udcff"])
def test_save_theme_leaves_a_file_it_cannot_read_as_toml_alone(tmp_path: Path,
                                                               text: str) -> None:
    """The start-up notice already named the problem: the theme is not saved into it."""
    path = tmp_path / "config.toml"
    content = text.encode("utf-8", errors="surrogateescape")
    path.write_bytes(content)
    message = save_theme("dracula", path)
    assert message is not None and "config.toml" in message and "not saved" in message
    assert path.read_bytes() == content


# -- the example ---------------------------------------------------------------------------------


def test_example_config_loads_with_no_problems_and_sets_everything(tmp_path: Path) -> None:
    text = example_config()
    assert text.lstrip().startswith("#")
    config, problems = load_config(write(tmp_path, text))
    assert problems == []
    assert config.theme
    assert config.keys
    assert config.default_query
    assert set(config.entity_colours) == set(ENTITY_KINDS)
