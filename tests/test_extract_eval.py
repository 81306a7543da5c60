"""bench/extract_eval.py runs on a set laid out as trafilatura's and scores as it does.

The set here is three pages written for the test, in the layout of trafilatura's
repository (tests/evaldata.json, pages under tests/eval/ or tests/cache/); the real
set is never part of this repository. No timing is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

ARTICLE = (
    "<html><head><title>Researchers warn on arms control</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/imprint'>Imprint and privacy policy</a></nav>"
    "<article><h1>Researchers warn on arms control</h1>"
    "<p>The institute's researchers said on Tuesday that the talks on arms control would"
    " resume next spring, after a year in which both sides had suspended them.</p>"
    "<p>They expect the first round to deal with the verification of existing treaties"
    " and with the exchange of data on deployed systems.</p></article>"
    "<footer>Imprint and privacy policy. All rights reserved.</footer></body></html>"
)
JAPANESE = (
    "<html lang='ja'><head><meta charset='shift_jis'><title>研究所が報告書</title></head>"
    "<body><div class='elementor-widget-container'><p>国際問題研究所は五日、地域の安全保障に"
    "関する報告書を公表した。</p><p>報告書は同盟国との協力の強化を求めている。</p></div>"
    "<footer><a href='/r'>人気記事ランキング</a></footer></body></html>"
)
EMPTY = "<html><body><nav><a href='/'>Home</a></nav></body></html>"

EVALDATA = {
    "https://news.example/arms": {
        "file": "arms.html",
        "with": ["talks on arms control would resume next spring", "verification of existing"],
        "without": ["Imprint and privacy policy", "All rights reserved"],
    },
    "https://news.example.jp/report": {
        "file": "report.html",
        "with": ["地域の安全保障に関する報告書を公表した。", "協力の強化を求めている"],
        "without": ["人気記事ランキング"],
    },
    "https://news.example/empty": {"file": "empty.html", "with": ["Nothing"], "without": ["Home"]},
}


def _checkout(root: Path) -> Path:
    (root / "tests" / "eval").mkdir(parents=True)
    (root / "tests" / "cache").mkdir()
    (root / "tests" / "evaldata.json").write_text(json.dumps(EVALDATA), encoding="utf-8")
    (root / "tests" / "eval" / "arms.html").write_text(ARTICLE, encoding="utf-8")
    (root / "tests" / "cache" / "report.html").write_bytes(JAPANESE.encode("cp932"))
    (root / "tests" / "eval" / "empty.html").write_text(EMPTY, encoding="utf-8")
    return root


def test_extract_eval_scores_the_new_extractor(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path / "trafilatura")
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [
            sys.executable,
            "bench/extract_eval.py",
            str(checkout),
            "--new-only",
            "--show-failed",
            "--json",
            str(figures),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "3 pages of" in done.stdout
    assert "failed: https://news.example/empty" in done.stdout
    new = json.loads(figures.read_text(encoding="utf-8"))["new"]
    # 4 of 5 required snippets found (the empty page's one is missed), none of the
    # 4 boilerplate snippets: precision 1, recall 4/5, F1 8/9.
    assert new["precision"] == 1.0
    assert new["recall"] == 0.8
    assert abs(new["f1"] - 8 / 9) < 1e-9
    assert new["failed"] == 1
    assert new["pages_per_cpu_second"] > 0
