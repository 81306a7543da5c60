"""The scorer for labelled texts the gate has never seen (``python -m tests.matchcorpus``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.matchcorpus import CORPUS_DIR, main


def test_scores_a_labelled_file_per_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"id": "t-1", "lang": "ja", "text": "小谷哲男主任研究員がNHKの番組に出演した。",
         "experts": [{"id": "kotani-tetsuo", "role": "appearance"}]},
        {"id": "t-2", "lang": "ja", "text": "桒原響子研究員は「偽情報への備えが要る」と述べた。",
         "experts": [{"id": "kuwahara-kyoko", "role": "authored"}]},
        {"id": "t-3", "lang": "en", "text": "The weather was fine.", "experts": []},
    ]
    corpus = tmp_path / "texts.jsonl"
    corpus.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))

    assert main([str(corpus), "--config", str(CORPUS_DIR / "experts.yaml")]) == 0
    out = capsys.readouterr().out
    # t-2 is labelled wrongly on purpose: the scorer must report it as a role error.
    assert "ja: precision 1.000  recall 1.000  role accuracy 0.500  (tp=2 fp=0 fn=0)" in out
    assert "t-2: kuwahara-kyoko role quote != authored" in out
    assert "en: precision 1.000  recall 1.000" in out


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "lang": "ja"}\n')  # no text, no experts
    assert main([str(broken), "--config", str(CORPUS_DIR / "experts.yaml")]) == 2
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert "python -m tests.matchcorpus:" in capsys.readouterr().err
