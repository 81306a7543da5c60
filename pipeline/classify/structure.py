"""The structural rules, strongest of all but the byline: ``structural`` tries them in
order on the name's line and the text around it, whatever the sentence says. The forms
of most families live in their modules (``labels``, ``transcripts``, ``bios``,
``listings``); here are the order and the forms no other family holds:

* an acknowledgement ("The author thanks <name> for …", also after
  other names thanked, "thanks A and <name> of JIIA for …", 「<name>氏から
  貴重な助言を得た」, 「あとがきによれば、…<name>氏らの助言を得たという」: ``mention``,
  whatever else the sentence says); a work of the name
  referred to by someone else (「筆者は…山﨑周研究員らの先行研究を踏まえ」, 「解説委員が…
  小谷哲男氏の分析にも触れながら」, "builds on research by <name>": ``mention``, also on a
  TV or radio outlet); a credit of help (取材協力：…<name>, "Courtesy of": ``mention``,
  not a part on air);
* "By <name>" and "a study by JIIA researcher <name>" (``authored``; not "Comment by
  <name>", something said); a byline's second author ("by A and X") is ``authored``;
  "hosted at JIIA by X" is no byline; "By A, B & X", "the report's authors, A, X and
  B" and "the article by Griffith Asia Institute's Dr X" name authors too;
* forms of the institute's and others' pages, in the same structural rank: the head of
  a speech opening the line ("Remarks of JIIA Director General X", "Keynote Address
  by X": ``appearance``); "By" with a title ("By Ambassador X"), the head of a message
  ("Message from the President X"), and the name opening a line with only its
  affiliation under head lines that name a written piece ("Strategic Comments⏎
  Title⏎date⏎X (…)", "Message from the Director⏎X, Director, …") (``authored``);
* the name inside the 「title」 of a broadcaster's programme (TOKYO MX1「Xの…」): the show's
  host (``appearance``);
* a titled piece by the name (Xによる「…」): a talk when the sentence speaks of an event
  (``appearance``), a writing when it speaks of print (``authored``);
* a commentary's signature line ("…⏎⏎X | Research Fellow, JIIA" is ``authored``) and
  a letter to the editor signed by the name ("Sir, … X, President, JIIA, Tokyo") are
  ``authored``.
"""

from __future__ import annotations

import re

from pipeline.classify.bios import BIO_SENTENCE, identification
from pipeline.classify.cues import PRINT_WORDS, PROGRAMME
from pipeline.classify.decision import RoleDecision
from pipeline.classify.forms import AFFILIATION_ONLY, BRACKETED_REST
from pipeline.classify.labels import (
    BY_LIST_BEFORE,
    LABEL_BEFORE,
    LIST_LABEL_BEFORE,
    NAME_BRACKET,
    POST_LABEL_BEFORE,
    SPEAKER_BIO_HEAD,
    line_label,
    post_line_lists_a_talk,
    role_head_above,
    under_programme_part,
)
from pipeline.classify.listings import (
    BARE_TITLE_AFTER,
    CITATION_AFTER,
    CITATION_AUTHOR_AFTER,
    CITATION_AUTHOR_BEFORE,
    PRINTED_VENUE,
    TALK_AFTER,
    TALK_EVENT,
    TALKS_HEAD,
    VENUE_BEFORE,
    WORK_AUTHORS_AFTER,
    WORK_AUTHORS_BEFORE,
    WORK_TITLE_AFTER,
    list_head,
    listing,
)
from pipeline.classify.table import cue_regex
from pipeline.classify.text import SENTENCE_END_MARK, fold, previous_line, sentence_bounds
from pipeline.classify.transcripts import (
    AFFILIATION_TAIL,
    ATTRIBUTED_QUOTE_BEFORE,
    QUESTION,
    SPEAKER_TURN_AFTER,
    TURN_HONORIFIC_BEFORE,
    qa_layout,
    sentence_case_quotation,
)
from pipeline.types import Role

# A byline's second author: "by A and X", "by A, B and X" (the names in lower case here).
_BY_COAUTHOR_BEFORE = cue_regex("structure.by_coauthor_before")
# The authors of a work named before the name, and the names listed with it.
_AUTHORS_BEFORE = cue_regex("structure.authors_before")
_BY_BEFORE = cue_regex("structure.by_before")
# Titles and honorifics between "by" and the name: "By Ambassador X", "by Professor X".
_TITLES_BEFORE_NAME = cue_regex("structure.titles_before_name")
# The head of a speech, opening its line: "Remarks of JIIA Director General (Acting) X",
# "Keynote Address by X", "Lecture by Professor X".
_SPEECH_HEAD_BEFORE = cue_regex("structure.speech_head_before")
# The head of a written message, opening its line: "Message from the President X".
_MESSAGE_HEAD_BEFORE = cue_regex("structure.message_head_before")
# "… was opened by X", "interviewed by X": a participle before "by" is not a byline
# (except the participles of writing: "written by", "edited by").
_NOT_AUTHOR_BY = cue_regex("structure.not_author_by")
# "A 2023 study by JIIA researcher Kyoko Kuwahara": a work credited to the name through
# a descriptor of the person (an organisation and a role noun, a possessive, Dr.).
_WORK_BY_BEFORE = cue_regex("structure.work_by_before")
# Credits of help, not of a part on air or on the page: 取材協力：日本国際問題研究所 伏田寛範.
_CREDIT_LABEL_BEFORE = cue_regex("structure.credit_label_before")
# A work of the name referred to by someone else: 「筆者は…山﨑周研究員らの先行研究を踏まえ」,
# 「解説委員が…小谷哲男氏の分析にも触れながら」, "The study builds on research by X".
_REFERRED_AFTER = cue_regex("structure.referred_after")
_REFERRED_BEFORE = cue_regex("structure.referred_before")
# Acknowledgements: the name thanked, not the author and not quoted ("The author thanks
# X for comments on an earlier draft"; 「本書の執筆に当たっては、X氏から貴重な助言を得た」).
_ACKNOWLEDGED_BEFORE = cue_regex("structure.acknowledged_before")
_ACKNOWLEDGED_AFTER = cue_regex("structure.acknowledged_after")


# A letter to the editor: its salutation, and the signature closing it (the name, then
# only its affiliation and place to the end of the text).
_LETTER_OPENING = re.compile(
    r"^\s*(?:sir|madam|dear (?:sir|madam|editor))\s*[,—–:-]", re.IGNORECASE
)
_PIPE_SIGNATURE_AFTER = cue_regex("structure.pipe_signature_after")
_LETTER_SIGNATURE_AFTER = cue_regex("structure.letter_signature_after")


# Heads of a written piece: a series of written work or a message.
_WRITTEN_HEAD = cue_regex("structure.written_head")


def _head_signature(text: str, start: int, end: int, line_start: int) -> bool:
    """True for the name opening a line of its own, with only its affiliation after it
    (in brackets or after commas), under head lines with no sentence in them, one of
    which names a written piece: "Strategic Comments⏎Title⏎03-11-2025⏎X (Managing
    Director)", "Message from the Director⏎X, Director, Center for …"."""
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    if not (BRACKETED_REST.match(rest) or AFFILIATION_ONLY.match(fold(rest))):
        return False
    above = [line.strip() for line in text[:line_start].split("\n") if line.strip()]
    if not above or len(above) > 6:
        return False
    if any(len(line) > 150 or SENTENCE_END_MARK.search(line) for line in above):
        return False
    return any(_WRITTEN_HEAD.search(fold(line)) for line in above)


def structural(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...] = (), title: str = ""
) -> RoleDecision | None:
    labelled, mixed = line_label(text, start)
    if labelled is not None and not mixed:
        return labelled
    line_start = text.rfind("\n", 0, start) + 1
    before = fold(text[max(line_start, start - 60) : start])
    after = fold(text[end : end + 200])
    if _ACKNOWLEDGED_BEFORE.search(before) or _ACKNOWLEDGED_AFTER.search(after):
        return RoleDecision(Role.MENTION, "acknowledgement", (before[-20:] + after[:20]).strip())
    referred = (
        _REFERRED_AFTER.search(after)
        or _REFERRED_BEFORE.search(before)
        # "… cited analysis by Senior Fellow X": the title aside
        or _REFERRED_BEFORE.search(_TITLES_BEFORE_NAME.sub("", before))
    )
    if referred:
        return RoleDecision(Role.MENTION, "referred_work", referred.group(0).strip()[-20:])
    credit = _CREDIT_LABEL_BEFORE.search(before)
    if credit:
        return RoleDecision(Role.MENTION, "credit", credit.group(0).strip()[:20])
    if qa_layout(text, start, end):
        return RoleDecision(Role.INTERVIEW, "qa_layout", "――")
    post = POST_LABEL_BEFORE.search(text[line_start:start])
    if post:
        if post_line_lists_a_talk(text, line_start, end, post.group(1)):
            # 「13:10　基調講演「…」⏎顧問　X（…）」: the post names the talk's speaker
            return RoleDecision(Role.APPEARANCE, "post_label_speaker", post.group(1))
        # 「顧問　X　…教授」, 「教員名/Instructor (Japanese)　X」: a post held in a body or a
        # course taught, listed; no piece, no event
        return RoleDecision(Role.MENTION, "post_label", post.group(1))
    head = fold(previous_line(text, line_start))
    bio = fold(text[line_start:start]) + "x" + NAME_BRACKET.sub("", fold(text[end : end + 200]))
    same_line_head = SPEAKER_BIO_HEAD.fullmatch(fold(text[line_start:start]).strip())
    if (SPEAKER_BIO_HEAD.fullmatch(head) and BIO_SENTENCE.match(bio)) or (
        same_line_head and BIO_SENTENCE.match("x" + bio.partition("x")[2])
    ):
        # "About the speaker⏎X is a professor at …", "Speaker bios:⏎X (…) is …": the bio of
        # the event's speaker
        return RoleDecision(Role.APPEARANCE, "speaker_bio", "speaker", event=True)
    if not text[line_start:start].strip() and under_programme_part(text, line_start):
        # "Panel II: Alliance Command and Control⏎X, Senior Fellow, JIIA⏎Y, …": the
        # speakers listed under a part of an event's programme
        return RoleDecision(Role.APPEARANCE, "programme_part", "panel", event=True)
    if TURN_HONORIFIC_BEFORE.match(text[line_start:start]) and SPEAKER_TURN_AFTER.match(
        text[end : end + 400]
    ):
        # a transcript's turn (a press conference, a panel): "Mr. X, Press Secretary: As
        # stated, …", the speaker's words
        return RoleDecision(Role.QUOTE, "transcript_turn", ":", words=True)
    if (
        ATTRIBUTED_QUOTE_BEFORE.search(before)
        and AFFILIATION_TAIL.match(after)
        and sentence_case_quotation(text[max(0, start - 600) : start])
    ):
        # '"…,” His Excellency Mr X, Ambassador of …': words attributed without a verb
        return RoleDecision(Role.QUOTE, "attributed_quote", "”", words=True)
    if (
        not text[line_start:start].strip()
        and _PIPE_SIGNATURE_AFTER.match(text[end:])
        and SENTENCE_END_MARK.search(text[:line_start])
    ):
        # a commentary's signature line: "…body.⏎⏎X | Research Fellow, JIIA"
        return RoleDecision(Role.AUTHORED, "signature_line", "|")
    if _LETTER_OPENING.match(text) and _LETTER_SIGNATURE_AFTER.match(text[end:]):
        # a letter to the editor ("Sir, Your editorial … X, President, JIIA, Tokyo"):
        # the name signing it at its end wrote it
        return RoleDecision(Role.AUTHORED, "letter_signature", "sir,")
    decision = identification(text, start, end, line_start, before, after, others)
    if decision is not None:
        if QUESTION.search(fold(text[:start])):
            # in a piece of questions and answers, the bio names the one who answered
            return RoleDecision(Role.INTERVIEW, f"qa_{decision.rule}", decision.cue)
        return decision
    by_before = _TITLES_BEFORE_NAME.sub("", before)  # "By Ambassador X": the title aside
    if _BY_BEFORE.search(by_before) and not _NOT_AUTHOR_BY.search(by_before):
        return RoleDecision(Role.AUTHORED, "by_prefix", "by")
    if _AUTHORS_BEFORE.search(by_before):
        # "the report's authors, X, Y and Z, argue …", "its lead author Dr X"
        return RoleDecision(Role.AUTHORED, "authors_of", "author")
    coauthor = _BY_COAUTHOR_BEFORE.search(by_before)
    if coauthor and not _NOT_AUTHOR_BY.search(by_before[: coauthor.start() + 3]):
        # '"Title," by Hirofumi Tosaki and X (March 2025)': the second of the byline
        return RoleDecision(Role.AUTHORED, "by_prefix", "by … and")
    original_before = text[line_start:start]
    speech = _SPEECH_HEAD_BEFORE.match(original_before)
    if speech:
        # "Remarks of JIIA Director General X: …": the head of a speech the name gave
        return RoleDecision(Role.APPEARANCE, "speech_head", speech.group(1).lower(), event=True)
    message = _MESSAGE_HEAD_BEFORE.match(original_before)
    if message or _head_signature(text, start, end, line_start):
        # "Message from the President X", or the name and its affiliation under the head
        # of a written piece ("Strategic Comments … Title … date⏎X (President, JIIA)")
        return RoleDecision(Role.AUTHORED, "head_signature", "message" if message else "head")
    work_by = _WORK_BY_BEFORE.search(before)
    if work_by:
        return RoleDecision(Role.AUTHORED, "work_by", work_by.group(0).strip())
    if (
        CITATION_AFTER.search(after)
        or (CITATION_AUTHOR_BEFORE.search(before) and CITATION_AUTHOR_AFTER.search(after))
        or (WORK_AUTHORS_BEFORE.search(before) and WORK_AUTHORS_AFTER.match(after))
    ):
        talk = TALK_AFTER.match(after)
        if (
            talk
            and (
                TALK_EVENT.search(talk.group("venue"))
                or TALKS_HEAD.fullmatch(list_head(text, line_start))
            )
            and not PRINTED_VENUE.search(talk.group("venue"))
        ):  # a talk listed with the event it was given at, or under a head of talks
            return RoleDecision(
                Role.APPEARANCE, "listed_talk", talk.group("venue")[:20].strip(), event=True
            )
        if _reviewed_book(text, start, end, line_start, title, before, after):
            # 「書評　『…』伏田寛範 編著（…）　評・…」: someone else's review of the name's book
            return RoleDecision(Role.MENTION, "reviewed_book", "書評")
        return RoleDecision(Role.AUTHORED, "citation", after[:30])
    if WORK_TITLE_AFTER.search(after) or (
        BARE_TITLE_AFTER.search(after) and VENUE_BEFORE.search(before)
    ):
        return RoleDecision(Role.AUTHORED, "work_title", after[:30])
    by_title = _by_title(text, start, end, after)
    if by_title is not None:
        return by_title
    if _in_programme_title(text, start, end):
        # 「TOKYO MX1「寺島実郎の世界を知る力」　第60回放送」: the show bears its host's name
        return RoleDecision(Role.APPEARANCE, "programme_title", "「」")
    listed = listing(text, start, end, line_start, title)
    if listed is not None:
        return listed
    wide = fold(text[max(line_start, start - 400) : start])
    speeches = BY_LIST_BEFORE.search(wide)
    if speeches:
        # a speaker at the event, whose words reported elsewhere make a quote
        return RoleDecision(
            Role.APPEARANCE, "speeches_by", speeches.group(0).strip()[:30], event=True
        )
    label = LABEL_BEFORE.search(before) or LIST_LABEL_BEFORE.search(wide)
    if label:
        return RoleDecision(Role.APPEARANCE, "label", label.group(0).strip()[:30])
    head = role_head_above(text, start, end, line_start)
    if head:
        return RoleDecision(Role.APPEARANCE, "role_head", head, event=True)
    return None


# 「…X准教授による「量子計算と量子暗号」」, 「X氏による「…」」: a titled piece by the name.
_BY_TITLE_AFTER = cue_regex("structure.by_title_after")
# Words of an event where a piece is given as a talk: the events that present a work
# (``cues.PRESENTING_EVENT``) and the parts of a programme.
_TALK_WORDS = cue_regex("structure.talk_words")


def _by_title(text: str, start: int, end: int, after: str) -> RoleDecision | None:
    """A titled piece "by" the name (Xによる「…」): a talk where the sentence speaks of an
    event (シンポジウムでは…X准教授による「…」, ``appearance``), a writing where it speaks
    of print (…が掲載したX氏による「…」, ``authored``); else undecided."""
    if not _BY_TITLE_AFTER.match(after):
        return None
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    sentence = fold(text[sentence_start:sentence_end])
    if _TALK_WORDS.search(sentence):
        return RoleDecision(Role.APPEARANCE, "talk_by", "による", event=True)
    if PRINT_WORDS.search(sentence):
        return RoleDecision(Role.AUTHORED, "work_by", "による")
    return None


# A review of a book: 書評, "book review".
_REVIEW_OF_BOOK = cue_regex("structure.review_of_book")
# The reviewer's label before the name: 評・X, 評者：X, "Reviewed by X".
_REVIEWER_BEFORE = cue_regex("structure.reviewer_before")
# The name as a book's author: 著, 編著, 編 right after it.
_BOOK_AUTHOR_AFTER = cue_regex("structure.book_author_after")


def _reviewed_book(
    text: str, start: int, end: int, line_start: int, title: str, before: str, after: str
) -> bool:
    """The name is the author of a book under review by someone else: 書評 in the page's
    title or on the name's own line, the name followed by 著 / 編著, not 評・ before it."""
    line_end = text.find("\n", end)
    line = fold(text[line_start : len(text) if line_end < 0 else line_end])
    return (
        bool(_REVIEW_OF_BOOK.search(f"{fold(title)}\n{line}"))
        and bool(_BOOK_AUTHOR_AFTER.match(after))
        and not _REVIEWER_BEFORE.search(before)
    )


def _in_programme_title(text: str, start: int, end: int) -> bool:
    """The name inside the 「title」 of a broadcaster's programme (TOKYO MX1「X の…」)."""
    line_start = text.rfind("\n", 0, start) + 1
    opening = text.rfind("「", line_start, start)
    if opening < 0 or "」" in text[opening:start]:
        return False
    closing = text.find("」", end)
    if closing < 0 or "\n" in text[end:closing]:
        return False
    return bool(PROGRAMME.search(fold(text[max(line_start, opening - 20) : opening + 1])))
