"""Cues in the sentence that holds the name, each attributed to the name it is bound to.

* cues in the sentence that holds the name, each cue attributed to the name it is
  bound to by a particle (「Bへのインタビュー」, 「Bのコメント」), else to the nearest
  subject-marked name before it, else to the nearest name (so in
  「A氏が出演し、B氏がコメントした」 A appears and B is quoted); the words of a quotation
  followed by と are what was said, never cues (「「…率直に語り合える場が必要だ」と述べ」
  is a quote, not 語り合う), and the words of a quoted title (a series, a column) yield
  to the cue the sentence attaches to the title (読売新聞「…識者に聞く」にコメント: a quote);
  among the
  cues that belong to the name: ``authored`` > ``interview`` > ``appearance`` >
  ``quote``; a quote given on a broadcast programme is an ``appearance`` when the
  programme is this name's (the name it belongs to, as a cue would: in
  「テレビ東京「WBS」にAが出演／…夕刊にBのコメントが掲載」 B is quoted); refinements
  follow the grammar: a cue inside a relative clause on the name ("X, who also spoke
  at the event, warned …", or in Japanese the clause ending right before the name:
  「…論考を寄せた<name>・…研究員は、取材に「…」と強調した」, unless it tells of an
  appearance on air) yields to the main clause's; the broadcast/event
  convention: on air the words said are part of the appearance, while at an event
  (lecture, webinar, panel, speech, press conference, testimony) whose speaker's
  words or views are reported (講演した X は「…」と述べた, 講演し、「…」と述べた, "Speaking
  at a webinar, X said …", "delivered the keynote, urging …", a view given as the
  ground of an act: 基調報告を行い、…を侵食しているとして、…を提示した, a position put with
  its object: 講演し、…の重要性を訴えた, …の課題を指摘した) the statement is a
  ``quote`` (the remarks an event opens with, 開会の辞を述べ, 祝辞, report no words: an
  ``appearance``) (a speech noun used as a bare verb or with a topic as object,
  概要を説明した, 歩みを振り返った, reports no words, and the event stays an
  ``appearance``; so too when the event is named elsewhere in the document:
  「会見には…が出席。…戸﨑氏が報告書の要点を説明した」, 説明 or 解説 with no words); a work
  announced at an event the name holds (記者会見し、…報告書「…」を
  発表した) is presented there, not authored; "In a new memoir, …" is the work of
  the sentence's subject only (a name followed by its verb: "X recounts"), not of a
  name elsewhere in the sentence; a name coordinated with the previous one
  (「AとBも」, "President A and Director General B", also with the next one's post before
  it: 「Aさん、北米研究室長 Bさん」) shares its role; a subject never
  takes a cue noun bound to another name (「Aが…論じたほか、Bへのインタビューも収録した」);
  a verb
  of attendance (同席, 出席, "attended") leaves an event named only as a noun
  (記者会見, webinar) the place where the name sat, not a part it took (``mention``,
  unless an act such as 講演 or "spoke at" is there too); "an event where X spoke" names the event's
  speaker; a speech cue after a
  name marked with が that follows a
  topic (「研究所は１日付で、Xが所長に就任したと発表した」, also a body's name in
  brackets: 「「日米協会連合」は16日、新会長に…Xが就任したと発表した」) is the topic's, the
  name being the subject of the clause announced;
* in the institute's and others' real prose: a role noun binds to the names listed in
  brackets after it, not to the
  sentence's subject (「AとBが出席したほか、登壇者を4名（X主任研究員、…）派遣しました」: A
  and B attended, X appears); a name coordinated with the previous ones shares the role
  of the first that owns a cue, however long the list; a host taking part with the
  guests the sentence invited (「…氏をお招きし、X理事長とともに…を議論しました」) appears,
  and so does an item of a list of speakers, each with a topic, that shares the list's
  verb (「…についてA教授、…についてX研究員（…）、…についてB教授が説明し」); a cue in a
  clause joined to the next by a copula or とともに (…を評価するものであり、) is not the
  act of a name after it, and a subject whose clause closes with …したほか、 takes no cue
  of the next clause (「Aが出席したほか、Bが登壇しました」: A attended); 参加 alone is
  attendance like 出席 (but a panel taken part in is sat on);
* a sentence with no cue that names a broadcast programme (NHK「日曜討論」, ABC
  Radio National's "Between the Lines") is an ``appearance``;
* a wire story's closing attribution to someone else
  ("X was among nine experts appointed …, the ministry said") is not X's saying;
  "the institute said Thursday that X will …" is the institute's saying;
  a quote cue whose
  clause has another subject (「Xの下で働いた外交官は…と振り返る」),
  or that follows the name marked as an object (「外務省は…Xら8人を起用すると発表した」),
  is not the name's, nor is a verb in the passive whose agent is someone not named,
  before the name ("the group, chaired by a former UN official, also includes X": a
  ``mention``; "X was interviewed by Kyodo" stays X's);
* the object of a writer's verb of quoting ("…, writing in the AFR, quotes Lowy
  Institute Visiting Fellow X") is quoted (``quote``), whatever the writer's own verbs;
* after a talk of the name (an event ``appearance``), words reported in the next one
  or two sentences that name no one and have no subject of their own (「…と題して講演。
  …「平時ではない」との認識を示した」) make it a ``quote``, as Japanese reports of a
  lecture leave the subject out;
* the next sentence when it opens with "he said" / 同氏は, also after the quotation it
  opens with ("“…,” he recalls") (``quote``); the interview the piece announces soon
  after the name, no other expert named before it ("Excerpts of the interview follow:",
  以下は一問一答) (``interview``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.classify.cues import (
    PRESENTING_EVENT,
    PROGRAMME,
    WITH_HOST,
    find_cues,
    strongest,
)
from pipeline.classify.decision import RoleDecision
from pipeline.classify.labels import LINE_LABEL
from pipeline.classify.table import cue_regex
from pipeline.classify.text import fold, sentence_bounds
from pipeline.normalize import is_japanese
from pipeline.types import Role

_PRONOUN_QUOTE = cue_regex("sentence.pronoun_quote")


def in_sentence(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...]
) -> RoleDecision | None:
    first, last = sentence_bounds(text, start, end)
    # A line label (【寄稿・コメント】) files the line; its words are not the sentence's cues.
    line_start = text.rfind("\n", 0, start) + 1
    label = LINE_LABEL.match(text, line_start)
    if label and first <= line_start + label.end() <= start:
        first = line_start + label.end()
    if _QUOTED_OBJECT_BEFORE.search(text[first:start]):
        # "…, writing in the AFR, quotes Lowy Institute Visiting Fellow X": the object of
        # the writer's verb of quoting is quoted, not the writer
        return RoleDecision(Role.QUOTE, "quoted_object", "quotes", words=True)
    decision = _sentence_cues(text, first, last, start, end, others)
    if decision is not None and decision.event and decision.role is Role.APPEARANCE:
        words = _words_after_talk(text, last, others)
        if words:
            # 「…X氏が「…」と題して講演した。…について「平時ではない」との認識を示した」:
            # the talk's words, in the next sentences with no subject of their own
            return RoleDecision(Role.QUOTE, f"talk_words:{words}", words, event=True, words=True)
    if decision is not None:
        return decision
    # "…," he said. / 同氏は…と指摘した — the next sentence continues about this name.
    if last < len(text):
        next_first, next_last = sentence_bounds(text, last, last + 1)
        following = fold(text[next_first:next_last])
        if (
            _PRONOUN_QUOTE.search(following)
            and not any(next_first <= other_start < next_last for other_start, _ in others)
            and not _OTHER_PERSON_BEFORE.search(text[first:start])
        ):
            return RoleDecision(Role.QUOTE, "next_sentence", following[:30])
    # "I met X in Tokyo. … Excerpts of the interview follow:": the piece introduces the
    # one it interviews, no other expert named before the interview begins
    follows = _INTERVIEW_FOLLOWS.search(fold(text[last : last + INTERVIEW_FOLLOWS_WINDOW]))
    if follows and not any(
        last <= other_start < last + follows.start() for other_start, _ in others
    ):
        return RoleDecision(Role.INTERVIEW, "interview_follows", follows.group(0))
    return None


# A verb of quoting right before the name, only its title and affiliation between.
_QUOTED_OBJECT_BEFORE = cue_regex("sentence.quoted_object_before")
# A statement of words or a view, its own: 「…」と述べた, との認識を示した, と強調した.
_WORDS_REPORTED = cue_regex("sentence.words_reported")
# Another subject in the sentence (「続いて大山会長が」, 「同社の社長は」): not the talk's words.
_OWN_SUBJECT = cue_regex("sentence.own_subject")
#: Sentences after a talk read for the words it reports.
TALK_WORDS_SENTENCES = 2


def _words_after_talk(text: str, last: int, others: tuple[tuple[int, int], ...]) -> str:
    """The cue of words reported in the one or two sentences after the name's talk,
    when they name no one (the subject left out, as Japanese reports of a lecture do);
    empty when there are none, or another name or subject comes first."""
    position = last
    for _ in range(TALK_WORDS_SENTENCES):
        if position >= len(text):
            return ""
        first, position = sentence_bounds(text, position, position + 1)
        if any(first <= other_start < position for other_start, _ in others):
            return ""
        sentence = fold(text[first:position])
        if _OWN_SUBJECT.search(re.sub(r"「[^」]*」", "「」", sentence)):
            return ""
        words = _WORDS_REPORTED.search(sentence)
        if words:
            return words.group(0)[-8:]
    return ""


# A capitalised word before the name that is not the sentence's first word nor a title:
# another person the next sentence's "he" may be ("Prime Minister Ito met X. He said …").
_OTHER_PERSON_BEFORE = cue_regex("sentence.other_person_before")
# A piece announcing the interview it goes on to give.
_INTERVIEW_FOLLOWS = cue_regex("sentence.interview_follows")
#: Characters after the name's sentence searched for the interview it announces.
INTERVIEW_FOLLOWS_WINDOW = 400


_SUBJECT_AFTER = cue_regex("sentence.subject_after")
_COORDINATED_AFTER = cue_regex("sentence.coordinated_after")


# A quotation followed by the quotative と: its words are reported, not the reporter's.
_QUOTATION = cue_regex("sentence.quotation")


def _blank_quotation(hit: re.Match[str]) -> str:
    """The quotation's words blanked (\x01), its names (\x00) and length kept."""
    return "".join(c if c == "\x00" else "\x01" for c in hit.group(0))


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
        gap = fold(text[cursor:name_start])
        name = fold(text[name_start:name_end])
        pieces.append(gap)
        length += len(gap)
        bounds.append((length, length + len(name), (name_start, name_end) == (start, end)))
        pieces.append("\x00" * len(name))  # names are not cues
        length += len(name)
        cursor = name_end
    pieces.append(fold(text[cursor:last]))
    # The words of a quotation (「…語り合える場が必要だ」と述べ) are what was said, not cues.
    folded = _QUOTATION.sub(_blank_quotation, "".join(pieces))
    names = [
        _Name(a, b, is_self, bool(_SUBJECT_AFTER.match(folded[b : b + 60])))
        for a, b, is_self in bounds
    ]
    cues = find_cues(folded)
    if not cues:
        programme = PROGRAMME.search(folded)
        if programme:  # named with a broadcast programme and nothing else: on air
            return RoleDecision(Role.APPEARANCE, "programme_reference", programme.group(0))
        return None
    owned: dict[int, list[tuple[int, int, Role, str]]] = {}
    kept: list[tuple[int, int, Role, str]] = []
    listed: set[tuple[int, int, Role, str]] = set()
    for cue in cues:
        members = _listed_after(cue, names, folded)
        if members:
            # 「…が出席したほか、登壇者を4名（A主任研究員、B教授…）派遣しました」: the role
            # noun is bound to the names listed in brackets after it, not to the subject
            for member in members:
                owned.setdefault(member, []).append(cue)
            kept.append(cue)
            listed.add(cue)
            continue
        owner = _owner(cue, names, folded)
        if (
            cue[2] is Role.AUTHORED
            and _IN_A_WORK.match(cue[3])
            and cue[1] <= names[owner].start
            and not _SUBJECT_VERB_AFTER.match(folded[names[owner].end :])
        ):
            # "In his new memoir, Abe recalls meeting X": the work frames the sentence of
            # its author, the subject; a name elsewhere in it is not the author.
            continue
        agent = _PASSIVE_AGENT.match(folded, cue[1]) if cue[3].endswith("ed") else None
        if agent and "\x00" not in agent.group(0) and names[owner].start >= agent.end():
            # "The group, chaired by a former UN official, also includes X": the act is
            # the agent's, someone not named here, not that of X named after it (but "X
            # was interviewed by Kyodo": X's)
            continue
        if cue[2] is Role.QUOTE and (
            _trailing_attribution(names[owner], cue, folded)
            or _other_subject_between(names[owner], cue, folded)
            or _object_of_the_verb(names[owner], cue, folded)
            or _topic_speaks(names[owner], cue, folded)
        ):
            # 「佐々江氏の下で働いた外交官は…と振り返る」: the diplomat speaks;
            # 「外務省は…市川所長ら8人を起用すると発表した」: the ministry does;
            # 「研究所は…市川氏が所長に就任したと発表した」: the institute does. Only for
            # speech: joint verbs (「XとYの研究員が対談した」) belong to both.
            continue
        if cue[1] <= names[owner].start and _EARLIER_CLAUSE.search(
            folded, cue[1], names[owner].start
        ):
            # 「…を分析し、…を評価するものであり、X教授などが名を連ねている」: the cue's
            # clause ends (a copula or とともに joins the next) before the name's begins
            continue
        owned.setdefault(owner, []).append(cue)
        kept.append(cue)
    for attendance in _ATTENDANCE.finditer(folded):
        # 「記者会見には市川所長も同席した」, "X attended the webinar": the event is where the
        # name sat, not a part the name took in it; acts (講演, spoke at) still count.
        owner = _owner(
            (attendance.start(), attendance.end(), Role.MENTION, attendance.group(0)),
            names,
            folded,
        )
        items = owned.get(owner, [])
        taking_part = attendance.group(0).startswith("参加")
        items[:] = [
            c
            for c in items
            if not (
                c[2] is Role.APPEARANCE
                and _EVENT_ONLY.fullmatch(c[3])
                # taking part in a panel (パネル討論に参加) is sitting on it
                and not (taking_part and "パネル" in c[3])
            )
        ]
    # 読売新聞「…識者に聞く」にコメント: the words of a quoted title (a series, a column)
    # yield to the cue the sentence attaches to that title (「…」にコメント, 「…」に寄稿).
    starts = {c[0] for c in kept}
    titles = [
        (hit.start(), hit.end())
        for hit in _QUOTED.finditer(folded)
        if (attached := _ATTACHED.match(folded, hit.end())) and attached.end() in starts
    ]
    for items in owned.values():
        items[:] = [c for c in items if not any(a < c[0] and c[1] < b for a, b in titles)]
    for items in owned.values():
        # 「記者会見し、…報告書「…」を発表した」: a work announced at an event the name
        # holds is presented there, not written by the name.
        events = [c[0] for c in items if c[2] is Role.APPEARANCE and PRESENTING_EVENT.search(c[3])]
        if events:
            items[:] = [
                c
                for c in items
                if not (c[2] is Role.AUTHORED and _ANNOUNCED.search(c[3]) and min(events) < c[0])
            ]
    cues = [cue for cue in kept if any(cue in items for items in owned.values())]
    if not cues:
        return None
    me = next(index for index, name in enumerate(names) if name.is_self)
    chosen, prefix = _role_of(me, names, owned, [c for c in cues if c not in listed], folded)
    if chosen is None:
        return None
    if chosen[2] in (Role.QUOTE, Role.INTERVIEW) and _on_programme(me, names, folded):
        # a broadcast appearance, also when the programme interviews its guest
        # (TBSラジオ「…」は…さんをゲストに迎え…話を聞いた)
        return RoleDecision(Role.APPEARANCE, "broadcast_programme", chosen[3])
    event = (
        chosen[2] is Role.APPEARANCE
        and not _BROADCAST_CUE.search(chosen[3])
        and not PROGRAMME.search(folded)
    )
    words = chosen[2] is Role.QUOTE and _reports_words(chosen, folded)
    return RoleDecision(chosen[2], f"{prefix}:{chosen[3]}", chosen[3], event=event, words=words)


def _on_programme(me: int, names: list[_Name], folded: str) -> bool:
    """True when a broadcast programme in the sentence is this name's: the name it
    belongs to (as a cue would, 「テレビ東京「WBS」に髙山研究員が出演／…小谷主任研究員の
    コメント」 is 髙山's) is this name or coordinated with it."""
    for programme in PROGRAMME.finditer(folded):
        if programme.group(0).startswith("スタジオ"):
            # 「スタジオでは舟津研究員が…解説した」: the studio is the next name's
            following = [i for i, name in enumerate(names) if name.start >= programme.end()]
            if following and following[0] == me:
                return True
            continue
        owner = _owner(
            (programme.start(), programme.end(), Role.APPEARANCE, programme.group(0)), names, folded
        )
        if owner == me or _coordinated(owner, me, names, folded):
            return True
    return False


def _coordinated(first: int, second: int, names: list[_Name], folded: str) -> bool:
    """True when the names between ``first`` and ``second`` are one coordinated list
    (小谷・戸﨑両氏, Kotani and Tosaki)."""
    low, high = sorted((first, second))
    return all(
        _COORDINATED_AFTER.match(folded[names[i].end : names[i + 1].start])
        for i in range(low, high)
    )


# A particle that attaches a cue to a quoted title: 「…」にコメント, 「…」で解説.
_ATTACHED = cue_regex("sentence.attached")
# The agent of a verb in the passive: "chaired by a former UN under-secretary,".
_PASSIVE_AGENT = cue_regex("sentence.passive_agent")
# "In a newly published memoir, …": a work that frames the sentence (English).
_IN_A_WORK = cue_regex("sentence.in_a_work")
# A verb of writing, saying or showing right after the name (and its descriptor), which
# is then the subject: "X recounts", "X, a former ambassador, wrote", "X of JIIA argues";
# not "… meeting X in 2013".
_SUBJECT_VERB_AFTER = cue_regex("sentence.subject_verb_after")
_ANNOUNCED = cue_regex("sentence.announced")


# A wire story's closing attribution to someone else: "X was among nine experts
# appointed …, the foreign ministry said Tuesday." The subject between the comma and the
# verb is not the name (masked as \x00).
_ATTRIBUTION_SUBJECT_BEFORE = cue_regex("sentence.attribution_subject_before")
_SAID_THAT_GAP = cue_regex("sentence.said_that_gap")
_ATTRIBUTION_VERB = cue_regex("sentence.attribution_verb")


def _trailing_attribution(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True for a verb of saying whose own subject is someone else: after the name with
    that subject between a comma and the verb ("…, the ministry said"), or before the
    name, which opens what was said ("the institute said Thursday that X will …")."""
    if not _ATTRIBUTION_VERB.match(cue[3]):
        return False
    if cue[0] >= name.end:
        gap = folded[max(name.end, cue[0] - 70) : cue[0]]
        return bool(_ATTRIBUTION_SUBJECT_BEFORE.search(gap))
    return cue[1] <= name.start and bool(_SAID_THAT_GAP.fullmatch(folded[cue[1] : name.start]))


# A noun marked as subject or topic (外交官は, 中国が), outside quotations.
_OTHER_SUBJECT = cue_regex("sentence.other_subject")
_QUOTED = cue_regex("sentence.quoted")


def _other_subject_between(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True when a Japanese name that is not itself the subject is followed, before
    the cue, by another subject: the cue's verb is that subject's, not the name's."""
    if name.subject or cue[0] < name.end:
        return False
    if _ENUMERATED_BEFORE.search(folded, 0, name.start) and _ENUMERATED_AFTER.match(
        folded[name.end :]
    ):
        # 「…についてA教授、…についてX研究員（…）、…についてB教授が説明し」: an item of
        # a list of speakers, each with a topic, that shares the list's verb; the
        # subjects inside the topics' clauses are not the verb's
        return False
    gap = _QUOTED.sub("", folded[name.end : cue[0]])
    return bool(_OTHER_SUBJECT.search(gap))


# The end of a clause joined to the next by a copula or とともに (…ものであり、,
# …するとともに、): a cue before it is not the act of a name after it.
_EARLIER_CLAUSE = cue_regex("sentence.earlier_clause")
# An item of a list of speakers with their topics: 「…について X研究員（…）、」.
_ENUMERATED_BEFORE = cue_regex("sentence.enumerated_before")
_ENUMERATED_AFTER = cue_regex("sentence.enumerated_after")


# Verbs of attendance: the name was present, and took no part (同席, 出席, 参加 as the
# activity log writes it, "attended").
_ATTENDANCE = cue_regex("sentence.attendance")
# Appearance cues that only name an event (記者会見, "webinar"), not an act in it (講演,
# 司会, "spoke at"): with a verb of attendance, the event is where the name sat.
_EVENT_ONLY = cue_regex("sentence.event_only")
# The topic of a sentence, a noun marked with は right after it (研究所は, 政府は), not
# では / には / とは, nor a time (今回は, 1日は); the gap to the name holds no quotation.
# A body's name in brackets is a noun too (「日米協会連合」は16日、…).
_TOPIC = cue_regex("sentence.topic")
_TIME_TOPIC = cue_regex("sentence.time_topic")
_TOPIC_GAP = cue_regex("sentence.topic_gap")
# An announcement (と発表した) may put a date and the post between the topic and the name:
# 「外務省は１日、日本国際問題研究所の所長に、…大使の市川とみ子氏が就任したと発表した」.
_ANNOUNCEMENT_CUE = cue_regex("sentence.announcement_cue")
_LONG_TOPIC_GAP = cue_regex("sentence.long_topic_gap")
# A name marked with が: the subject of its own clause, which may be embedded.
_GA_AFTER = cue_regex("sentence.ga_after")


def _topic_speaks(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True when a Japanese name marked with が follows a topic that is not a name
    (「日本国際問題研究所は１日付で、市川とみ子氏が所長に就任したと発表した」): the name is
    the subject of the embedded clause, and the sentence's verb of saying is the topic's."""
    if cue[0] < name.end or not _GA_AFTER.match(folded[name.end : cue[0]]):
        return False
    topics = list(_TOPIC.finditer(folded, 0, name.start))
    if not topics:
        return False
    topic = topics[-1]
    gap = _LONG_TOPIC_GAP if _ANNOUNCEMENT_CUE.match(cue[3]) else _TOPIC_GAP
    return not _TIME_TOPIC.search(topic.group(0)) and bool(
        gap.match(folded[topic.end() : name.start])
    )


# A name marked as the object of a verb: 「市川とみ子所長ら8人を起用する」. Not when を
# makes it one of a group that acts (Xをはじめ, Xを中心に) or the guest who speaks (Xを招き).
_OBJECT_AFTER = cue_regex("sentence.object_after")


def _object_of_the_verb(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True when a Japanese name that is not the subject is marked with を before a
    speech cue: the name is what the verb acts on, so someone else is speaking."""
    if name.subject or cue[0] < name.end:
        return False
    return bool(_OBJECT_AFTER.match(folded[name.end : cue[0]]))


# A cue noun bound to the name before it by a particle: 「佐々江理事長へのインタビュー」,
# 「伏田主任研究員のコメント」, 「小谷氏による論考」.
_BOUND_TO_NAME = cue_regex("sentence.bound_to_name")


def _bound_to(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True when the cue noun is bound to ``name`` by a particle (Bへのインタビュー)."""
    return name.end <= cue[0] and bool(_BOUND_TO_NAME.match(folded[name.end : cue[0]]))


# A role noun followed by the list of its holders in brackets: 登壇者を4名（…）,
# パネリストとして（…）, 報告者は（…）.
_LIST_AFTER_CUE = cue_regex("sentence.list_after_cue")
_LIST_ROLE_NOUN = cue_regex("sentence.list_role_noun")


def _listed_after(cue: tuple[int, int, Role, str], names: list[_Name], folded: str) -> list[int]:
    """The names listed in brackets right after a role noun (登壇者を4名（A、B…）)."""
    if cue[2] is not Role.APPEARANCE or not _LIST_ROLE_NOUN.fullmatch(cue[3]):
        return []
    opening = _LIST_AFTER_CUE.match(folded, cue[1])
    if not opening:
        return []
    depth, close = 0, len(folded)
    for index in range(opening.end() - 1, len(folded)):
        if folded[index] in "(（":
            depth += 1
        elif folded[index] in ")）":
            depth -= 1
            if not depth:
                close = index
                break
    return [i for i, name in enumerate(names) if opening.end() <= name.start and name.end <= close]


def _owner(cue: tuple[int, int, Role, str], names: list[_Name], folded: str) -> int:
    """The name a cue speaks about: the name the cue noun is bound to by a particle
    (佐々江理事長へのインタビュー) or, for a host with the guests (X理事長とともに),
    the name it follows, else the nearest subject-marked name before it
    (小谷氏は…と指摘し、戸﨑氏は…と述べた), else the nearest name."""
    if WITH_HOST.fullmatch(cue[3]):
        for index, name in enumerate(names):
            if name.end == cue[0]:
                return index
    for index, name in enumerate(names):
        if name.end <= cue[0] and _BOUND_TO_NAME.match(folded[name.end : cue[0]]):
            return index
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
    *,
    backward: bool = True,
) -> tuple[tuple[int, int, Role, str] | None, str]:
    """The strongest cue a name owns; a name coordinated with the next one
    (小谷・戸﨑両氏が出演, Kotani and Tosaki said) or, owning none, with the previous
    one (桒原研究員と舟津研究員も加わった) shares its role; a subject takes the
    strongest cue after it; otherwise none."""
    name = names[index]
    if owned.get(index):
        return _main_clause_cue(name, owned[index], folded), "cue"
    if len(names) == 1:
        return _main_clause_cue(name, cues, folded), "cue"
    if index + 1 < len(names) and _COORDINATED_AFTER.match(
        folded[name.end : names[index + 1].start]
    ):
        chosen, _ = _role_of(index + 1, names, owned, cues, folded, backward=False)
        if chosen is not None:
            return chosen, "coordinated"
    if backward:
        # back along a coordinated list (A（…）、B（…）、C（…）): the first name owning a cue
        previous = index - 1
        while previous >= 0 and _COORDINATED_AFTER.match(
            folded[names[previous].end : names[previous + 1].start]
        ):
            if owned.get(previous):
                return (_main_clause_cue(names[previous], owned[previous], folded), "coordinated")
            previous -= 1
    if name.subject:
        # not a cue bound to another name by a particle (「…論じたほか、Bへのインタビュー」)
        bound = {
            cue
            for other, items in owned.items()
            if other != index
            for cue in items
            if _bound_to(names[other], cue, folded)
        }
        # nor one after the name's own clause has ended (「Aが出席したほか、Bが登壇した」)
        after = [
            cue
            for cue in cues
            if cue[0] >= name.end
            and cue not in bound
            and not _CLAUSE_CLOSED.search(folded, name.end, cue[0])
        ]
        if after:
            return _main_clause_cue(name, after, folded), "subject"
    return None, ""


# A clause closed by "besides" (…したほか、): what follows has a subject of its own.
_CLAUSE_CLOSED = cue_regex("sentence.clause_closed")
# A non-restrictive relative clause on a name: "Hirofumi Tosaki, who also spoke at …,".
# In Japanese the clause comes first and ends in the verb's attributive form right
# before the name: 「…論考を寄せた小谷氏は」, 「…に寄稿している舟津研究員が」.
_PRENOMINAL_GAP = cue_regex("sentence.prenominal_gap")
_RELATIVE_AFTER = cue_regex("sentence.relative_after")
# An event named as the setting of what was said: 講演で, 会見の中で / "at a panel discussion".
_SETTING_AFTER = cue_regex("sentence.setting_after")
# A press conference is itself an occasion for statements to the press: held and
# followed by what was said (記者会見し、「…」と語った), it is the statement's setting too.
_PRESS_CONFERENCE_HELD = cue_regex("sentence.press_conference_held")
# A speech noun used as a verb with no quoted content (概要を説明した, 情勢を解説した)
# describes the act of presenting, not a statement: it does not make an event a setting.
_CONTENTLESS_QUOTE = cue_regex("sentence.contentless_quote")
_SETTING_BEFORE = cue_regex("sentence.setting_before")


def _main_clause_cue(
    name: _Name, cues: list[tuple[int, int, Role, str]], folded: str
) -> tuple[int, int, Role, str]:
    """The strongest of ``cues``, read with the grammar around ``name``: a cue in a
    relative clause on the name yields to the main clause's; an event named as
    the setting of a statement (講演で…と述べた, "said at a panel discussion") leaves
    the statement a quote, and so does any event (not a broadcast) at which the
    name's words are reported (講演した X は「…」と述べた; 講演し、「…」と述べた;
    "Speaking at a webinar, X said …")."""
    relative = _RELATIVE_AFTER.match(folded[name.end :])
    if relative:
        clause_end = name.end + relative.end()
        main = [cue for cue in cues if not name.end <= cue[0] < clause_end]
        cues = main or cues
    if name.subject and any(cue[0] >= name.end for cue in cues):
        # 「…論考を寄せた小谷哲男・…主任研究員は、取材に「…」と強調した」: a Japanese
        # relative clause ends right before the name it modifies; the subject's own verb
        # comes after the name (but on air the words are part of the appearance:
        # 「テレビ出演した X は「…」と語った」)
        cues = [
            cue
            for cue in cues
            if not (
                cue[1] <= name.start
                and _PRENOMINAL_GAP.match(folded[cue[1] : name.start])
                and not (cue[2] is Role.APPEARANCE and _BROADCAST_CUE.search(cue[3]))
            )
        ]
    chosen = strongest(cues)
    if chosen[2] is Role.APPEARANCE:
        quotes = [
            cue for cue in cues if cue[2] is Role.QUOTE and not _CONTENTLESS_QUOTE.fullmatch(cue[3])
        ]
        setting = (
            _SETTING_AFTER.match(folded[chosen[1] :])
            or _SETTING_BEFORE.search(folded[max(0, chosen[0] - 40) : chosen[0]])
            or (
                chosen[3].startswith("記者会見")
                and _PRESS_CONFERENCE_HELD.match(folded[chosen[1] :])
            )
        )
        if quotes and setting:
            return strongest(quotes)
        reported = [cue for cue in quotes if _reports_words(cue, folded)]
        if reported and not _BROADCAST_CUE.search(chosen[3]) and not PROGRAMME.search(folded):
            return strongest(reported)
    return chosen


# Appearance cues of a broadcast (or that may be one): on air the words said are part of
# the appearance, so they never make it a quote.
_BROADCAST_CUE = cue_regex("sentence.broadcast_cue")
# Speech cues that report what was said (words or views), not only that the name spoke:
# a quotation or quotative と before the verb (「…」と述べた, …べきだと指摘した), によると;
# in English a verb of saying that takes what was said ("said …", "argued that …",
# "urging …").
_REPORTED_EN = cue_regex("sentence.reported_en")


# Japanese verbs that put a position (…の重要性を訴えた, 課題を指摘した): with their object
# they report a view, where 説明した or 振り返った with a topic report none.
_POSITION_VERB = cue_regex("sentence.position_verb")


def _reports_words(cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True for a speech cue that reports what the name said or the view it put (see
    ``_REPORTED_EN`` and ``_POSITION_VERB``)."""
    text = cue[3]
    if any(is_japanese(c) for c in text):
        particle = folded[max(0, cue[0] - 1) : cue[0]]
        return (
            text.startswith(("」と", "と", "によ"))
            or text.endswith("「")  # 「X研究員は「…」」: the words follow the name
            or particle == "と"
            or (particle == "を" and bool(_POSITION_VERB.match(text)))
        )
    return bool(_REPORTED_EN.search(text))


def _distance(cue: tuple[int, int, Role, str], name: _Name) -> int:
    cue_start, cue_end = cue[0], cue[1]
    name_start, name_end = name.start, name.end
    if cue_start >= name_end:
        return cue_start - name_end
    if cue_end <= name_start:
        return name_start - cue_end
    return 0
