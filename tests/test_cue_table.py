"""The cue table (pipeline/classify/cues.tsv) and the features the role model reads of it.

- Every row is well formed: a unique id, a role, a scope, a pattern that compiles; a
  malformed file is refused with the line that is wrong.
- The rules' vocabularies are the table's families joined in order.
- A row's features say whether it fired on the name's sentence or line, on which side
  and how far, and whether another name stands nearer the cue; a title row reads the
  title only; the document's kind and who reports it are features too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.classify import cues
from pipeline.classify.features import document_kind, mention_tokens
from pipeline.classify.table import CUE_TABLE, Scope, family, family_pattern, read_table
from pipeline.types import Role


def test_every_row_is_well_formed_and_every_id_is_its_own() -> None:
    ids = [cue.id for cue in CUE_TABLE]
    assert len(ids) == len(set(ids)) > 300
    assert {cue.scope for cue in CUE_TABLE} == set(Scope)
    assert {cue.role for cue in family("appearance")} == {Role.APPEARANCE}
    for cue in CUE_TABLE:
        assert cue.regex.pattern == cue.pattern
        assert cue.id.startswith(cue.family)


def test_the_rules_vocabularies_are_the_table_families() -> None:
    for role, pattern in cues.CUES:
        assert pattern.pattern == family_pattern(role.value)
    assert cues.PROGRAMME.pattern == family_pattern("programme")
    with pytest.raises(KeyError):
        family("no-such-family")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("a\tb\tquote\tsentence\t0", "5 columns"),
        ("a\tb\tnot-a-role\tsentence\t0\tx", "not-a-role"),
        ("a\tb\tquote\tparagraph\t0\tx", "paragraph"),
        ("a\tb\tquote\tsentence\t0\t(unclosed", "missing"),
    ],
)
def test_a_malformed_table_names_its_line(tmp_path: Path, line: str, error: str) -> None:
    table = tmp_path / "cues.tsv"
    table.write_text("# a comment\nok\tb\tquote\tsentence\t0\tsaid\n" + line + "\n")
    with pytest.raises(ValueError, match=rf"cues.tsv:3: .*{error}"):
        read_table(table)


def test_a_table_file_is_read_row_by_row(tmp_path: Path) -> None:
    table = tmp_path / "cues.tsv"
    table.write_text("id\tfamily\trole\tscope\twindow\tpattern\nq.said\tq\tquote\tline\t40\tsaid\n")
    (cue,) = read_table(table)
    assert (cue.id, cue.role, cue.scope, cue.window) == ("q.said", Role.QUOTE, Scope.LINE, 40)


def _tokens(text: str, name: str, *others: str, title: str = "") -> set[str]:
    start = text.index(name)
    offset = len(title) + 1 if title else 0
    spans = [(offset + text.index(o), offset + text.index(o) + len(o)) for o in others]
    return set(
        mention_tokens(title, None, text, offset + start, offset + start + len(name), others=spans)
    )


def test_a_cue_on_the_names_sentence_says_where_and_how_far() -> None:
    tokens = _tokens("Tetsuo Kotani said the alliance was strong.", "Tetsuo Kotani")
    assert {"c:quote.said", "c:quote.said|after", "c:quote.said|d0", "c:quote.said|s"} <= tokens
    assert "c:quote.said|l" in tokens and "r:quote|own" in tokens
    assert "c:quote.said|other" not in tokens


def test_a_cue_in_the_next_sentence_is_only_near() -> None:
    tokens = _tokens("Tetsuo Kotani was there. The minister said nothing.", "Tetsuo Kotani")
    assert "c:quote.said|near" in tokens
    assert "c:quote.said" not in tokens and "r:none|s" in tokens


def test_a_cue_nearer_another_name_is_marked() -> None:
    text = "特集には戸﨑洋史所長も加わり、小谷哲男主任研究員へのインタビューを掲載した。"
    tosaki = _tokens(text, "戸﨑洋史", "小谷哲男")
    kotani = _tokens(text, "小谷哲男", "戸﨑洋史")
    assert "c:interview.インタビュー|other" in tosaki
    assert "c:interview.インタビュー|other" not in kotani
    assert "r:interview|own" in kotani and "r:interview|own" not in tosaki


def test_words_at_an_event_meet_in_the_sentence() -> None:
    tokens = _tokens("Tetsuo Kotani, who spoke at the forum, warned of risks.", "Tetsuo Kotani")
    assert "mix:appearance+quote|s" in tokens
    assert "mix:appearance+quote|s|press" in tokens and "voice=press" in tokens


def test_a_title_row_reads_the_title_alone() -> None:
    body = "小谷哲男主任研究員へのインタビューを掲載した。"
    assert "c:title_interview|title" not in _tokens(body, "小谷哲男")
    assert "c:title_interview|title" in _tokens(body, "小谷哲男", title="独占インタビュー")


def test_the_institutes_own_record_is_its_voice() -> None:
    tokens = _tokens("当研究所の研究会で小谷哲男主任研究員が報告しました。", "小谷哲男")
    assert {"voice=institute", "c:voice.institute|document", "c:voice.polite|s"} <= tokens


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("小谷哲男主任研究員は「抑止が鍵だ」と述べた。", "feed_item"),
        ("■ 5月2日　講演\n■ 5月9日　寄稿\n■ 5月20日　出演", "activity_log"),
        ("▼戸﨑洋史\n▼小谷哲男\n▼伏田寛範\n▼山﨑周", "listing"),
        ("The alliance is strong. " * 40, "article"),
    ],
)
def test_the_documents_kind(text: str, kind: str) -> None:
    assert document_kind(text) == kind


def test_a_name_outside_the_text_gives_no_cue() -> None:
    assert mention_tokens("", None, "short", 10, 12) == ["segment=text", "kind=unknown"]
