"""The forms corpus is what ``python -m tests.forms_corpus`` makes of the role-form tables."""

from __future__ import annotations

import importlib
import json

from pipeline import rolemodel
from pipeline.types import MediaType, OutletConfig
from tests.forms_corpus import FORMS_FILE, TABLES, records, render
from tests.matchcorpus import CORPUS_DIR
from tests.roles import case_features


def test_the_forms_corpus_is_generated_from_the_tables() -> None:
    assert FORMS_FILE.read_text(encoding="utf-8") == render(records()), (
        "a role-form table changed: regenerate the forms corpus with "
        "`python -m tests.forms_corpus`, then `mediawatch model train --default`"
    )


def test_every_case_of_every_table_is_in_it_once() -> None:
    lines = [json.loads(line) for line in FORMS_FILE.read_text(encoding="utf-8").splitlines()]
    expected = sum(len(importlib.import_module(f"tests.{m}").CASES) for m in TABLES)
    assert len(lines) == expected
    assert len({line["id"] for line in lines}) == expected
    for line in lines:
        start, end = line["span"]
        assert line["text"][start:end], line["id"]


def test_it_trains_the_shipped_model_but_no_blind_score() -> None:
    assert rolemodel.form_files(CORPUS_DIR) == [FORMS_FILE]
    assert FORMS_FILE not in rolemodel.corpus_files(CORPUS_DIR)
    assert len(rolemodel.examples_from_forms(FORMS_FILE)) == len(records())


def test_it_trains_on_the_features_the_tests_decide_on() -> None:
    examples = rolemodel.examples_from_forms(FORMS_FILE)
    cases = [case for m in TABLES for case in importlib.import_module(f"tests.{m}").CASES]
    assert len(examples) == len(cases)
    for example, (_, text, name, others, *rest) in zip(examples, cases, strict=True):
        media: MediaType | None = rest[0] if len(rest) == 2 else None
        outlet = None if media is None else OutletConfig(name="test", media_type=media)
        assert example.features == case_features(text, name, others, outlet=outlet)
        assert example.role == rest[-1].value
