"""Head and column lines that end with the name, tried after the sentence's cues.

* a headline 「name「…」」 (``quote``);
* a Japanese headline or column line: 「quote」 followed by the name is a
  ``quote``, and so is a headline that attributes its words as news does, with ＝ or
  with the speaker's organisation joined to the name (「…すべきでない＝<name>・国問研…
  所長」, 「…急務　国問研・<name>研究員」); a line that ends with the name (and title)
  after a space, with no cue, is the author's signature (``authored``:
  「偽情報と民主主義（下）　桒原響子」),
  also when a column's head goes on after the name and its affiliation
  (「経済教室　…　舟津奏　日本国際問題研究所研究員　ポイント…」), or after a slash
  in a contents line (「米国の中東関与はどこへ向かうか／髙山嘉顕（…研究員）」); an item opened
  by ▼ or ■ is a line (and a sentence) of its own, so 「▼核軍備管理の空白をどう埋めるか
  戸﨑洋史▼座談会　…」 signs the one item and 座談会 is the next item's; on a TV or radio
  outlet such a line lists a programme's guest (``appearance``);
* forms of the institute's and others' pages: a line of co-authors' names under or on
  a book's title (「書名　A ,X ,B」) (``authored``);
* a name closing a TV guide's line of items joined by ▽ (not a journal's contents) is
  an appearance;
* a head line that attributes words to the name after the piece says it asked
  several experts (3人の識者に聞いた。「…」　X・…理事長): ``interview``.
"""

from __future__ import annotations

from pipeline.classify.decision import RoleDecision
from pipeline.classify.forms import PEOPLE_HEAD
from pipeline.classify.table import cue_regex
from pipeline.classify.text import ITEM_MARKS, SENTENCE_END_MARK, fold
from pipeline.normalize import is_japanese
from pipeline.types import Role

HEADLINE_QUOTE_AFTER = cue_regex("headlines.headline_quote_after")

# A piece that says it asked several experts (3人の識者に聞いた, 専門家に聞く).
INTERVIEW_INTRO = cue_regex("headlines.interview_intro")


# A Japanese headline or column line that ends with the name: 「…」　伏田寛範・…研究員
# (a quote), or 『外交』…「地球を読む」　佐々江賢一郎 (the author's signature).
_LINE_QUOTE_BEFORE = cue_regex("headlines.line_quote_before")
# A space, or the slash of a contents line (「米国の中東関与はどこへ向かうか／髙山嘉顕（…）」)
# after a title's last word (not after a date or an outlet in parentheses).
_SIGNATURE_GAP = cue_regex("headlines.signature_gap")
_SIGNATURE_AFTER = cue_regex("headlines.signature_after")


_ATTRIBUTION_BEFORE = cue_regex("headlines.attribution_before")


_CO_AUTHORS_BEFORE = cue_regex("headlines.co_authors_before")
_CO_AUTHORS_AFTER = cue_regex("headlines.co_authors_after")
# An organisation or a title among them says it is an attribution (山﨑周・国問研研究員).
_NOT_A_NAME = cue_regex("headlines.not_a_name")
_SIGNATURE_HEAD_AFTER = cue_regex("headlines.signature_head_after")


# A journal's or magazine's issue named on a line: its contents are works, not a programme.
_ISSUE_MARK = cue_regex("headlines.issue_mark")


def headline_line(text: str, start: int, end: int) -> RoleDecision | None:
    """A line with no cue that ends with the name: after a lone 「quote」 it is the
    speaker (``quote``), and so after a headline that attributes its words as news
    does, with ＝ or with the speaker's organisation before the name (「…すべきでない＝X・
    国問研…所長」, 「…急務　国問研・X研究員」); after a headline or column title and a
    space it is the signature of the author (``authored``), also when the column's head
    goes on after the name and its affiliation."""
    line_start = max(text.rfind(mark, 0, start) for mark in "\n" + ITEM_MARKS) + 1
    ends = [i for i in (text.find(mark, end) for mark in "\n" + ITEM_MARKS) if i >= 0]
    line_end = min(ends, default=len(text))
    before = text[line_start:start]
    after = text[end:line_end]
    if not any(is_japanese(c) for c in before):
        return None
    attribution = _ATTRIBUTION_BEFORE.search(before)
    if attribution and "。" not in before and _SIGNATURE_AFTER.match(after):
        return RoleDecision(Role.QUOTE, "headline_attribution", attribution.group(0).strip())
    co_before = _CO_AUTHORS_BEFORE.search(before)
    co_after = _CO_AUTHORS_AFTER.match(after)
    items = (co_before.group(0) if co_before else "") + (co_after.group(0) if co_after else "")
    if (co_after or (co_before and not after.strip())) and not _NOT_A_NAME.search(items):
        # the names of co-authors ending a head line or making a line of their own under a
        # book's or an article's title: 「書名　A ,<name> ,B」
        head = before[: co_before.start()] if co_before else before
        if head.strip():
            if "。" not in head and _SIGNATURE_GAP.search(head):
                return RoleDecision(Role.AUTHORED, "signature_coauthors", head.strip()[-20:])
            return None
        above = [line.strip() for line in text[:line_start].split("\n") if line.strip()]
        if (
            above
            and len(above) <= 4
            and all(len(line) <= 60 and not SENTENCE_END_MARK.search(line) for line in above)
            and not any(PEOPLE_HEAD.search(fold(line)) for line in above)
        ):
            return RoleDecision(Role.AUTHORED, "signature_coauthors", above[-1][-20:])
        return None
    if not _SIGNATURE_AFTER.match(after):
        if (
            "。" not in before
            and _SIGNATURE_GAP.search(before)
            and _SIGNATURE_HEAD_AFTER.match(after)
        ):
            return RoleDecision(Role.AUTHORED, "signature_head", before.strip()[-20:])
        return None
    if _LINE_QUOTE_BEFORE.match(before):
        return RoleDecision(Role.QUOTE, "headline_quote_before", before.strip()[:20])
    if "。" not in before and _SIGNATURE_GAP.search(before):
        line = text[text.rfind("\n", 0, start) + 1 : start]
        if "▽" in line and not _ISSUE_MARK.search(fold(line)):
            # 「ニュース9　▽円安どこまで▽中東情勢　X（…研究員）」: a programme listing's
            # items joined by ▽ (a TV guide's mark), then its guest; a journal's contents
            # (『外交』Vol.88 特集 ▽…　X) are works
            return RoleDecision(Role.APPEARANCE, "listing_guest", "▽")
        return RoleDecision(Role.AUTHORED, "signature", before.strip()[-20:])
    return None
