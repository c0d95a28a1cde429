"""``python -m replylint``."""

import sys

from replylint import spacy_import

spacy_import.install()  # a replylint process has no use for spaCy's command line
from replylint.cli import main  # noqa: E402

sys.exit(main())
