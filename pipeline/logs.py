"""How the service logs: plain text, or one JSON object a line (``--log-format json``).

The JSON form carries the time in ISO 8601 with its offset (Asia/Tokyo), the
level, the logger, the message, and the ``source`` and ``url`` the message names
(every collection line says ``source=… url=…``), so a log store can filter on
them. No I/O beyond the handler it configures.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import datetime

from pipeline.dates import JST

# source=<name, spaces allowed> up to the next key=, url=<no spaces>.
_FIELD = re.compile(r"\b(source)=(.+?)(?=\s+\w+=|$)|\b(url)=(\S+)")
_HANDLER = "mediawatch"


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with ``source`` and ``url`` lifted out of the message."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        message = record.getMessage()
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, JST).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": message,
        }
        for source_key, source, url_key, url in _FIELD.findall(message):
            if source_key:
                payload.setdefault("source", source)
            if url_key:
                payload.setdefault("url", url)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def configure(*, verbose: bool, json_lines: bool) -> None:
    """Log to stderr, as text (time with its offset) or as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S%z"
            )
        )
    handler.set_name(_HANDLER)
    root = logging.getLogger()
    # Replace only our own handler: a command run twice in one process logs once, and
    # handlers others installed (a test's log capture) stay.
    root.handlers[:] = [h for h in root.handlers if h.get_name() != _HANDLER] + [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:
        # Alembic announces its context on every start, httpx every request and
        # APScheduler every tick; only -v wants that (the cycle logs one summary line).
        for noisy in ("alembic", "httpx", "apscheduler"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        # trafilatura and its helpers log a page they find little text in at WARNING and
        # ERROR ("discarding data", "parsed tree length: 0"): ordinary pages, not faults;
        # extraction's own failure is the source's recorded cause.
        for chatty in ("trafilatura", "htmldate", "courlan", "justext"):
            logging.getLogger(chatty).setLevel(logging.CRITICAL)
