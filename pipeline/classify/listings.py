"""Works and their authors in citations and listings.

* a bibliographic citation 「title」『journal』 after the
  name, or the name as the author after a title (研究レポート「…」（<name>、2024年8月）),
  or the name with 著 / 編著 after a book's title (a book notice: 「書名　<name>著　…」;
  under a head of a review, 書評, someone else's review of the name's book: ``mention``),
  or a book's title after the name with its publisher and a year or price (新刊紹介
  <name>『…』（ウェッジ、1,760円）),
  or a titled work of the name published (「Xの年頭所感「…」を掲載」, not a spoken genre
  such as インタビュー「…」) (``authored``; but a talk listed with the event it was given
  at, or under a head of talks (講演・報告), and no printed venue,
  「<name>「…」…主催セミナー、2023年6月14日」, is an ``appearance``); a listing of
  publications or a journal's contents: the name
  between a genre or series label of written work and the title
  (「論文　髙山嘉顕「…」」, 「研究レポート（FY2024-3）　伏田寛範「…」」, 巻頭エッセイ), the
  name after a title with its affiliation and a date or after a genre-labelled title
  (「「台湾総統選挙後の中台関係」　山﨑周（研究員）　2024年2月1日」; without date or genre
  label the same line is a headline quote; but with an outlet and its edition before
  the date, 「見出し　北海道新聞 朝刊　2020.09.26　<name>（…）　内容：…」, the entry records
  the name in the press: the description's cue decides, else ``quote``), an author
  label (著者：, 執筆者：, also alone on the line above the names: 「AUTHOR :⏎A / X」), a
  column's head with its series label joined to the name by = (「時代の風：…=X・…」), an
  item closed by the day it went up (「▼ 題　X　上席フェロー（1月21日公開）」) or opened by its
  genre and number (「コラム 16 題　X　…フェロー」), an English
  entry of a numbered series title and the name with its affiliation only as the next
  sentence ("Policy Brief No. 112: Title. <NAME>, Director, …"), an item line of a
  title and the name in brackets closing it or after a dash under a head naming the
  issue (号, 特集, Vol.: 「・分断する有権者と外交政策（<name>）」, "• Title — <name>";
  an item titled as an interview or dialogue is an ``interview``) (``authored``;
  the series 戦略コメント is not a comment, nor コメンタリー); names joined by × heading a
  dialogue (「A（…）×B（…）」, ``interview`` as for 対談/座談会), and so do its parties
  listed after it is named (「座談会「…」。出席者はA（…）、B（…）、司会はC（…）」: the
  moderator too, 出席 here not mere attendance);
* forms of the institute's and others' pages, in the same structural rank:
  co-authors around the name before 『title』 with the publisher alone (「A・X・B『…』
  （出版社）」), the names in brackets after 『title』 with its outlet and date, an English
  publication list's quoted title before the name with its affiliation only
  ('…: “Subtitle,” X, Professor, … University'), and an entry of a title, a date and
  the name with its affiliation only, on one line or on lines of their own ("Title,
  03-11-2025, X (Managing Director, JIIA)"; not an event's) (``authored``);
* a dated listing
  whose lines open with a bullet ("- 2019-03-20⏎- X（…）") is as one without; a CV's
  numbered entry of a writing (「3. X, title, journal, 715, 2023.10.」, no event word) is
  ``authored``.
"""

from __future__ import annotations

import re

from pipeline.classify.cues import BROADCASTER, DIALOGUE_NOUN, TITLE_CUES, find_cues, strongest
from pipeline.classify.decision import RoleDecision
from pipeline.classify.forms import (
    AFFILIATION_ONLY,
    BRACKETED_REST,
    JA_AFFILIATION_ONLY,
    PEOPLE_HEAD,
)
from pipeline.classify.table import cue_regex
from pipeline.classify.text import SENTENCE_END_MARK, fold, previous_line, sentence_bounds
from pipeline.types import Role

CITATION_AFTER = cue_regex("listings.citation_after")
# A talk in a list of talks or a CV: the name, the talk's title and the event where it
# was given (or the list's head says talks: ``TALKS_HEAD``), with no printed venue
# (「戸﨑洋史「…」軍縮・不拡散促進センター主催セミナー、2023年6月14日」, 'Hirofumi Tosaki,
# "…," JIIA Seminar, 14 June 2023'): a part in the event, not a written work.
TALK_AFTER = cue_regex("listings.talk_after")
TALK_EVENT = cue_regex("listings.talk_event")
PRINTED_VENUE = cue_regex("listings.printed_venue")
# The head of a list of talks: 「講演・報告」, 「（4）口頭発表」, "Talks and presentations".
TALKS_HEAD = cue_regex("listings.talks_head")


def list_head(text: str, line_start: int) -> str:
    """The head of the list a line belongs to: the nearest line above it that is not an
    item of the list (opened by ・, •, - or a name and a title in 「」 or quotes)."""
    lines = text[max(0, line_start - 600) : line_start].split("\n")[:-1]
    for line in reversed(lines):
        if line.strip() and not re.match(r"\s*[・•\-*▼■]|[^「“\"\n]{1,40}[「“\"]", line):
            return fold(line)
    return ""


WORK_TITLE_AFTER = cue_regex("listings.work_title_after")
# 『世界』9月号　伏田寛範「戦時下ロシアの社会と経済」: a bare name and a title after a venue.
BARE_TITLE_AFTER = cue_regex("listings.bare_title_after")
VENUE_BEFORE = cue_regex("listings.venue_before")
# A listing of publications or a journal's contents. Genres and series of written work:
_GENRES = (
    r"(?:研究レポート|戦略コメント|ポリシー・?ブリーフ|ディスカッション・?ペーパー|ワーキング・?ペーパー|"
    r"コメンタリー|巻頭エッセイ|巻頭言|特別寄稿|研究ノート|エッセイ|エッセー|論文|論考|論稿|寄稿|コラム|"
    r"書評|報告書|レポート|時評|論評)"
)
# The name between a genre label and the work's title: 「論文　髙山嘉顕「…」」,
# 「研究レポート（FY2024-3）　伏田寛範「…」」, 「巻頭エッセイ　市川とみ子「…」」.
_GENRE_BEFORE = cue_regex("listings.genre_before")
_WORK_TITLE_NEXT = cue_regex("listings.work_title_next")
# The name after the title in a listing, with its affiliation and the date:
# 「「台湾総統選挙後の中台関係」　山﨑周（研究員）　2024年2月1日」, 「研究レポート「…」　舟津奏
# （…研究員）」. A date or a genre label before the title tells a listing from a headline
# quote (「抑止が鍵だ」　小谷哲男・主任研究員).
_LISTED_TITLE_BEFORE = cue_regex("listings.listed_title_before")
_LISTED_AFTER = cue_regex("listings.listed_after")
# A journal's contents under a head that names the issue (号, 特集, Vol., No., 目次,
# Contents): an item line, opened by a bullet or not, of a title and the author in
# brackets closing the line (「・分断する有権者と外交政策（髙山嘉顕）」) or after a dash
# ("• NATO's Indo-Pacific Partners after Vilnius — Kanade Funatsu").
_CONTENTS_HEAD = cue_regex("listings.contents_head")
_CONTENTS_ITEM_BEFORE = cue_regex("listings.contents_item_before")
_CONTENTS_BRACKET_AFTER = cue_regex("listings.contents_bracket_after")
_CONTENTS_DASH_AFTER = cue_regex("listings.contents_dash_after")
_AUTHOR_LABEL_BEFORE = cue_regex("listings.author_label_before")
# … and on the line above the names, alone: 「AUTHOR :⏎A / B / X」, 「執筆者⏎A、X」.
_AUTHOR_LABEL_LINE = cue_regex("listings.author_label_line")
# Only other names and their separators before the name on its line.
_NAMES_SO_FAR = cue_regex("listings.names_so_far")
# A column's head, its series label first, joined to its author by an equals sign
# (毎日新聞's 「時代の風：見出し=名前・肩書」); without the label, 「…すべきでない＝X」 is a
# headline quoting X.
_EQUALS_BYLINE_BEFORE = cue_regex("listings.equals_byline_before")
# The name's post and the day the piece went up, closing a listed item: 「上席フェロー
# （1月21日公開）」, "(掲載日: 2025年3月2日)".
_PUBLISHED_ON_AFTER = cue_regex("listings.published_on_after")
# A genre label and its number opening an item, then the work's title: 「コラム 16 …」,
# 「ワーキングペーパー No.5 …」, "Opinion Paper: …".
_GENRE_TITLE_BEFORE = cue_regex("listings.genre_title_before")
# The next item's genre label right after the name's post:
# 「… RIETI ファカルティフェロー コラム 18 …」.
_NEXT_GENRE = cue_regex("listings.next_genre")
# An English listing entry: a numbered title of a series ("Policy Brief No. 112: Title.",
# "No. 112: Title.") and, as the next sentence, the author with the affiliation only
# ("Hirofumi TOSAKI, Director, Center for …, JIIA.").
_NUMBERED_TITLE = cue_regex("listings.numbered_title")
# A quoted title closed by its comma ("…,” or "…”,) right before the name.
_QUOTED_TITLE_BEFORE = cue_regex("listings.quoted_title_before")
_SPEECH_VERB = cue_regex("listings.speech_verb")
# Names joined by × head a dialogue (対談, 鼎談, 座談会): 「A（…）×B（…）」.
_DIALOGUE_AFTER = cue_regex("listings.dialogue_after")
_DIALOGUE_BEFORE = cue_regex("listings.dialogue_before")
_PARTICIPANTS_BEFORE = cue_regex("listings.participants_before")
#: Characters before a list of participants searched for the dialogue it lists.
DIALOGUE_WINDOW = 200
# A bibliographic citation with the author after the title: 研究レポート「…」（X、2024年8
# 月30日）, "Title" (X, 2024). The year tells a citation from a quote's attribution
# (「抑止が鍵だ」（小谷哲男主任研究員）).
CITATION_AUTHOR_BEFORE = cue_regex("listings.citation_author_before")
CITATION_AUTHOR_AFTER = cue_regex("listings.citation_author_after")
# The authors in brackets after a work's title in 『』, with its outlet and date before
# them: 『…』（10/16　現代ビジネス　A、<name>、B）; not a credit of someone else's part
# (聞き手, 写真, 司会 …).
WORK_AUTHORS_BEFORE = cue_regex("listings.work_authors_before")
WORK_AUTHORS_AFTER = cue_regex("listings.work_authors_after")


_DATED_BEFORE = cue_regex("listings.dated_before")
_DATE_LINE = cue_regex("listings.date_line")
_LIST_BULLET = cue_regex("listings.list_bullet")
# Events and parts at them: a dated line of these lists talks, not writings.
_EVENT_WORDS = cue_regex("listings.event_words")


# A CV's entry: the name opening a numbered line, then comma-separated fields (title,
# venue, volume …) closed by a year or year and month.
_NUMBERED_ITEM_BEFORE = cue_regex("listings.numbered_item_before")
_CV_ENTRY_AFTER = cue_regex("listings.cv_entry_after")


def _dated_listing(
    text: str, start: int, end: int, line_start: int, before: str, after: str
) -> bool:
    """True for an entry of a list of writings: a title, a date and the name with only
    its affiliation after it, on one line or on lines of their own."""
    line_end = text.find("\n", end)
    rest = fold(text[end : len(text) if line_end < 0 else line_end])
    if not (BRACKETED_REST.match(rest) or AFFILIATION_ONLY.match(rest)):
        return False
    dated = _DATED_BEFORE.match(before)
    if dated:
        title = dated.group("title")
    else:
        if before.strip() and not _LIST_BULLET.match(before):  # "- X (…)", an item's bullet
            return False
        above = [line for line in text[:line_start].split("\n") if line.strip()][-2:]
        if len(above) < 2 or not _DATE_LINE.match(fold(above[1])):
            return False
        title = fold(above[0])
    return (
        len(title) <= 200
        and not SENTENCE_END_MARK.search(title)
        and not _EVENT_WORDS.search(title)
        and not PEOPLE_HEAD.search(title)
    )


# An outlet and its edition right before the date of a media-coverage entry: 「…見出し
# 北海道新聞 朝刊全道(社会) 2020.09.26 <name>（…）」, 「… 朝日新聞 夕刊 2023.04.26」.
_COVERAGE_OUTLET = cue_regex("listings.coverage_outlet")

_TRAILING_CLOCK = cue_regex("listings.trailing_clock")
# The description an entry of a media-coverage list gives after the name: 「内容：…」.
_COVERAGE_DESCRIPTION = cue_regex("listings.coverage_description")


def _coverage_entry(
    text: str, start: int, end: int, line_start: int, before: str
) -> RoleDecision | None:
    """An entry of a media-coverage list (a university's or an institute's record of
    its people in the press): the article's headline, the outlet and edition, the date
    and the name. The headline is the outlet's, not a work of the name's; the part the
    name took is what the entry's description (内容：…) says of it, and, when it says
    nothing, a part in the programme for a TV or radio entry (``appearance``) and words
    given to the paper (``quote``) for the press, what such lists record most. (The
    headline is not read: its cues are the story's, 「首相の記者会見」.)"""
    head = before
    if not before.strip():  # the headline, the outlet and the date on lines of their own
        above = text[max(0, line_start - 400) : line_start].split("\n")
        head = " ".join(line.strip() for line in above if line.strip())[-260:]
    head = _TRAILING_CLOCK.sub("", head)  # 「NHK総合 2021.09.27 22:00〜22:45」
    dated = _DATED_BEFORE.search(head)
    if dated is None or not _COVERAGE_OUTLET.search(fold(dated.group("title"))):
        return None
    on_air = bool(BROADCASTER.search(fold(dated.group("title"))[-40:]))
    described = _COVERAGE_DESCRIPTION.search(fold(text[end : end + 400]))
    cues = find_cues(described.group("description")) if described else []
    if cues:
        cue = strongest(cues)
        role = cue[2]
        if on_air and role in (Role.QUOTE, Role.INTERVIEW):  # words said on air
            role = Role.APPEARANCE
        return RoleDecision(role, f"coverage_entry:{cue[3]}", cue[3][:20])
    if on_air:  # a programme's entry: the name was on it
        return RoleDecision(Role.APPEARANCE, "coverage_entry:on_air", before.strip()[-20:])
    return RoleDecision(Role.QUOTE, "coverage_entry", before.strip()[-20:])


def listing(
    text: str, start: int, end: int, line_start: int, doc_title: str = ""
) -> RoleDecision | None:
    """A name in a listing line: of publications (a genre label, the name, the title:
    「論文　髙山嘉顕「…」」; the title, the name, its affiliation and a date; 著者：…; "No.
    112: Title. X, Director, …"), ``authored``; of a dialogue's parties (「A（…）×B（…）」,
    出席者は…、司会は… after a 座談会), ``interview``."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = fold(text[line_start:start])
    after = fold(text[end:line_end])
    if _AUTHOR_LABEL_BEFORE.search(before):
        return RoleDecision(Role.AUTHORED, "author_label", before.strip()[-20:])
    if _NAMES_SO_FAR.match(before) and _AUTHOR_LABEL_LINE.search(
        fold(previous_line(text, line_start))
    ):  # 「AUTHOR :⏎稲田 義久 / 豊原 法彦」: the authors on the line under their label
        return RoleDecision(Role.AUTHORED, "author_label", "author:")
    if _EQUALS_BYLINE_BEFORE.search(before):
        # 「時代の風：行き過ぎた円安…=藻谷浩介・…主席研究員」: a column's head and its author
        return RoleDecision(Role.AUTHORED, "equals_byline", "=")
    if before.strip() and _PUBLISHED_ON_AFTER.match(after):
        # 「▼ 人口減少社会と地域放送メディアの論点①　村上圭子　上席フェロー（1月21日公開）」
        return RoleDecision(Role.AUTHORED, "listing_published", after.strip()[-12:])
    if _GENRE_TITLE_BEFORE.search(before) and (
        BRACKETED_REST.match(after) or JA_AFFILIATION_ONLY.match(after) or _NEXT_GENRE.match(after)
    ):  # 「コラム 16 財政悪化は経済成長率を低下させるか　小林 慶一郎　RIETI ファカルティフェロー」
        return RoleDecision(Role.AUTHORED, "listing_genre_title", before.strip()[:20])
    item = _CONTENTS_ITEM_BEFORE.match(before)
    if (
        item
        and line_start
        and (_CONTENTS_BRACKET_AFTER if item.group("bracket") else _CONTENTS_DASH_AFTER).match(
            after
        )
        and _CONTENTS_HEAD.search(fold(text[max(0, line_start - 600) : line_start]))
    ):
        if TITLE_CUES[0][1].search(before):  # the item is an interview or a dialogue
            return RoleDecision(Role.INTERVIEW, "contents_item", before.strip()[:20])
        return RoleDecision(Role.AUTHORED, "contents_item", before.strip()[:20])
    if _GENRE_BEFORE.search(before) and _WORK_TITLE_NEXT.match(after):
        return RoleDecision(Role.AUTHORED, "listing_genre", before.strip()[-20:])
    title = _LISTED_TITLE_BEFORE.match(before)
    listed = _LISTED_AFTER.match(after) if title else None
    if title and listed and (listed.group("date") or re.search(_GENRES, title.group("lead"))):
        return RoleDecision(Role.AUTHORED, "listing_title", before.strip()[:20])
    if (
        _NUMBERED_ITEM_BEFORE.match(before)
        and _CV_ENTRY_AFTER.match(after)
        and not _EVENT_WORDS.search(after)
    ):
        # a CV's list of writings: 「3. X, title, journal, 715, 2023.10.」
        return RoleDecision(Role.AUTHORED, "listing_cv_entry", before.strip()[:10])
    coverage = _coverage_entry(text, start, end, line_start, before)
    if coverage is not None:
        return coverage
    if _dated_listing(text, start, end, line_start, before, after):
        # "Title, 03-11-2025, X (Managing Director, JIIA)", or the title, the date and the
        # name with its affiliation on lines of their own: an entry of a list of writings
        return RoleDecision(Role.AUTHORED, "listing_dated", before.strip()[-20:])
    if (
        _QUOTED_TITLE_BEFORE.search(before)
        and AFFILIATION_ONLY.match(after)
        and not _SPEECH_VERB.search(after)
    ):
        # 'Title: “Subtitle,” X, Professor, Hitotsubashi University [In Japanese]': the
        # author with the affiliation only after a quoted title, as a publication list
        # gives it
        return RoleDecision(Role.AUTHORED, "listing_quoted_title", "“…,”")
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if sentence_start and not text[sentence_start:start].strip():
        previous_start, _ = sentence_bounds(text, sentence_start - 1, sentence_start - 1)
        if _NUMBERED_TITLE.match(fold(text[previous_start:sentence_start])) and (
            AFFILIATION_ONLY.match(fold(text[end:sentence_end]))
        ):
            return RoleDecision(Role.AUTHORED, "listing_entry", "no.")
    if _DIALOGUE_AFTER.match(after) or _DIALOGUE_BEFORE.search(before):
        return RoleDecision(Role.INTERVIEW, "dialogue_header", "×")
    participants = _PARTICIPANTS_BEFORE.search(fold(text[sentence_start:start]))
    if participants and DIALOGUE_NOUN.search(
        fold(f"{doc_title}\n{text[max(0, start - DIALOGUE_WINDOW) : start]}")
    ):
        return RoleDecision(Role.INTERVIEW, "dialogue_participants", participants.group(0)[:10])
    return None
