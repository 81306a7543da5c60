"""Pieces of a name's line that the structural rule families share: the title or
affiliation after a name, an author's titles, an affiliation alone to the end of the
line, and the heads of lists of people.
"""

from __future__ import annotations

from pipeline.classify.table import cue_regex

TITLE_AFTER = (
    r"(?:氏|さん|主任研究員|上席研究員|研究員|所長(?:代行)?|理事長|教授|准教授|大使|"
    r"[^「」『』。、\s]{0,20}(?:研究員|所長|理事長|教授)|"
    r"[(（][^)）]{0,40}[)）])?"
)
AFFILIATION_ONLY = cue_regex("forms.affiliation_only")
# The rest of a Japanese line after a name that gives only its affiliation and post, as
# guest lists and programmes print them (「神保謙慶應義塾大学教授(冒頭)」, 「西濱徹　第一生命経済
# 研究所主席エコノミスト」, 「柯 隆 氏」): words without kana but の, and no sentence mark.
JA_AFFILIATION_ONLY = cue_regex("forms.ja_affiliation_only")
# A column's head block goes on after the author line: 「経済教室　…（上）　見出し　舟津奏
# 日本国際問題研究所研究員　ポイント　○…」. The name, its affiliation ending in a title,
# then a space and the rest of the head.
AUTHOR_TITLES = (
    r"(?:研究員|フェロー|所長|理事長|センター長|教授|准教授|講師|助教|大使|記者|編集委員|論説委員)"
)
# Heads of a list of people, not of a work: 登壇者, 委員, メンバー, "Speakers".
PEOPLE_HEAD = cue_regex("forms.people_head")
BRACKETED_REST = cue_regex("forms.bracketed_rest")
