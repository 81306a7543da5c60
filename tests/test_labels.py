"""Staff decisions as labelled examples (storage/labels.py), the role model that trains on
them (pipeline/rolemodel.py) and the ``labels``/``model`` commands (pipeline/labels_cli.py).

Tests taking ``engine``/``db_url`` run on SQLite and PostgreSQL (tests/dbfixtures.py).
The corpus texts used are small slices of tests/corpus and a few written here, so the
module stays fast; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pipeline import labels_cli, rolemodel
from pipeline.classify.model import RoleFeatures
from pipeline.types import MentionCandidate, RejectReason, Role, TargetKind
from storage import review, writes
from storage.db import session_scope
from storage.labels import Decision, StaffLabel, staff_labels
from storage.models import Mention

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
T0 = datetime(2024, 6, 1, 3, 0, tzinfo=UTC)

FILLER = "政府は来年度の予算案について与野党の協議を続けている。" * 12
JA_TEXT = (
    FILLER
    + "\n5月3日、NHK「国際報道2024」に小谷哲男主任研究員が出演し、日米同盟について解説した。"
    + "戸﨑洋史軍縮・科学技術センター所長は「核軍縮は後退している」と述べた。"
    + "地元の桒原響子さん（81）は農業を営む。市川とみ子所長も会見に出席した。\n"
    + FILLER
)
EN_TEXT = (
    "The alliance is entering a new phase, said KOTANI Tetsuo, a senior fellow at the "
    "Japan Institute of International Affairs, in an interview on Tuesday."
)


# --- helpers --------------------------------------------------------------------


def _document(url: str, title: str, text: str, language: str | None) -> writes.NewDocument:
    return writes.NewDocument(
        story_id=None,
        source_name="nhk",
        url=url,
        canonical_url=url,
        guid=None,
        title=title,
        text=text,
        summary="",
        byline=None,
        published_at=T0,
        language=language,
        outlet="NHK",
        media_type="tv",
        fingerprint=f"fp-{url}",
        signature=None,
        band_keys=(),
        url_keys=(),
        credit=None,
        now=T0,
    )


def _candidate(target_id: str, alias: str, role: Role, snippet: str) -> MentionCandidate:
    return MentionCandidate(
        target_kind=TargetKind.EXPERT,
        target_id=target_id,
        alias=alias,
        start=0,
        end=len(alias),
        snippet=snippet,
        role=role,
        confidence=0.9,
        rule="test",
        reason="test",
    )


def _mention_ids(session: Session, document_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Mention.target_id, Mention.id).where(Mention.document_id == document_id)
    )
    return {target: mention_id for target, mention_id in rows}


@dataclass(frozen=True)
class Decided:
    """Ids of the mentions ``_decide`` stored and decided."""

    confirmed: int
    corrected: int
    rejected: int
    pending: int
    english: int
    not_found: int
    manual: int


def _decide(engine: Engine) -> Decided:
    """Two documents, machine mentions and staff decisions at T0+1h … T0+5h."""
    with session_scope(engine) as session:
        ja = writes.add_document(
            session, _document("https://example.jp/a/1", "日米同盟の行方", JA_TEXT, "ja")
        )
        en = writes.add_document(
            session, _document("https://example.com/a/2", "Alliance", EN_TEXT, None)
        )
        assert ja is not None and en is not None
        writes.add_mentions(
            session,
            ja,
            [
                _candidate("kotani-tetsuo", "小谷哲男", Role.APPEARANCE, "…に[[小谷哲男]]主任…"),
                _candidate("tosaki-hirofumi", "戸﨑洋史", Role.MENTION, "[[戸﨑洋史]]軍縮…"),
                _candidate("kuwahara-kyoko", "桒原響子", Role.MENTION, "地元の[[桒原響子]]さん"),
                _candidate("ichikawa-tomiko", "市川とみ子", Role.MENTION, "[[市川とみ子]]所長"),
                # Neither the alias nor the snippet's words are in the text: the snippet stands.
                _candidate("sasae-kenichiro", "佐々江賢一郎", Role.QUOTE, "[[佐々江理事長]]は"),
            ],
            T0,
        )
        # The stored alias is the configured name; the text prints it surname first.
        writes.add_mentions(
            session,
            en,
            [_candidate("kotani-tetsuo", "Tetsuo Kotani", Role.QUOTE, "said [[KOTANI Tetsuo]], a")],
            T0,
        )
        ids = _mention_ids(session, ja)
        english = _mention_ids(session, en)["kotani-tetsuo"]
    hour = timedelta(hours=1)
    with session_scope(engine) as session:
        review.correct(
            session,
            [ids["tosaki-hirofumi"]],
            review.Correction(role=Role.QUOTE),
            actor="sato",
            now=T0 + hour,
        )
        review.reject(
            session,
            [ids["kuwahara-kyoko"]],
            reason=RejectReason.NAMESAKE,
            actor="sato",
            now=T0 + 2 * hour,
        )
        review.confirm(session, [ids["kotani-tetsuo"]], actor="suzuki", now=T0 + 3 * hour)
        review.confirm(session, [english], actor="suzuki", now=T0 + 4 * hour)
        review.confirm(session, [ids["sasae-kenichiro"]], actor="suzuki", now=T0 + 5 * hour)
        (manual,) = review.add_manual_entry(
            session,
            review.ManualEntry(
                expert_ids=("kotani-tetsuo",),
                role=Role.APPEARANCE,
                outlet="BSフジ",
                media_type="tv",
                title="プライムニュース",
                published_at=T0,
            ),
            actor="suzuki",
            now=T0 + 6 * hour,
        )
    return Decided(
        confirmed=ids["kotani-tetsuo"],
        corrected=ids["tosaki-hirofumi"],
        rejected=ids["kuwahara-kyoko"],
        pending=ids["ichikawa-tomiko"],
        english=english,
        not_found=ids["sasae-kenichiro"],
        manual=manual,
    )


def _parser() -> argparse.ArgumentParser:
    """The ``mediawatch`` parser shape, with only the commands of labels_cli."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default="sources.yaml")
    common.add_argument("--database-url", default=None)
    common.add_argument("-v", "--verbose", action="store_true")
    parser = argparse.ArgumentParser(prog="mediawatch")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    labels_cli.register(commands, common)
    return parser


def _run(*argv: str) -> tuple[int, str]:
    """Run a labels_cli command as ``pipeline.cli.main`` would; (exit code, stdout)."""
    from pipeline.cli import EXIT_USAGE, UsageError

    args = _parser().parse_args(list(argv))
    args.out = io.StringIO()
    try:
        code = args.handler(args)
    except UsageError:
        return EXIT_USAGE, args.out.getvalue()
    assert isinstance(code, int)
    return code, args.out.getvalue()


# --- storage.labels ---------------------------------------------------------------


def test_staff_labels_are_the_decisions_oldest_first_since(engine: Engine) -> None:
    decided = _decide(engine)
    with session_scope(engine) as session:
        labels = staff_labels(session)
    by_id = {label.mention_id: label for label in labels}
    assert [label.mention_id for label in labels] == [
        decided.corrected,
        decided.rejected,
        decided.confirmed,
        decided.english,
        decided.not_found,
    ]
    assert decided.pending not in by_id and decided.manual not in by_id

    corrected = by_id[decided.corrected]
    assert (corrected.decision, corrected.role, corrected.proposed_role) == (
        Decision.CORRECTED,
        Role.QUOTE,
        Role.MENTION,
    )
    assert (corrected.expert_id, corrected.lang, corrected.reviewed_by) == (
        "tosaki-hirofumi",
        "ja",
        "sato",
    )
    assert corrected.reviewed_at == T0 + timedelta(hours=1)
    assert corrected.reviewed_at.tzinfo is not None
    assert (
        "[[戸﨑洋史]]軍縮・科学技術センター所長は「核軍縮は後退している」"
        in rolemodel.window_of(corrected)
    )

    rejected = by_id[decided.rejected]
    assert (rejected.decision, rejected.role, rejected.proposed_role, rejected.reject_reason) == (
        Decision.REJECTED,
        Role.MENTION,
        Role.MENTION,
        RejectReason.NAMESAKE,
    )
    assert "地元の[[桒原響子]]さん（81）は農業を営む" in rolemodel.window_of(rejected)

    confirmed = by_id[decided.confirmed]
    assert (confirmed.decision, confirmed.role, confirmed.proposed_role) == (
        Decision.CONFIRMED,
        Role.APPEARANCE,
        Role.APPEARANCE,
    )
    assert "「国際報道2024」に[[小谷哲男]]主任研究員が出演し" in rolemodel.window_of(confirmed)

    with session_scope(engine) as session:
        later = staff_labels(session, since=T0 + timedelta(hours=3))
    assert [label.mention_id for label in later] == [
        decided.confirmed,
        decided.english,
        decided.not_found,
    ]


def test_staff_label_windows_and_a_role_changed_back(engine: Engine) -> None:
    decided = _decide(engine)
    with session_scope(engine) as session:
        by_id = {label.mention_id: label for label in staff_labels(session)}
    confirmed = rolemodel.window_of(by_id[decided.confirmed])
    # About WINDOW_RADIUS characters either side of the name; line breaks folded.
    head, tail = confirmed.split("[[小谷哲男]]")
    assert len(head) <= rolemodel.WINDOW_RADIUS
    assert len(tail) <= rolemodel.WINDOW_RADIUS
    assert len(head) > 150 and len(tail) > 150
    assert "\n" not in confirmed

    english = by_id[decided.english]  # alias not in the text: the snippet's words are
    assert english.lang == "en"  # no declared language: guessed from the text
    assert "phase, said [[KOTANI Tetsuo]], a senior fellow" in rolemodel.window_of(english)
    assert rolemodel.window_of(english).startswith("Alliance The alliance")  # title + text

    not_found = by_id[decided.not_found]  # neither: the snippet itself
    assert rolemodel.window_of(not_found) == "[[佐々江理事長]]は"

    # A role changed and then changed back is a confirmation of the machine's role.
    with session_scope(engine) as session:
        review.confirm(
            session,
            [decided.corrected],
            role=Role.MENTION,
            actor="sato",
            now=T0 + timedelta(days=1),
        )
    with session_scope(engine) as session:
        label = next(x for x in staff_labels(session) if x.mention_id == decided.corrected)
    assert (label.decision, label.role, label.proposed_role) == (
        Decision.CONFIRMED,
        Role.MENTION,
        Role.MENTION,
    )


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("あいう小谷哲男えお", 3, 7, "あいう[[小谷哲男]]えお"),
        ("said\n  KOTANI Tetsuo,\n\na fellow", 7, 20, "said [[KOTANI Tetsuo]], a fellow"),
        ("Kotani", 0, 6, "[[Kotani]]"),
    ],
    ids=["japanese", "line-breaks", "whole"],
)
def test_windows_fold_whitespace_and_mark_the_name(
    text: str, start: int, end: int, expected: str
) -> None:
    assert rolemodel.text_window(text, start, end) == expected


# --- labels export ------------------------------------------------------------------


def test_labels_export_writes_a_corrected_example(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    decided = _decide(engine)
    code, out = _run("labels", "export", "--database-url", db_url)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 5
    assert "wrote 5 labelled examples to standard output" in capsys.readouterr().err
    corrected = next(r for r in records if r["mention_id"] == decided.corrected)
    assert corrected == {
        "mention_id": decided.corrected,
        "document_id": corrected["document_id"],
        "expert": "tosaki-hirofumi",
        "lang": "ja",
        "decision": "corrected",
        "role": "quote",
        "proposed_role": "mention",
        "reject_reason": None,
        "reviewed_at": "2024-06-01T04:00:00+00:00",
        "window": corrected["window"],
    }
    assert "[[戸﨑洋史]]" in corrected["window"]
    rejected = next(r for r in records if r["mention_id"] == decided.rejected)
    assert (rejected["decision"], rejected["reject_reason"]) == ("rejected", "namesake")


def test_labels_export_since_csv_to_a_file(
    engine: Engine, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _decide(engine)
    target = tmp_path / "labels.csv"
    code, out = _run(
        "labels",
        "export",
        "--database-url",
        db_url,
        "--since",
        "2024-06-02",
        "--format",
        "csv",
        "--output",
        str(target),
    )
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(labels_cli.EXPORT_FIELDS)
    # --since is a day in Asia/Tokyo: 2024-06-02 00:00 JST is 2024-06-01 15:00 UTC.
    assert "wrote 0 labelled examples" in capsys.readouterr().err
    code, _ = _run(
        "labels", "export", "--database-url", db_url, "--since", "2024-06-01", "-o", str(target)
    )
    assert code == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5


def test_every_subcommand_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["labels", "export"],
        ["model", "train"],
        ["model", "evaluate"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            _parser().parse_args([*argv, "--help"])
        assert exit_info.value.code == 0
        text = capsys.readouterr().out
        assert "default" in text and "--database-url" in text
    with pytest.raises(SystemExit) as exit_info:
        _parser().parse_args(["labels", "export", "--since", "June"])
    assert exit_info.value.code == 2


def test_the_mediawatch_command_registers_them() -> None:
    from pipeline import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["model", "train", "--help"], out=io.StringIO())
    assert exit_info.value.code == 0


# --- the role model -------------------------------------------------------------------

TINY_CORPUS = [
    (
        "ja-1",
        "ja",
        "NHK「国際報道」に小谷哲男主任研究員が出演した。",
        "kotani-tetsuo",
        "appearance",
    ),
    (
        "ja-2",
        "ja",
        "BSフジ「プライムニュース」に戸﨑洋史所長が出演した。",
        "tosaki-hirofumi",
        "appearance",
    ),
    ("ja-3", "ja", "小谷哲男主任研究員は「同盟は重要だ」と述べた。", "kotani-tetsuo", "quote"),
    ("ja-4", "ja", "戸﨑洋史所長は「核軍縮は後退した」と指摘した。", "tosaki-hirofumi", "quote"),
    (
        "ja-5",
        "ja",
        "【寄稿】小谷哲男「日米同盟の行方」『外交』2024年3月号",
        "kotani-tetsuo",
        "authored",
    ),
    (
        "ja-6",
        "ja",
        "【寄稿】戸﨑洋史「軍備管理の動揺」『中央公論』2024年6月号",
        "tosaki-hirofumi",
        "authored",
    ),
    (
        "en-1",
        "en",
        "Tetsuo Kotani appeared on NHK World's Newsline on Monday.",
        "kotani-tetsuo",
        "appearance",
    ),
    (
        "en-2",
        "en",
        '"Deterrence matters," said Hirofumi Tosaki of JIIA.',
        "tosaki-hirofumi",
        "quote",
    ),
    ("en-3", "en", '"The alliance holds," said Tetsuo Kotani of JIIA.', "kotani-tetsuo", "quote"),
    (
        "en-4",
        "en",
        "Hirofumi Tosaki appeared on BBC World News on Friday.",
        "tosaki-hirofumi",
        "appearance",
    ),
]


def _write_corpus(folder: Path, batches: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS_DIR / "experts.yaml", folder / "experts.yaml")
    for batch in range(batches):
        lines = [
            json.dumps(
                {
                    "id": f"{case_id}-{batch}",
                    "lang": lang,
                    "text": text,
                    "byline": None,
                    "outlet_media_type": None,
                    "experts": [{"id": expert, "role": role}],
                    "note": "",
                },
                ensure_ascii=False,
            )
            for case_id, lang, text, expert, role in TINY_CORPUS[batch % 2 :: 1 + batch % 2]
        ]
        (folder / f"blind_batch{batch + 1}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def _label(window: str, role: Role, decision: Decision, lang: str = "ja") -> StaffLabel:
    return StaffLabel(
        mention_id=1,
        document_id=1,
        expert_id="kotani-tetsuo",
        lang=lang,
        title="",
        byline=None,
        text=window.replace("[[", "").replace("]]", ""),
        alias=window.split("[[")[1].split("]]")[0] if "[[" in window else "",
        snippet=window,
        role=role,
        proposed_role=role,
        decision=decision,
        reject_reason=RejectReason.NAMESAKE if decision is Decision.REJECTED else None,
        reviewed_by="sato",
        reviewed_at=T0,
        rule="cue:述べた",
        media_type="newspaper",
    )


def test_corpus_examples_are_windows_around_the_matched_name(tmp_path: Path) -> None:
    examples = rolemodel.examples_from_corpus(_write_corpus(tmp_path / "corpus", batches=1))
    assert len(examples) == len(TINY_CORPUS)
    first = examples[0]
    assert (first.features.window, first.lang, first.role, first.source) == (
        "NHK「国際報道」に[[小谷哲男]]主任研究員が出演した。",
        "ja",
        "appearance",
        "corpus",
    )
    # What the rules saw is part of the example: the rule and the role it pointed to.
    assert first.features.rule and first.features.rule_role == "appearance"
    assert examples[7].features.window == '"Deterrence matters," said [[Hirofumi Tosaki]] of JIIA.'
    # One file of the folder: the experts.yaml beside it is found all the same.
    assert rolemodel.examples_from_corpus(tmp_path / "corpus" / "blind_batch1.jsonl") == examples


def test_corpus_not_expert_examples_and_capped_text(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    record = {
        "id": "x",
        "lang": "ja",
        "text": "先発の小谷哲男は7回を4安打2失点に抑えた。" + "あ" * 600,
        "experts": [{"id": "tosaki-hirofumi", "role": "mention"}],
    }
    (folder / "a.jsonl").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    # No experts.yaml: the capped text, no not_expert examples.
    (only,) = rolemodel.examples_from_corpus(folder)
    assert only.role == "mention" and len(only.features.window) == rolemodel.CAPPED_TEXT
    shutil.copy(CORPUS_DIR / "experts.yaml", folder / "experts.yaml")
    examples = rolemodel.examples_from_corpus(folder)
    assert [e.role for e in examples] == ["mention", rolemodel.NOT_EXPERT]
    assert examples[1].features.window.startswith("先発の[[小谷哲男]]は7回を")


def test_corpus_files_are_in_batch_order(tmp_path: Path) -> None:
    for name in ("blind_batch10", "blind_batch4", "mentions", "heldout", "blind_batch9"):
        (tmp_path / f"{name}.jsonl").write_text("", "utf-8")
    assert [p.stem for p in rolemodel.corpus_files(tmp_path)] == [
        "heldout",
        "mentions",
        "blind_batch4",
        "blind_batch9",
        "blind_batch10",
    ]


def test_examples_from_labels() -> None:
    labels = [
        _label("[[小谷哲男]]氏は「…」と述べた", Role.QUOTE, Decision.CORRECTED),
        _label("先発の[[小谷哲男]]は", Role.MENTION, Decision.REJECTED),
        _label("[[Tetsuo Kotani]] appeared", Role.APPEARANCE, Decision.CONFIRMED, "en"),
    ]
    examples = rolemodel.examples_from_labels(labels)
    assert [(e.role, e.lang, e.source) for e in examples] == [
        ("quote", "ja", "staff"),
        (rolemodel.NOT_EXPERT, "ja", "staff"),
        ("appearance", "en", "staff"),
    ]


def test_training_reads_staff_labels_and_is_deterministic(tmp_path: Path) -> None:
    corpus = rolemodel.examples_from_corpus(_write_corpus(tmp_path / "corpus"))
    staff = rolemodel.examples_from_labels(
        [
            _label("地元の[[小谷哲男]]さん（81）は農業を営む", Role.MENTION, Decision.REJECTED),
            _label("[[戸﨑洋史]]所長は「後退した」と述べた", Role.QUOTE, Decision.CORRECTED),
        ]
    )
    model = rolemodel.train(corpus + staff)
    assert model.counts == {"corpus": len(corpus), "staff": 2}
    assert model.roles[rolemodel.NOT_EXPERT] == 1  # only staff taught it
    assert rolemodel.NOT_EXPERT in model.classes
    assert model.version.startswith("model-") and len(model.version) == len("model-") + 12
    assert rolemodel.train(corpus).version != model.version

    texts = [e.features for e in corpus + staff]
    again = rolemodel.train(corpus + staff)
    assert again.version == model.version
    assert again.predict(texts) == model.predict(texts)

    scores = rolemodel.evaluate(model, corpus + staff)
    assert set(scores) == {"all", "en", "ja"}
    assert scores["all"] >= 0.8
    assert all(0.0 <= p <= 1.0 for _, p in model.predict(texts))


def test_save_and_load(tmp_path: Path) -> None:
    corpus = rolemodel.examples_from_corpus(_write_corpus(tmp_path / "corpus"))
    model = rolemodel.train(corpus, seed=3)
    path = tmp_path / "models" / f"role-{model.version}.pkl"
    meta_path = model.save(path)
    metadata = json.loads(meta_path.read_text("utf-8"))
    assert meta_path == path.with_suffix(".json")
    assert (metadata["version"], metadata["seed"], metadata["counts"]) == (
        model.version,
        3,
        {"corpus": len(corpus)},
    )
    loaded = rolemodel.load(path)
    assert (loaded.version, loaded.classes, loaded.counts) == (
        model.version,
        model.classes,
        model.counts,
    )
    texts = [e.features for e in corpus]
    assert loaded.predict(texts) == model.predict(texts)

    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(rolemodel.ModelFileError, match="sha256"):
        rolemodel.load(path)
    with pytest.raises(rolemodel.ModelFileError):
        rolemodel.load(tmp_path / "missing.pkl")


def test_training_needs_two_roles() -> None:
    with pytest.raises(rolemodel.TrainingError):
        rolemodel.train(
            [rolemodel.Example(RoleFeatures("[[a]] b", "en", "", "quote"), "quote")] * 3
        )
    with pytest.raises(rolemodel.TrainingError):
        rolemodel.train([])


def test_a_slice_of_the_real_corpus_trains_and_scores() -> None:
    examples = rolemodel.examples_from_corpus(CORPUS_DIR / "mentions.jsonl")
    assert {e.lang for e in examples} == {"ja", "en"}
    assert {e.role for e in examples} <= {*(r.value for r in Role), rolemodel.NOT_EXPERT}
    assert sum("[[" in e.features.window for e in examples) == len(examples)
    model = rolemodel.train(examples[:200])
    assert rolemodel.evaluate(model, examples[:200])["all"] > 0.9


# --- model train / evaluate ------------------------------------------------------------


def test_model_train_reads_the_staff_decisions(engine: Engine, db_url: str, tmp_path: Path) -> None:
    _decide(engine)
    corpus = _write_corpus(tmp_path / "corpus")
    output = tmp_path / "models"
    argv = ("model", "train", "--database-url", db_url, "--corpus", str(corpus), "-o", f"{output}/")
    code, out = _run(*argv)
    assert code == 0, out
    assert "staff 5)" in out and "corpus 15 from" in out
    assert "training accuracy: all " in out
    version = out.splitlines()[0].removeprefix("version: ")
    model_file = output / f"role-{version}.pkl"
    metadata = json.loads(model_file.with_suffix(".json").read_text("utf-8"))
    assert metadata["counts"] == {"corpus": 15, "staff": 5}
    assert metadata["roles"][rolemodel.NOT_EXPERT] == 1  # the rejected namesake

    with session_scope(engine) as session:
        labels = staff_labels(session)
    windows = [e.features for e in rolemodel.examples_from_labels(labels)]
    model = rolemodel.load(model_file)
    assert rolemodel.NOT_EXPERT in model.classes  # only the staff's rejection taught it
    first = model.predict(windows)

    model_file.unlink()
    code, again = _run(*argv)  # retrained on the same data: same version, same answers
    assert code == 0 and again.splitlines()[0] == f"version: {version}"
    assert rolemodel.load(model_file).predict(windows) == first


def test_model_train_default_path_and_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db_url = f"sqlite:///{tmp_path}/data/x.db"
    corpus = _write_corpus(tmp_path / "corpus")
    code, out = _run("model", "train", "--database-url", db_url, "--corpus", str(corpus))
    assert code == 0, out
    version = out.splitlines()[0].removeprefix("version: ")
    assert (tmp_path / "data" / "models" / f"role-{version}.pkl").is_file()
    assert (tmp_path / "data" / "models" / f"role-{version}.json").is_file()
    # No corpus here (no tests/corpus under tmp_path) and no staff decisions: nothing to learn.
    code, _ = _run("model", "train", "--database-url", db_url)
    assert code == 1
    code, _ = _run("model", "train", "--database-url", db_url, "--corpus", "nowhere")
    assert code == 2


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///data/x.db", Path("data/models/role-model-abc.pkl")),
        ("sqlite:////srv/db/m.db", Path("/srv/db/models/role-model-abc.pkl")),
        ("sqlite://", Path("models/role-model-abc.pkl")),
        ("postgresql://u@127.0.0.1/db", Path("models/role-model-abc.pkl")),
    ],
    ids=["sqlite-relative", "sqlite-absolute", "sqlite-memory", "postgresql"],
)
def test_default_model_path(url: str, expected: Path) -> None:
    assert labels_cli.default_model_path(url, "model-abc") == expected


def test_model_evaluate_scores_unseen_files(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus", batches=3)
    code, out = _run("model", "evaluate", "--corpus", str(corpus))
    assert code == 0, out
    assert "trained on all the others" in out and "trained on the files before it" in out
    assert out.count("blind_batch2.jsonl") == 2 and out.count("blind_batch1.jsonl") == 1
    assert out.count("mean") == 2
    single = tmp_path / "single"
    single.mkdir()
    shutil.copy(corpus / "blind_batch1.jsonl", single / "a.jsonl")
    code, _ = _run("model", "evaluate", "--corpus", str(single))
    assert code == 2
