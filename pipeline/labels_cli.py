"""The ``mediawatch labels`` and ``mediawatch model`` commands.

``labels export`` writes the staff decisions (``storage.labels``) as labelled
examples; ``model train`` trains the role model (``pipeline.rolemodel``) on
the labelled corpus plus every staff decision and writes a versioned model
file; ``model evaluate`` scores models trained on some corpus files on the
files they never saw.

``register(commands, common)`` adds both commands to the ``mediawatch``
parser; ``pipeline.cli`` calls it. Helpers of ``pipeline.cli`` are imported
inside the functions, since ``pipeline.cli`` imports this module. Handlers
print to ``args.out`` and return the exit code (0 ok, 1 failed, 2 usage).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.classify.model import DEFAULT_MODEL_FILE
from pipeline.settings import Settings, SettingsError, load_settings, models_folder
from pipeline.types import Config
from storage.labels import StaffLabel, staff_labels

if TYPE_CHECKING:
    # Imported where used: scikit-learn takes a second to load, and every
    # ``mediawatch`` command (the Docker health check too) builds this parser.
    from pipeline import rolemodel

#: The corpus ``model train`` and ``model evaluate`` read when it exists and none is named.
DEFAULT_CORPUS = Path("tests/corpus")

EXPORT_FIELDS = (
    "mention_id",
    "document_id",
    "expert",
    "lang",
    "decision",
    "role",
    "proposed_role",
    "reject_reason",
    "reviewed_at",
    "window",
)


# --- helpers ------------------------------------------------------------------


def _usage(message: str) -> Exception:
    from pipeline.cli import UsageError

    return UsageError(message)


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from the environment, ``--database-url`` overriding (no sources.yaml needed)."""
    try:
        settings = load_settings()
    except SettingsError as error:
        raise _usage(str(error)) from None
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    return settings


def _read_staff_labels(
    settings: Settings, since: datetime | None = None, *, create: bool = False
) -> list[StaffLabel]:
    """Every staff decision (since ``since``); a missing SQLite file is created only with
    ``create`` (``model train``), otherwise it is ``DatabaseMissing``."""
    from pipeline.cli import _open_database
    from storage.db import session_scope

    engine = _open_database(settings, create=create)
    try:
        with session_scope(engine) as session:
            return staff_labels(session, since=since)
    finally:
        engine.dispose()


def export_record(label: StaffLabel) -> dict[str, Any]:
    """One staff decision as a labelled example (JSON-ready; reviewed_at in ISO 8601)."""
    from pipeline import rolemodel

    return {
        "mention_id": label.mention_id,
        "document_id": label.document_id,
        "expert": label.expert_id,
        "lang": label.lang,
        "decision": str(label.decision),
        "role": str(label.role),
        "proposed_role": str(label.proposed_role),
        "reject_reason": str(label.reject_reason) if label.reject_reason else None,
        "reviewed_at": label.reviewed_at.isoformat(),
        "window": rolemodel.window_of(label),
    }


def _write_export(labels: Sequence[StaffLabel], fmt: str, out: TextIO) -> None:
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for label in labels:
            record = export_record(label)
            writer.writerow({k: "" if v is None else v for k, v in record.items()})
        return
    for label in labels:
        print(json.dumps(export_record(label), ensure_ascii=False), file=out)


def _corpus_dir(args: argparse.Namespace) -> Path | None:
    """The corpus folder asked for; the default one when it exists; else None."""
    from pipeline import rolemodel

    if args.corpus is None:
        return DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None
    folder = Path(args.corpus)
    if not folder.is_dir():
        raise _usage(f"--corpus {folder}: no such folder")
    if not rolemodel.corpus_files(folder):
        raise _usage(f"--corpus {folder}: holds no .jsonl files")
    return folder


def _matcher_config(args: argparse.Namespace, folder: Path) -> Config | None:
    """The experts the corpus labels name: its experts.yaml, else --config, else none."""
    from pipeline import rolemodel
    from pipeline.config import ConfigError, load_config

    corpus_experts = folder / rolemodel.CORPUS_EXPERTS
    path = corpus_experts if corpus_experts.is_file() else Path(args.config)
    if not path.is_file():
        return None
    try:
        return load_config(path)
    except ConfigError as error:
        raise _usage(str(error)) from None


def default_model_path(database_url: str, version: str) -> Path:
    """``models/role-<version>.pkl`` beside a SQLite database file, else under ./models."""
    return models_folder(database_url) / f"role-{version}.pkl"


def _accuracy_text(scores: dict[str, float]) -> str:
    return "  ".join(f"{key} {value:.3f}" for key, value in scores.items()) or "-"


# --- commands -----------------------------------------------------------------


def cmd_labels_export(args: argparse.Namespace) -> int:
    """Write every staff decision as a labelled example (JSON Lines or CSV)."""
    from pipeline.cli import _start_of_day

    settings = _settings(args)
    since = _start_of_day(args.since) if args.since else None
    labels = _read_staff_labels(settings, since)
    if args.output:
        path = Path(args.output)
        with path.open("w", encoding="utf-8", newline="") as handle:
            _write_export(labels, args.format, handle)
        where = str(path)
    else:
        _write_export(labels, args.format, args.out)
        where = "standard output"
    print(
        f"mediawatch labels export: wrote {len(labels)} labelled example"
        f"{'' if len(labels) == 1 else 's'} to {where}",
        file=sys.stderr,
    )
    return 0


def cmd_model_train(args: argparse.Namespace) -> int:
    """Train the role model on the corpus and every staff decision; write the model file."""
    from pipeline import rolemodel

    settings = _settings(args)
    folder = _corpus_dir(args)
    corpus: list[rolemodel.Example] = []
    if folder is not None:
        corpus = rolemodel.examples_from_corpus(folder, _matcher_config(args, folder))
    if args.default and folder is None:
        raise _usage("--default trains on the shipped corpus; pass --corpus DIR")
    # The shipped default is the corpus alone, so anyone can rebuild it bit for bit.
    staff = (
        []
        if args.default
        else rolemodel.examples_from_labels(_read_staff_labels(settings, create=True))
    )
    examples = corpus + staff
    try:
        model = rolemodel.train(examples, seed=args.seed)
    except rolemodel.TrainingError as error:
        print(f"mediawatch model train: {error}", file=sys.stderr)
        return 1
    if args.default:
        path = DEFAULT_MODEL_FILE
    elif args.output is None:
        path = default_model_path(settings.database_url, model.version)
    else:
        path = Path(args.output)
        if path.is_dir() or args.output.endswith(("/", "\\")):
            path = path / f"role-{model.version}.pkl"
    try:
        model.save(path)
    except (OSError, rolemodel.ModelFileError) as error:
        print(f"mediawatch model train: cannot write {path}: {error}", file=sys.stderr)
        return 1
    out = args.out
    print(f"version: {model.version}", file=out)
    print(
        f"examples: {len(examples)} (corpus {len(corpus)} from "
        f"{folder if folder is not None else 'no corpus'}, staff {len(staff)})",
        file=out,
    )
    print("roles: " + ", ".join(f"{role}={count}" for role, count in model.roles.items()), file=out)
    print(f"training accuracy: {_accuracy_text(rolemodel.evaluate(model, examples))}", file=out)
    print(f"wrote {path} and {rolemodel.metadata_path(path).name}", file=out)
    return 0


def _score_row(
    name: str,
    train_on: Sequence[rolemodel.Example],
    test_on: Sequence[rolemodel.Example],
    seed: int,
) -> tuple[list[object], dict[str, float]]:
    from pipeline import rolemodel

    model = rolemodel.train(train_on, seed=seed)
    scores = rolemodel.evaluate(model, test_on)
    cells: list[object] = [name, len(train_on), len(test_on)]
    cells += [f"{scores[k]:.3f}" if k in scores else "-" for k in ("ja", "en", "all")]
    return cells, scores


def _mean_row(label: str, all_scores: Sequence[dict[str, float]]) -> list[object]:
    cells: list[object] = [label, "", ""]
    for key in ("ja", "en", "all"):
        values = [scores[key] for scores in all_scores if key in scores]
        cells.append(f"{mean(values):.3f}" if values else "-")
    return cells


def cmd_model_evaluate(args: argparse.Namespace) -> int:
    """Blind scores: train without a corpus file, test on it; and batch by batch in order."""
    from pipeline import rolemodel
    from pipeline.cli import format_table

    folder = _corpus_dir(args)
    if folder is None:
        raise _usage(f"no corpus: {DEFAULT_CORPUS} does not exist here; pass --corpus DIR")
    files = rolemodel.corpus_files(folder)
    if len(files) < 2:
        raise _usage(f"--corpus {folder}: needs at least two .jsonl files to hold one out")
    staff: list[rolemodel.Example] = []
    if args.with_staff:  # first: a missing database fails before the corpus is read
        staff = rolemodel.examples_from_labels(_read_staff_labels(_settings(args)))
    config = _matcher_config(args, folder)
    per_file = {path: rolemodel.examples_from_corpus(path, config) for path in files}
    headers = ["test file", "trained on", "tested", "ja", "en", "all"]
    out = args.out
    try:
        rows: list[list[object]] = []
        held_out: list[dict[str, float]] = []
        for path in files:
            others = [e for other in files if other != path for e in per_file[other]]
            cells, scores = _score_row(path.name, others + staff, per_file[path], args.seed)
            rows.append(cells)
            held_out.append(scores)
        rows.append(_mean_row("mean", held_out))
        print("each file scored by a model trained on all the others:", file=out)
        print(format_table(headers, rows), file=out)

        rows, forward = [], []
        for index, path in enumerate(files):
            before = [e for other in files[:index] for e in per_file[other]]
            if rolemodel.batch_number(path) is None or not before:
                continue
            cells, scores = _score_row(path.name, before + staff, per_file[path], args.seed)
            rows.append(cells)
            forward.append(scores)
        if rows:
            rows.append(_mean_row("mean", forward))
            print("", file=out)
            print("each numbered batch scored by a model trained on the files before it:", file=out)
            print(format_table(headers, rows), file=out)
    except rolemodel.TrainingError as error:
        print(f"mediawatch model evaluate: {error}", file=sys.stderr)
        return 1
    if staff:
        print(f"(every model also trained on {len(staff)} staff examples)", file=out)
    return 0


# --- parser -------------------------------------------------------------------


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add ``labels`` and ``model`` (with their subcommands) to the ``mediawatch`` parser.

    ``common`` is the parent parser holding ``--config``, ``--database-url``
    and ``-v``; every leaf subcommand takes it.
    """
    from pipeline.cli import _parse_day

    labels = commands.add_parser(
        "labels",
        help="staff decisions as labelled examples",
        description="Staff review decisions (confirmed, corrected, rejected) as labelled data.",
    )
    labels_commands = labels.add_subparsers(dest="labels_command", metavar="ACTION", required=True)
    export = labels_commands.add_parser(
        "export",
        parents=[common],
        help="write every staff decision as a labelled example",
        description="Write every expert mention a person decided, oldest decision first: the "
        "text window around the name ([[name]]), expert, role, proposed_role, decision "
        "(confirmed, corrected, rejected), reject_reason, lang, mention_id and reviewed_at "
        "(ISO 8601 with offset). Manual entries are left out. The count goes to stderr.",
    )
    export.add_argument(
        "--since",
        type=_parse_day,
        metavar="YYYY-MM-DD",
        help="only decisions made on or after this day, Asia/Tokyo (default: all)",
    )
    export.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (default: standard output)"
    )
    export.add_argument(
        "--format",
        choices=["jsonl", "csv"],
        default="jsonl",
        help="one JSON object per line, or CSV with a header (default: %(default)s)",
    )
    export.set_defaults(handler=cmd_labels_export)

    model = commands.add_parser(
        "model",
        help="train and evaluate the role model",
        description="The character-n-gram role model trained on the corpus and staff decisions.",
    )
    model_commands = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    corpus_help = (
        "labelled corpus folder of .jsonl files (and experts.yaml) "
        f"(default: {DEFAULT_CORPUS} if it exists)"
    )
    train = model_commands.add_parser(
        "train",
        parents=[common],
        help="train on the corpus plus every staff decision; write the model file",
        description="Train the role model on the labelled corpus plus every staff decision in "
        "the database, write the versioned model (pickle, with a JSON metadata file beside it) "
        "and print its version, example counts and training accuracy.",
    )
    train.add_argument("--corpus", metavar="DIR", help=corpus_help)
    train.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="model file, or a folder for role-<version>.pkl (default: models/role-<version>.pkl "
        "beside a SQLite database file, else ./models/)",
    )
    train.add_argument(
        "--seed", type=int, default=0, help="random seed of the training (default: %(default)s)"
    )
    train.add_argument(
        "--default",
        action="store_true",
        help="rebuild the model shipped with the package from the corpus alone "
        "(pipeline/classify/role_model.pkl; no staff decisions)",
    )
    train.set_defaults(handler=cmd_model_train)

    evaluate = model_commands.add_parser(
        "evaluate",
        parents=[common],
        help="blind scores: each corpus file tested by a model that never saw it",
        description="Accuracy per language of a model trained on all corpus files but one, "
        "tested on that one, for each file, and the mean; then, for the numbered batches in "
        "order, a model trained on the files before each batch tested on it.",
    )
    evaluate.add_argument("--corpus", metavar="DIR", help=corpus_help)
    evaluate.add_argument(
        "--with-staff",
        action="store_true",
        help="also train every model on the staff decisions in the database (default: corpus only)",
    )
    evaluate.add_argument(
        "--seed", type=int, default=0, help="random seed of the training (default: %(default)s)"
    )
    evaluate.set_defaults(handler=cmd_model_evaluate)
