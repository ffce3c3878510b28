"""`python -m bot` does what `radiobot` does."""

import sys

from bot.runtime.cli import main

sys.exit(main())
