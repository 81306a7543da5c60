"""The role of a mention, and the outlet of a document.

``classify_role`` takes one segment of a document (its title, byline or body,
as the original string), the span of one name in it, the spans of the other
names found there, and a ``RoleContext`` (outlet, title, whether the document
speaks of a broadcast); it returns a ``RoleDecision``: the ``Role``, the rule
that fired and the cue text that made it fire. ``media_type_for`` finds a URL's
outlet by the longest matching domain suffix.

Rules, strongest first, so each decision can be explained to staff:

* structural: the byline (``authored``); "By <name>" (``authored``); a
  bibliographic citation 「title」『journal』 after the name (``authored``);
  "<name> is a senior fellow at …" opening a sentence (an op-ed tagline,
  ``authored``); a label such as 出演： / ゲスト： before the name (``appearance``);
  a headline 「name「…」」 (``quote``);
* cues in the sentence that holds the name, each cue attributed to the nearest
  name (so in 「A氏が出演し、B氏がコメントした」 A appears and B is quoted); among the
  cues that belong to the name: ``authored`` > ``interview`` > ``appearance`` >
  ``quote``; a quote given on a broadcast programme is an ``appearance``;
* the next sentence when it continues with "he said" / 同氏は (``quote``);
* cues in the title (インタビュー, Opinion …);
* on a TV or radio outlet whose text speaks of a broadcast (番組, 放送, 出演,
  program, aired …), a quote, interview or passing mention is an ``appearance``;
* otherwise a passing ``mention``.

Pure functions: no network, no database, no state between calls.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.types import Article, Config, MediaType, OutletConfig, Role

#: Order used when one name has several roles: the strongest wins.
ROLE_STRENGTH: dict[Role, int] = {
    Role.AUTHORED: 6,
    Role.INTERVIEW: 5,
    Role.APPEARANCE: 4,
    Role.QUOTE: 3,
    Role.PUBLICATION_CITATION: 2,
    Role.MENTION: 1,
}

_BROADCAST_MEDIA = frozenset({MediaType.TV, MediaType.RADIO})

# --- cue vocabularies (matched on NFKC, lower-cased text) --------------------

# Japanese nouns of analysis/speech count as a quote only when used as a predicate
# (と分析した, 分析する。), not as a noun (分析した報告書, 分析が公開).
_NOT_NOUN = (
    r"(?=する(?![\u4e00-\u9fff\u30a0-\u30ff])|した(?![\u4e00-\u9fff\u30a0-\u30ff])|"
    r"して|し[、,]|しており|している|。|\s|$)"
)
_SPEECH_NOUNS = r"(?:分析|説明|評価|予測|予想|批判|主張|解説|推測|提言|言及)"
# Works of writing count as authored when published (論考が掲載, 論文を発表), not when
# merely referred to (論文に言及).
_WORK_NOUNS = (
    r"(?:論文|論考|論説|コラム|エッセー|エッセイ|著書|新著|研究レポート|戦略コメント|報告書|"
    r"レポート|オピニオン)"
)
_PUBLISHED = r"(?:掲載|発表|公表|公開|出版|刊行|発行|寄せ|執筆)"

_AUTHORED = (
    r"寄稿|執筆|筆者|連載|手記|投稿した|監修|編著|共著|単著|著[「『]|"
    + _WORK_NOUNS + r"[^。]{0,40}?" + _PUBLISHED + r"|"
    r"[【〈<\[]\s*(?:寄稿|論考|オピニオン|論評|私の視点|視点)\s*[】〉>\]]|戦略コメント[「『]|"
    r"(?:を|が)書い|"
    r"\bop-?eds?\b|\bopinion\b|\bcommentary\b|\bcolumn\b|\bcolumnist\b|\bessay\b|"
    r"\bwrote\b|\bwrites\b|\bwriting (?:in|for)\b|\bwritten by\b|\bauthored\b|\bco-?authored?\b|"
    r"\bco-?wr(?:ote|itten)\b|\bpenned\b|"
    r"\bcontribut(?:ed|es) an? (?:article|piece|essay|chapter|op-?ed|commentary)\b|"
    r"\bin an? (?:article|piece|paper|essay|op-?ed) (?:for|in|published)\b|"
    r"\bpolicy brief\b|\bstrategic comments?\b|"
    r"\bthe (?:writer|author)s?\s*(?:,[^,]{0,60},\s*)?(?:is|are|was)\b"
)
_INTERVIEW = (
    r"インタビュー|に聞く|に聞いた|に聞いて|聞き手|一問一答|対談|鼎談|座談会|"
    r"\binterview(?:ed|s|ing)?\b|\bq ?& ?a\b|\bsat down with\b|\bin conversation with\b|"
    r"\bspo(?:ke|ken) (?:exclusively )?(?:to|with) "
    r"(?!(?:reporters|journalists|the press|the media)\b)"
)
_APPEARANCE = (
    r"出演|ゲスト|コメンテーター|解説者|生中継|登壇|パネリスト|パネルディスカッション|講演|"
    r"講師(?:として|を務め)|基調報告|司会|モデレーター|進行役|進行を務め|挨拶|あいさつ|報告者|討論者|"
    r"発表者|に登場|(?:にて|で)報告|報告(?:した|する|を行|し[、,])|"
    r"[【〈\[]\s*(?:テレビ|tv|ラジオ|radio|メディア出演|出演|放送|講演|登壇)\s*[】〉\]]|"
    r"\bappear(?:ed|s|ing)? (?:live )?on\b|"
    r"\bappear(?:ed|s|ing)? (?:live )?in (?:a|an|the)? ?[^.]{0,40}"
    r"(?:program|programme|show|broadcast|documentary|podcast)\b|"
    r"\bguests?\b|\bpanelists?\b|\bpanel discussion\b|"
    r"\bkeynote\b|"
    r"\b(?:spoke|spoken|speak|speaks|speaking) at (?!an? (?:press|news) (?:conference|briefing))|"
    r"\b(?:opening|closing|welcome|welcoming|keynote) (?:remarks|address|speech)\b|"
    r"\bjoin(?:s|ed)? us\b|\btestif(?:y|ies|ied)\b|\bgave an? (?:talk|presentation|lecture)\b|"
    r"\bparticipat(?:e|es|ed|ing) in (?:a|an|the) [^.]{0,30}(?:panel|symposium|forum|seminar|"
    r"conference|dialogue|webinar|debate)\b|"
    r"\bwebinar\b|\bon air\b|\bon-air\b|\blive on\b|\bpodcast\b|\bcommentator\b|"
    r"\bmoderat(?:ed|es|ing|or)\b|\bchair(?:ed|s|ing)\b|\blectur(?:e|ed|es|ing)\b"
)
_QUOTE = (
    r"コメント|談話|(?<![会対鼎座相面商縁清])談(?![合])|指摘|によると|によれば|述べ|語っ|語る|語り|"
    r"話す|話し|と話|強調|警告|懸念を|懸念し|と言う|と言っ|明かし|訴え|とみる|と見る|と見て|"
    r"とみて|見方を示|考えを示|見解を|取材に|取材を受け|答え|警鐘|問題視|疑問視|表明|呈し|引用|"
    r"懸念(?:する|が示)|認識を示|振り返|力を込め|念を押|危惧|警戒(?=する|し)|疑問を|推察|反論|評し|"
    r"評する|期待を示|期待する|呼びかけ|見通(?:す|し(?:を示|だ))|の話(?:では|によると|[\s　]|$)|"
    r"」と(?!の)|と" + _SPEECH_NOUNS + r"|" + _SPEECH_NOUNS + _NOT_NOUN + r"|"
    r"(?:分析|見解|見方|解説|発言)が(?:紹介|引用|掲載)|"
    r"\bsaid\b|\bsays?\b|\bsaying\b|\btold\b|\btells?\b|\baccording to\b|\bnoted\b|"
    r"\bnotes? that\b|\bwarn(?:s|ed)?\b|\bargu(?:e|es|ed)\b|\bexplain(?:s|ed)?\b|\badd(?:s|ed)\b|"
    r"\bcommented\b|\bpoint(?:s|ed)? out\b|\bobserved\b|\bbelieves?\b|\bcaution(?:s|ed)?\b|"
    r"\bsuggest(?:s|ed)?\b|\bstress(?:es|ed)\b|\bpredict(?:s|ed)?\b|\bexpects?\b|\bthinks?\b|"
    r"\bquoted\b|\bquoting\b|\bremarked\b|\bemphasi[sz]ed\b|\basserted\b|\binsisted\b|"
    r"\backnowledged\b|\bcontends?\b|\bmaintained\b|\bdescribed\b|\bcalled (?:it|the|for)\b|"
    r"\bsees\b|\bin a comment\b|\bcomments?\s+(?:by|from|to|for|on)\b|\bagreed\b|"
    r"\brecall(?:s|ed)\b|\bconced(?:e|es|ed)\b|\badmit(?:s|ted)\b|\burg(?:e|es|ed)\b|"
    r"\bestimat(?:es|ed)\b|\bquestion(?:s|ed)\b|\bdoubt(?:s|ed)\b|\breckon(?:s|ed)?\b|"
    r"\bcounter(?:s|ed)\b|\brespond(?:s|ed)\b|\brepl(?:y|ies|ied)\b|\banswer(?:s|ed)\b|"
    r"\bassess(?:es|ed)\b|\bhighlight(?:s|ed)\b|\bunderscor(?:e|es|ed)\b|\bin a statement\b|"
    r"\bspeaking to\b"
)
_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.AUTHORED, re.compile(_AUTHORED)),
    (Role.INTERVIEW, re.compile(_INTERVIEW)),
    (Role.APPEARANCE, re.compile(_APPEARANCE)),
    (Role.QUOTE, re.compile(_QUOTE)),
)

# A broadcast programme named in the sentence: 「NHK「日曜討論」で」, "on NHK's program".
_BROADCASTER = (
    r"(?:\b(?:nhk|bs|cs|tbs|tv|fm|abema|j-wave|cnn|bbc|cnbc|cgtn|al jazeera|nhk world|"
    r"bs-tbs|bsフジ|bs日テレ|bs朝日|bsテレ東)\b|テレビ|ラジオ|放送|日テレ|テレ朝|テレ東|フジ|"
    r"アルジャジーラ|ニッポン放送|文化放送)"
)
_PROGRAMME = re.compile(
    _BROADCASTER + r"[a-z0-9 '’第\u4e00-\u9fff-]{0,10}?(?:の)?\s*[「『“\"]|"
    r"番組|生放送|放映|オンエア|"
    r"\b(?:broadcast|aired|podcast|newsline|documentary)\b|"
    r"\b(?:tv|radio|talk|news|morning|evening|weekly|television|current affairs) "
    r"(?:show|program|programme)\b|"
    r"\b(?:told|on|joined|in|during) (?:the|a|our|this|tonight's|today's) "
    r"(?:program|programme|show)\b"
)
# The document speaks of a broadcast (used with a TV/radio outlet only).
_BROADCAST_CONTEXT = re.compile(
    r"番組|放送|出演|生放送|スタジオ|中継|解説|オンエア|放映|キャスター|"
    r"\b(?:program|programme|broadcast|aired|on air|studio|episode|anchor|presenter|show)\b"
)

_BY_BEFORE = re.compile(r"(?:^|[\s(（【\[|—–-])by\s*:?\s*$")
_NOT_AUTHOR_BY = re.compile(
    r"\b(?:interviewed|hosted|moderated|chaired|led|introduced|joined|asked|accompanied|"
    r"followed|quoted|cited|criticized|criticised|praised|organized|organised)\s+by\s*:?\s*$"
)
_LABEL_BEFORE = re.compile(
    r"(?:出演|出演者|ゲスト|コメンテーター|解説|パネリスト|登壇者|講師)\s*[:：]\s*"
    r"(?:[^:：、。]{0,40}[、,・]\s*)?$"
)
_TITLE_AFTER = (
    r"(?:氏|さん|主任研究員|上席研究員|研究員|所長(?:代行)?|理事長|教授|准教授|大使|"
    r"[^「」『』。、\s]{0,20}(?:研究員|所長|理事長|教授)|"
    r"[(（][^)）]{0,40}[)）])?"
)
_VENUE = (
    r"(?:[『《]|\(『|（『|研究レポート|戦略コメント|ディスカッション・?ペーパー|ポリシー・?ブリーフ|"
    r"日本国際問題研究所|[^。「」]{0,40}(?:号|vol\.|no\.|\d{4}年\d{1,2}月))"
)
_CITATION_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"\s*(?:[,，、:：]\s*)?"
    r"(?:「[^」]{2,120}」\s*[,，、]?\s*[(（]?\s*" + _VENUE + r"|"
    r"(?:著|編|編著|共著|監修|訳)\s*[『「])"
    r"|^\s*[,.]\s*[“\"][^”\"]{4,200}[”\"]\s*[,.]?\s*(?:in\s+)?[a-z(]"
)
# An op-ed's sign-off: 「…課題だ。（桒原響子・日本国際問題研究所研究員）」 ending the text.
_SIGNOFF_BEFORE = re.compile(r"(?:^|[。.!?！？]\s*)[(（]\s*$")
_SIGNOFF_AFTER = re.compile(r"^[^()（）。\n]{0,60}[)）]\s*$")
_HEADLINE_QUOTE_AFTER = re.compile(r"^" + _TITLE_AFTER + r"\s*(?:[:：]\s*)?[「“]")
_TAGLINE_AFTER = re.compile(
    r"^\s*,?\s*(?:is|was)\s+(?:a|an|the)\s+[^.;]{0,80}?\b(?:fellow|director|president|"
    r"researcher|professor|analyst|chairman|scholar|ambassador|director-general|head)\b"
)
_PRONOUN_QUOTE = re.compile(
    r"\b(?:he|she)\s+(?:said|says|added|told|noted|warned|argued|explained|stressed|believes)\b|"
    r"^\s*(?:同氏|氏)は"
)
_TITLE_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.INTERVIEW, re.compile(r"インタビュー|に聞く|一問一答|\binterview\b|\bq ?& ?a\b")),
    (Role.AUTHORED, re.compile(r"寄稿|論考|オピニオン|\bopinion\b|\bop-?ed\b|\bcommentary\b")),
)

_ABBREVIATIONS = frozenset(
    {"mr", "ms", "mrs", "dr", "prof", "st", "jr", "sr", "no", "vol", "gen", "lt", "col", "sen",
     "rep", "gov", "u.s", "u.k", "e.g", "i.e", "vs", "etc", "inc", "co", "corp", "ltd", "jan",
     "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m"}
)
_OPEN = "「『（(【[《“"
_CLOSE = "」』）)】]》”"


@dataclass(frozen=True, slots=True)
class RoleContext:
    """What classification knows about the whole document."""

    outlet: OutletConfig | None = None
    title: str = ""
    broadcast: bool = False


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """A role with the rule that decided it and the cue it saw (for staff)."""

    role: Role
    rule: str
    cue: str = ""


def _fold(text: str) -> str:
    """NFKC and lower case; lengths may change, so fold pieces, not offsets."""
    return unicodedata.normalize("NFKC", text).lower()


def role_context(article: Article, outlet: OutletConfig | None = None) -> RoleContext:
    """Summarise the document once for every mention in it."""
    broadcast = bool(_BROADCAST_CONTEXT.search(_fold(f"{article.title}\n{article.text}")))
    return RoleContext(outlet=outlet, title=article.title, broadcast=broadcast)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` holding ``[start, end)``: ends at 。！？!? a line break, or
    a full stop before a capital; never inside 「」, （）, or quotation marks."""
    bounds = _sentence_starts(text)
    first = 0
    for boundary in bounds:
        if boundary <= start:
            first = boundary
        else:
            break
    last = len(text)
    for boundary in bounds:
        if boundary >= end:
            last = boundary
            break
    return first, last


@lru_cache(maxsize=16)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Offsets where sentences start (cached: every name in a text asks again)."""
    starts: list[int] = []
    depth = 0
    in_straight = False
    size = len(text)
    for index, char in enumerate(text):
        if char == "\n":
            depth, in_straight = 0, False
            starts.append(index + 1)
            continue
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char == '"':
            in_straight = not in_straight
        if depth or in_straight:
            continue
        if char in "。！？!?":
            starts.append(index + 1)
        elif char == "." and index + 2 < size and text[index + 1] == " ":
            following = text[index + 2]
            word = re.search(r"([\w.]+)$", text[max(0, index - 12) : index])
            if (following.isupper() or following in "\"“'‘(") and not (
                word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
            ):
                starts.append(index + 2)
    return tuple(starts)


def _cues(folded: str) -> list[tuple[int, int, Role, str]]:
    found: list[tuple[int, int, Role, str]] = []
    for role, pattern in _CUES:
        for hit in pattern.finditer(folded):
            found.append((hit.start(), hit.end(), role, hit.group(0)))
    return found


def _strongest(cues: list[tuple[int, int, Role, str]]) -> tuple[int, int, Role, str]:
    return max(cues, key=lambda cue: (ROLE_STRENGTH[cue[2]], -cue[0]))


def classify_role(
    text: str,
    start: int,
    end: int,
    context: RoleContext | None = None,
    *,
    others: tuple[tuple[int, int], ...] = (),
    in_byline: bool = False,
) -> RoleDecision:
    """Decide the role of the name at ``text[start:end]``.

    ``text`` is one original segment (title, byline or body); ``others`` are the
    spans of the other names found in it (to attribute cues to the nearest
    name); ``in_byline`` says the segment is the byline.
    """
    context = context or RoleContext()
    if in_byline:
        return RoleDecision(Role.AUTHORED, "byline", text[start:end])
    decision = _structural(text, start, end) or _in_sentence(text, start, end, others)
    if decision is None and _HEADLINE_QUOTE_AFTER.search(_fold(text[end : end + 80])):
        decision = RoleDecision(Role.QUOTE, "headline_quote", "「")
    if decision is None:
        decision = _title_cue(context.title)
    if decision is None:
        decision = RoleDecision(Role.MENTION, "passing")
    if (
        context.outlet is not None
        and context.outlet.media_type in _BROADCAST_MEDIA
        and context.broadcast
        and decision.role in (Role.QUOTE, Role.MENTION, Role.INTERVIEW)
    ):
        return RoleDecision(Role.APPEARANCE, "outlet_broadcast", context.outlet.name)
    return decision


_LINE_LABELS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.APPEARANCE,
        re.compile(r"出演|テレビ|tv|ラジオ|radio|放送|講演|登壇|パネル|セミナー|シンポジウム"),
    ),
    (Role.AUTHORED, re.compile(r"寄稿|論考|論文|執筆|著書|オピニオン|論評|書評|連載|コラム")),
    (Role.INTERVIEW, re.compile(r"インタビュー|対談|interview")),
    (Role.QUOTE, re.compile(r"コメント|談話|取材")),
)
_LINE_LABEL = re.compile(r"^\s*(?:[\d０-９./年月日 -]+\s*)?[【〈\[［]([^】〉\]］]{1,12})[】〉\]］]")


def _line_label(text: str, start: int) -> RoleDecision | None:
    """A bracketed label opening the line (【出演】, 【寄稿】 in activity logs)."""
    line_start = text.rfind("\n", 0, start) + 1
    label = _LINE_LABEL.match(_fold(text[line_start:start]))
    if not label:
        return None
    for role, pattern in _LINE_LABELS:
        if pattern.search(label.group(1)):
            return RoleDecision(role, f"line_label:{label.group(1)}", label.group(1))
    return None


def _structural(text: str, start: int, end: int) -> RoleDecision | None:
    labelled = _line_label(text, start)
    if labelled is not None:
        return labelled
    line_start = text.rfind("\n", 0, start) + 1
    before = _fold(text[max(line_start, start - 60) : start])
    after = _fold(text[end : end + 200])
    if _BY_BEFORE.search(before) and not _NOT_AUTHOR_BY.search(before):
        return RoleDecision(Role.AUTHORED, "by_prefix", "by")
    if _CITATION_AFTER.search(after):
        return RoleDecision(Role.AUTHORED, "citation", after[:30])
    sentence_start, _ = sentence_bounds(text, start, end)
    if not text[sentence_start:start].strip(" \t\"“—–-") and _TAGLINE_AFTER.search(after):
        return RoleDecision(Role.AUTHORED, "bio_tagline", after[:30])
    if _SIGNOFF_BEFORE.search(before) and _SIGNOFF_AFTER.search(_fold(text[end:])):
        return RoleDecision(Role.AUTHORED, "signoff", "（…）")
    label = _LABEL_BEFORE.search(before)
    if label:
        return RoleDecision(Role.APPEARANCE, "label", label.group(0).strip())
    return None


def _in_sentence(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...]
) -> RoleDecision | None:
    first, last = sentence_bounds(text, start, end)
    decision = _sentence_cues(text, first, last, start, end, others)
    if decision is not None:
        return decision
    # "…," he said. / 同氏は…と指摘した — the next sentence continues about this name.
    if last < len(text):
        next_first, next_last = sentence_bounds(text, last, last)
        following = _fold(text[next_first:next_last])
        if _PRONOUN_QUOTE.search(following) and not any(
            next_first <= other_start < next_last for other_start, _ in others
        ):
            return RoleDecision(Role.QUOTE, "next_sentence", following[:30])
    return None


_SUBJECT_AFTER = re.compile(
    r"^[・\s]*[\u4e00-\u9fff\u30a0-\u30ff・々ー]{0,30}(?:[(（][^)）]{0,40}[)）])?\s*"
    r"(?:さん|ら)?\s*(?:は|が|も)(?!ら)"
)
_COORDINATED_AFTER = re.compile(
    r"^[\u4e00-\u9fff々]{0,12}(?:[(（][^)）]{0,40}[)）])?\s*(?:と|・|、|,|や|及び|および|and|&)\s*$"
)


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    is_self: bool
    subject: bool  # marked as the subject: 小谷氏は / 戸﨑所長が / 髙山研究員も


def _sentence_cues(
    text: str,
    first: int,
    last: int,
    start: int,
    end: int,
    others: tuple[tuple[int, int], ...],
) -> RoleDecision | None:
    # Fold piecewise so cue positions in the folded sentence map onto name spans.
    inside = {(a, b) for a, b in others if first <= a and b <= last}
    spans = sorted(inside | {(start, end)})
    pieces: list[str] = []
    bounds: list[tuple[int, int, bool]] = []
    cursor = first
    length = 0
    for name_start, name_end in spans:
        if name_start < cursor:
            continue
        gap = _fold(text[cursor:name_start])
        name = _fold(text[name_start:name_end])
        pieces.append(gap)
        length += len(gap)
        bounds.append((length, length + len(name), (name_start, name_end) == (start, end)))
        pieces.append("\x00" * len(name))  # names are not cues
        length += len(name)
        cursor = name_end
    pieces.append(_fold(text[cursor:last]))
    folded = "".join(pieces)
    names = [
        _Name(a, b, is_self, bool(_SUBJECT_AFTER.match(folded[b : b + 60])))
        for a, b, is_self in bounds
    ]
    cues = _cues(folded)
    if not cues:
        programme = _PROGRAMME.search(folded)
        if programme:  # named with a broadcast programme and nothing else: on air
            return RoleDecision(Role.APPEARANCE, "programme_reference", programme.group(0))
        return None
    owned: dict[int, list[tuple[int, int, Role, str]]] = {}
    for cue in cues:
        owner = _owner(cue, names)
        owned.setdefault(owner, []).append(cue)
    me = next(index for index, name in enumerate(names) if name.is_self)
    chosen, prefix = _role_of(me, names, owned, cues, folded)
    if chosen is None:
        return None
    if chosen[2] is Role.QUOTE and _PROGRAMME.search(folded):
        return RoleDecision(Role.APPEARANCE, "broadcast_programme", chosen[3])
    return RoleDecision(chosen[2], f"{prefix}:{chosen[3]}", chosen[3])


def _owner(cue: tuple[int, int, Role, str], names: list[_Name]) -> int:
    """The name a cue speaks about: the nearest subject-marked name before it
    (小谷氏は…と指摘し、戸﨑氏は…と述べた), else the nearest name."""
    subjects = [i for i, name in enumerate(names) if name.subject and name.end <= cue[0]]
    if subjects:
        return subjects[-1]
    return min(
        range(len(names)),
        key=lambda i: (_distance(cue, names[i]), names[i].start > cue[0]),
    )


def _role_of(
    index: int,
    names: list[_Name],
    owned: dict[int, list[tuple[int, int, Role, str]]],
    cues: list[tuple[int, int, Role, str]],
    folded: str,
) -> tuple[tuple[int, int, Role, str] | None, str]:
    """The strongest cue a name owns; a name coordinated with the next one
    (小谷・戸﨑両氏が出演, Kotani and Tosaki said) shares its role; a subject
    takes the strongest cue after it; otherwise none."""
    name = names[index]
    if owned.get(index):
        return _strongest(owned[index]), "cue"
    if len(names) == 1:
        return _strongest(cues), "cue"
    if index + 1 < len(names) and _COORDINATED_AFTER.match(
        folded[name.end : names[index + 1].start]
    ):
        chosen, _ = _role_of(index + 1, names, owned, cues, folded)
        return chosen, "coordinated"
    if name.subject:
        after = [cue for cue in cues if cue[0] >= name.end]
        if after:
            return _strongest(after), "subject"
    return None, ""


def _distance(cue: tuple[int, int, Role, str], name: _Name) -> int:
    cue_start, cue_end = cue[0], cue[1]
    name_start, name_end = name.start, name.end
    if cue_start >= name_end:
        return cue_start - name_end
    if cue_end <= name_start:
        return name_start - cue_end
    return 0


def _title_cue(title: str) -> RoleDecision | None:
    """A role announced by the document's title (【インタビュー】, Opinion)."""
    folded = _fold(title)
    if not folded:
        return None
    for role, pattern in _TITLE_CUES:
        hit = pattern.search(folded)
        if hit:
            return RoleDecision(role, f"title_cue:{hit.group(0)}", hit.group(0))
    return None


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def domain_matches(host: str, domain: str) -> bool:
    """True when ``host`` is ``domain`` or one of its subdomains."""
    domain = domain.lower().strip(".")
    return host == domain or host.endswith("." + domain)


def media_type_for(url: str, config: Config) -> OutletConfig | None:
    """The outlet whose domain is the longest suffix of ``url``'s host, or None."""
    host = _host(url)
    if not host:
        return None
    best: OutletConfig | None = None
    best_length = -1
    for outlet in config.outlets:
        for domain in outlet.domains:
            if domain_matches(host, domain) and len(domain) > best_length:
                best, best_length = outlet, len(domain)
    return best
