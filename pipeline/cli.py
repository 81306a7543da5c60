"""The ``mediawatch`` command: check, collect, run, serve, report, sources, mentions, users, …

Parses arguments, loads sources.yaml and settings, opens the database (and
upgrades it), then hands over to the stage that does the work. Exit codes:
0 success, 1 the work failed (e.g. every source failed), 2 bad input or bad
configuration. No collection logic lives here.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from pipeline import labels_cli, logs, periods, periods_cli
from pipeline import report as reporting
from pipeline.collect import Collector, SourceReport, rematch
from pipeline.config import ConfigError, expand_sources, load_config, source_hosts
from pipeline.dates import JST
from pipeline.fetch import Fetcher
from pipeline.schedule import Service, heartbeat_age, run_cycle, run_with_helpers
from pipeline.settings import Settings, SettingsError, load_settings
from pipeline.types import (
    Config,
    FetchOutcome,
    MentionStatus,
    RejectReason,
    Role,
    SourceConfig,
    UserRole,
)
from storage import queries
from storage.db import (
    DatabaseUnavailable,
    make_engine,
    session_scope,
    shown_url,
    unavailable,
    upgrade,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

log = logging.getLogger("mediawatch")


class UsageError(Exception):
    """The command line or its configuration cannot be used."""


# --- helpers ------------------------------------------------------------------


def printable(text: str) -> str:
    """``text`` without control characters, so feed text cannot drive the terminal."""
    return "".join(
        char if char in "\n\t" or unicodedata.category(char)[0] != "C" else " " for char in text
    )


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit(text: str, width: int) -> str:
    """Cut or pad ``text`` to ``width`` terminal columns (CJK counts double)."""
    out: list[str] = []
    used = 0
    for char in text.replace("\n", " "):
        char_width = _display_width(char)
        if used + char_width > width:
            if out:
                out[-1] = "…"
            break
        out.append(char)
        used += char_width
    return "".join(out) + " " * (width - min(used, width))


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 60
) -> str:
    """A plain-text table with columns sized to their content (CJK-aware)."""
    cells = [[("" if value is None else printable(str(value))) for value in row] for row in rows]
    widths = [
        min(max_width, max([_display_width(header)] + [_display_width(row[i]) for row in cells]))
        for i, header in enumerate(headers)
    ]
    lines = ["  ".join(_fit(header, widths[i]) for i, header in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(
        "  ".join(_fit(row[i], widths[i]) for i in range(len(headers))).rstrip() for row in cells
    )
    return "\n".join(lines)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-04-01") from error


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=JST)


def _load(args: argparse.Namespace) -> tuple[Config, Settings]:
    try:
        config = load_config(args.config)
        settings = load_settings()
    except (ConfigError, SettingsError) as error:
        raise UsageError(str(error)) from None
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    return config, settings


def _open_database(settings: Settings, *, create: bool = True) -> Engine:
    """The database of ``settings``, migrated to the newest revision.

    ``create=False`` is for read commands (``sources``, ``mentions``,
    ``report``, ``users list``, ``rematch``, ``period list``, ``labels export``,
    ``model evaluate``): a SQLite file that does not exist is ``DatabaseMissing``
    (exit 1, one line) rather than a new empty database. A database that
    cannot be opened or reached is ``DatabaseUnavailable`` (exit 1, one line
    naming the URL with its password hidden); a URL that is not one is a
    ``UsageError`` (exit 2).
    """
    try:
        engine = make_engine(settings.database_url, create=create)
    except (ArgumentError, ImportError) as error:
        raise UsageError(f"database URL {shown_url(settings.database_url)}: {error}") from None
    try:
        upgrade(engine)
    except (OperationalError, InterfaceError, DatabaseUnavailable) as error:
        engine.dispose()
        raise unavailable(settings.database_url, error) from error
    return engine


def _print_reports(reports: Sequence[SourceReport], out: TextIO) -> None:
    rows = [
        [
            report.source,
            report.outcome,
            "yes" if report.parsed else "no",
            report.entries,
            report.new_documents,
            report.new_mentions,
            report.new_publications,
            ", ".join(f"{k}={v}" for k, v in sorted(report.drops.items())),
            report.error or "",
        ]
        for report in reports
    ]
    headers = [
        "source",
        "outcome",
        "parsed",
        "entries",
        "new docs",
        "mentions",
        "pubs",
        "drops",
        "error",
    ]
    print(format_table(headers, rows, max_width=40), file=out)


# --- commands -----------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    """Validate sources.yaml and print what it declares."""
    config, _ = _load(args)
    targets = expand_sources(config)
    print(f"{args.config}: OK", file=args.out)
    print(
        f"institute: {config.institute.name} ({', '.join(config.institute.aliases)}); "
        f"fiscal year starts in month {config.institute.fiscal_year_start}",
        file=args.out,
    )
    print(f"experts: {len(config.experts)}", file=args.out)
    for expert in config.experts:
        groups = ", ".join(expert.groups) or "-"
        print(
            f"  {expert.id:24} {expert.name}  aliases={len(expert.aliases)}  groups={groups}",
            file=args.out,
        )
    print(f"outlets: {len(config.outlets)}", file=args.out)
    enabled = sum(1 for source in config.sources if source.enabled)
    print(
        f"sources: {len(config.sources)} ({enabled} enabled; {len(targets)} fetch targets "
        "after expanding search sources per alias)",
        file=args.out,
    )
    for source in config.sources:
        state = "" if source.enabled else "  (disabled)"
        print(f"  {source.kind.value:12} every {source.every}  {source.name}{state}", file=args.out)
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    """Database maintenance: ``db upgrade`` applies migrations."""
    _, settings = _load(args)
    _open_database(settings)
    print(f"database is up to date: {settings.database_url}", file=args.out)
    return EXIT_OK


def _chosen_sources(config: Config, names: Sequence[str] | None) -> list[SourceConfig]:
    targets = list(expand_sources(config))
    if not names:
        return targets
    chosen = [
        target
        for target in targets
        if target.name in names or any(target.name.startswith(f"{name} [") for name in names)
    ]
    unknown = [
        name
        for name in names
        if not any(t.name == name or t.name.startswith(f"{name} [") for t in targets)
    ]
    if unknown:
        known = ", ".join(source.name for source in config.sources)
        raise UsageError(f"unknown source {', '.join(map(repr, unknown))}; sources are: {known}")
    return chosen


def cmd_collect(args: argparse.Namespace) -> int:
    """Collect once from every enabled source (or the ones named) and exit."""
    config, settings = _load(args)
    sources = _chosen_sources(config, args.source)
    engine = _open_database(settings)

    async def once() -> list[SourceReport]:
        async with Fetcher(settings, trusted_hosts=source_hosts(config)) as fetcher:
            collector = Collector(config, settings, engine, fetcher)
            return await run_cycle(collector, sources, due_only=args.due_only)

    reports = asyncio.run(once())
    _print_reports(reports, args.out)
    failed = [r for r in reports if r.outcome in (FetchOutcome.SOFT_ERROR, FetchOutcome.HARD_ERROR)]
    print(
        f"{len(reports)} sources collected, {len(failed)} failed; "
        f"{sum(r.new_documents for r in reports)} new documents, "
        f"{sum(r.new_mentions for r in reports)} new mentions",
        file=args.out,
    )
    return EXIT_FAILED if reports and len(failed) == len(reports) else EXIT_OK


def _helper_command(args: argparse.Namespace) -> list[str]:
    """The command line of one more worker process of ``run --workers N``."""
    command = [sys.executable, "-m", "pipeline.cli", "run", "--workers", "1"]
    command += ["--config", str(args.config), "--tick", str(args.tick)]
    command += ["--log-format", args.log_format] + (["-v"] if args.verbose else [])
    return command


def cmd_run(args: argparse.Namespace) -> int:
    """Run the collection service (and with --with-web the review app) until SIGTERM or SIGINT.

    With ``--workers N`` this process is one worker and starts N-1 more; all of them
    claim their sources through the database, as workers on other machines do.
    """
    if args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    config, settings = _load(args)
    engine = _open_database(settings)
    if args.with_web:
        from review.server import run_with_web

        main = run_with_web(config, settings, engine, args.host, args.port, tick_seconds=args.tick)
    else:
        main = Service(config, settings, engine, tick_seconds=args.tick).run()
    # The helpers get the URL through the environment: a password stays out of `ps`.
    env = {**os.environ, "MEDIAWATCH_DATABASE_URL": settings.database_url}
    helpers = [_helper_command(args)] * (args.workers - 1)
    asyncio.run(run_with_helpers(main, helpers, env))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the staff review app until SIGTERM or SIGINT."""
    from review.server import serve

    config, settings = _load(args)
    engine = _open_database(settings)
    serve(config, settings, engine, args.host, args.port)
    return EXIT_OK


def _actor(args: argparse.Namespace) -> str:
    return str(args.by or f"cli:{getpass.getuser()}")


def cmd_review(args: argparse.Namespace) -> int:
    """Confirm or reject mentions by id, as the app does: each id's whole story × expert."""
    from storage import review as store

    _, settings = _load(args)
    if not args.ids:
        raise UsageError(f"{args.action} needs at least one mention id")
    engine = _open_database(settings, create=False)
    now = datetime.now(UTC)
    try:
        with session_scope(engine) as session:
            ids = [m for lead in args.ids for m in store.group_of(session, lead)]
            if args.action == "confirm":
                changed = store.confirm(
                    session,
                    ids,
                    actor=_actor(args),
                    now=now,
                    role=Role(args.role) if args.role else None,
                    note=args.note,
                )
            else:
                changed = store.reject(
                    session,
                    ids,
                    reason=RejectReason(args.reason),
                    actor=_actor(args),
                    now=now,
                    note=args.note,
                )
    except store.ReviewError as error:
        raise UsageError(str(error)) from None
    print(f"{args.action}ed {changed} of {len(ids)} mentions", file=args.out)
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    """Manage the review app's accounts: add, list, passwd, disable, enable."""
    from review.auth import WeakPassword, hash_password
    from storage import review as store

    _, settings = _load(args)
    engine = _open_database(settings, create=args.action != "list")
    now = datetime.now(UTC)
    try:
        if args.action == "list":
            with session_scope(engine) as session:
                accounts = store.users(session)
            rows = [
                [u.name, str(u.role), "disabled" if u.disabled else "", _when(u.created_at)]
                for u in accounts
            ]
            print(format_table(["name", "role", "state", "created (JST)"], rows), file=args.out)
            return EXIT_OK
        if not args.name:
            raise UsageError(f"users {args.action} needs a NAME")
        with session_scope(engine) as session:
            if args.action == "add":
                password = _read_password(args)
                store.add_user(
                    session,
                    name=args.name,
                    role=UserRole(args.role),
                    password_hash=hash_password(password),
                    actor=_actor(args),
                    now=now,
                )
            elif args.action == "passwd":
                store.set_user(
                    session,
                    args.name,
                    password_hash=hash_password(_read_password(args)),
                    actor=_actor(args),
                    now=now,
                )
            elif args.action == "role":
                store.set_user(
                    session, args.name, role=UserRole(args.role), actor=_actor(args), now=now
                )
            else:
                store.set_user(
                    session,
                    args.name,
                    disabled=args.action == "disable",
                    actor=_actor(args),
                    now=now,
                )
    except (store.ReviewError, WeakPassword) as error:
        raise UsageError(str(error)) from None
    print(f"user {args.name}: {args.action} done", file=args.out)
    return EXIT_OK


def _period(args: argparse.Namespace, config: Config) -> reporting.Period:
    start_month = config.institute.fiscal_year_start
    if args.fiscal_year is not None:
        return reporting.fiscal_year(args.fiscal_year, start_month)
    if args.year is not None:
        return reporting.calendar_year(args.year)
    if args.date_from is not None or args.date_to is not None:
        if args.date_from is None or args.date_to is None:
            raise UsageError("--from and --to go together")
        if args.date_to < args.date_from:
            raise UsageError("--to is before --from")
        return reporting.date_range(args.date_from, args.date_to)
    today = datetime.now(JST).date()
    year = today.year if today.month >= start_month else today.year - 1
    return reporting.fiscal_year(year, start_month)


def _for_group(config: Config, group: str | None) -> Config:
    """The config narrowed to one group's experts (a group or project report)."""
    if group is None:
        return config
    members = tuple(e for e in config.experts if group in e.groups)
    if not members:
        groups = sorted({g for e in config.experts for g in e.groups})
        raise UsageError(f"no expert is in group {group!r}; groups are: {', '.join(groups)}")
    return replace(config, experts=members)


def _print_comparison(
    args: argparse.Namespace, config: Config, engine: Engine, result: reporting.Report
) -> int:
    """``report --compare``: this period and another side by side, with the difference."""
    if args.format == "xlsx":
        raise UsageError("--compare prints md, json or csv")
    try:
        other_period = periods.parse_period(args.compare, config.institute.fiscal_year_start)
    except periods.PeriodLabelError as error:
        raise UsageError(str(error)) from None
    with session_scope(engine) as session:
        other = reporting.report_for_period(
            session,
            config,
            other_period,
            include_pending=args.include_pending,
            count_placements=result.count_placements,
        )
    if args.group is not None:
        other = reporting.authored_by(other, {e.id for e in config.experts})
    from pipeline import exports  # openpyxl: only the report command pays for it

    render = {
        "md": exports.comparison_markdown,
        "json": exports.comparison_json,
        "csv": exports.comparison_csv,
    }[args.format]
    text = render(result, other)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {args.output}", file=args.out)
    else:
        print(text, file=args.out)
    return EXIT_OK


def _closed_report(
    args: argparse.Namespace, config: Config, engine: Engine, period: reporting.Period
) -> int | None:
    """A closed period's report: its snapshot, then the amendments (md, json); None if open."""
    with session_scope(engine) as session:
        if args.format == "md":
            text = periods.closed_period_report(session, config, period)
        elif args.format == "json":
            text = periods.closed_period_json(session, config, period)
        else:
            text = None
            if periods.closed_period_json(session, config, period) is not None:
                print(
                    f"{period.label} is closed: this {args.format} shows today's numbers; "
                    "--format md or json reproduce the snapshot and list the amendments",
                    file=sys.stderr,
                )
    if text is None:
        return None
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=args.out)
    else:
        print(text, file=args.out)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Count appearances, talks and publications for a period and export them."""
    from pipeline import exports  # openpyxl: only the report command pays for it

    config, settings = _load(args)
    period = _period(args, config)
    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx needs --output FILE.xlsx")
    if args.items and args.format != "csv":
        raise UsageError("--items goes with --format csv")
    config = _for_group(config, args.group)
    engine = _open_database(settings, create=False)
    if not args.include_pending and args.group is None and args.compare is None:
        closed = _closed_report(args, config, engine, period)
        if closed is not None:
            return closed
    with session_scope(engine) as session:
        result = reporting.report_for_period(
            session,
            config,
            period,
            include_pending=args.include_pending,
            count_placements=args.placements or settings.count_placements,
        )
    if args.group is not None:
        result = reporting.authored_by(result, {e.id for e in config.experts})
    if args.compare is not None:
        return _print_comparison(args, config, engine, result)
    if args.format == "xlsx":
        exports.to_xlsx(result, Path(args.output), lang=args.lang)
        print(f"wrote {args.output}", file=args.out)
        return EXIT_OK
    if args.format == "csv":
        text = exports.items_csv(result) if args.items else exports.to_csv(result)
    elif args.format == "md":
        text = exports.to_markdown(result, lang=args.lang)
    else:
        text = exports.to_json(result)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {args.output}", file=args.out)
    else:
        print(text, file=args.out)
    status = exports.status_line(result, "en")
    if status and args.format != "md":
        print(status, file=sys.stderr)
    return EXIT_OK


def _when(value: datetime | None) -> str:
    return value.astimezone(JST).strftime("%Y-%m-%d %H:%M") if value else "-"


def cmd_sources(args: argparse.Namespace) -> int:
    """Show each source's health: last success, failures, last error, items found.

    Rows left from an older config are marked; ``--problems`` keeps the sources
    that fail again and again, answer with nothing new for longer than usual, or
    whose page selectors find nothing.
    """
    config, settings = _load(args)
    configured = {target.name for target in expand_sources(config)}
    engine = _open_database(settings, create=False)
    with session_scope(engine) as session:
        activity = queries.source_activity(session, datetime.now(UTC))
    if args.problems:
        activity = [row for row in activity if _problem(row, row.name in configured)]
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "name": row.name,
                        "kind": row.kind,
                        "enabled": row.enabled,
                        "in_config": row.name in configured,
                        "last_fetch_at": _iso(row.last_fetch_at),
                        "last_success_at": _iso(row.last_success_at),
                        "last_outcome": row.last_outcome,
                        "consecutive_failures": row.consecutive_failures,
                        "last_error": row.last_error,
                        "items_7d": row.items_7d,
                        "items_30d": row.items_30d,
                        "mentions_30d": row.mentions_30d,
                        "silent": row.silent,
                        "problem": _problem(row, row.name in configured),
                        "next_due_at": _iso(row.next_due_at),
                    }
                    for row in activity
                ],
                ensure_ascii=False,
                indent=2,
            ),
            file=args.out,
        )
        return EXIT_OK
    rows = [
        [
            row.name + ("" if row.name in configured else " (not in config)"),
            row.last_outcome or "never",
            _when(row.last_success_at),
            row.consecutive_failures,
            row.items_30d,
            "silent" if row.silent else "",
            _when(row.next_due_at),
            row.last_error or "",
        ]
        for row in activity
    ]
    headers = [
        "source",
        "last",
        "last success (JST)",
        "failures",
        "items 30 d",
        "flag",
        "next due (JST)",
        "error",
    ]
    print(format_table(headers, rows, max_width=40), file=args.out)
    return EXIT_OK


# Failures in a row that make a source a problem, not a passing hiccup.
REPEATED_FAILURES = 3


def _problem(row: queries.SourceActivity, in_config: bool) -> str | None:
    """Why a source needs a person, or None: repeated failures, silence, empty pages."""
    if not in_config:
        return None
    if row.consecutive_failures >= REPEATED_FAILURES:
        return f"failed {row.consecutive_failures} times in a row: {row.last_error or ''}".strip()
    if row.silent:
        return "answers but has brought nothing new for longer than usual"
    if row.kind == "page" and row.last_success_at is not None and row.items_30d == 0:
        return "its selectors found nothing in 30 days (broken selector?)"
    return None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _highlight(snippet: str, tty: bool) -> str:
    snippet = printable(snippet)
    if tty:
        return snippet.replace("[[", "\033[1;33m").replace("]]", "\033[0m")
    return snippet


def cmd_mentions(args: argparse.Namespace) -> int:
    """List what was found: expert, role, confidence, snippet and why it matched."""
    _, settings = _load(args)
    engine = _open_database(settings, create=False)
    limit = args.limit if args.limit is not None or args.format == "json" else 200
    if limit is not None and limit < 1:
        raise UsageError("--limit must be at least 1")
    with session_scope(engine) as session:
        rows = queries.mention_rows(
            session,
            status=MentionStatus(args.status) if args.status else None,
            expert_id=args.expert,
            since=_start_of_day(args.since) if args.since else None,
            min_confidence=args.min_confidence,
            role=Role(args.role) if args.role else None,
            # one more than shown tells whether the table was cut
            limit=None if limit is None else limit + 1,
        )
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    if args.format == "json":
        payload = [
            {
                "id": row.id,
                "status": row.status,
                "target_kind": row.target_kind,
                "expert_id": row.target_id if row.target_kind == "expert" else None,
                "target_id": row.target_id,
                "role": row.role,
                "confidence": row.confidence,
                "alias": row.alias,
                "snippet": row.snippet,
                "rule": row.rule,
                "reason": row.reason,
                "document_url": row.document_url,
                "title": row.document_title,
                "outlet": row.outlet,
                "media_type": row.media_type,
                "date": row.published_at.isoformat() if row.published_at else None,
                "story_id": row.story_id,
            }
            for row in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=args.out)
        return EXIT_OK
    tty = args.out.isatty()
    for row in rows:
        why = row.rule + (f"; {row.reason}" if row.reason else "")
        print(
            f"#{row.id} [{row.status}] {row.target_kind}:{row.target_id}  role={row.role}  "
            f"confidence={row.confidence:.2f}  {row.outlet or '-'}  {_when(row.published_at)}",
            file=args.out,
        )
        print(f"    {_highlight(row.snippet, tty)}", file=args.out)
        print(
            f"    why: matched {row.alias!r} ({printable(why)})  {row.document_url}", file=args.out
        )
    print(
        f"{len(rows)} mention{'' if len(rows) == 1 else 's'}"
        + (f" shown; more match (raise --limit, now {limit})" if more else ""),
        file=args.out,
    )
    return EXIT_OK


def cmd_rematch(args: argparse.Namespace) -> int:
    """Re-run matching over stored documents after the expert list changed."""
    config, settings = _load(args)
    engine = _open_database(settings, create=False)
    since = _start_of_day(args.since) if args.since else None
    result = rematch(config, engine, since=since, progress=args.out)
    print(
        f"{result.documents} documents re-matched, {result.new_mentions} new pending mentions",
        file=args.out,
    )
    return EXIT_OK


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 when the running service finished a tick recently, else 1."""
    _, settings = _load(args)
    age = heartbeat_age(Path(settings.heartbeat_file), datetime.now(UTC))
    if age is None:
        print(f"unhealthy: no heartbeat at {settings.heartbeat_file}", file=args.out)
        return EXIT_FAILED
    if age > args.max_age:
        print(f"unhealthy: last tick {age:.0f}s ago (limit {args.max_age}s)", file=args.out)
        return EXIT_FAILED
    print(f"healthy: last tick {age:.0f}s ago", file=args.out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the whole pipeline against a small offline news world and print the report."""
    from demo.world import run_demo, serve_demo

    if args.serve:
        return serve_demo(args.out, database_url=args.database_url, host=args.host, port=args.port)
    return run_demo(args.out, keep=args.keep, database_url=args.database_url)


# --- parser -------------------------------------------------------------------


def _web_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address the review app listens on (default: %(default)s)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port of the review app (default: %(default)s)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", default="sources.yaml", help="path to sources.yaml (default: %(default)s)"
    )
    common.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL (default: $MEDIAWATCH_DATABASE_URL or sqlite:///data/mediawatch.db)",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    common.add_argument(
        "--log-format",
        choices=["text", "json"],
        default="text",
        help="log lines as text or as one JSON object each (default: %(default)s)",
    )

    parser = argparse.ArgumentParser(
        prog="mediawatch",
        description="Media-appearance and publication monitoring for a policy institute.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", parents=[common], help="validate sources.yaml and summarise it"
    )
    check.set_defaults(handler=cmd_check)

    db = commands.add_parser("db", parents=[common], help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply migrations")
    db.set_defaults(handler=cmd_db)

    collect = commands.add_parser(
        "collect", parents=[common], help="collect once from the sources and exit"
    )
    collect.add_argument(
        "--once", action="store_true", help="one cycle (the default; kept for clarity)"
    )
    collect.add_argument(
        "--source", action="append", metavar="NAME", help="only this source (repeatable)"
    )
    collect.add_argument(
        "--due-only", action="store_true", help="skip sources that are not due yet"
    )
    collect.set_defaults(handler=cmd_collect)

    run = commands.add_parser("run", parents=[common], help="run the scheduled collection service")
    run.add_argument(
        "--tick", type=int, default=60, help="seconds between scheduler ticks (default: 60)"
    )
    run.add_argument(
        "--with-web", action="store_true", help="also serve the review app in the same process"
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes on this machine; they, and `run` on other machines against "
        "the same database, share the due sources (default: %(default)s)",
    )
    _web_arguments(run)
    run.set_defaults(handler=cmd_run)

    serve_cmd = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the staff review app",
        description="Serve the staff review app (sign in with an account from `users add`).",
    )
    _web_arguments(serve_cmd)
    serve_cmd.set_defaults(handler=cmd_serve)

    users_cmd = commands.add_parser(
        "users",
        parents=[common],
        help="review app accounts",
        description="Manage review app accounts. Roles: viewer (read), reviewer (review and "
        "add), admin (users and sources). Passwords are read from the terminal, or one line "
        "from stdin with --password-stdin, and stored as argon2 hashes.",
    )
    users_cmd.add_argument(
        "action", choices=["add", "list", "passwd", "role", "disable", "enable"], help="what to do"
    )
    users_cmd.add_argument("name", nargs="?", help="account name")
    users_cmd.add_argument(
        "--role",
        choices=[role.value for role in UserRole],
        default=UserRole.REVIEWER.value,
        help="role for add and role (default: %(default)s)",
    )
    users_cmd.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    users_cmd.add_argument("--by", help="who makes the change (default: cli:<login name>)")
    users_cmd.set_defaults(handler=cmd_users)

    report = commands.add_parser(
        "report", parents=[common], help="count appearances and publications"
    )
    period = report.add_mutually_exclusive_group()
    period.add_argument(
        "--fiscal-year", type=int, help="fiscal year, e.g. 2024 = 2024-04 to 2025-03"
    )
    period.add_argument("--year", type=int, help="calendar year")
    report.add_argument("--from", dest="date_from", type=_parse_day, help="first day (YYYY-MM-DD)")
    report.add_argument(
        "--to", dest="date_to", type=_parse_day, help="last day, inclusive (YYYY-MM-DD)"
    )
    report.add_argument("--format", choices=["json", "csv", "md", "xlsx"], default="md")
    report.add_argument("--output", "-o", help="write to this file instead of stdout")
    report.add_argument(
        "--include-pending", action="store_true", help="count unreviewed mentions too"
    )
    report.add_argument(
        "--placements", action="store_true", help="count placements instead of appearances"
    )
    report.add_argument(
        "--lang",
        choices=["ja", "en"],
        default="ja",
        help="language of the report's summary lines (default: %(default)s)",
    )
    report.add_argument("--group", help="only this group's or project's experts (e.g. 米国研究会)")
    report.add_argument(
        "--items", action="store_true", help="with --format csv: one row per counted item"
    )
    report.add_argument(
        "--compare",
        metavar="PERIOD",
        help="put another period beside this one, with the difference (FY2023, 2023, "
        "2023-04-01..2023-09-30)",
    )
    report.set_defaults(handler=cmd_report)

    sources = commands.add_parser("sources", parents=[common], help="source health")
    sources.add_argument(
        "--format", choices=["table", "json"], default="table", help="output (default: table)"
    )
    sources.add_argument(
        "--problems",
        action="store_true",
        help="only sources that need a person: repeated failures, silent, empty pages",
    )
    sources.set_defaults(handler=cmd_sources)

    mentions = commands.add_parser("mentions", parents=[common], help="list mentions found")
    mentions.add_argument(
        "--status",
        choices=[status.value for status in MentionStatus],
        help="only mentions in this review state (default: all)",
    )
    mentions.add_argument("--expert", help="expert id")
    mentions.add_argument(
        "--role",
        choices=[role.value for role in Role],
        help="only mentions of this role (default: all)",
    )
    mentions.add_argument("--since", type=_parse_day, help="published on or after (YYYY-MM-DD)")
    mentions.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        help="hide candidates below this confidence (0.5 hides the low-confidence namesakes; "
        "default: 0, show all)",
    )
    mentions.add_argument(
        "--limit",
        type=int,
        default=None,
        help="at most this many, newest first (default: every one for json, 200 for the table)",
    )
    mentions.add_argument(
        "--format", choices=["table", "json"], default="table", help="output (default: table)"
    )
    mentions.set_defaults(handler=cmd_mentions)
    review_actions = mentions.add_subparsers(dest="action", metavar="ACTION")
    for action, text in (
        ("confirm", "confirm mentions (each id's whole story × expert, as the app does)"),
        ("reject", "reject mentions with a reason (the rows stay as tombstones)"),
    ):
        decide = review_actions.add_parser(action, parents=[common], help=text, description=text)
        decide.add_argument("ids", nargs="+", type=int, metavar="ID", help="mention ids")
        decide.add_argument("--note", help="a note kept with the decision")
        decide.add_argument("--by", help="who decides (default: cli:<login name>)")
        if action == "confirm":
            decide.add_argument(
                "--role",
                choices=[role.value for role in Role],
                help="confirm with this role instead of the proposed one",
            )
        else:
            decide.add_argument(
                "--reason",
                choices=[reason.value for reason in RejectReason],
                default=RejectReason.OTHER.value,
                help="why (default: %(default)s)",
            )
        decide.set_defaults(handler=cmd_review)

    rematch_cmd = commands.add_parser(
        "rematch", parents=[common], help="re-run matching on stored documents"
    )
    rematch_cmd.add_argument(
        "--since", type=_parse_day, help="only documents published since (YYYY-MM-DD)"
    )
    rematch_cmd.set_defaults(handler=cmd_rematch)

    health = commands.add_parser("health", parents=[common], help="is the running service ticking?")
    health.add_argument(
        "--max-age", type=int, default=600, help="seconds a tick may be old (default: 600)"
    )
    health.set_defaults(handler=cmd_health)

    demo = commands.add_parser(
        "demo", parents=[common], help="offline demo on a local fixture news world"
    )
    demo.add_argument("--keep", action="store_true", help="keep the demo's temporary folder")
    demo.add_argument(
        "--serve",
        action="store_true",
        help="keep the world up and run the collector with the review app on it "
        "(database data/demo/demo.db unless --database-url is given)",
    )
    _web_arguments(demo)
    demo.set_defaults(handler=cmd_demo)
    labels_cli.register(commands, common)  # labels export, model train, model evaluate
    periods_cli.register(commands, common)  # period close, reopen, list
    return parser


def _database_url(args: argparse.Namespace) -> str:
    """The database URL a command used: ``--database-url`` or the settings'."""
    given = getattr(args, "database_url", None)
    if given:
        return str(given)
    try:
        return load_settings().database_url
    except SettingsError:
        return "(MEDIAWATCH_DATABASE_URL)"


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``mediawatch`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.out = out or sys.stdout
    logs.configure(verbose=args.verbose, json_lines=args.log_format == "json")
    try:
        code: int = args.handler(args)
    except UsageError as error:
        print(f"mediawatch {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (DatabaseUnavailable, OperationalError, InterfaceError) as error:
        # unreachable, missing, deleted or replaced database: one line, not a traceback
        log.debug("database trouble", exc_info=True)
        print(
            f"mediawatch {args.command}: {unavailable(_database_url(args), error)}", file=sys.stderr
        )
        return EXIT_FAILED
    except BrokenPipeError:  # output piped into head(1) and the like
        sys.stderr.close()
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
