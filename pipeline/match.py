"""Find the institute, its experts and its publications in one document.

``Matcher(config, publications)`` compiles every alias of every expert, the
institute's names and the publications' titles ONCE into one Aho-Corasick
automaton; ``find_mentions(article, outlet)`` runs it over the article's title,
byline and text in one pass (the cost per document does not grow with the
number of experts) and returns ``MentionCandidate`` values: at most one per
(target_kind, target_id), carrying the strongest role found with its evidence
(snippet with the match in ``[[ ]]``, alias, rule, confidence, reason).

Matching rules:

* the forms a name takes come from ``pipeline.aliases``, made from the canonical name
  and whatever aliases the config lists (often one English form): romanised names in
  both orders ("Tetsuo Kotani", "KOTANI Tetsuo", "Kotani, Tetsuo"), the Ken'ichiro /
  Ken-ichiro / Kenichiro spellings, with or without a middle initial; the surname, also
  of a name written in one run of kanji (佐々江賢一郎 and "Kenichiro Sasae" → 佐々江),
  with an honorific or with a post of a general vocabulary, not only the config's
  titles (佐々江理事長, 小谷主任研究員, 佐々江元次官, "Senior Fellow Kotani"); forms and
  texts go through the same ``pipeline.normalize``;
* boundaries: a Latin alias must sit on word boundaries; a Japanese alias next
  to more kanji is a match only when those kanji are a title, honorific or
  organisation (小谷哲男氏, 主任研究員小谷哲男, 一般教育科小谷哲男教授, 小谷哲男明海大学教授,
  a unit of four characters or more and its post: 小谷哲男海洋政策センター所長), never part of a
  longer name (大小谷哲男太, 小谷哲男一主任研究官); katakana next to a katakana alias is a
  longer word; a romanised name followed by a capitalised word is part of a longer proper
  name unless that word opens a sentence ("… Kotani From 2014 …"; a namesake's sign,
  read by ``pipeline.namesake``); the
  institute's name inside another body's name (中国国際問題研究所, Singapore
  Institute of International Affairs) is not the institute;
* where names overlap the longest wins (国際問題研究所 inside 日本国際問題研究所);
* an expert with ``require_context`` needs the institute's name, one of the
  expert's titles or topics, or the full name of another expert (one who needs no
  context) within ``CONTEXT_WINDOW`` characters, or a post of the institute's kind
  written next to the name (市川とみ子所長, 主任研究員の山﨑周, "Director General Tomiko
  Ichikawa", "Tomiko Ichikawa, director general of …"); an ``exclude``
  phrase within ``EXCLUDE_WINDOW`` marks a namesake. A match failing either is
  kept with a low confidence (``LOW_CONFIDENCE`` / ``EXCLUDED_CONFIDENCE``) and
  the reason, never dropped; ``DETECTED`` is the line between the two;
* a romanised alias also yields the kana its reading may be printed in
  (Yoshiaki Takayama → たかやまよしあき, タカヤマヨシアキ; see
  ``pipeline.normalize.kana_spellings``), surname first as Japanese writes it;
* namesakes, listed by the config (``exclude``) or not, are told apart by
  ``pipeline.namesake``: how news introduces a private person (an occupation or another
  body's post after the name, an age or a school grade, a trade next to it, words of sport
  or show business around it, an English appositive); such a match is kept with
  ``EXCLUDED_CONFIDENCE`` and the reason;
* surnames (see ``pipeline.aliases``) are compiled as secondary keys: they never
  make a candidate alone and never set its confidence, but 「小谷氏は…と指摘した」 after
  a full name gives that name its role; after a bare surname only a title or honorific
  may follow (小谷哲也教授 is someone else's name);
* a match that runs across a line break yields to an overlapping one inside a line
  ("…says JIIA's Fushita⏎Hironori Fushita, …");
* a surname with a post (小谷主任研究員, 佐々江元駐米大使, Senior Fellow Kotani, "former
  vice foreign minister Sasae"), and a romanised surname written with the institute's
  name ("JIIA's Kotani", "Kotani of JIIA", "Kotani, a senior fellow at JIIA"; not after
  another capitalised word: "Hiroshi Kotani of JIIA" is someone else) is a match when
  the institute is named within ``CONTEXT_WINDOW``; without it, in a document that
  names the expert in full it refers back to that name (「会見には市川とみ子所長と…が出席。
  市川所長は「…」と述べ」) and, like a bare surname, gives the name its role
  but never a detection; a surname with
  an honorific (佐々江氏, 小谷さん, and before a romanised surname of three letters or
  more: Mr. Kotani, Professor Akiyama, Ambassador Sasae) is one when the institute is
  named in the same sentence (「日本国際問題研究所、新理事長に佐々江氏」, "Mr. Kotani of
  JIIA said"), or when a post stands right before it (元次官・佐々江氏) and the institute
  is named within ``CONTEXT_WINDOW``; otherwise, like a bare surname, it only gives a
  name found in full its role, and without that name it is kept for staff with
  ``LOW_CONFIDENCE`` when the institute, one of the expert's titles or topics is within
  ``CONTEXT_WINDOW`` or a post stands before it (with nothing near, it is no candidate);
* a romanised given name reduced to its initial before the surname ("T. Ichikawa",
  "T.Ichikawa", and "Ichikawa, T." as reference lists write it) is a match when the
  institute is named within ``CONTEXT_WINDOW`` or one of the expert's romanised titles or
  a post of the institute's kind stands next to it ("T.Ichikawa, Director General
  of …"); otherwise it refers back to the full name in the document, or is kept with
  a low confidence;
* an expert candidate's role is the role model's decision
  (``pipeline.classify.model``), made from the features of its occurrence: the cue
  table, every rule family's reading, the document and the window's character
  n-grams. The occurrence is chosen, and without a model file the role given, by
  ``classify_role``'s simple fallback and the rules below: its strongest occurrence's,
  except that an appearance at an
  event (not on air) yields to a quote of the same name that reports words elsewhere
  in the document (「…パネリストとして登壇した。小谷氏は「…」と語った」: a quote), and so
  does a head line's signature (「中国の対日姿勢「軟化は戦術的」　山﨑周・国問研研究員」
  over 「山﨑周研究員は、…と指摘する」: a column's author is not reported so; the head
  line attributes the view);
* a publication is found by its title (at least ``MIN_TITLE_LENGTH`` normalised
  characters) or a link to its URL; a link to an institute domain is an
  institute ``publication_citation``.

A document in which ``pipeline.prefilter`` shows that no key can be found (most of
them: they name no expert, no institute and no publication) skips the normalisation, the
automaton and the role context; its candidates are its links' alone, as they would be
after the full work.

Offsets (``start``/``end``) index ``article.text``; when the evidence sits in
the title or byline they index that field and ``rule`` starts with ``title:`` or
``byline:``; for links both are 0 and ``rule`` starts with ``link``.

No network, no database; expert ``since``/``until`` are the report's concern.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import ahocorasick

from pipeline import limits
from pipeline.aliases import (
    HONORIFICS_LATIN,
    INSTITUTE_POSTS_JA,
    INSTITUTE_POSTS_LATIN,
    Form,
    NameForm,
    is_latin,
    name_forms,
    posts_ja,
)
from pipeline.aliases import romanised_variants as romanised_variants  # re-exported
from pipeline.classify import (
    ROLE_STRENGTH,
    RoleContext,
    RoleDecision,
    classify_role,
    role_context,
)
from pipeline.classify.model import RoleModel, default_model, features_for
from pipeline.dedup import url_key
from pipeline.namesake import NamesakeRules, NameSpot, namesake_reason
from pipeline.normalize import (
    NormalizedText,
    is_japanese,
    is_kanji,
    is_katakana,
    is_latin_word_char,
    normalize,
    normalize_name,
)
from pipeline.outlets import domain_matches
from pipeline.prefilter import Prefilter
from pipeline.types import (
    Article,
    Config,
    ExpertConfig,
    MentionCandidate,
    OutletConfig,
    PublicationRecord,
    Role,
    TargetKind,
)

#: Confidence of a full-name match that passed its rules.
CONFIDENT = 0.9
#: Confidence of a surname-and-title match (小谷主任研究員) with the institute named nearby.
PARTIAL_CONFIDENCE = 0.75
#: Confidence of a byline match.
BYLINE_CONFIDENCE = 0.95
#: Confidence of a match that failed ``require_context``.
LOW_CONFIDENCE = 0.3
#: Confidence of a match next to an ``exclude`` phrase (a known namesake).
EXCLUDED_CONFIDENCE = 0.2
#: Candidates at or above this are "detected"; below it they wait for a human look.
DETECTED = 0.5
#: Characters (normalised) either side of a name searched for required context.
CONTEXT_WINDOW = 200
#: Characters (normalised) either side of a name searched for exclude phrases.
EXCLUDE_WINDOW = 50
#: Shortest normalised publication title that is matched in text.
MIN_TITLE_LENGTH = 8
#: Characters of original text either side of the match in a snippet.
SNIPPET_RADIUS = 60

# Kanji that may follow a Japanese name: honorifics, titles, roles, verbs of
# authorship. The kanji run after a name must START with one of these…
_AFTER_NAME = (
    "氏", "両氏", "各氏", "君", "様", "殿", "先生", "主任", "上席", "首席", "特任", "客員", "特別",
    "名誉", "研究", "所長", "所員", "副", "理事", "会長", "教授", "准教授", "助教", "講師", "博士",
    "大使", "元", "前", "現", "駐", "著", "編", "監修", "訳", "談", "述", "記", "解説", "出演",
    "寄稿", "執筆", "登壇", "講演", "報告", "司会", "発言", "論", "代表", "顧問", "部長", "室長",
    "局長", "委員", "議長", "同", "外務", "内閣", "防衛", "政策", "上級", "主幹", "社長", "会長",
    "専務", "常務", "取締役", "議員", "記者", "総裁", "次官", "長官", "事務", "総長", "学長",
    "センター", "軍縮", "日本", "米国", "国際", "等", "ら", "他", "助手", "会員", "主査",
    # a post newly taken: 栗山進一新所長, 寺島実郎新学長
    "新",
    # occupations: not part of a name, so a namesake stays visible to ``exclude``
    "投手", "捕手", "内野手", "外野手", "選手", "監督", "騎手", "棋士", "力士", "容疑者", "被告",
    "市長", "町長", "村長", "知事",
)
# … or END with one of these when it is an organisation plus title (小谷哲男明海大学教授).
_TITLE_ENDINGS = (
    "教授", "准教授", "研究員", "所長", "理事長", "会長", "大使", "次官", "長官", "委員", "委員長",
    "代表", "顧問", "局長", "部長", "室長", "議員", "記者", "講師", "博士", "社長", "学長",
    "主幹", "理事", "主査", "幹事",
)
# … or, when the post is written in katakana or after a katakana unit, the run of the
# unit and the post (大武美保子認知行動支援技術チームリーダー, 坂本満九州センター所長): the
# unit is four characters or more here, so 山﨑周一主任研究官 (the rest of a longer name,
# then a post) is not one. (Matched at the name's end: no ^.) The ending rule above still
# takes a two-character rest before a title (小谷哲男東大教授, and so 小谷哲男太郎教授).
_UNIT_AND_POST_AFTER = re.compile(
    r"[\u4e00-\u9fff々\u30a1-\u30f6ー・]{4,24}?(?:"
    + "|".join(_TITLE_ENDINGS)
    + r"|研究官|チームリーダー|リーダー|フェロー|ディレクター|エコノミスト|アナリスト|"
    r"コーディネーター|マネージャー|センター長)"
)
# The kanji run before a name must END with one of these (a title, an organisation,
# a label): 主任研究員小谷哲男, 日本国際問題研究所小谷哲男, 元駐米大使佐々江賢一郎.
_BEFORE_NAME = (
    "員", "長", "授", "所", "学", "構", "団", "人", "使", "官", "者", "師", "士", "元", "前", "故",
    "同", "現", "演", "会", "説", "稿", "筆", "手", "問", "事", "表", "幹", "席", "任", "談", "著",
    "編", "訳", "修", "氏", "名", "局", "省", "部", "室", "課", "院", "塾", "府", "庁",
    # a faculty, a school, a hall, a company: 一般教育科河村豊教授, 本校…
    "科", "校", "館", "社",
)
# For the institute only: what may follow its name besides titles (所長, 主催 …).
_AFTER_INSTITUTE = (
    "長", "員", "内", "主催", "共催", "後援", "協力", "編", "刊", "発行", "発表", "提供",
    "調査", "報告",
    "年次", "戦略", "主任", "研究",
)
# For the institute only: an organisation's name may be preceded by its legal form.
_BEFORE_INSTITUTE = ("法人", "財団", "同", "当")
# Head lines that end with the name (a column's signature): yield to the name's words
# reported in the body.
_HEAD_SIGNATURES = frozenset({"signature", "signature_head"})
# The reason of a surname-and-title match that refers back to the full name.
_REFERS_BACK = " after the expert's full name in the document"
# A post of the institute's kind right after a Japanese name (市川とみ子所長, 山﨑周・中国研究
# センター研究員) or, in English, as an appositive ("X, a senior fellow at …", "X, director
# general of …"), or before a name ("Research Fellow X", "Director-General X").
_POST_AFTER_JA = re.compile(
    r"^[・ (]?[\u4e00-\u9fff々\u30a1-\u30f6ー]{0,12}?("
    + "|".join(sorted(INSTITUTE_POSTS_JA, key=len, reverse=True))
    + ")"
)
_POST_AFTER_LATIN = re.compile(
    rf"^\s*(?:,|\()\s*(?:(?:a|an|the|its)\s+)?(?:former\s+|then\s+)?((?:{INSTITUTE_POSTS_LATIN}))\b"
)
_POST_OPENS = re.compile(rf"(?:{INSTITUTE_POSTS_LATIN})\b")
_POST_ENDS = re.compile(rf"(?:^|\s)(?:{INSTITUTE_POSTS_LATIN})\s*$")
_COMPOUND_POST = re.compile(
    r"\b(?:director[- ]general|(?:senior\s+|principal\s+)?research\s+fellow|senior\s+fellow)\b"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.\s")
_GENERIC_LEADS = frozenset(
    {"the", "a", "an", "at", "of", "by", "from", "for", "in", "with", "and", "to", "on", "said",
     "says", "according", "told", "via", "about", "as", "its", "his", "her", "their", "our"}
)


@dataclass(frozen=True, slots=True)
class _Key:
    """What one automaton key stands for."""

    kind: TargetKind
    target_id: str
    alias: str
    latin: bool
    secondary: bool = False
    partial: bool = False  # surname + title (小谷主任研究員): needs the institute nearby
    honorific: bool = False  # surname + 氏/さん: a match with the institute in its sentence
    initial: bool = False  # the given name's initial + surname (T. Ichikawa), a partial key


@dataclass(frozen=True, slots=True)
class _Segment:
    name: str  # "title", "byline" or "text"
    original: str
    norm: NormalizedText
    base: int  # offset of this segment in the combined normalised string


@dataclass(slots=True)
class _Hit:
    key: _Key
    segment: _Segment
    start: int  # normalised, within the segment
    end: int
    combined_start: int
    combined_end: int
    original_start: int = 0
    original_end: int = 0


@dataclass(slots=True)
class _Occurrence:
    hit: _Hit
    decision: RoleDecision
    confidence: float
    reason: str
    primary: bool = True  # False for a bare surname: it gives a role, never a detection


_AddKey = Callable[[str, "_Key"], None]


@dataclass(slots=True)
class _ExpertRules:
    context_terms: tuple[str, ...] = ()
    require_context: bool = False
    titles: tuple[str, ...] = field(default_factory=tuple)
    # what the namesake signs read: exclude phrases, the expert's posts …
    namesake: NamesakeRules = field(default_factory=NamesakeRules)


def _is_latin(text: str) -> bool:
    return is_latin(text)


def _key_of(form: NameForm, expert_id: str) -> _Key:
    """The automaton key of one form of an expert's name."""
    return _Key(
        TargetKind.EXPERT,
        expert_id,
        form.alias,
        form.latin,
        secondary=form.form in (Form.SURNAME, Form.HONORIFIC),
        partial=form.form in (Form.POST, Form.INITIAL),
        honorific=form.form is Form.HONORIFIC,
        initial=form.form is Form.INITIAL,
    )


def _bare_surname(key: _Key) -> bool:
    """A surname alone (no honorific, no post): it never makes a candidate by itself."""
    return key.kind is TargetKind.EXPERT and key.secondary and not key.honorific


class _Default:
    """The default role model (the shipped one), told apart from None (rules alone)."""


_DEFAULT = _Default()


class Matcher:
    """All aliases of all targets, compiled once; ``find_mentions`` per document."""

    def __init__(
        self,
        config: Config,
        publications: Sequence[PublicationRecord] = (),
        *,
        role_model: RoleModel | _Default | None = _DEFAULT,
        max_hits_per_name: int = limits.HITS_PER_NAME,
        prefilter: bool = True,
    ) -> None:
        """Compile the institute's names, every expert alias and publication titles.

        ``role_model`` decides the role of each expert mention from the rules'
        evidence (default: the model shipped with the package; None: the rules
        alone decide, as when training examples are made). ``max_hits_per_name``
        bounds the hits of one name form kept per document (the first ones).
        ``prefilter`` (default) skips the normalisation, the automaton and the role
        context of a document in which ``pipeline.prefilter`` shows that no key can
        be found (the results are the same; False runs every document in full, as
        the tests that compare the two do).
        """
        self._config = config
        self._max_hits = max_hits_per_name
        self._role_model = default_model() if isinstance(role_model, _Default) else role_model
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[_Key]] = {}
        self._rules: dict[str, _ExpertRules] = {}
        institute = config.institute
        institute_names = tuple(dict.fromkeys((institute.name, *institute.aliases)))
        self._institute_terms = tuple(
            name for name in (normalize_name(n) for n in institute_names) if name
        )
        self._institute_domains = institute.domains

        def add(key_text: str, key: _Key) -> None:
            if not key_text or (key.latin and len(key_text) < 3):
                return
            bucket = keys.setdefault(key_text, [])
            if key not in bucket:
                bucket.append(key)

        for name in institute_names:
            latin = _is_latin(name)
            add(normalize_name(name), _Key(TargetKind.INSTITUTE, "institute", name, latin))

        after_words: set[str] = set(_AFTER_NAME) | set(self._institute_terms)
        title_words: set[str] = set()
        for expert in config.experts:
            self._compile_expert(expert, add)
            title_words.update(
                title for title in (normalize_name(t) for t in expert.titles)
                if title and not _is_latin(title)
            )
        after_words.update(title_words)
        after_words.update(posts_ja())
        latin_institute = sorted(
            (term for term in self._institute_terms if _is_latin(term)), key=len, reverse=True
        )
        self._institute_latin = (
            "(?P<institute>" + "|".join(re.escape(term) for term in latin_institute) + ")"
            if latin_institute
            else None
        )
        self._institute_latin_before = re.compile(
            rf"(?:^|[^\w]){self._institute_latin or '(?!)'}'s?\s+$"
        )
        self._institute_latin_after = re.compile(
            r"\s*(?:\(\s*|,?\s+(?:of|at|from)\s+|,\s*(?:a|an|the)\s+[^,.;()]{0,50}?\s"
            rf"(?:at|of|with)\s+)(?:the\s+)?{self._institute_latin or '(?!)'}\b"
        )
        self._after_words = tuple(sorted(w for w in after_words if w and not _is_latin(w)))
        # posts written before a name (元次官・佐々江氏, 主任研究員の山﨑周), longest first
        self._posts_before = tuple(
            sorted({*posts_ja(), *title_words}, key=len, reverse=True)
        )

        # Links are compared by the same key that dedup uses for every stored URL.
        self._publications = {url_key(p.url): p for p in publications}
        for record in publications:
            for title in citable_titles(record.title, record.pub_type):
                add(title, _Key(TargetKind.PUBLICATION, record.url, record.title, _is_latin(title)))

        for key_text, bucket in keys.items():
            self._automaton.add_word(key_text, (len(key_text), tuple(bucket)))
        self._empty = not keys
        self._key_texts = self._candidate_keys(keys)
        self._prefilter = Prefilter(self._key_texts) if prefilter else None
        if not self._empty:
            self._automaton.make_automaton()

    def key_texts(self) -> list[str]:
        """The normalised strings of which a document must hold one to have a candidate
        from its text (what ``pipeline.prefilter`` looks for)."""
        return list(self._key_texts)

    def _candidate_keys(self, keys: dict[str, list[_Key]]) -> tuple[str, ...]:
        """The keys that may lead to a candidate, and what turns a bare surname into one.

        A bare surname ("Sato said …", 山田) is no candidate on its own: it only gives a
        role to a name found in full, or becomes a surname-and-title key in ``_with_post``
        before an ambassador's post (小谷元駐英大使: the surname then 駐, 元駐, 前駐 or 現駐)
        or with the institute's romanised name around it (found by the institute's terms).
        A document holding none of these has only bare surnames, and no candidate but its
        links'.
        """
        found: list[str] = []
        for text, bucket in keys.items():
            bare = [key for key in bucket if _bare_surname(key)]
            if len(bare) < len(bucket):
                found.append(text)
            if any(not key.latin for key in bare):
                found.extend(text + post for post in ("駐", "元駐", "前駐", "現駐"))
        found.extend(self._institute_terms)
        return tuple(dict.fromkeys(found))

    def _compile_expert(self, expert: ExpertConfig, add: _AddKey) -> None:
        titles = [normalize_name(title) for title in expert.titles]
        for form in name_forms(expert.name, expert.aliases, expert.titles):
            add(form.text, _key_of(form, expert.id))
        context = (
            *self._institute_terms,
            *(normalize_name(title) for title in expert.titles),
            *(normalize_name(topic) for topic in expert.topics),
        )
        context_terms = tuple(term for term in context if term)
        self._rules[expert.id] = _ExpertRules(
            context_terms=context_terms,
            require_context=expert.require_context,
            titles=tuple(title for title in titles if title),
            namesake=NamesakeRules(
                institute_terms=self._institute_terms,
                context_terms=context_terms,
                exclude_terms=tuple(t for t in (normalize_name(x) for x in expert.exclude) if t),
                posts=tuple(dict.fromkeys((*titles, *INSTITUTE_POSTS_JA))),
            ),
        )

    # --- per document -----------------------------------------------------

    def find_mentions(
        self, article: Article, outlet: OutletConfig | None = None
    ) -> list[MentionCandidate]:
        """Every target found in ``article``: one candidate per target, strongest role."""
        if self._prefilter is not None and not self._prefilter.may_match(
            article.title, article.byline or "", article.text
        ):
            # No key in any field: no hit, so no candidate but the links' (what the
            # rest of this method makes of an empty list of hits).
            return self._with_links({}, article, outlet)
        segments = self._segments(article)
        combined = "\n".join(segment.norm.text for segment in segments)
        hits = self._hits(segments, combined) if not self._empty else []
        if not hits:
            return self._with_links({}, article, outlet)
        # Read once, and only for a document with a hit that may make a candidate (a bare
        # surname alone, "Sato said …", never asks for it).
        context: RoleContext | None = None
        candidates: dict[tuple[TargetKind, str], list[_Occurrence]] = {}
        primary_targets = {
            (h.key.kind, h.key.target_id) for h in hits if self._primary(h, combined)
        }
        spans_by_segment: dict[str, list[tuple[int, int]]] = {}
        for hit in hits:
            if hit.key.kind is TargetKind.EXPERT:  # only people attract cues
                spans_by_segment.setdefault(hit.segment.name, []).append(
                    (hit.original_start, hit.original_end)
                )
        # Full names of experts who need no context: each vouches for a colleague
        # named near it (two namesakes of the institute's experts together are unlikely).
        anchors = [
            (h.combined_start, h.key.target_id)
            for h in hits
            if h.key.kind is TargetKind.EXPERT
            and not (h.key.secondary or h.key.partial)
            and not self._rules[h.key.target_id].require_context
        ]
        # Experts named in full: a later surname with a title (市川所長は…) refers back.
        named = frozenset(
            h.key.target_id
            for h in hits
            if h.key.kind is TargetKind.EXPERT and not (h.key.secondary or h.key.partial)
        )
        # A surname with an honorific and no more (小谷氏 with the institute named only
        # further away, or one of the expert's topics near it) is kept for staff to look
        # at, below ``DETECTED``; with nothing near it, it is no candidate at all.
        weak_targets = {
            (h.key.kind, h.key.target_id)
            for h in hits
            if h.key.honorific and self._weak_context(h, combined)
        } - primary_targets
        for hit in hits:
            target = (hit.key.kind, hit.key.target_id)
            if target not in primary_targets and not (
                target in weak_targets and hit.key.secondary
            ):
                continue
            if context is None:
                context = role_context(article, outlet)
            occurrence = self._occurrence(
                hit, combined, context, spans_by_segment, anchors, named
            )
            occurrence.primary = self._primary(hit, combined) and not (
                hit.key.partial and occurrence.reason.endswith(_REFERS_BACK)
            )
            if target in weak_targets:
                occurrence.primary = hit.key.honorific
                occurrence.confidence = min(occurrence.confidence, LOW_CONFIDENCE)
            candidates.setdefault(target, []).append(occurrence)

        results = {
            target: self._candidate(occurrences) for target, occurrences in candidates.items()
        }
        return self._with_links(results, article, outlet)

    def _with_links(
        self,
        results: dict[tuple[TargetKind, str], MentionCandidate],
        article: Article,
        outlet: OutletConfig | None,
    ) -> list[MentionCandidate]:
        """``results`` (the text's candidates) with the links' candidates, the role
        model's decisions applied, in a stable order."""
        for candidate in self._link_candidates(article):
            target = (candidate.target_kind, candidate.target_id)
            existing = results.get(target)
            if existing is None or (
                existing.confidence < DETECTED
                or ROLE_STRENGTH[existing.role] < ROLE_STRENGTH[candidate.role]
            ):
                results[target] = candidate
        if self._role_model is not None:
            results.update(self._decide_roles(article, outlet, results))
        return sorted(results.values(), key=lambda c: (c.target_kind.value, c.start, c.target_id))

    def _decide_roles(
        self,
        article: Article,
        outlet: OutletConfig | None,
        results: dict[tuple[TargetKind, str], MentionCandidate],
    ) -> dict[tuple[TargetKind, str], MentionCandidate]:
        """The role model's decision for every expert candidate, from its occurrence's features."""
        model = self._role_model
        experts = [
            (target, c) for target, c in results.items() if c.target_kind is TargetKind.EXPERT
        ]
        if model is None or not experts:
            return {}
        language = (article.language or "").split("-")[0].lower()
        features = [
            features_for(
                candidate,
                title=article.title,
                byline=article.byline,
                text=article.text,
                lang=language or _language_of(candidate.snippet),
                media_type=str(outlet.media_type) if outlet is not None else None,
                others=[other for _, other in experts if other is not candidate],
            )
            for _, candidate in experts
        ]
        decided = {}
        for (target, candidate), (role, probability) in zip(
            experts, model.decide(features), strict=True
        ):
            decided[target] = replace(
                candidate,
                role=Role(role),
                role_confidence=round(probability, 4),
                model_version=model.version,
            )
        return decided

    def _segments(self, article: Article) -> list[_Segment]:
        segments: list[_Segment] = []
        base = 0
        for name, original in (
            ("title", article.title),
            ("byline", article.byline or ""),
            ("text", article.text),
        ):
            norm = normalize(original)
            segments.append(_Segment(name, original, norm, base))
            base += len(norm.text) + 1
        return segments

    def _hits(self, segments: list[_Segment], combined: str) -> list[_Hit]:
        bases = [segment.base for segment in segments]
        raw: list[_Hit] = []
        # Later steps compare hits with each other; a name repeated 50,000 times must not
        # cost 50,000² of them, and its first hits already say all a mention needs.
        per_name: Counter[_Key] = Counter()
        for end_index, (length, bucket) in self._automaton.iter(combined):
            for key in bucket:
                name = key
                if per_name[name] >= self._max_hits:
                    continue
                combined_start = end_index + 1 - length
                segment = segments[bisect.bisect_right(bases, combined_start) - 1]
                start = combined_start - segment.base
                end = start + length
                if end > len(segment.norm.text):
                    continue
                if not self._boundary_ok(segment, start, end, key):
                    continue
                if _bare_surname(key):
                    key = self._with_post(segment, start, end, key)
                per_name[name] += 1
                original_start, original_end = segment.norm.original_span(start, end)
                raw.append(
                    _Hit(key, segment, start, end, combined_start, combined_start + length,
                         original_start, original_end)
                )
        return _resolve_overlaps(raw)

    def _with_post(self, segment: _Segment, start: int, end: int, key: _Key) -> _Key:
        """A bare surname written with a post no fixed form spells (佐々江元駐米大使) or
        with the institute's name ("JIIA's Kotani", "Kotani of JIIA", "Kotani (JIIA)",
        "Kotani, a senior fellow at JIIA") as a surname-and-title key; any other bare
        surname unchanged. Not after another capitalised word ("Hiroshi Kotani of
        JIIA" is someone else's name)."""
        text = segment.norm.text
        if not key.latin:
            post = _AMBASSADOR_AFTER.match(text, end)
            if post is None:
                return key
            return replace(key, alias=key.alias + post.group(0), secondary=False, partial=True)
        if self._institute_latin is None:
            return key
        original_start, _ = segment.norm.original_span(start, end)
        before = self._institute_latin_before.search(text[max(0, start - 60) : start])
        after = self._institute_latin_after.match(text, end)
        found = before or after
        lead = segment.original[max(0, original_start - 40) : original_start]
        if found is None or (before is None and _CAPITALISED_BEFORE.search(lead)):
            return key
        if _HONORIFIC_BEFORE.search(text[max(0, start - 20) : start]):
            return key  # "Mr. Kotani of JIIA": the honorific's own form covers it
        institute = found.group("institute")
        alias = f"{institute}'s {key.alias}" if before else f"{key.alias} ({institute})"
        return replace(key, alias=alias, secondary=False, partial=True)

    def _boundary_ok(self, segment: _Segment, start: int, end: int, key: _Key) -> bool:
        text = segment.norm.text
        breaks = segment.norm.breaks
        if key.latin:
            if start > 0 and is_latin_word_char(text[start - 1]):
                return False
            if end < len(text) and is_latin_word_char(text[end]):
                return False
            if key.kind is TargetKind.INSTITUTE:
                return not _inside_longer_latin_name(segment, start)
            return True
        if key.kind is TargetKind.PUBLICATION:
            return True
        if start > 0 and start not in breaks:
            before, first = text[start - 1], text[start]
            if is_kanji(before) and is_kanji(first):
                run = _kanji_run_before(text, start, breaks)
                allowed = _BEFORE_INSTITUTE if key.kind is TargetKind.INSTITUTE else _BEFORE_NAME
                if not run.endswith(allowed):
                    return False
            elif is_katakana(before) and is_katakana(first):
                return False
        if end < len(text) and end not in breaks:
            last, after = text[end - 1], text[end]
            if is_kanji(last) and is_kanji(after):
                run = _kanji_run_after(text, end, breaks)
                if key.kind is TargetKind.INSTITUTE:
                    # 日本国際問題研究所長 / …主任研究員 / …主催, not 国際問題研究所連合
                    return run.startswith(self._after_words + _AFTER_INSTITUTE)
                # An organisation and a title may follow a full name (小谷哲男明海大学教授);
                # after a bare surname, kanji that are not a title are the rest of
                # someone else's name (小谷哲也教授).
                if not (
                    run.startswith(self._after_words)
                    or (
                        not key.secondary
                        and (
                            any(
                                run.endswith(title) and len(run) >= len(title) + 2
                                for title in _TITLE_ENDINGS
                            )
                            or _UNIT_AND_POST_AFTER.match(text, end) is not None
                        )
                    )
                ):
                    return False
            elif is_katakana(last) and is_katakana(after):
                return False
        return True

    def _occurrence(
        self,
        hit: _Hit,
        combined: str,
        context: RoleContext,
        spans_by_segment: dict[str, list[tuple[int, int]]],
        anchors: list[tuple[int, str]],
        named: frozenset[str] = frozenset(),
    ) -> _Occurrence:
        segment = hit.segment
        others = tuple(
            span
            for span in spans_by_segment.get(segment.name, [])
            if span != (hit.original_start, hit.original_end)
        )
        if hit.key.kind is TargetKind.PUBLICATION:
            decision = RoleDecision(Role.PUBLICATION_CITATION, "publication_title", hit.key.alias)
        else:
            decision = classify_role(
                segment.original,
                hit.original_start,
                hit.original_end,
                context,
                others=others,
                in_byline=segment.name == "byline",
            )
        confidence = BYLINE_CONFIDENCE if segment.name == "byline" else CONFIDENT
        kind = (
            "surname+honorific" if hit.key.honorific
            else "surname" if hit.key.secondary
            else "initial+surname" if hit.key.initial
            else "surname+title" if hit.key.partial
            else "name"
        )
        reason = f"matched {kind} {hit.key.alias!r}"
        if hit.key.kind is TargetKind.EXPERT:
            confidence, reason = self._expert_rules(
                hit, combined, confidence, reason, anchors, named
            )
        return _Occurrence(hit, decision, confidence, reason)

    def _primary(self, hit: _Hit, combined: str) -> bool:
        """True for a hit that may make a candidate: not a bare surname, except a
        surname with an honorific that the institute vouches for."""
        return not hit.key.secondary or (
            hit.key.honorific and self._honorific_vouched(hit, combined) is not None
        )

    def _honorific_vouched(self, hit: _Hit, combined: str) -> str | None:
        """Why a surname with an honorific is the expert's, or None: the institute named
        in its sentence (国問研・小谷氏, "Mr. Kotani of JIIA"), or a post right before it
        (元次官・佐々江氏) with the institute named within ``CONTEXT_WINDOW``."""
        if self._institute_in_sentence(hit, combined):
            return "with the institute's name in the sentence"
        post = self._post_before(hit)
        if post is not None and self._institute_near(hit, combined):
            return f"after the post {post!r}, with the institute's name nearby"
        return None

    def _institute_near(self, hit: _Hit, combined: str) -> bool:
        """True when one of the institute's names is within ``CONTEXT_WINDOW``."""
        window = combined[
            max(0, hit.combined_start - CONTEXT_WINDOW) : hit.combined_end + CONTEXT_WINDOW
        ]
        return any(term in window for term in self._institute_terms)

    def _post_before(self, hit: _Hit) -> str | None:
        """The post written right before the name (主任研究員・山﨑周, 元次官・佐々江氏,
        "Senior Fellow Tetsuo Kotani"), or None."""
        text = hit.segment.norm.text
        before = text[max(0, hit.start - 40) : hit.start]
        if hit.key.latin:
            found = _POST_ENDS.search(before.rstrip())
            return found.group(0).strip() if found else None
        if hit.start in hit.segment.norm.breaks or before.endswith(("の", "・", " ")):
            before = before.rstrip("の・ ")
        return next((post for post in self._posts_before if before.endswith(post)), None)

    def _post_attached(self, hit: _Hit, combined: str) -> str | None:
        """A post of the institute's kind written next to a full name, or None: right
        after it (市川とみ子所長, 山﨑周・中国研究センター研究員, "Tomiko Ichikawa, director
        general of …") or right before it (主任研究員の山﨑周, "Research Fellow Amane
        Yamazaki"), or, in English, a compound post in its sentence ("… was appointed
        director general of …")."""
        if hit.key.secondary or hit.key.partial:
            return None
        text = hit.segment.norm.text
        after = text[hit.end : hit.end + 80]
        if hit.key.latin:
            found = _POST_AFTER_LATIN.match(after)
            if found:
                return found.group(1)
            first, last = _sentence_span(combined, hit.combined_start, hit.combined_end)
            compound = _COMPOUND_POST.search(combined[first:last])
            if compound:
                return compound.group(0)
        else:
            found = _POST_AFTER_JA.match(after)
            if found:
                return found.group(1)
        before = self._post_before(hit)
        if before is not None and (hit.key.latin or before in INSTITUTE_POSTS_JA):
            return before
        return None

    def _weak_context(self, hit: _Hit, combined: str) -> bool:
        """True when something near a surname with an honorific ties it to the expert
        without vouching for it: the institute's name, one of the expert's titles or
        topics within ``CONTEXT_WINDOW``, or a post right before it."""
        rules = self._rules[hit.key.target_id]
        window = combined[
            max(0, hit.combined_start - CONTEXT_WINDOW) : hit.combined_end + CONTEXT_WINDOW
        ]
        return any(term in window for term in rules.context_terms) or (
            self._post_before(hit) is not None
        )

    def _institute_in_sentence(self, hit: _Hit, combined: str) -> bool:
        """True when one of the institute's names stands in the sentence of ``hit``."""
        first, last = _sentence_span(combined, hit.combined_start, hit.combined_end)
        sentence = combined[first:last]
        return any(term in sentence for term in self._institute_terms)

    def _title_next_to(self, hit: _Hit, rules: _ExpertRules) -> bool:
        """True when one of the expert's romanised titles stands right after the name (as
        an appositive: "T. Ichikawa, Director General of …") or right before it."""
        text = hit.segment.norm.text
        titles = tuple(title for title in rules.titles if _is_latin(title))
        after = re.sub(r"^\s*,?\s*(?:the\s+)?", "", text[hit.end : hit.end + 80])
        before = text[max(0, hit.start - 80) : hit.start].rstrip()
        return any(
            re.match(rf"{re.escape(title)}\b", after) or before.endswith(title)
            for title in titles
        ) or bool(_POST_OPENS.match(after) or _POST_ENDS.search(before))

    def _expert_rules(
        self,
        hit: _Hit,
        combined: str,
        confidence: float,
        reason: str,
        anchors: list[tuple[int, str]],
        named: frozenset[str] = frozenset(),
    ) -> tuple[float, str]:
        """Confidence and reason of one expert hit: partial-key rules, exclude phrases,
        namesake signs, then ``require_context`` (``anchors``: positions of the full
        names of experts who need no context, who vouch for a colleague nearby)."""
        rules = self._rules[hit.key.target_id]
        if hit.key.honorific:
            vouched = self._honorific_vouched(hit, combined)
            if vouched is not None:
                confidence = PARTIAL_CONFIDENCE
                reason = f"{reason} {vouched}"
            elif hit.key.target_id not in named:
                # 小谷氏 alone: kept for staff to look at, never a finding
                return LOW_CONFIDENCE, (
                    "surname and honorific only, no institute name in the sentence"
                )
        if hit.key.partial:
            window = combined[
                max(0, hit.combined_start - CONTEXT_WINDOW) : hit.combined_end + CONTEXT_WINDOW
            ]
            institute = any(term in window for term in self._institute_terms)
            # "T. Ichikawa, Director General of …": an initial vouched for by a title
            titled = hit.key.initial and self._title_next_to(hit, rules)
            if not (institute or titled):
                if hit.key.target_id in named:
                    # 「会見には市川とみ子所長と…が出席。市川所長は「…」と述べ」: the surname and
                    # title refer back to the full name; like a bare surname, it gives
                    # that name its role and never a detection of its own.
                    return PARTIAL_CONFIDENCE, f"{reason}{_REFERS_BACK}"
                if hit.key.initial:
                    return LOW_CONFIDENCE, (
                        "initial and surname only, no institute name nearby and no title of "
                        "the expert next to it"
                    )
                return LOW_CONFIDENCE, "surname and title only, no institute name nearby"
            confidence = PARTIAL_CONFIDENCE
            reason = (
                f"{reason} with the institute's name nearby" if institute
                else f"{reason} with a title of the expert next to it"
            )
        namesake = namesake_reason(_name_spot(hit, combined), rules.namesake)
        if namesake is not None:
            return EXCLUDED_CONFIDENCE, namesake
        if not rules.require_context:
            return confidence, reason
        window = combined[
            max(0, hit.combined_start - CONTEXT_WINDOW) : hit.combined_end + CONTEXT_WINDOW
        ]
        for term in rules.context_terms:
            if term in window:
                return confidence, f"{reason}; context {term!r} nearby"
        for position, other in anchors:
            if other != hit.key.target_id and abs(position - hit.combined_start) <= CONTEXT_WINDOW:
                return confidence, f"{reason}; another of the institute's experts ({other}) nearby"
        post = self._post_attached(hit, combined)
        if post is not None:
            return confidence, f"{reason}; the post {post!r} next to the name"
        return LOW_CONFIDENCE, (
            f"require_context: no institute name, title or topic within {CONTEXT_WINDOW} "
            "characters"
        )

    def _candidate(self, occurrences: list[_Occurrence]) -> MentionCandidate:
        # Only the hits that may make a candidate set its confidence: a bare surname
        # that passed its rules cannot lift a full name that failed them (小谷哲也教授…
        # 小谷教授; 小谷哲男投手 … 小谷は).
        primary = [o for o in occurrences if o.primary] or occurrences
        detected = max(o.confidence for o in primary) >= DETECTED
        confident = [o for o in occurrences if o.confidence >= DETECTED] if detected else []
        pool = confident or primary
        def strength(o: _Occurrence) -> tuple[float, bool, float, bool, int]:
            return (
                _rank(o.decision),
                not o.hit.key.secondary,
                o.confidence,
                o.hit.segment.name == "text",
                -o.hit.start,
            )

        best = max(pool, key=strength)
        if best.decision.rule in _HEAD_SIGNATURES:
            # 「中国の対日姿勢「軟化は戦術的」　山﨑周・国問研研究員」 over a body that reports
            # the name's words (山﨑周研究員は…と指摘する): the head line attributes a view
            # to the one quoted; an author is not reported so in the own column.
            said = [o for o in pool if o.decision.role is Role.QUOTE and o.decision.words]
            asked = [o for o in pool if o.decision.role is Role.INTERVIEW]
            if asked:  # a head line over the questions and answers of an interview
                best = max(asked, key=strength)
            elif said:
                best = max(said, key=strength)
        if best.decision.event:
            # The broadcast/event convention across sentences: at an event (not on air)
            # the name's words reported anywhere in the document make its role a quote
            # (「…パネリストとして登壇した。小谷氏は「…」と語った」, "Panelists included A
            # and B. B said …").
            said = [o for o in pool if o.decision.role is Role.QUOTE and o.decision.words]
            if said:
                best = max(said, key=strength)
        role = best.decision.role
        if (
            role is Role.APPEARANCE
            and best.decision.event
            and not best.decision.rule.startswith("press_conference")
        ):
            # Speaking at a lecture, panel or webinar is a talk: an institute activity,
            # counted apart from media appearances (the record of a press conference
            # stays an appearance).
            role = Role.TALK
        # Evidence shown is a full-name occurrence when the role came from a surname.
        confidence = max(o.confidence for o in primary)
        hit = best.hit
        reason = best.reason if best.confidence >= DETECTED or not confident else ""
        if best.confidence < confidence or not best.primary:
            reason = max(primary, key=lambda o: o.confidence).reason
        prefix = "" if hit.segment.name == "text" else f"{hit.segment.name}:"
        return MentionCandidate(
            target_kind=hit.key.kind,
            target_id=hit.key.target_id,
            alias=hit.key.alias,
            start=hit.original_start,
            end=hit.original_end,
            snippet=_snippet(hit.segment.original, hit.original_start, hit.original_end),
            role=role,
            confidence=confidence,
            rule=prefix + best.decision.rule,
            reason=reason,
        )

    def _link_candidates(self, article: Article) -> list[MentionCandidate]:
        """Links to a known publication, or to any page on an institute domain."""
        results: dict[tuple[TargetKind, str], MentionCandidate] = {}
        for link in article.links:
            record = self._publications.get(url_key(link))
            if record is not None:
                target = (TargetKind.PUBLICATION, record.url)
                results.setdefault(target, _link_candidate(*target, link, "link"))
            try:
                host = (urlsplit(link).hostname or "").lower()
            except ValueError:
                continue
            if host and any(domain_matches(host, d) for d in self._institute_domains):
                target = (TargetKind.INSTITUTE, "institute")
                results.setdefault(target, _link_candidate(*target, link, "link:domain"))
        return list(results.values())


# A series label opening a listed title: 「戦略コメント（2024-12）…」, "Policy Brief No. 5: …".
_SERIES_LABEL = re.compile(
    r"^\s*(?:研究レポート|戦略コメント|ポリシーブリーフ|ポリシー・ブリーフ|国際問題|"
    r"strategic comments?|policy briefs?|research reports?|jiia (?:report|comment)s?)"
    r"\s*(?:no\.?\s*\d+|vol\.?\s*\d+|第?\d+号|[(（][^)）]{1,20}[)）]|\d{4}[-/.]\d{1,2})?"
    r"\s*[:：|｜\-–—]?\s*",
    re.IGNORECASE,
)


def citable_titles(title: str, pub_type: str = "") -> list[str]:
    """The normalised forms of a publication title that media quote.

    A listing often opens a title with its series (「戦略コメント（2024-12）インド太平洋の
    海洋秩序」, "Policy Brief No. 5: …"); articles cite the title without it, often in
    brackets, so both the whole title and the title after the series label are matched.
    Forms shorter than ``MIN_TITLE_LENGTH`` are left out: too short to be evidence.
    """
    forms = [title]
    label = re.escape(pub_type.strip()) if pub_type.strip() else None
    rest = _SERIES_LABEL.sub("", title, count=1)
    if label and rest == title:
        rest = re.sub(rf"^\s*{label}\s*(?:[(（][^)）]{{1,20}}[)）])?\s*[:：|｜]?\s*", "", title)
    rest = rest.strip().strip("「」『』\"“”")
    if rest and rest != title:
        forms.append(rest)
    normalised = [normalize_name(form) for form in forms]
    return list(dict.fromkeys(n for n in normalised if len(n) >= MIN_TITLE_LENGTH))


def _language_of(text: str) -> str:
    """ja when the text holds Japanese, else en."""
    return "ja" if any(is_japanese(character) for character in text) else "en"


def _rank(decision: RoleDecision) -> float:
    """Role strength, except that an op-ed style tagline ("X is a senior fellow at …")
    yields to a quote elsewhere in the same document (a news article's closing bio)."""
    if decision.rule == "bio_tagline":
        return ROLE_STRENGTH[Role.QUOTE] - 0.5
    return ROLE_STRENGTH[decision.role]


def _spans_line_break(hit: _Hit) -> bool:
    """True for a match that runs across a line break in the original: a headline
    ending in a surname and a lead opening with the full name ("…says JIIA's Fushita
    / Hironori Fushita, a Russia expert …") read as "Fushita Hironori"."""
    return "\n" in hit.segment.original[hit.original_start : hit.original_end]


def _resolve_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """Full names first, then surname+title, then surnames; within each, a match
    inside one line before one across a line break, then the longest first.
    Publications are resolved among themselves."""
    kept: list[_Hit] = []
    for group in (
        [h for h in hits if h.key.kind is not TargetKind.PUBLICATION],
        [h for h in hits if h.key.kind is TargetKind.PUBLICATION],
    ):
        ordered = sorted(
            group,
            key=lambda h: (
                h.key.secondary,
                h.key.partial,
                _spans_line_break(h),
                -(h.combined_end - h.combined_start),
                h.combined_start,
            ),
        )
        accepted: list[tuple[int, int]] = []
        for hit in ordered:
            span = (hit.combined_start, hit.combined_end)
            if any(
                span != other and span[0] < other[1] and other[0] < span[1] for other in accepted
            ):
                continue
            accepted.append(span)
            kept.append(hit)
    kept.sort(key=lambda h: h.combined_start)
    return kept


# An ambassador's post after a surname, with the country: 佐々江元駐米大使, 駐英大使.
_AMBASSADOR_AFTER = re.compile(r"(?:元|前|現)?駐[\u4e00-\u9fff]{1,4}?(?:特命全権)?大使")
_HONORIFIC_BEFORE = re.compile(
    r"(?:^|[^\w.])(?:" + "|".join(re.escape(h) for h in HONORIFICS_LATIN) + r")\s+$"
)
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")


def _name_spot(hit: _Hit, combined: str) -> NameSpot:
    """The name of ``hit`` and the text around it, as ``pipeline.namesake`` reads it."""
    text = hit.segment.norm.text
    first, last = _sentence_span(combined, hit.combined_start, hit.combined_end)
    return NameSpot(
        text=text,
        start=hit.start,
        end=hit.end,
        original=hit.segment.original,
        original_start=hit.original_start,
        original_end=hit.original_end,
        latin=hit.key.latin,
        secondary=hit.key.secondary,
        partial=hit.key.partial,
        kanji_after=_kanji_run_after(text, hit.end, hit.segment.norm.breaks),
        sentence=combined[first:last],
        near=combined[
            max(0, hit.combined_start - EXCLUDE_WINDOW) : hit.combined_end + EXCLUDE_WINDOW
        ],
        around=combined[
            max(0, hit.combined_start - CONTEXT_WINDOW) : hit.combined_end + CONTEXT_WINDOW
        ],
    )


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The normalised sentence around ``[start, end)``: between 。！？!? line breaks
    and full stops."""
    first = 0
    for hit in _SENTENCE_END.finditer(text, max(0, start - 300), start):
        first = hit.end()
    following = _SENTENCE_END.search(text, end, end + 300)
    return first, following.start() if following else min(len(text), end + 300)


def _kanji_run_before(text: str, start: int, breaks: frozenset[int]) -> str:
    index = start
    while index > 0 and is_kanji(text[index - 1]):
        index -= 1
        if index in breaks:
            break
    return text[index:start]


def _kanji_run_after(text: str, end: int, breaks: frozenset[int]) -> str:
    index = end
    while index < len(text) and is_kanji(text[index]):
        index += 1
        if index in breaks:
            break
    return text[end:index]


def _inside_longer_latin_name(segment: _Segment, start: int) -> bool:
    """True for "Singapore Institute of International Affairs" when the alias is
    "Institute of International Affairs": a capitalised word runs into the name."""
    original = segment.original
    original_start, _ = segment.norm.original_span(start, start + 1)
    if not original[original_start : original_start + 1].isupper():
        return False
    before = original[:original_start].rstrip(" ")
    if len(before) == len(original[:original_start]):
        return False  # no space: not a separate word
    word = re.search(r"([A-Za-z][\w'’.-]*)$", before)
    if not word:
        return False
    token = word.group(1)
    if token.lower() in _GENERIC_LEADS or token.lower().endswith(("-based", "'s", "’s")):
        return False
    return token[0].isupper()


def _snippet(original: str, start: int, end: int) -> str:
    """The original text around ``[start, end)`` with the match in ``[[ ]]``."""
    first = max(0, start - SNIPPET_RADIUS)
    last = min(len(original), end + SNIPPET_RADIUS)
    head = ("…" if first > 0 else "") + original[first:start]
    tail = original[end:last] + ("…" if last < len(original) else "")
    snippet = f"{head}[[{original[start:end]}]]{tail}"
    return re.sub(r"\s*[\r\n\t]+\s*", " ", snippet).strip()


def _link_candidate(kind: TargetKind, target_id: str, link: str, rule: str) -> MentionCandidate:
    return MentionCandidate(
        target_kind=kind,
        target_id=target_id,
        alias=link,
        start=0,
        end=0,
        snippet=f"[[{link}]]",
        role=Role.PUBLICATION_CITATION,
        confidence=CONFIDENT,
        rule=rule,
        reason="links to the institute" if kind is TargetKind.INSTITUTE else "links to it",
    )
