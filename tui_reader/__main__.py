"""`python -m tui_reader` runs the `newsreader` command."""

import sys

from .cli import main

sys.exit(main())
