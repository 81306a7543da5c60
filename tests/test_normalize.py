"""Normalisation: variant kanji, width, spacing, romanisation, and the offset map."""

from __future__ import annotations

import pytest

from pipeline.normalize import normalize, normalize_name

SAME_NAME = [
    ("variant-saki", "戸﨑洋史", "戸崎洋史"),
    ("variant-taka", "髙山嘉顕", "高山嘉顕"),
    ("variant-kuwa", "桒原響子", "桑原響子"),
    ("variant-be", "渡邉", "渡辺"),
    ("variant-be2", "渡邊", "渡辺"),
    ("variant-sai", "齋藤", "斎藤"),
    ("variant-sai2", "齊藤", "斎藤"),
    ("variant-hama", "濵田", "浜田"),
    ("variant-toku", "德川", "徳川"),
    ("variant-sakura", "櫻井", "桜井"),
    ("variant-sawa", "澤田", "沢田"),
    ("variant-hiro", "廣瀬", "広瀬"),
    ("variant-kuni", "國分", "国分"),
    ("variant-ma", "眞鍋", "真鍋"),
    ("variant-kei", "惠子", "恵子"),
    ("variant-so", "曾根", "曽根"),
    ("variant-ao", "靑木", "青木"),
    ("variant-hiko", "正彥", "正彦"),
    ("variant-aki", "嘉顯", "嘉顕"),
    ("variant-fuchi", "岩渕", "岩淵"),
    ("variant-yabu", "籔内", "藪内"),
    ("variant-fune", "舩橋", "船橋"),
    ("compatibility-ideograph", "\ufa10田", "塚田"),
    ("ivs-selector", "辻\U000e0100", "辻"),
    ("space", "小谷 哲男", "小谷哲男"),
    ("ideographic-space", "小谷\u3000哲男", "小谷哲男"),
    ("middle-dot", "小谷・哲男", "小谷哲男"),
    ("halfwidth-dot", "小谷･哲男", "小谷哲男"),
    ("halfwidth-kana", "ｺﾀﾆ ﾃﾂｵ", "コタニテツオ"),
    ("voiced-halfwidth", "ﾀﾞｲｽｹ", "ダイスケ"),
    ("fullwidth-latin", "ＫＯＴＡＮＩ", "kotani"),
    ("case", "KOTANI Tetsuo", "kotani tetsuo"),
    ("macron", "Kōno", "Kono"),
    ("oh", "Kohno", "Kono"),
    ("ou", "Kouno", "Kono"),
    ("circumflex", "Kôno", "Kono"),
    ("uu", "Yuuki", "Yuki"),
    ("many-spaces", "Tetsuo   Kotani", "Tetsuo Kotani"),
    ("en-dash", "Ken–ichiro", "Ken-ichiro"),
    ("curly-apostrophe", "Ken’ichiro", "Ken'ichiro"),
]


@pytest.mark.parametrize(("left", "right"), [c[1:] for c in SAME_NAME], ids=[c[0] for c in SAME_NAME])
def test_same_name_after_normalisation(left: str, right: str) -> None:
    assert normalize_name(left) == normalize_name(right)


DIFFERENT = [
    ("ohashi-keeps-h", "Ohashi", "Oashi"),
    ("fujii-keeps-ii", "Fujii", "Fuji"),
    ("latin-space-kept", "Tetsuo Kotani", "TetsuoKotani"),
]


@pytest.mark.parametrize(("left", "right"), [c[1:] for c in DIFFERENT], ids=[c[0] for c in DIFFERENT])
def test_different_names_stay_different(left: str, right: str) -> None:
    assert normalize_name(left) != normalize_name(right)


def test_removed_separator_is_remembered_as_a_break() -> None:
    result = normalize("小谷哲男・戸﨑洋史両氏")
    assert result.text == "小谷哲男戸崎洋史両氏"
    assert 4 in result.breaks


def test_space_between_latin_and_kanji_is_kept() -> None:
    assert normalize("NHK 小谷").text == "nhk 小谷"


OFFSETS = [
    ("spaced-kanji", "NHK　「国際報道」に小谷 哲男氏が出演", "小谷哲男", "小谷 哲男"),
    ("variant", "（戸﨑洋史所長）", "戸崎洋史", "戸﨑洋史"),
    ("macron-folded", "said Tetsuo Kōhno, a fellow", "tetsuo kono", "Tetsuo Kōhno"),
    ("halfwidth", "ｺﾀﾆﾃﾂｵ氏", "コタニテツオ", "ｺﾀﾆﾃﾂｵ"),
    ("ivs", "辻\U000e0100元清美", "辻元", "辻\U000e0100元"),
    ("ligature", "ﬁnal Kotani", "kotani", "Kotani"),
]


@pytest.mark.parametrize(
    ("original", "needle", "expected"), [c[1:] for c in OFFSETS], ids=[c[0] for c in OFFSETS]
)
def test_offsets_map_back_to_the_original(original: str, needle: str, expected: str) -> None:
    result = normalize(original)
    start = result.text.index(needle)
    first, last = result.original_span(start, start + len(needle))
    assert original[first:last] == expected
    assert result.original_text(start, start + len(needle)) == expected


def test_empty_span_and_empty_text() -> None:
    assert normalize("").text == ""
    result = normalize("abc")
    assert result.original_span(3, 3) == (3, 3)
    assert result.original_span(1, 1) == (1, 1)
