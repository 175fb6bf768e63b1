"""``python -m democracy_study``: the same as the ``democracy-study`` command."""

import sys

from democracy_study.cli import main

sys.exit(main())
