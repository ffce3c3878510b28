"""`python -m bot` does what `radiobot` does."""

import sys

from bot.cli import main

sys.exit(main())
