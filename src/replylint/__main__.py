"""``python -m replylint``."""

import sys

from replylint.cli import main

sys.exit(main())
