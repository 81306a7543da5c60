"""Running the ``mediawatch`` CLI in-process from tests, and reading what it stored."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from pipeline.cli import main
from storage import models
from storage.db import make_engine, session_scope

#: The tables whose row counts say whether a cycle added anything.
COUNTED = (models.Document, models.Story, models.Mention, models.Publication)


def run_cli(*args: str) -> tuple[int, str]:
    """Run ``mediawatch ARGS`` in-process; returns (exit code, stdout)."""
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def fiscal_report(config: Path, db_url: str, year: int = 2024) -> dict[str, Any]:
    """The JSON report of fiscal ``year``, pending mentions included (there is no review)."""
    code, out = run_cli(
        "report",
        "--config",
        str(config),
        "--database-url",
        db_url,
        "--fiscal-year",
        str(year),
        "--format",
        "json",
        "--include-pending",
    )
    assert code == 0, out
    return json.loads(out)  # type: ignore[no-any-return]


def table_counts(db_url: str, tables: tuple[type[models.Base], ...] = COUNTED) -> dict[str, int]:
    """Rows per table, by model name."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            return {
                model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in tables
            }
    finally:
        engine.dispose()
