"""Pieces of a name's line that the structural rule families share: the title or
affiliation after a name, an author's titles, an affiliation alone to the end of the
line, and the heads of lists of people.
"""

from __future__ import annotations

from pipeline.classify.table import cue_regex

AFFILIATION_ONLY = cue_regex("forms.affiliation_only")
# The rest of a Japanese line after a name that gives only its affiliation and post, as
# guest lists and programmes print them (「神保謙慶應義塾大学教授(冒頭)」, 「西濱徹　第一生命経済
# 研究所主席エコノミスト」, 「柯 隆 氏」): words without kana but の, and no sentence mark.
JA_AFFILIATION_ONLY = cue_regex("forms.ja_affiliation_only")
# Heads of a list of people, not of a work: 登壇者, 委員, メンバー, "Speakers".
PEOPLE_HEAD = cue_regex("forms.people_head")
BRACKETED_REST = cue_regex("forms.bracketed_rest")
