"""newsreader: a keyboard-first terminal reader for scraped news pages."""

__version__ = "0.1.0"
