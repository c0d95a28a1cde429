"""The service's default limits, importable without the web stack (the command line shows them in ``serve
--help``)."""

from __future__ import annotations

import os

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
#: Largest request body accepted, in bytes (``--max-body``); larger ones get 413.
MAX_BODY = 1024 * 1024
#: Seconds a client may take to send its whole request (``--timeout``); slower ones get 408 or are dropped.
TIMEOUT = 10.0
#: Connections served at once (``--max-connections``); more are answered 503 and closed at once.
MAX_CONNECTIONS = 256
#: Seconds of linting one request may take once received (``--budget``); past it the work stops with 503.
BUDGET = 10.0
#: Lint processes per service process (``--lint-workers``).
LINT_WORKERS = min(4, os.cpu_count() or 1)
