"""The forms corpus: every role case of the role-form test tables, as training data.

``python -m tests.forms_corpus`` writes ``tests/corpus/forms/forms.jsonl`` from the
``CASES`` tables that ``tests/roles.py`` decides (``TABLES``): every case, one line
each, whether the model follows it or not. Each line is a corpus line (``id``,
``lang``, ``text``, ``outlet_media_type``, ``experts`` with one expert and its role,
``note``) plus where the case's name stands (``span``) and where its other names
stand (``others``), as offsets in ``text``, so training reads the same features the
tests decide on (``pipeline.rolemodel.examples_from_forms``). The expert's ``id`` is
the one of ``tests/corpus/experts.yaml`` that has the name, else the name itself
(many cases use names of no expert).

The shipped model trains on it like the conventions corpus; no cross-batch or
leave-one-out score does. ``tests/test_forms_corpus.py`` checks the file is what
this script makes of the tables, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from pipeline.config import load_config
from pipeline.normalize import is_japanese
from pipeline.rolemodel import CORPUS_EXPERTS, FORMS
from pipeline.types import MediaType, Role
from tests.matchcorpus import CORPUS_DIR
from tests.roles import name_span, other_spans

#: The test modules whose ``CASES`` tables ``tests/roles.py`` decides, and the prefix of
#: their ids in the forms corpus.
TABLES = {
    "test_classify_headlines_and_lists": "hl",
    "test_classify_listings": "ls",
    "test_classify_news_forms": "nf",
    "test_classify_real_forms": "rf",
    "test_classify_real_forms_b": "rfb",
    "test_classify_real_forms_c": "rfc",
}
FORMS_FILE = CORPUS_DIR / FORMS / "forms.jsonl"


def _expert_ids() -> dict[str, str]:
    config = load_config(CORPUS_DIR / CORPUS_EXPERTS)
    return {name: expert.id for expert in config.experts for name in expert.all_names}


def _record(
    module: str, prefix: str, case: tuple[Any, ...], experts: dict[str, str]
) -> dict[str, Any]:
    # a table row is (id, text, name, others, role) or (id, text, name, others, media, role)
    case_id, text, name, others, *rest = case
    media: MediaType | None = rest[0] if len(rest) == 2 else None
    role: Role = rest[-1]
    start, end = name_span(text, name)
    surface = text[start:end]
    record: dict[str, Any] = {
        "id": f"fm-{prefix}-{case_id}",
        "lang": "ja" if any(is_japanese(c) for c in text) else "en",
        "text": text,
    }
    if media is not None:
        record["outlet_media_type"] = media.value
    record["experts"] = [{"id": experts.get(surface, surface), "role": role.value}]
    record["span"] = [start, end]
    record["others"] = [list(span) for span in other_spans(text, others)]
    record["note"] = f"tests/{module}.py case {case_id}"
    return record


def records() -> list[dict[str, Any]]:
    """Every case of every table of ``TABLES``, as forms corpus lines, in table order."""
    experts = _expert_ids()
    return [
        _record(module, prefix, case, experts)
        for module, prefix in TABLES.items()
        for case in importlib.import_module(f"tests.{module}").CASES
    ]


def render(lines: list[dict[str, Any]]) -> str:
    """The JSON Lines text of the forms corpus."""
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def main() -> int:
    """Write the forms corpus from the tables."""
    FORMS_FILE.parent.mkdir(parents=True, exist_ok=True)
    lines = records()
    FORMS_FILE.write_text(render(lines), encoding="utf-8")
    print(f"wrote {len(lines)} cases to {Path(FORMS_FILE).relative_to(CORPUS_DIR.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
