"""The matching quality gate: precision, recall and role accuracy on the labelled corpora.

Floors (never lower them; fix the matcher or a wrong label instead):
expert precision >= 0.97 and recall >= 0.97 in each language, role accuracy >= 0.90
in each language. A candidate below ``pipeline.match.DETECTED`` confidence (a
match that failed ``require_context`` or hit an ``exclude`` phrase) counts as NOT
detected here: it is kept for staff to look at, but it is not a finding.

Each corpus is gated separately, with the corpus config and with the shipped
sources.yaml:

* ``mentions.jsonl``: the corpus the matcher was developed on;
* ``heldout.jsonl``: texts written blind, in three batches (ids ``ho-``, ``ho2-``,
  ``ho3-``), each scored BEFORE the rules were changed for it. Once a batch has
  been scored, rules are tuned on it as well, so this gate keeps those gains from
  regressing; it no longer measures unseen text. To measure that, write a new
  batch, score it first, and only then add it here.
* ``blind_batch4.jsonl``: 160 texts (ids ``b4-``) written without reading the
  rules. Its BLIND measurement, taken with the shipped sources.yaml before any rule
  was changed for it, is the figure to quote for unseen text:

  - ja: precision 0.980, recall 1.000, role accuracy 0.910 (tp=100 fp=2 fn=0)
  - en: precision 1.000, recall 1.000, role accuracy 0.964 (tp=55 fp=0 fn=0)

  (13 errors: two namesakes, 11 roles). The rules were then tuned on it, so the
  scores this gate prints for it now are NOT a blind measurement; the gate only
  keeps those fixes from regressing.
* ``blind_batch5.jsonl``: 150 texts (ids ``b5-``) written without reading the rules
  or earlier batches. Its BLIND measurement, with the shipped sources.yaml before any
  rule was changed for it (and before any label was changed):

  - ja: precision 1.000, recall 1.000, role accuracy 0.890 (tp=91 fp=0 fn=0)
  - en: precision 1.000, recall 1.000, role accuracy 0.790 (tp=62 fp=0 fn=0)

  (23 role errors, no detection error). Like batch 4, it has since been tuned on.
* ``blind_batch6.jsonl``: 120 texts (ids ``b6-``) written without reading the rules
  or earlier batches. Its BLIND measurement, with the shipped sources.yaml on the
  rules as they stood after the batch-5 round, before any rule was changed for it
  (and before any label was changed):

  - ja: precision 0.986, recall 1.000, role accuracy 0.887 (tp=71 fp=1 fn=0)
  - en: precision 1.000, recall 1.000, role accuracy 0.941 (tp=51 fp=0 fn=0)

  (12 errors: one namesake, 11 roles). On the rules before the batch-5 round it
  scored ja 0.986 / 1.000 / 0.845 and en 1.000 / 1.000 / 0.882. It was written with
  12 (ja) and 8 (en) negatives. Like batches 4 and 5, it has since been tuned on. Its
  writer labelled a scheduled talk (b6-073, "Upcoming: X will speak at …")
  ``mention``; it is relabelled ``appearance`` under the convention below.
* ``blind_batch7.jsonl``: 120 texts (ids ``b7-``) written without reading the rules
  or earlier batches, with 12 (ja) and 8 (en) negatives; 119 are kept here, since
  b7-104 repeated b5-050 word for word (same label, gated there). Its BLIND
  measurement, on all 120, with
  the shipped sources.yaml on the rules as they stood after the batch-6 round, before
  any rule was changed for it (and before any label was changed):

  - ja: precision 0.987, recall 1.000, role accuracy 0.880
  - en: precision 1.000, recall 1.000, role accuracy 0.977

  (10 errors: one namesake, 9 roles). It has since been tuned on (book citations with
  publisher and year, bio blocks opened by a name or its kana reading, radio/podcast
  and studio guests, reports a name compiled, appointments announced with a date, a
  school grade after a name); after that it scores ja 1.000 / 1.000 / 0.987 and en
  1.000 / 1.000 / 0.977. b7-088 ("Upcoming: X will speak at …", written as
  ``mention``) is relabelled ``appearance`` under the convention below, and so, in a
  later stop, is b7-044 (「…研究員を講師に迎え、公開講座…を開く」, the same kind); one error is
  left: b7-069 (a programme sentence that also
  introduces an op-ed of the name, 「番組内では…に掲載された…研究員の論考も紹介され
  ました」), not fixed in this round.
* ``blind_batch8.jsonl``: 140 texts (ids ``b8-``) written without reading the rules
  or earlier batches, with 14 (ja) and 6 (en) negatives. Its BLIND measurement, with
  the shipped sources.yaml on the rules as they stood after the batch-7 round, taken
  before any rule was changed for it (and before any label was changed):

  - ja: precision 0.981, recall 1.000, role accuracy 0.792 (tp=101 fp=2 fn=0)
  - en: precision 1.000, recall 0.976, role accuracy 0.900 (tp=40 fp=0 fn=1)

  (28 errors: two namesakes in sports news, one miss, 25 roles, most of them in
  publication listings and contents lines, dialogue headers (A×B, 座談会), event
  programmes, a press conference, credits and works referred to by someone else).
  It has since been tuned on (listings with a genre label, a title, affiliation and
  date, or 著者：; the series 戦略コメント is not a comment; × dialogue headers, 語り合う and
  対談/座談会 titles; Q&A turns with the affiliation; programme lines opened by a time;
  取材協力 credits; works referred to (…の研究を踏まえ, …の分析に触れ, "builds on
  research by"); a surname and title referring back to the full name; presenting at
  the document's event with no words; words of sport or show business around a full
  name; "presented on", "we talk to", podcast episodes, guests at a reception); after
  that it scores ja 1.000 / 1.000 / 1.000 and en 1.000 / 0.976 / 1.000 with either
  config. No label was changed. b8-127 (an annual report's list, 'ICHIKAWA Tomiko,
  "Rebuilding Trust in the NPT Review Process," Japan Review …') was missed because
  that expert has ``require_context`` and the text named none of her titles or
  topics; her topics (both configs) now cover non-proliferation and the NPT, her
  field, and en scores 1.000 / 1.000 / 1.000.
* ``blind_batch9.jsonl``: 140 texts (ids ``b9-``) of news-media genres, written without
  reading the rules or earlier batches, with 14 (ja) and 6 (en) negatives. Its BLIND
  measurement, with the shipped sources.yaml on the rules as they stood before the
  batch-8 round (01b281c), before any rule was changed for it (and before any label was
  changed):

  - ja: precision 0.990, recall 1.000, role accuracy 0.827 (tp=98 fp=1 fn=0)
  - en: precision 0.974, recall 1.000, role accuracy 0.842 (tp=38 fp=1 fn=0)

  and after the batch-8 round (e495572), a round that never saw batch 9: ja 0.990 /
  1.000 / 0.837 (tp=98 fp=1), en 1.000 / 1.000 / 0.842 (tp=38 fp=0). (At e495572: 23
  errors, one namesake, a high-school calligrapher with a bare school grade, （3年）, and
  22 roles: 座談会 participants listed after it, a ▼ contents line with a 座談会 in another
  item, book notices 「書名　X著」, sign-offs with the title first 「（元駐米大使　X）」, Q&A
  turns run into one paragraph and the bio after the last answer, an appointment
  announced by a body named in brackets, an acknowledgement of 「X氏らの助言」, a word of
  a quotation taken as a cue (「…語り合える場が…」と述べ), a head line's signature over a
  body that quotes the name, 明かす, "spoke with" beaten by "shape opinion", the closing
  bio of a Q&A, a numbered series listing, "will open with remarks by X and Director
  General Y", guests of a reception named in the sentence before.) It has since been
  tuned on; after that it scores ja 1.000 / 1.000 / 1.000 and en 1.000 / 1.000 / 1.000
  with either config, and no error is left. One label was changed: b9-036
  (有識者ヒアリングに…が出席し、意見を述べた, written as ``mention``) is ``appearance``
  under the convention below, since the text says he spoke at a hearing and reports
  none of his words (both blind runs scored it ``quote``, wrong on either label, so the
  blind figures stand on both).
* ``blind_batch10.jsonl``: 140 texts (ids ``b10-``) of institute pages and news mixed,
  written without reading the rules or earlier batches, with 14 (ja) and 6 (en)
  negatives. Its BLIND measurement, with the shipped sources.yaml on the rules as they
  stood before the batch-8 round (01b281c), before any rule was changed for it (and
  before any label was changed):

  - ja: precision 0.980, recall 1.000, role accuracy 0.848 (tp=99 fp=2 fn=0)
  - en: precision 0.976, recall 1.000, role accuracy 0.800 (tp=40 fp=1 fn=0)

  and after the batch-8 round (e495572): ja 0.980 / 1.000 / 0.869, en 0.976 / 1.000 /
  0.850; and after the batch-9 round (b0d4dc7): ja 0.980 / 1.000 / 0.859, en 0.976 /
  1.000 / 0.850 (tp and fp as above); neither round saw batch 10. (At b0d4dc7: 23
  errors, three namesakes, a potter and a pianist in profiles (「X（よみ）さん　陶芸家。」)
  and a baseball reliever, and 20 roles: headlines that attribute words with ＝ or with
  the organisation before the name (「…＝X・国問研…所長」, 「…　国問研・X研究員」),
  contents lines with the author in brackets or after a dash, book chapters
  (第3章では X研究員が…を論じている), a new-book notice with its price, a list of talks
  under 講演・報告 read as citations, opening remarks (開会の辞を述べ), a keynote whose
  view is given as a ground (…として…を提示した), a radio listing's interview segment and
  a radio host's guest (…さんをお迎えしてお送りします) on a text that named the programme
  but no 番組/放送, a quoted series title (「…識者に聞く」にコメント), a Japanese relative
  clause before the subject (論考を寄せた X は、取材に「…」と強調した), a podcast's
  "— with X", "joined BBC World News", the second of two names thanked, and "chaired
  by" someone else before the name.) It has since been tuned on; after that it scores
  ja 1.000 / 1.000 / 1.000 and en 1.000 / 1.000 / 1.000 with either config, and no
  error is left. No label was changed.
* ``probes.jsonl``: 120 texts (ids ``p-``) of everyday forms shaped around the riskiest
  rules of the real-text rounds (▽ programme listings, FAQ and transcript lines,
  委員/顧問 lines, 参加, quoted titles before a name), written without reading the rules,
  with 13 (ja) and 4 (en) negatives. BLIND, with the shipped sources.yaml, at 689d185
  (after every round on batches 8–10 and on two sets of real texts, which stay out of
  the repository as third-party pages): ja 1.000 / 1.000 / 0.932, en 1.000 / 0.973 /
  0.778 (at 01b281c, before those rounds: ja 0.986 / 1.000 / 0.808, en 1.000 / 0.973 /
  0.750). Tuned on since (委員/主査/顧問 lines naming a programme's speaker, pull quotes,
  transcript turns whose title holds commas, a press conference held, a listing's guest
  after a comma). p-112 ("X's new memoir …", written as authored) is relabelled
  ``mention`` (a book talked about, as en-dev-012); left: p-022 (a chat line), p-055, p-110
  (an agenda line "X, Title: talk title"), p-112 (read as a quote) and the miss p-107 (a
  ``require_context`` expert with no context).
* ``blind_batch11.jsonl``: 120 texts (ids ``b11-``) REPRESENTATIVE of an ordinary day
  (activity-log bullets in the institute's house style, learnt by its writer from the
  real pages and written anew; everyday news quotes, op-eds, interviews, guest lines),
  written without reading the rules, with 10 (ja) and 5 (en) negatives. BLIND, with the
  shipped sources.yaml, at 086a6a0 (after every round, before any change for it):

  - ja: precision 1.000, recall 1.000, role accuracy 0.951 (tp=81 fp=0 fn=0)
  - en: precision 0.975, recall 1.000, role accuracy 0.897 (tp=39 fp=1 fn=0)

  (at 01b281c: ja 1.000 / 1.000 / 0.914, en 0.975 / 1.000 / 0.846). Tuned on since (a
  position put at an event, 【座談会】, "we're joined by", an invitation to a public
  conversation, a company's head as a namesake). b11-022 (an interview broadcast on
  NHK, written as interview) is relabelled ``appearance`` under the broadcast
  convention; left: b11-070 (a contents line with a slash), b11-093 (a bio under an
  essay) and b11-095 (a delegation member near someone else's "according to").
* ``blind_batch12.jsonl``: 120 texts (ids ``b12-``), 60 ja and 60 en, representative
  like batch 11 (its writer first read a few real institute pages and real English
  coverage, then wrote new texts), with 9 (ja) and 8 (en) negatives. BLIND, with the
  shipped sources.yaml, at 398658e (after the batch-11 round, before any change for it):

  - ja: precision 1.000, recall 1.000, role accuracy 0.947 (tp=57 fp=0 fn=0)
  - en: precision 0.983, recall 1.000, role accuracy 0.845 (tp=58 fp=1 fn=0)

  (at 01b281c: ja 0.983 / 1.000 / 0.912, en 0.967 / 1.000 / 0.759). Tuned on since (a
  wire story's closing attribution to someone else, "we speak with", a host talking
  with a guest, an episode's guest after a comma, speakers under a programme part's
  head, 講師は, a company's head as a namesake). b12-082 ("told Bloomberg Television",
  written as an appearance) is relabelled ``quote``, as b10-118 writes "told CNN": words
  told to a broadcaster are a quote unless the text says they were said on air. Left:
  b12-077 (a bio that opens the text, as b11-093),
  b12-094 (a contents line with a page number), b12-111 (two scheduled speakers joined
  by "and" after long appositives), b12-039 (a round table's 司会 bound to the wrong
  name) and b12-052 (a quote given to the press on a TV outlet's page).
* ``blind_batch13.jsonl``: 120 texts (ids ``b13-``), 40 ja and 80 en, representative
  of ordinary coverage (its writer read a few real English pages first), with 4 (ja)
  and 8 (en) negatives. BLIND, with the shipped sources.yaml, at 7c4f764 (after the
  batch-12 round, before any change for it):

  - ja: precision 1.000, recall 1.000, role accuracy 1.000 (tp=39 fp=0 fn=0)
  - en: precision 0.988, recall 1.000, role accuracy 0.863 (tp=80 fp=1 fn=0)

  (at 01b281c: ja 1.000 / 1.000 / 0.949, en 0.976 / 1.000 / 0.850). Tuned on since (a
  body's chair, findings presented, a programme joined to discuss, an outlet's
  questions answered, a contributor's own chapter, a letter to the editor, "hosted at X
  by", a company's head named before the name). b13-067 ("said … in a telephone
  interview", written as a quote) is relabelled ``interview`` as ho-en-wire-08. Left:
  b13-048 (a host named before someone else's quotation), b13-055 (a Q&A whose turns
  give the surname only) and b13-074 ("spoke with ABC's The World": a programme
  without quotation marks).
* ``blind_batch14.jsonl``: 120 texts (ids ``b14-``), 40 ja and 80 en, representative
  like batch 13, with 4 (ja) and 9 (en) negatives. BLIND, with the shipped sources.yaml,
  at bbd7b91 (after the batch-13 round, before any change for it):

  - ja: precision 1.000, recall 1.000, role accuracy 0.974 (tp=39 fp=0 fn=0)
  - en: precision 0.987, recall 1.000, role accuracy 0.885 (tp=78 fp=1 fn=0)

  (at 01b281c: ja 1.000 / 1.000 / 0.974, en 0.975 / 1.000 / 0.833). Tuned on since (a
  byline's second author, an institution's "said that X will", a broadcaster's named
  programme, joining a panel, "spoke alongside", pipe signature lines, closing bios
  with an appositive, a magazine's 対談, a company's head with a trade appositive); no
  label changed. Left: b14-032 ("he said in the interview" after the name's sentence,
  read as a quote).
* ``blind_batch15.jsonl``: 120 texts (ids ``b15-``), 40 ja and 80 en, representative
  like batches 13 and 14, with 4 (ja) and 8 (en) negatives. BLIND, with the shipped
  sources.yaml, at b52d84a (after the batch-14 round, before any change for it):

  - ja: precision 1.000, recall 1.000, role accuracy 1.000 (tp=40 fp=0 fn=0)
  - en: precision 1.000, recall 1.000, role accuracy 0.927 (tp=82 fp=0 fn=0)

  (at 01b281c: ja 1.000 / 1.000 / 0.975, en 0.976 / 0.988 / 0.827). One rule since
  ("joined from Tokyo by X" is no byline); no label changed. Left: b15-031 and b15-070
  (guests named with an appositive on programme pages), b15-041 (a bio that opens the
  text), b15-053 (an advisory panel's chair), b15-060 (a briefing reported by someone
  else).

* ``blind_batch16.jsonl``: 120 texts (ids ``b16-``), 60 ja and 60 en, of the same kind
  as batches 11–15, written by a writer who never read the rules, scored with the shipped
  sources.yaml at c157cde (the rules of acf8e6c, before any change for it):

  - ja: precision 0.984, recall 1.000, role accuracy 0.917 (tp=60 fp=1 fn=0)
  - en: precision 1.000, recall 1.000, role accuracy 0.881 (tp=59 fp=0 fn=0)

  Then tuned on, with the real-text rounds of the same stop (a namesake child pianist
  with her school in brackets; an interview's questions over a head-line signature; "—
  comment in <outlet>"; a standing body's chair; words told to a broadcaster on its own
  site). Relabelled under the conventions below: b16-035 (a 対談 on the institute's
  YouTube programme, written as interview: an appearance, as on air) and b16-097
  (analysis cited by someone else, written as quote: a work referred to, a mention).
  Left: b16-045 ("X wrote in a commentary that …" in a wire story, written as quote) and
  b16-077 ("With contributions from X" in a radio listing).

Role labels in every corpus follow one convention (the blind writers disagreed on
it): a broadcast appearance (TV, radio, podcast, online programme) is
``appearance`` even when the text reports the expert's words; an event (lecture,
webinar, panel, symposium, speech, press conference, testimony) is ``quote`` when
the text reports the expert's words or views (in the same sentence or later in the
text: "Panelists included A and B. B said …" makes B a quote and A an appearance)
and ``appearance`` when it only says that the expert spoke, presented, moderated or
opened it (a quoted title, 「…」と題して講演した, is not words). A scheduled
appearance (出演予定, 登壇予定, "will speak at", a TV listing) is an ``appearance``: it is
the evidence of an appearance, often the only one a crawler sees. Attending an event
(出席, 同席, "attended", and 参加 alone as activity logs write it) is a ``mention``; the
questions put to a speaker at a press conference are the conference's (an event, not an
interview); a profile or bio with no piece of the expert's is a ``mention``, and a
published "comment by" the expert a ``quote``, as 「…のコメントが掲載」 is; someone else's
review of the expert's book (書評　X著『…』) a ``mention`` (b6-048, written as authored, is
relabelled so: the book is counted as the expert's work when it appears); speaking at a
hearing with no words reported
(出席し、意見を述べた, the verb form of 意見陳述) is an ``appearance``, as testimony is.
Lines relabelled to it carry a note saying so (b4-011, b4-056, b5-009, b9-036; no
batch-6 label contradicted it). The blind figures above were
taken on the writers' own labels; on the convention's labels the same blind runs
score batch 4 en role accuracy 0.927 (b4-011 and b4-056 wrong) and batch 5 ja 0.901
(b5-009 right), the rest unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.match import Matcher
from tests.matchcorpus import CORPUS_DIR, Case, Score, load_corpus, score

# The gate runs with the corpus's own config and with the shipped sources.yaml,
# so the config the service really uses is held to the same floors.
CONFIGS = {
    "corpus-config": CORPUS_DIR / "experts.yaml",
    "shipped-sources-yaml": Path(__file__).resolve().parents[1] / "sources.yaml",
}
CORPORA = {
    "mentions": CORPUS_DIR / "mentions.jsonl",
    "heldout": CORPUS_DIR / "heldout.jsonl",
    "blind_batch4": CORPUS_DIR / "blind_batch4.jsonl",
    "blind_batch5": CORPUS_DIR / "blind_batch5.jsonl",
    "blind_batch6": CORPUS_DIR / "blind_batch6.jsonl",
    "blind_batch7": CORPUS_DIR / "blind_batch7.jsonl",
    "blind_batch8": CORPUS_DIR / "blind_batch8.jsonl",
    "blind_batch9": CORPUS_DIR / "blind_batch9.jsonl",
    "blind_batch10": CORPUS_DIR / "blind_batch10.jsonl",
    "blind_batch11": CORPUS_DIR / "blind_batch11.jsonl",
    "probes": CORPUS_DIR / "probes.jsonl",
    "blind_batch12": CORPUS_DIR / "blind_batch12.jsonl",
    "blind_batch13": CORPUS_DIR / "blind_batch13.jsonl",
    "blind_batch14": CORPUS_DIR / "blind_batch14.jsonl",
    "blind_batch15": CORPUS_DIR / "blind_batch15.jsonl",
    "blind_batch16": CORPUS_DIR / "blind_batch16.jsonl",
}
# Smallest size of each corpus (the issue asks for 300 labelled texts to develop on).
MINIMUM_SIZE = {
    "mentions": 300, "heldout": 150, "blind_batch4": 160, "blind_batch5": 150, "blind_batch6": 120,
    "blind_batch7": 119, "blind_batch8": 140, "blind_batch9": 140, "blind_batch10": 140,
    "blind_batch11": 120, "probes": 120, "blind_batch12": 120, "blind_batch13": 120,
    "blind_batch14": 120, "blind_batch15": 120, "blind_batch16": 120,
}
# Fewest texts without any expert, per language. Batches 4 and 5 were each written
# blind with 15 (ja) and 10 (en), batches 6 and 7 with 12 (ja) and 8 (en), batches 8, 9
# and 10 with 14 (ja) and 6 (en), batch 11 with 10 (ja) and 5 (en), the probes with 13
# (ja) and 4 (en), batch 12 with 9 (ja) and 8 (en), batches 13–15 with 4 (ja) and 8 or
# 9 (en), batch 16 with 5 (ja) and 4 (en); adding negatives now would not be blind, so
# they keep their own.
MINIMUM_NEGATIVES = {
    "mentions": 20, "heldout": 20, "blind_batch4": 10, "blind_batch5": 10, "blind_batch6": 8,
    "blind_batch7": 8, "blind_batch8": 6, "blind_batch9": 6, "blind_batch10": 6,
    "blind_batch11": 5, "probes": 4, "blind_batch12": 8, "blind_batch13": 4,
    "blind_batch14": 4, "blind_batch15": 4, "blind_batch16": 4,
}

PRECISION_FLOOR = 0.97
RECALL_FLOOR = 0.97
ROLE_ACCURACY_FLOOR = 0.90


@pytest.fixture(scope="module", params=sorted(CORPORA), ids=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest) -> tuple[str, list[Case]]:
    return request.param, load_corpus(CORPORA[request.param])


@pytest.fixture(scope="module", params=sorted(CONFIGS), ids=sorted(CONFIGS))
def scores(
    request: pytest.FixtureRequest, corpus: tuple[str, list[Case]]
) -> dict[str, Score]:
    _, cases = corpus
    return score(Matcher(load_config(CONFIGS[request.param])), cases)


def test_corpus_is_big_and_bilingual(corpus: tuple[str, list[Case]]) -> None:
    name, cases = corpus
    assert len(cases) >= MINIMUM_SIZE[name]
    languages = {case.lang for case in cases}
    assert languages == {"ja", "en"}
    assert len({case.id for case in cases}) == len(cases), "case ids must be unique"
    for lang in languages:
        labelled = [case for case in cases if case.lang == lang]
        negatives = sum(1 for case in labelled if not case.experts)
        assert negatives >= MINIMUM_NEGATIVES[name], "too few negatives"


def test_corpora_do_not_share_texts_or_ids() -> None:
    loaded = {name: load_corpus(path) for name, path in CORPORA.items()}
    names = sorted(loaded)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            texts = {case.text for case in loaded[first]} & {case.text for case in loaded[second]}
            ids = {case.id for case in loaded[first]} & {case.id for case in loaded[second]}
            assert not texts, f"{first} and {second} share texts"
            assert not ids, f"{first} and {second} share ids"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_quality_floor(
    corpus: tuple[str, list[Case]], scores: dict[str, Score], lang: str
) -> None:
    result = scores[lang]
    report = (
        f"[{corpus[0]} {lang}] precision={result.precision:.3f} recall={result.recall:.3f} "
        f"role_accuracy={result.role_accuracy:.3f} (tp={result.tp} fp={result.fp} "
        f"fn={result.fn})\n{result.confusion_table()}\n" + "\n".join(result.errors)
    )
    print(report)
    assert result.precision >= PRECISION_FLOOR, report
    assert result.recall >= RECALL_FLOOR, report
    assert result.role_accuracy >= ROLE_ACCURACY_FLOOR, report
