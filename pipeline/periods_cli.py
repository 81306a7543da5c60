"""The ``mediawatch period`` command: close, reopen and list closed periods.

``period close LABEL`` stores the period's report (confirmed mentions,
counting appearances) as its snapshot; ``period reopen LABEL --by NAME``
(NAME an enabled admin account) marks that snapshot reopened, keeping it;
``period list`` shows every closing. LABEL is ``FY2024``, ``2024`` or
``2024-04-01..2024-09-30`` (``pipeline.periods.parse_period``). The work is
done by ``pipeline.periods`` and ``storage.periods``; this module parses,
prints and picks the exit code.

``register(commands, common)`` adds the command to the ``mediawatch``
parser; ``pipeline.cli`` calls it. Helpers of ``pipeline.cli`` are imported
inside the functions, since ``pipeline.cli`` imports this module. Handlers
print to ``args.out`` (problems to stderr) and return the exit code: 0 done,
1 refused by the state of the period (already closed, not closed), 2 bad
label, configuration or account.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline import periods
from pipeline.dates import JST
from pipeline.report import Period
from pipeline.types import Config
from storage import periods as store

EXIT_OK = 0
EXIT_REFUSED = 1

LABEL_HELP = (
    "FY2024 (fiscal year from the month institute.fiscal_year_start of sources.yaml), "
    "2024 (calendar year) or 2024-04-01..2024-09-30 (first and last day, Asia/Tokyo)"
)


# --- helpers ------------------------------------------------------------------


def _usage(message: str) -> Exception:
    from pipeline.cli import UsageError

    return UsageError(message)


def _period(label: str, config: Config) -> Period:
    try:
        return periods.parse_period(label, config.institute.fiscal_year_start)
    except periods.PeriodLabelError as error:
        raise _usage(str(error)) from None


def _when(moment: datetime | None) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M") if moment else "-"


def _days(period: Period) -> str:
    return f"{period.start.isoformat()}..{period.last_day.isoformat()}"


def _refused(args: argparse.Namespace, error: Exception) -> int:
    print(f"mediawatch period {args.period_command}: {error}", file=sys.stderr)
    return EXIT_REFUSED


# --- commands -----------------------------------------------------------------


def cmd_period_close(args: argparse.Namespace) -> int:
    """Store the period's report now as its snapshot (audited ``period_close``)."""
    from pipeline.cli import _actor, _load, _open_database
    from storage.db import session_scope

    config, settings = _load(args)
    period = _period(args.label, config)
    actor = _actor(args)
    now = datetime.now(UTC)
    engine = _open_database(settings)
    try:
        with session_scope(engine) as session:
            row = periods.close(session, config, period, actor=actor, now=now)
    except store.PeriodError as error:
        return _refused(args, error)
    finally:
        engine.dispose()
    summary = periods.snapshot_summary(json.loads(row.snapshot))
    print(
        f"closed {row.label} ({_days(period)}) on {_when(row.closed_at)} JST by {row.closed_by}: "
        f"{summary['appearances']} appearances, {summary['placements']} placements, "
        f"{summary['publications']} publications, {summary['talks']} talks "
        f"({summary['items']} items)",
        file=args.out,
    )
    if period.end_at > now:
        print(
            f"mediawatch period close: note: {row.label} has not ended yet "
            f"(last day {period.last_day.isoformat()})",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_period_reopen(args: argparse.Namespace) -> int:
    """Mark the period's current snapshot reopened (admins only; audited ``period_reopen``)."""
    from pipeline.cli import _load, _open_database
    from storage.db import session_scope

    config, settings = _load(args)
    period = _period(args.label, config)
    engine = _open_database(settings)
    try:
        with session_scope(engine) as session:
            row = store.reopen_period(
                session, start=period.start, end=period.end, by=args.by, now=datetime.now(UTC)
            )
    except store.NotAllowed as error:
        raise _usage(str(error)) from None
    except store.PeriodError as error:
        return _refused(args, error)
    finally:
        engine.dispose()
    print(
        f"reopened {row.label} ({_days(period)}) on {_when(row.reopened_at)} JST by "
        f"{row.reopened_by}; the snapshot closed on {_when(row.closed_at)} JST is kept",
        file=args.out,
    )
    return EXIT_OK


def cmd_period_list(args: argparse.Namespace) -> int:
    """Every closing, reopened ones too: days, when and by whom, headline numbers, state."""
    from pipeline.cli import _open_database, format_table
    from pipeline.labels_cli import _settings
    from storage.db import session_scope

    engine = _open_database(_settings(args), create=False)
    try:
        with session_scope(engine) as session:
            rows = store.snapshots(session)
    finally:
        engine.dispose()
    if not rows:
        print("no closed periods", file=args.out)
        return EXIT_OK
    table: list[list[Any]] = []
    for row in rows:
        summary = periods.snapshot_summary(json.loads(row.snapshot))
        state = (
            "closed"
            if row.current
            else f"reopened {_when(row.reopened_at)} by {row.reopened_by or '-'}"
        )
        table.append(
            [
                row.label,
                f"{row.start.isoformat()}..{(row.end - timedelta(days=1)).isoformat()}",
                _when(row.closed_at),
                row.closed_by,
                summary["appearances"],
                summary["placements"],
                summary["publications"],
                summary["talks"],
                summary["items"],
                state,
            ]
        )
    headers = [
        "period",
        "days",
        "closed (JST)",
        "by",
        "appearances",
        "placements",
        "publications",
        "talks",
        "items",
        "state",
    ]
    print(format_table(headers, table), file=args.out)
    return EXIT_OK


# --- parser -------------------------------------------------------------------


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add ``period`` (close, reopen, list) to the ``mediawatch`` parser.

    ``common`` is the parent parser holding ``--config``, ``--database-url``
    and ``-v``; every leaf subcommand takes it.
    """
    period = commands.add_parser(
        "period",
        help="close a period's numbers for the annual report, reopen, list",
        description="Closed periods: a closed period's report always shows the numbers "
        "stored when it was closed, followed by the amendments made since.",
    )
    period_commands = period.add_subparsers(dest="period_command", metavar="ACTION", required=True)

    close = period_commands.add_parser(
        "close",
        parents=[common],
        help="store the period's counts and items as its snapshot",
        description="Store the period's report as it stands now (confirmed mentions only, "
        "counting appearances) as the period's snapshot. From then on the period's report "
        "reproduces it and lists later changes as amendments. Audited (period_close). Exit 1 "
        "when the same days are already closed.",
    )
    close.add_argument("label", metavar="PERIOD", help=LABEL_HELP)
    close.add_argument(
        "--by",
        metavar="NAME",
        help="who closes it, for the audit trail (default: cli:<login name>)",
    )
    close.set_defaults(handler=cmd_period_close)

    reopen = period_commands.add_parser(
        "reopen",
        parents=[common],
        help="reopen a closed period (admins only); its snapshot is kept",
        description="Mark the period's current snapshot reopened (it is kept, with who "
        "reopened it and when); the period's report is live again until it is closed anew. "
        "Audited (period_reopen). Exit 2 unless NAME is an enabled admin account, 1 when the "
        "period is not closed.",
    )
    reopen.add_argument("label", metavar="PERIOD", help=LABEL_HELP)
    reopen.add_argument(
        "--by",
        metavar="NAME",
        required=True,
        help="an enabled account with the admin role (see mediawatch users list)",
    )
    reopen.set_defaults(handler=cmd_period_reopen)

    listing = period_commands.add_parser(
        "list",
        parents=[common],
        help="every closing: days, when, by whom, item counts, reopened or not",
        description="Every closing of a period, reopened ones included, by first day: its "
        "days, when (JST) and by whom it was closed, the snapshot's headline numbers and "
        "item count, and whether it was reopened.",
    )
    listing.set_defaults(handler=cmd_period_list)
