"""Tell an expert from a namesake: another person printed with the same name.

Takes a ``NameSpot`` (one matched name with the text around it, as
``pipeline.match`` cuts it: the name's normalised text, the kanji right after it,
its sentence and the windows either side) and the expert's ``NamesakeRules`` (the
institute's names, the expert's titles, topics, posts and ``exclude`` phrases, all
normalised); ``namesake_reason`` returns why the name looks like someone else's,
the reason kept for staff, or None. The signs, in the order they are tried:

* an ``exclude`` phrase of the config near the name (within ``pipeline.match``'s
  ``EXCLUDE_WINDOW``; the name itself left out);
* how Japanese and English news introduce a private person, which the config does
  not list: an occupation that is not one of the expert's titles right after the
  name (伏田寛範議員, 小谷哲男社長); another body's organisation and post after it
  (伏田寛範・市教育委員会学校教育課長, not a former post 元…, not the institute's);
  a trade or private activity in the modifier right before the name (ピアノ教室を主宰
  する舟津奏さん, 農家の…さん, "pianist Kyoko Kuwahara", "reliever Tetsuo Kotani") or
  a trade right after the name in a profile (…（ふなつ・かなで）さん　ピアニスト。),
  unless a title of the expert or a post of the institute's kind follows the name or
  the sentence names the institute or one of the expert's titles or topics; an age
  or a school grade after the name (髙山嘉顕さん（81）, 舟津奏さん（中学2年）, a bare
  （3年）, "Tetsuo Kotani, 32,", "a 32-year-old") without the institute in the
  sentence;
* two or more words of sport or show business in the sentence of a full name
  (「先発の小谷哲男は7回を4安打2失点に…」, 「競泳…平泳ぎで戸崎洋史（日大）が自己ベスト」,
  "pitched seven innings") with no title of the expert after it and neither the
  institute nor one of the expert's titles or topics near it;
* for a romanised full name: a longer proper name it runs into ("The Kuwahara Kyoko
  Trio", not in a byline or a Title Case head line), an appositive with no word of a
  researcher's trade, the institute, a title or a topic of the expert in it ("Kyoko
  Kuwahara, a violinist with …,"), or a company's head ("X, president of Osaka-based
  valve maker …", "… said that its president, X, …") without the institute in the
  sentence.

Never drops a match or sets a confidence (``pipeline.match`` keeps a namesake's
match with ``EXCLUDED_CONFIDENCE`` and the reason); never finds names in a text or
decides a role. No network, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NameSpot", "NamesakeRules", "namesake_reason"]


@dataclass(frozen=True, slots=True)
class NameSpot:
    """One matched name and the text around it, all cut by the matcher.

    Offsets ``start``/``end`` index ``text``, ``original_start``/``original_end``
    index ``original``; ``sentence``, ``near`` and ``around`` are parts of the
    document's normalised title, byline and text joined.
    """

    text: str  # the normalised title, byline or text the name is in
    start: int
    end: int
    original: str  # the same field as printed
    original_start: int
    original_end: int
    latin: bool  # a romanised form of the name
    secondary: bool  # a surname alone or with an honorific
    partial: bool  # a surname with a post, or an initial and the surname
    kanji_after: str  # the run of kanji right after the name ("" when none)
    sentence: str  # the sentence around the name
    near: str  # the text within the exclude window either side, the name included
    around: str  # the text within the context window either side, the name included


@dataclass(frozen=True, slots=True)
class NamesakeRules:
    """What the config says about one expert, as the namesake signs read it (normalised)."""

    institute_terms: tuple[str, ...] = ()  # the institute's names
    context_terms: tuple[str, ...] = ()  # the institute's names, the expert's titles, topics
    exclude_terms: tuple[str, ...] = ()  # phrases that mark a known namesake
    # the expert's titles and the institute's posts: written right after the name, they
    # say the name is the expert's (a trade before it or sport around it says nothing)
    posts: tuple[str, ...] = ()


# fmt: off
# Occupations that, written right after a name, say who a namesake is (伏田寛範議員,
# 小谷哲男投手): never an expert's role unless it is one of the expert's titles.
_OTHER_OCCUPATIONS = (
    "議員", "市議", "町議", "村議", "区議", "県議", "都議", "府議", "道議", "社長", "副社長",
    "会長", "専務", "常務", "取締役", "店主", "店長", "選手", "投手", "捕手", "内野手", "外野手",
    "監督", "主将", "騎手", "棋士", "力士", "容疑者", "被告", "受刑者", "市長", "町長", "村長",
    "区長", "知事", "校長", "教頭", "教諭", "園長", "院長", "医師", "弁護士", "税理士", "署長",
    "巡査", "組合長", "自治会長", "町内会長", "住職", "宮司", "看護師", "保育士", "記者",
)
# Ranks of a municipal office, a school board or a company section that, ending the
# organisation and post written after a name (伏田寛範・市教育委員会学校教育課長), say the
# person holds another body's post: not a researcher's title.
_OTHER_RANKS = ("課長", "課長補佐", "係長", "主査", "主事", "教育長", "副市長", "副知事")
# Posts that end such an organisation-and-post run: the ranks and the occupations,
# except 会長 (a senior expert may chair an association: …日米協会会長).
_OTHER_POSTS = tuple(
    sorted(
        (post for post in (*_OTHER_RANKS, *_OTHER_OCCUPATIONS) if post != "会長"),
        key=len,
        reverse=True,
    )
)
# An age right after a name: 髙山嘉顕さん（81）, "Tetsuo Kotani, 32,", "a 32-year-old".
# A school grade in the brackets says the same (舟津奏さん（中学2年）, （高校1年生）), also
# bare, as school news writes it once the school is named (主将の…さん（3年）).
_AGE_AFTER_JA = re.compile(
    r"^(?:さん|氏|君|くん|ちゃん)?\s*\(\s*(?:\d{1,3}\s*(?:歳)?|"
    r"(?:小学|中学|高校|高等学校|小|中|高|大学)?\s*[1-6]\s*年生?|"
    # a school, not a university (舟津奏さん（市立第二小）; 小谷哲男（明海大） is a researcher's;
    # （依頼中）, （日中） are no school)
    r"[^()\s]{0,12}(?:小学校|中学校|高校|高等学校|幼稚園|保育園)|"
    r"(?:市立|区立|町立|村立|県立|都立|府立|道立|私立|附属|第[一二三四五六七八九十\d]{1,2})"
    r"[^()\s]{0,8}[小中高])\s*\)"
)
_AGE_AFTER_EN = re.compile(
    r"^\s*(?:\(\s*\d{1,3}\s*\)|,\s*(?:aged\s+)?\d{1,3}\s*,|,\s*an?\s+\d{1,3}-year-old\b)"
)
# An English appositive right after a name: "Kyoko Kuwahara, a violinist with …,".
# Closed by a comma, and with no verb in it (", the Gulf states are hedging" is a clause).
_APPOSITIVE_AFTER = re.compile(
    r"^\s*,\s*(?:a|an|the)\s+"
    r"((?:(?!\b(?:is|are|was|were|has|have|had|will|would|can|could|says?|said)\b)[^,.;()]){3,70}),"
)
# A company's head in an appositive: "X, president of Osaka-based valve maker …,".
_BUSINESS_APPOSITIVE_AFTER = re.compile(
    r"^\s*,\s*((?:the\s+)?(?:president|chairman|chairwoman|ceo|chief executive|founder|owner|"
    r"managing director|executive)\s+(?:\w+\s+){0,3}?(?:of|at)\s+[^,.;()]{0,60}?"
    r"(?:,\s*an?\s+[^,.;()]{0,50}?)?\b(?:maker|"
    r"company|firm|corporation|corp|inc|co|ltd|group|bank|manufacturer|retailer|brewery|"
    r"chain|store|shop|startup|holdings|supplier|builder|developer|trading house|industries|"
    r"industry|works|manufacturing|motors?|electric|systems|technologies|foods|pharmaceuticals?)\b)"
)
# … and named as the company's head right before the name: "…maker Takayama Seiki said
# that its president, Yoshiaki Takayama, will step down".
_BUSINESS_HEAD_BEFORE = re.compile(
    r"\b((?:its|the (?:company|firm|group|maker|bank)['’]s)\s+(?:president|chairman|chairwoman|"
    r"ceo|chief executive|founder|owner|managing director))\s*,?\s*$",
    re.IGNORECASE,
)
# Words that describe a researcher, diplomat or official, in an appositive.
_EXPERT_WORDS = re.compile(
    r"\b(?:fellow|research\w*|scholar|professor|academic|expert|specialist|analyst|"
    r"director|president|head|chief|ambassador|envoy|diplomat|official|author|advis[eo]r|"
    r"minister|ministry|secretary|bureaucrat|officer|negotiator|counsel+or|consul|"
    r"think[ -]?tank|institute|university|observer|watcher|commentator|lecturer|strategist|"
    r"economist|scientist|historian|authority)s?\b"
)
# Trades and private activities that, in the modifier right before a name, say who a
# namesake is (ピアノ教室を主宰する舟津奏さん, 農家の小谷哲男さん, "pianist Kyoko Kuwahara"):
# never a researcher's, and only read so when the sentence names neither the institute
# nor one of the expert's titles or topics.
_TRADES_BEFORE_JA = (
    "教室", "店主", "店長", "農家", "農園", "漁師", "漁業", "主婦", "会社員", "自営業", "職人",
    "画家", "陶芸家", "書家", "写真家", "音楽家", "演奏家", "作曲家", "ピアニスト",
    "バイオリニスト", "歌手", "俳優", "女優", "料理人", "シェフ", "美容師", "理容師", "大工",
    "工務店", "蔵元", "愛好家", "生産者", "を営む", "を営んで", "を経営", "経営者",
)
# The same trades as a profile gives them right after the name (or its reading) and an
# honorific (髙山嘉顕（たかやま・よしあき）さん　陶芸家。, 舟津奏さん、ピアニスト。), as the
# normalised text holds it (spaces and ・ dropped); a noun of its own, not 「…さん、歌手の
# Xと共演」.
_TRADES_AFTER_JA = (
    "画家", "陶芸家", "書家", "写真家", "音楽家", "演奏家", "作曲家", "ピアニスト",
    "バイオリニスト", "チェリスト", "ギタリスト", "指揮者", "歌手", "俳優", "女優", "声優",
    "落語家", "漫画家", "彫刻家", "工芸家", "染織家", "華道家", "茶道家", "歌人", "俳人",
    "ダンサー", "料理人", "料理研究家", "シェフ", "パティシエ", "美容師", "理容師", "大工",
    "職人", "農家", "漁師", "主婦", "会社員", "自営業",
)
_TRADE_AFTER_JA = re.compile(
    r"^(?:\([\u3041-\u309f\u30a0-\u30ffー]{2,30}\)|\))?(?:さん|氏)?[、,=]?("
    + "|".join(sorted(_TRADES_AFTER_JA, key=len, reverse=True))
    + r")(?=[。、,(]|$)"
)
# The modifier before a name: back to the previous clause break.
_CLAUSE_BREAK = re.compile(r"[、。,，「」『』()（）\n!?！？]")
_TRADE_BEFORE_EN = re.compile(
    r"\b(?:pianist|violinist|cellist|singer|actor|actress|potter|painter|sculptor|farmer|"
    r"fisherman|chef|baker|carpenter|hairdresser|jockey|pitcher|swimmer|skater|sprinter|golfer|"
    r"athlete|ceo|businessman|businesswoman|entrepreneur|shopkeeper|restaurateur|homemaker|"
    r"reliever|closer|catcher|infielder|outfielder|shortstop|slugger|left-hander|right-hander|"
    r"southpaw|batter|quarterback|goalkeeper|midfielder|striker|defender|wrestler|boxer)"
    r"\s+$"
)
# Words of sport and show business. Two or more of them in the sentence of a name say
# the name is an athlete's or a performer's (「先発の小谷哲男は7回を4安打2失点に…」,
# 「競泳の日本選手権、…平泳ぎで戸崎洋史（日大）が自己ベストを更新」), when neither the
# institute nor one of the expert's titles or topics is near (``NameSpot.around``).
_SPORTS_JA = (
    "先発", "登板", "投球", "安打", "失点", "打点", "本塁打", "勝目", "完投", "完封", "三振",
    "打席", "打率", "適時打", "競泳", "平泳ぎ", "背泳ぎ", "自由形", "バタフライ", "メドレー",
    "自己ベスト", "自己新", "日本新", "大会新", "選手権", "準決勝", "準々決勝", "決勝", "予選",
    "優勝", "得点", "ゴール", "アシスト", "試合", "騎乗", "重賞", "競馬", "競輪", "金メダル",
    "銀メダル", "銅メダル", "白星", "黒星", "番付", "取組", "リーグ", "ストライカー", "主演",
    "共演", "映画", "舞台", "公演", "新曲", "アルバム", "コンサート", "ドラマ", "興行",
)
_SPORTS_EN = re.compile(
    r"\b(?:pitched|pitcher|innings?|strikeouts?|home runs?|homers?|rbis?|touchdowns?|"
    r"hat-trick|goals?|scored|tournament|championships?|semi-?finals?|quarter-?finals?|"
    r"freestyle|breaststroke|backstroke|butterfly|medley|personal best|world record|"
    r"(?:gold|silver|bronze) medal|podium|striker|midfielder|goalkeeper|batting|wickets?|"
    r"box office|starring|starred|album|concert|premiere|captains?|sporting|cricket(?:ers?)?|"
    r"rugby|tennis|golfers?|actors?|actress(?:es)?)\b"
)
_CAPITALISED_NEXT = re.compile(r"^ ([A-Z][a-z]{2,})\b")
_NOT_NAME_PARTS = frozenset(
    {"Jr", "Sr", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
     "January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Japan", "Tokyo", "The", "And", "But",
     # a sentence that starts right after a byline: "By A and X From 2014 to 2022, …"
     # (words of three letters or more: shorter ones never read as a name part)
     "From", "For", "With", "After", "Before", "Since", "When", "While", "Why", "How", "What",
     "Now", "This", "That", "These", "She", "They", "Says", "Said", "Last", "Next"}
)
# fmt: on
# A byline before the name: "By X", "By A and X", "By A, B & X" (a capital B: "Music by
# the X Trio" is no byline).
_BYLINE_BY = re.compile(
    r"(?:^|\s)By:?\s+(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:,|and|&)\s*){0,4}$"
)


def namesake_reason(spot: NameSpot, rules: NamesakeRules) -> str | None:
    """Why the name at ``spot`` looks like another person's, or None.

    The reason is the text staff see beside the match (it ends "(namesake?)"): an
    ``exclude`` phrase near the name, then the signs of the module's docstring.
    """
    name_text = spot.text[spot.start : spot.end]
    near = spot.near.replace(name_text, "\x00", 1)
    for term in rules.exclude_terms:
        if term in near:
            return f"exclude phrase {term!r} near the name (namesake?)"
    return _namesake(spot, rules)


def _namesake(spot: NameSpot, rules: NamesakeRules) -> str | None:
    """Why the name looks like another person's (an occupation, an age), or None."""
    text = spot.text
    if not spot.latin:
        run = spot.kanji_after
        for occupation in _OTHER_OCCUPATIONS:
            if run.startswith(occupation) and not run.startswith(rules.posts):
                return f"occupation {occupation!r} after the name is not the expert's (namesake?)"
        post = _other_post(run, rules)
        if post is not None:
            return f"post {post!r} of another body after the name (namesake?)"
    trade = _trade_before(spot, rules)
    if trade is not None:
        return f"occupation or activity {trade!r} next to the name is not the expert's (namesake?)"
    after = text[spot.end : spot.end + 30]
    age = _AGE_AFTER_EN if spot.latin else _AGE_AFTER_JA
    if age.search(after) and not _institute_in_sentence(spot, rules):
        return "an age or school grade after the name and no institute in the sentence (namesake?)"
    sport = _sports_context(spot, rules)
    if sport is not None:
        return f"words of sport or show business {sport!r} around the name (namesake?)"
    if spot.latin and not (spot.secondary or spot.partial):
        if _runs_into_proper_name(spot):
            return "part of a longer proper name (namesake?)"
        appositive = _APPOSITIVE_AFTER.match(text[spot.end : spot.end + 90])
        if appositive and not _expert_words(appositive.group(1), rules):
            return f"described as {appositive.group(1).strip()!r} (namesake?)"
        business = _BUSINESS_APPOSITIVE_AFTER.match(
            text[spot.end : spot.end + 120]
        ) or _BUSINESS_HEAD_BEFORE.search(text[max(0, spot.start - 40) : spot.start])
        if business and not _institute_in_sentence(spot, rules):
            return f"described as {business.group(1).strip()!r} (namesake?)"
    return None


def _institute_in_sentence(spot: NameSpot, rules: NamesakeRules) -> bool:
    """True when one of the institute's names stands in the sentence of the name."""
    return any(term in spot.sentence for term in rules.institute_terms)


def _sports_context(spot: NameSpot, rules: NamesakeRules) -> str | None:
    """Two or more words of sport or show business in the sentence of a full name
    (先発, 安打, 失点; "pitched", "innings"), with no title of the expert after it and
    neither the institute nor one of the expert's titles or topics nearby."""
    if spot.partial or spot.secondary:
        return None
    text = spot.text
    if text[spot.end :].lstrip(" ・").startswith(rules.posts):
        return None
    sentence = spot.sentence
    words = sorted(
        {m.group(0) for m in _SPORTS_EN.finditer(sentence)}
        | {word for word in _SPORTS_JA if word in sentence}
    )
    if len(words) < 2:
        return None
    if any(term in spot.around for term in (*rules.context_terms, *rules.institute_terms)):
        return None
    return "、".join(words[:3])


def _trade_before(spot: NameSpot, rules: NamesakeRules) -> str | None:
    """The trade or private activity in the modifier right before the name
    (ピアノ教室を主宰する舟津奏さん, "Pianist Kyoko Kuwahara"), or the trade a
    profile gives right after the name (舟津奏（ふなつ・かなで）さん　ピアニスト。),
    when the sentence names neither the institute nor one of the expert's titles or
    topics, and no title of the expert follows the name."""
    if spot.partial:
        return None
    text = spot.text
    if text[spot.end :].startswith(rules.posts):
        return None
    if any(term in spot.sentence for term in rules.context_terms):
        return None
    before = text[max(0, spot.start - 40) : spot.start]
    if not spot.latin:
        profile = _TRADE_AFTER_JA.match(text[spot.end : spot.end + 40])
        if profile:
            return profile.group(1)
    if spot.latin:
        trade = _TRADE_BEFORE_EN.search(before)
        return trade.group(0).strip() if trade else None
    breaks = list(_CLAUSE_BREAK.finditer(before))
    modifier = before[breaks[-1].end() :] if breaks else before
    return next((word for word in _TRADES_BEFORE_JA if word in modifier), None)


def _other_post(run: str, rules: NamesakeRules) -> str | None:
    """The post, when the kanji after a name are an organisation and a post that is
    another body's (…市教育委員会学校教育課長, …病院院長): a rank or occupation ends
    the run, which is neither one of the expert's titles, nor at the institute, nor
    a former post (元…, 前…)."""
    if (
        len(run) < 3
        or run.startswith(("元", "前"))
        or run.endswith(rules.posts)
        or any(term in run for term in rules.institute_terms)
    ):
        return None
    for post in _OTHER_POSTS:
        if run.endswith(post) and len(run) > len(post):
            return run
    return None


def _expert_words(phrase: str, rules: NamesakeRules) -> bool:
    """True when ``phrase`` could describe the expert: a word of the trade, the
    institute, one of the expert's titles or topics."""
    return bool(_EXPERT_WORDS.search(phrase)) or any(
        term in phrase for term in (*rules.context_terms, *rules.institute_terms)
    )


def _runs_into_proper_name(spot: NameSpot) -> bool:
    """True for "The Kuwahara Kyoko Trio": a romanised name followed by another
    capitalised word, in text that is not set in Title Case (a headline)."""
    original = spot.original
    following = _CAPITALISED_NEXT.match(original[spot.original_end : spot.original_end + 30])
    if not following or following.group(1) in _NOT_NAME_PARTS:
        return False
    if _BYLINE_BY.search(original[max(0, spot.original_start - 80) : spot.original_start]):
        return False  # "By J. Michael Cole Beijing will …": a byline runs into the text
    rest = original[: spot.original_start] + original[spot.original_end :]
    words = re.findall(r"[A-Za-z]{4,}", rest)
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised < 0.7 * len(words)
