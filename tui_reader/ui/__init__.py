"""The Textual user interface of newsreader.

The UI imports the core (`tui_reader.article`, `corpus`, `search`, `countries`);
the core never imports the UI. Page text is untrusted: every widget here builds
Rich `Text` objects from it and never parses it as markup.
"""
