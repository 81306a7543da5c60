"""Role rules for forms of real Japanese and English media pages met in a third round of
real texts: guest lists under a head on a line of its own (ゲスト⏎<name><affiliation>),
the heads of an event's parts (【パネルディスカッション】「…」, 講演12時30分), a clipping
service's credit of a programme (BSフジ[番組名]), and more.

Each case is one text, the name whose role is asked, the other names in it, the outlet's
media type (or None) and the expected role; written in fresh wording for the forms (see
``pipeline.classify``), not copied from any source. The role is decided with the
document's own context (``role_context``), as the matcher does.
"""

from __future__ import annotations

import pytest

from pipeline.types import MediaType, OutletConfig, Role
from tests.roles import decide_role

TV = MediaType.TV

CASES = [
    # a programme page: the date, the theme, a head on its own line, then one guest a line,
    # each name run into its affiliation and post
    ("guest_head_fused_affiliation", "2026年2月3日(火)\n揺れる中東 停戦の行方を読む\nゲスト\n"
     "田中一郎元外務審議官\n小谷哲男明海大学教授(前半)\n山本花子ジャーナリスト",
     "小谷哲男", ("田中一郎", "山本花子"), TV, Role.APPEARANCE),
    ("guest_head_spaced_affiliation", "ゲスト\n\n川口次郎\n海洋大学教授(前半)\n伏田寛範\n"
     "日本国際問題研究所主任研究員(後半)", "伏田寛範", ("川口次郎",), TV, Role.APPEARANCE),
    # the panel of an event: its head and title, then one panellist a line
    ("panel_head_with_title", "【パネルディスカッション】 「地域秩序と日本の選択」\n"
     "大山一郎 東西大学教授\n桒原響子 日本国際問題研究所研究員(モデレーター)",
     "桒原響子", ("大山一郎",), None, Role.APPEARANCE),
    # a lecture's programme: the head with its time, the title, the affiliation, the name
    ("lecture_head_with_time", "第1201回 5月8日(金)\n講演13時00分\n台湾海峡の現在地\n"
     "日本国際問題研究所 研究員\n山﨑 周 氏", "山﨑 周", (), None, Role.APPEARANCE),
    # a long guest list: six guests, a name line and an affiliation line each
    ("long_guest_list", "ゲスト\n\n" + "".join(f"招待者{n}\n東西大学教授(前半)\n" for n in range(5))
     + "小谷哲男\n日本国際問題研究所主任研究員(後半)", "小谷哲男", (), TV, Role.APPEARANCE),
    # a clipping service's record of words said on air: the affiliation and name, the
    # theme, the words, then the date with the channel and [programme]
    ("clipping_of_words_on_air", "日本国際問題研究所研究員・山﨑周\n台湾海峡の緊張は続くか\n"
     "当局は現状維持を望んでいるが、偶発的な衝突の危険は高まっている。\n"
     "2026/01/12 BSジャパン[夜のニュース解説]", "山﨑周", (), TV, Role.APPEARANCE),
    # a member list is no programme: the same lines under a head of members
    ("member_list_is_no_programme", "研究会メンバー\n山﨑周 日本国際問題研究所研究員\n"
     "大山一郎 東西大学教授", "山﨑周", ("大山一郎",), None, Role.MENTION),
]


@pytest.mark.parametrize(
    ("text", "name", "others", "media", "role"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_role(
    text: str, name: str, others: tuple[str, ...], media: MediaType | None, role: Role
) -> None:
    outlet = None if media is None else OutletConfig(name=f"test {media.value}", media_type=media)
    decision = decide_role(text, name, others, outlet=outlet)
    assert decision.role is role, decision
