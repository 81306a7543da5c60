"""The role of a mention, and the outlet of a document.

``classify_role`` takes one segment of a document (its title, byline or body,
as the original string), the span of one name in it, the spans of the other
names found there, and a ``RoleContext`` (outlet, title, whether the document
speaks of a broadcast); it returns a ``RoleDecision``: the ``Role``, the rule
that fired and the cue text that made it fire. ``media_type_for`` finds a URL's
outlet by the longest matching domain suffix.

Rules, strongest first, so each decision can be explained to staff:

* structural: a line label (【出演】, 【寄稿】; a label naming several roles,
  【寄稿・コメント】, cannot say which item is whose, so it yields to the sentence's own
  cue and is only the fallback; its words are never the sentence's cues); the byline
  (``authored``); an acknowledgement ("The author thanks <name> for …", also after
  other names thanked, "thanks A and <name> of JIIA for …", 「<name>氏から
  貴重な助言を得た」, 「あとがきによれば、…<name>氏らの助言を得たという」: ``mention``,
  whatever else the sentence says); a work of the name
  referred to by someone else (「筆者は…山﨑周研究員らの先行研究を踏まえ」, 「解説委員が…
  小谷哲男氏の分析にも触れながら」, "builds on research by <name>": ``mention``, also on a
  TV or radio outlet); a credit of help (取材協力：…<name>, "Courtesy of": ``mention``,
  not a part on air); an interview laid out as questions and answers (a ――/Q:
  question line, then a turn opened by the name, also with its affiliation before the
  answer (「山﨑周・…研究員　表面上は…」), or by the name (a surname too) and its words in
  brackets after the question or a turn, run into one paragraph (「――…ですか。山﨑「…」
  伏田「…」」), or the name heading the piece with a question line next; and in a piece
  with such a question, the bio block, tagline or sign-off that identifies the name
  (「…」　<name>（ささえ・けんいちろう）　1951年生まれ。…, "(<name> is a research fellow
  at …)") names the one who answered: ``interview``);
  "By <name>" and "a study by JIIA researcher <name>" (``authored``; not "Comment by
  <name>", something said); a bibliographic citation 「title」『journal』 after the
  name, or the name as the author after a title (研究レポート「…」（<name>、2024年8月）),
  or the name with 著 / 編著 after a book's title (a book notice: 「書名　<name>著　…」),
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
  label the same line is a headline quote), an author label (著者：, 執筆者：), an English
  entry of a numbered series title and the name with its affiliation only as the next
  sentence ("Policy Brief No. 112: Title. <NAME>, Director, …"), an item line of a
  title and the name in brackets closing it or after a dash under a head naming the
  issue (号, 特集, Vol.: 「・分断する有権者と外交政策（<name>）」, "• Title — <name>";
  an item titled as an interview or dialogue is an ``interview``) (``authored``;
  the series 戦略コメント is not a comment, nor コメンタリー); names joined by × heading a
  dialogue (「A（…）×B（…）」, ``interview`` as for 対談/座談会), and so do its parties
  listed after it is named (「座談会「…」。出席者はA（…）、B（…）、司会はC（…）」: the
  moderator too, 出席 here not mere attendance); "<name> is a senior fellow at …"
  opening a sentence (an op-ed tagline, ``authored``), and, closing a text after its
  body, the bio in its other forms ("<name> is director of …", "<A> and <B> are
  research fellows at …"), and a bio block opened by the name or its reading on a line
  of its own or after the piece's last words (「こたに・てつお　1973年生まれ。…」, 「」　<name>
  （…）　1951年生まれ」); an op-ed sign-off 「…。（<name>・…研究員）」, also with the
  title first 「…。（元駐米大使　<name>）」 (``authored``; ending in 談, a statement:
  ``quote``); a label such as 出演： / ゲスト： / Speakers: before the name, also as one
  item of a list under it ("Speakers: A (…); B (…)", 基調講演：, "Opening Remarks:"),
  or on a line of its own above the names and affiliations under it (講師, Speakers),
  and the list of speakers after their speeches ("congratulatory addresses by A, …; X,
  President of …") (``appearance``); a headline 「name「…」」 (``quote``);
* forms of the institute's and others' pages, in the same structural rank: the head of
  a speech opening the line ("Remarks of JIIA Director General X", "Keynote Address
  by X": ``appearance``); "By" with a title ("By Ambassador X"), the head of a message
  ("Message from the President X"), and the name opening a line with only its
  affiliation under head lines that name a written piece ("Strategic Comments⏎
  Title⏎date⏎X (…)", "Message from the Director⏎X, Director, …") (``authored``);
  co-authors around the name before 『title』 with the publisher alone (「A・X・B『…』
  （出版社）」), the names in brackets after 『title』 with its outlet and date, a line
  of co-authors' names under or on a book's title (「書名　A ,X ,B」), an English
  publication list's quoted title before the name with its affiliation only
  ('…: “Subtitle,” X, Professor, … University'), and an entry of a title, a date and
  the name with its affiliation only, on one line or on lines of their own ("Title,
  03-11-2025, X (Managing Director, JIIA)"; not an event's) (``authored``); a bio that opens the
  text and goes on about the person ("X is a professor at … X is also an adjunct
  fellow at …", a profile with no piece of the person's) is a ``mention``, not an
  op-ed tagline; the name and its affiliation with the first question right after
  (「…」　X・…理事長　――…どう見ますか。) heads the answers of an interview;
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
  (「AとBも」, "President A and Director General B") shares its role; a subject never
  takes a cue noun bound to another name (「Aが…論じたほか、Bへのインタビューも収録した」);
  a quoted title is not words (「…」と題して講演した: an appearance); testimony before a
  parliamentary committee (参考人として出席, 意見陳述) is an event; experts who 語り合った held a
  dialogue (``interview``, as 対談); 語り： (a narrator's credit) is not speech; 意見を
  述べた, the verb form of 意見陳述, says the name spoke at a hearing, not what (an
  ``appearance``, also after 出席し); a verb
  of attendance (同席, 出席, "attended") leaves an event named only as a noun
  (記者会見, webinar) the place where the name sat, not a part it took (``mention``,
  unless an act such as 講演 or "spoke at" is there too); "an event where X spoke" names the event's
  speaker; a verb of written discussion (論じた, 考察した) is ``authored`` in a
  sentence that says a publication carries it (号, 誌上, 収録, 掲載, 『…』, a book's
  chapter: 第3章では…を論じている), not at an event or on air; a speech cue after a
  name marked with が that follows a
  topic (「研究所は１日付で、Xが所長に就任したと発表した」, also a body's name in
  brackets: 「「日米協会連合」は16日、新会長に…Xが就任したと発表した」) is the topic's, the
  name being the subject of the clause announced;
* in the institute's and others' real prose: a noun of act works in the polite and
  humble past of the activity log as in its plain forms (報告しました, 報告いたしました,
  発言しました); a role noun binds to the names listed in brackets after it, not to the
  sentence's subject (「AとBが出席したほか、登壇者を4名（X主任研究員、…）派遣しました」: A
  and B attended, X appears); a name coordinated with the previous ones shares the role
  of the first that owns a cue, however long the list; a host taking part with the
  guests the sentence invited (「…氏をお招きし、X理事長とともに…を議論しました」) appears,
  and so does an item of a list of speakers, each with a topic, that shares the list's
  verb (「…についてA教授、…についてX研究員（…）、…についてB教授が説明し」); a cue in a
  clause joined to the next by a copula or とともに (…を評価するものであり、) is not the
  act of a name after it, and a subject whose clause closes with …したほか、 takes no cue
  of the next clause (「Aが出席したほか、Bが登壇しました」: A attended); 参加 alone is
  attendance like 出席 (but a panel taken part in is sat on); a view carried as the
  name's column (…所長のコラムとして論評した) is ``authored``; a talk on a topic
  (…についてのお話です), a lecture or presentation given (講義を行い,
  プレゼンテーションを行い), a speaker's part (スピーカーとして) and taking the floor
  (会議で発言しました) are appearances; in English, "a dialogue with X", a
  participle of questioning opening the sentence ("Questioned by Y, X discusses …")
  and a writer who met the name and discussed with him ("I met X … and discussed …")
  are ``interview``, a view offered ("X offered an optimistic outlook", "shared her
  assessment") is a ``quote``, and "think tanks" is no verb of thinking;
* transcripts and attributions without a verb: a turn "X: …" after a question line opened
  by the interviewer's or the outlet's name ("Harbour Review: …?", "Q3: …?") is an
  ``interview`` (at a press conference, whose record the document is, a ``quote``); a
  turn opened by the name with its title and a sentence of words ("Ms. X, Spokesperson:
  Let me …") is a ``quote``, and so are words in quotation marks closed right before the
  name and its affiliation ('"…," Her Excellency Ms X, Ambassador …', a pull quote
  '"…." — X, JIIA'), when the quotation is a sentence in sentence case, not a title, and
  the line names no year (a cited piece: '"…," X, East Asia Forum, May 2024.'); the
  title of such a turn may hold commas ("X, Director General, JIIA: …"); a view laid
  out ("laid out", "by emphasizing") is a ``quote``;
* heads and labels of real pages: a name after an item mark under a cast head (■出演⏎▼X
  （…）) and a name under the head of ceremony speeches (挨拶・祝辞, 来賓祝辞) are
  ``appearance``; the bio right under "About the speaker", "Speaker bios:" or 講師紹介 is
  the event speaker's (``appearance``); a post or course label opening the name's line
  (顧問, 主査, 委員, 教員名/Instructor) lists a post held, a ``mention``, unless it names
  a programme's speaker: under a talk head (a time, 報告, 基調講演), before a talk's
  「title」 on its line, or a post holder said later to speak (主査が…報告し):
  ``appearance``; a dated listing
  whose lines open with a bullet ("- 2019-03-20⏎- X（…）") is as one without; a CV's
  numbered entry of a writing (「3. X, title, journal, 715, 2023.10.」, no event word) and
  an author page's "X's latest contributions to …" are ``authored``; a ▽ inside a news
  sentence that goes on to its verb on the same line joins the items of a list (the verb
  is every item's), where ▼ opens an item of a contents line;
* a sentence with no cue that names a broadcast programme (NHK「日曜討論」, ABC
  Radio National's "Between the Lines") is an ``appearance``;
* besides the cue words, reported speech is recognised by its grammar: a
  quotative と before a sentence-final verb (…は続くと危ぶむ。), a name followed by a
  verb and a "that" clause (X reckoned that …); an appearance by a verb of speaking
  or appearing with an event noun (spoke on a panel, delivered a keynote speech), or
  the remarks an event opens with ("the conference will open with remarks by X");
  "X presented on <topic>" and a host's "we talk to X" or 「…さんをお迎えしてお送りします」
  (a show's guest, "we're joined by X", "Host A talks with X"), the speakers listed under
  a part of an event's programme ("Panel II: …⏎X, Senior Fellow, JIIA"), 講師は X,
  a broadcaster's named programme spoken with or told ("speaks with ABC Radio National's
  Breakfast", "told BBC World Service's Newsday"; a broadcaster alone, "Speaking to
  CNBC, X said", keeps the words a ``quote``), "Joining the panel …: X", "spoke
  alongside X", a commentary's signature line ("…⏎⏎X | Research Fellow, JIIA" is
  ``authored``), findings presented ("presented preliminary findings"), a programme
  joined to discuss ("X joins RN Breakfast to discuss …"), an event's chair (a body's
  chair, "the study group, chaired by X", is a member's post, no part in an event), an
  invitation to a public conversation ("Join us
  for a conversation with X", an event, not an interview), an episode's guest credited
  after its title ("Ep. 57: Title — with
  X", or after a comma in a listing opened by its time or episode: "Tonight on …: the
  vote, with X", "Ep. 112 — …, with X"),
  a name closing a TV guide's line of items joined by ▽ (not a journal's contents),
  holding a press conference ("held a press conference", as 記者会見) and a broadcaster
  joined ("joined BBC World News to discuss …") are appearances;
  the guests of a social gathering ("guests at the embassy reception", or "Guests
  included … X" in a text that speaks of a reception and of no programme)
  attended it (no cue: ``mention``); a wire story's closing attribution to someone else
  ("X was among nine experts appointed …, the ministry said") is not X's saying; a written
  series' "we speak with X" and "X answered questions from <outlet>" are an
  ``interview``; a contributor's own chapter (", and X, whose chapter traces …") and a
  letter to the editor signed by the name ("Sir, … X, President, JIIA, Tokyo") are
  ``authored``, and so is a byline's second author ("by A and X"); "hosted at JIIA by X"
  is no byline; "the institute said Thursday that X will …" is the institute's saying;
  a closing bio may carry an appositive ("X, a former ambassador, is president of …");
  a magazine's 対談 is spoken even where 論じた would be written; a quote cue whose
  clause has another subject (「Xの下で働いた外交官は…と振り返る」),
  or that follows the name marked as an object (「外務省は…Xら8人を起用すると発表した」),
  is not the name's, nor is a verb in the passive whose agent is someone not named,
  before the name ("the group, chaired by a former UN official, also includes X": a
  ``mention``; "X was interviewed by Kyodo" stays X's);
* the next sentence when it opens with "he said" / 同氏は, also after the quotation it
  opens with ("“…,” he recalls") (``quote``); the interview the piece announces soon
  after the name, no other expert named before it ("Excerpts of the interview follow:",
  以下は一問一答) (``interview``);
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
* a line of an event's programme opened by a time (「14:10　第1セッション報告　伏田寛範
  （同主任研究員）」), with no cue of its own: the name is a speaker (``appearance``);
* a head line that attributes words to the name after the piece says it asked
  several experts (3人の識者に聞いた。「…」　X・…理事長): ``interview``;
* cues in the title (インタビュー, 対談, 座談会, Opinion …);
* a page headed by its talk (講演CD, 講演録, 講演会, "Lecture", as the title or a short
  first line): a name with no cue is the speaker (``appearance``);
* the record of a press conference (a head line 会見メモ, 記者会見): the speaker heading
  it and the questions put to the speaker (…氏に…について聞いた) are the conference's,
  an ``appearance`` at an event;
* in a document that is an episode of a podcast or programme (Ep. 57, "Listen on
  Apple Podcasts", ポッドキャスト), a quote or interview is the guest's ``appearance``;
* on a TV or radio outlet whose text speaks of a broadcast (番組, 放送, 出演,
  program, aired …, or names a programme: NHKラジオ第1「…」), a quote, interview or
  passing mention is an ``appearance``;
* otherwise a passing ``mention``.

A ``RoleDecision`` from the sentence's cues says whether its appearance is at an
event rather than on air (``event``) and whether its quote reports words
(``words``), so that the matcher can apply the broadcast/event convention across
the sentences of one document.

Pure functions: no network, no database, no state between calls.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.normalize import is_japanese
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
    r"して|し[、,]|しており|している|しま(?:す|した)|いた(?:し|す)|。|\s|$)"
)
# The verb forms of a noun of act (報告, 考察 …) used as a predicate: plain, conjunctive,
# and the polite and humble past of the institute's house style (報告しました,
# 報告いたしました).
_SURU = r"(?:する|した|して|し[、,]|しま(?:す|し)|しており|している|いた(?:し|す))"
_SPEECH_NOUNS = r"(?:分析|説明|評価|予測|予想|批判|主張|解説|推測|提言|言及)"
# Works of writing count as authored when published (論考が掲載, 論文を発表), not when
# merely referred to (論文に言及).
_WORK_NOUNS = (
    r"(?:論文|論考|論稿|論説|論評|評論|小論|コラム|エッセー|エッセイ|著書|新著|研究レポート|戦略コメント|報告書|"
    r"レポート|オピニオン|回顧録|回想録|自伝)"
)
_PUBLISHED = r"(?:掲載|発表|公表|公開|出版|刊行|発行|寄せ|執筆)"

_AUTHORED = (
    r"寄稿|執筆|筆者|連載|手記|投稿した|監修|編著|共著|単著|著[「『]|"
    # a quoted title between the noun and the verb counts as one word (論考の英語版 "…" を掲載)
    + _WORK_NOUNS + r"(?:[^。「『“]|「[^」]{0,120}」|『[^』]{0,120}』|“[^”]{0,160}”){0,40}?"
    + _PUBLISHED + r"|"
    r"[【〈<\[]\s*(?:寄稿|論考|オピニオン|論評|私の視点|視点)\s*[】〉>\]]|"
    # a view carried as the name's column: 「…X所長のコラムとして論評した」
    r"(?:コラム|論考|論文|エッセー|エッセイ|手記)(?:として|の形で)|"
    r"戦略コメント\s*(?:[(（][^)）]{0,20}[)）])?\s*[「『]|"
    r"(?:を|が)書い|(?:寄せ|発表し|公表し|公開し|執筆し|書い|著し)た(?:[^。、]{0,6}?)"
    + _WORK_NOUNS + r"|"
    # 「戸﨑洋史氏らがまとめた報告書『…』によると」: a work the name (masked) compiled
    r"(?<=\x00)(?:氏|さん|[\u4e00-\u9fff]{0,10}?(?:研究員|所長|教授))?\s*(?:ら)?\s*(?:が|の)"
    r"(?:まとめ|作成し|編纂し|編集し)た(?:[^。、]{0,6}?)" + _WORK_NOUNS + r"|"
    # the genre (Opinion | …, an opinion piece), not opinion held ("shape opinion")
    r"\bop-?eds?\b|\bopinion\s*[:|｜—–]|\bopinion (?:pieces?|columns?|articles?|essays?|pages?|"
    r"sections?|writers?|contributors?)\b|\bcommentary\b|\bcolumn\b|\bcolumnist\b|\bessay\b|"
    r"\bwrote\b|\bwrites\b|\bwriting (?:in|for)\b|\bwritten by\b|\bauthored\b|\bco-?authored?\b|"
    r"\bco-?wr(?:ote|itten)\b|\bpenned\b|"
    # an author page: "For X's latest contributions to The Times, see below"
    r"(?<=\x00)['’]s?\s+(?:(?:latest|recent|most recent|other)\s+)?(?:contributions|articles|"
    r"columns|commentaries|op-?eds|essays|writings)\b|"
    r"\bcontribut(?:ed|es) an? (?:article|piece|essay|chapter|op-?ed|commentary)\b|"
    r"\bin an? (?:article|piece|paper|essay|op-?ed) (?:for|in|published)\b|"
    r"\bin (?:a|an|his|her|their) (?:(?:newly|recently|just) published |new |recent |latest |"
    r"forthcoming )?(?:article|paper|essay|op-?ed|commentary|book|study|memoirs?|autobiography|"
    r"monograph)\b(?! (?:by|about|on)\b)|"
    r"\b(?:article|paper|essay|analysis|commentary|study|op-?ed|column)\b[^.]{0,40}"
    r"\b(?:published|appeared|ran) (?:in|by|on|last|this)\b|"
    r"\bpolicy brief\b|\bstrategic comments?\b|"
    r"\b(?:book|volume|collection|anthology|report)(?:'s|’s)? contributors\b|"
    r"\bcontributors to (?:the|a|this) (?:book|volume|collection|anthology|report)\b|"
    r"(?<=\x00),?\s+whose (?:new |latest )?"
    r"(?:chapter|essay|article|paper|contribution|book|op-?ed)\b|"
    r"\bthe (?:writer|author)s?\s*(?:,[^,]{0,60},\s*)?(?:is|are|was)\b"
)
# A broadcaster spoken with on air: "speaks with ABC Radio National's Breakfast".
_BROADCASTER_EN = (
    r"(?:[\w'’.-]+\s+){0,2}?(?:radio|tv|television|podcast|bbc|abc|cnn|cna|nhk|npr|pbs|"
    r"sky news|al jazeera|cnbc|bloomberg tv|channel news asia|france 24|dw)\b"
)
_INTERVIEW = (
    r"インタビュー|聞き手|一問一答|対談|鼎談|座談会|語り合|"
    r"(?:に|から)[、,]?\s*(?:[^。、「」\s]{0,16}?(?:を|について))?(?:聞|伺|うかが)(?:い|く|き|っ|う|お)|"
    r"\binterview(?:ed|s|ing)?\b|\bq ?& ?a\b|\bsat down with\b|"
    r"\bwe (?:speak|spoke|talk|talked) with\b|\banswer(?:ed|s|ing)? questions (?:from|by|put by)\b|"
    # (not an invitation's "Join us for a conversation with X": an event, an appearance)
    r"(?<!for a )(?<!for a public )(?<!for a live )\bconversation with\b|"
    r"\btranscript\b|\bquestions (?:for|to)\b|"
    # "A dialogue with X, Vice-Chairman of …": the piece questions the name
    r"\b(?:dialogue|in conversation) with\s+(?=\x00)|"
    # "In my trip to Japan, I met X … and discussed …": the writer's interview
    r"\b(?:i|we)\s+(?:met|visited|called on)\b(?=.{0,200}?\b(?:discuss|talk|spoke|asked|"
    r"interview|chat))|"

    r"\bspo(?:ke|ken) (?:exclusively )?(?:to|with) "
    r"(?!(?:reporters|journalists|the press|the media)\b)"
    r"(?!" + _BROADCASTER_EN + r"(?:\s+[\w-]+){0,2}?['’]s\s)"
)
# Events at which someone appears (English).
_EVENT_NOUNS = (
    r"(?<!press )(?<!news )"
    r"(?:panel|webinar|seminar|symposium|conference|forum|workshop|roundtable|round-table|"
    r"dialogue|summit|session|event|hearing|briefing|program|programme|show|podcast|episode|"
    r"broadcast|press club|audience|convention|colloquium|lecture)s?\b"
)
# Social gatherings: their guests attended, they took no part on a programme.
_GATHERING = (
    r"(?:reception|dinner|party|banquet|luncheon|lunch|ceremony|wedding|gala|funeral|"
    r"celebration|memorial|cocktail)s?\b"
)
# A gathering the document speaks of ("hosted a reception"); not "party", often a name.
_GATHERING_HELD = re.compile(
    r"\b(?:reception|dinner|banquet|luncheon|gala|ceremony|cocktail|wedding|funeral)s?\b"
)
_APPEARANCE = (
    r"出演|ゲスト|コメンテーター|解説者|生中継|登壇|パネリスト|パネルディスカッション|パネル討論|講演|"
    # a speech given (スピーチを行った, 演説した), not one talked about (首相の演説について)
    r"(?:スピーチ|演説)(?:を)?(?:行[いうっわ]|し[たてま、,]|する)|"
    # a talk on a topic, as a lecture or radio page gives it: 「…についてのお話です」, 講話
    r"(?:について|をテーマに|に関して|に関する)の?\s*お話(?!を(?:伺|うかが|聞|お聞き))|講話|"
    # a guest received: 「…さんにスタジオにお越しいただきました」
    r"(?:お越し|おこし)(?:いただ|頂|くださ|下さ)|"
    # a host receiving the guest of a show: 「…さんをお迎えしてお送りします」
    r"お(?:迎え|招き)し(?:て|、)[^。]{0,20}?(?:お送り|お届け|お話|伺|うかが|お聞き)|スタジオ(?:に|へ)(?:お越し|お招き|お迎え|来|招|迎)|"
    # holding a press conference (記者会見で…, 記者会見に臨み), not one discussed
    r"記者会見(?!について|に関し|をめぐ|を受け|での発言|の内容)|"
    r"(?:ワークショップ|シンポジウム|セミナー|ウェビナー|フォーラム|学会|研究会|国際会議|大会)"
    r"(?:[(（][^)）]{0,20}[)）])?(?:にて|で)(?:報告|発表)|"
    r"\bpresent(?:s|ed|ing)? (?:a |an |the |his |her |their |its )?(?:[\w-]+ ){0,2}?"
    r"(?:paper|findings|research|study|results)\b|"
    # a programme joined to discuss: "X joins RN Breakfast to discuss …"
    r"\bjoin(?:s|ed|ing)?\s+[^.,;\x00]{2,40}?\s+to (?:discuss|talk about|explain|unpack|analy[sz]e|"
    r"break down|look at)\b|"
    # "X presented on EU-Japan defence cooperation": a talk on a topic
    r"\bpresent(?:s|ed|ing)? on\b|"
    # a host introducing the guest of a show or podcast: "This week we talk to X"
    r"\b(?:we|i)\s+(?:talk|chat)\s+(?:to|with)\b|"
    # the remarks an event opens or closes with (開会の辞を述べ, 祝辞を述べた): a part in it,
    # no words reported
    r"(?:開会|閉会|開式|閉式|開幕|閉幕|歓迎)の辞|祝辞|式辞|"
    r"講師(?:として|を務め|は|[:：])|基調報告|司会|モデレーター|進行役|進行を務め|挨拶|あいさつ|報告者|討論者|"
    # a lecture, a presentation, a speaker, taking the floor: 講義を行いました,
    # プレゼンテーションを行い, スピーカーとして, 会議で発言しました (words said after と make
    # it a quote, as for any event; not 座長, who chairs a standing group)
    r"講義(?:を行|" + _SURU + r")|プレゼン(?:テーション)?(?:を行|" + _SURU + r")|"
    r"スピーカー(?:として|を務め)|(?<![のな])発言" + _SURU + r"|"
    r"発表者|に登場|(?:にて|で)報告|"
    # testimony before a parliamentary committee: 参考人として出席し、意見陳述を行った
    # … also in its verb form (有識者ヒアリングに出席し、意見を述べた), with no words reported
    r"意見陳述|意見を(?:述べ|陳述)|(?:参考人|公述人)として(?:出席|出頭|招|呼ばれ|意見|発言|陳述|答弁|登壇)|参考人質疑|"
    r"報告(?:" + _SURU + r"|を行)|"
    r"[【〈\[]\s*(?:テレビ|tv|ラジオ|radio|メディア出演|出演|放送|講演|登壇)\s*[】〉\]]|"
    r"\bappear(?:ed|s|ing)? (?:live )?on\b|"
    r"\bappear(?:ed|s|ing)? (?:live )?in (?:a|an|the)? ?[^.]{0,40}"
    r"(?:program|programme|show|broadcast|documentary|podcast)\b|"
    # not the guests of a social gathering ("guests at the embassy reception"): attendance
    r"\bguests?\b(?!\s+(?:at|of)\s+(?:the|a|an|this|that|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
    + _GATHERING + r")|\bpanelists?\b|\bpanel discussion\b|"
    r"\bkeynote\b|"
    r"\b(?:spoke|spoken|speak|speaks|speaking) at (?!an? (?:press|news) (?:conference|briefing))|"
    r"\b(?:opening|closing|welcome|welcoming|keynote|congratulatory|introductory|concluding) "
    r"(?:remarks|address(?:es)?|speech(?:es)?)\b|"
    # "The conference will open with remarks by X": the speaker of its opening
    r"\b(?:open|opens|opened|opening|close|closes|closed|closing|begin|begins|began|start|"
    r"starts|started)\s+with\s+(?:(?:opening|welcome|welcoming|introductory|keynote|closing)\s+)?"
    r"(?:remarks|an? (?:address|speech|keynote|lecture|talk))\s+(?:by|from)\b|"
    r"\bjoin(?:s|ed|ing)? us\b|"
    # a host's guest: "This week we're joined by X"; an event invitation: "Join us for a
    # conversation with X" (a public conversation is an event, not an interview)
    r"\b(?:we|i)(?:'re|’re| are|'m|’m| am)\s+(?:\w+\s+)?joined\s+(?:\w+\s+){0,2}?by\b|"
    r"\bjoin\s+(?:us|the\s+[^.,;]{1,60}?)\s+(?:for|at)\s+(?:a|an|the)\s+"
    r"(?:(?:public|special|live|virtual|fireside)\s+)?(?:conversation|discussion|dialogue|talk)s?\s+with\b|"
    # an episode's guest credited after its title: "Ep. 57: Title — with X of JIIA"
    r"[—–|:]\s*(?:with|featuring|feat\.)\s+(?=\x00)|"
    # … and a listing's guest after a comma: "Tonight on Newsnight: the vote, with X",
    # "Ep. 112 — the Far East, with X"
    r"^(?:(?:tonight|this week|today|this morning|this evening|next|coming up|on air)\b"
    r"[^\n]{0,40}\bon\b|(?:ep\.?|episode)\s*\d+\b)[^\n]{0,160}?,\s*(?:with|featuring)\s+(?=\x00)|"
    # words told to a broadcaster's named programme: "X told BBC World Service's Newsday"
    r"\btold\s+(?:the\s+)?(?:bbc|abc|cnn|cna|nhk|npr|pbs|sky news|al jazeera|cnbc|dw)"
    r"(?:\s+[\w-]+){0,3}?['’]s\s+(?=\w)|"
    # speaking with a broadcaster on air: "X speaks with ABC Radio National's Breakfast"
    r"\b(?:speaks?|spoke|speaking|talks?|talked|talking) (?:with|to) " + _BROADCASTER_EN
    + r"(?:\s+[\w-]+){0,2}?['’]s\s+(?=\w)|"
    # "Joining the panel on CNA's Asia First this morning: X"
    r"\bjoining (?:us|the panel|the programme|the program|the show|the discussion|the studio)\b|"
    # "where he spoke alongside fellow researcher X"
    r"\b(?:spoke|speaks|speaking|appeared|appearing|presented|presenting)\s+alongside\b|"
    # a show's host talking with its guest: "Host A talks with X about …"
    r"\bhost(?:s|ed)?\s+[^.,;]{0,40}?\btalks?\s+(?:with|to)\b|"

    # holding a press conference (記者会見, as in Japanese), not one discussed
    r"\b(?:held|holds|hold|holding|gave|gives|give|giving|called|calls)\s+(?:a|an|the|his|her|their)"
    r"\s+(?:joint\s+|news\s+)?(?:press|news)\s+(?:conference|briefing)\b|"
    # a broadcaster joined on air: "joined BBC World News to discuss …"
    r"\b(?:join(?:s|ed|ing)?|went on)\s+(?:the\s+)?(?:bbc|cnn|cnbc|nhk|al jazeera|cgtn|sky news|"
    r"fox news|msnbc|abc|nbc|cbs|npr|pbs|dw|france 24|bloomberg (?:tv|television)|"
    r"channel news asia|arirang)\b|"
    r"\btestif(?:y|ies|ied)\b|\bgave an? (?:talk|presentation|lecture)\b|"
    r"\b(?:participat(?:e|es|ed|ing)|t(?:ake|akes|ook|aking) part) in (?:a|an|the) [^.]{0,30}"
    r"(?:panel|symposium|forum|seminar|conference|dialogue|webinar|debate|roundtable|"
    r"round-table|workshop)\b|\broundtable\b|\bround-table\b|\bon (?:a|the) panel\b|"
    r"\bepisode\b|\b(?:opened|closed) by\b|議長を務め|"
    # "X opened the conference", "closed the session": the event's opening is a part in it
    r"\b(?:opened|closed|opens|closes)\s+(?:the|a|an|this|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:conference|symposium|forum|seminar|workshop|dialogue|session|meeting|event|webinar|"
    r"summit|roundtable|round-table|panel|ceremony|convention|colloquium)s?\b|"
    r"\b(?:speak|speaks|spoke|spoken|speaking|talk|talks|talked|present|presents|presented|"
    r"appear|appears|appeared|join|joins|joined|address|addresses|addressed|headline|headlined|"
    r"moderate|moderates|chair|chairs|testify|testified)\s+(?:at|on|in|before|to)?\s*"
    r"(?:a|an|the|this|next|last|its|their)?\s*(?:[\w'’-]+\s+){0,4}?" + _EVENT_NOUNS + r"|"
    # "an event where X, who studies …, spoke on …": the event's speaker, named in a
    # relative clause on the event (the name is masked as \x00)
    + _EVENT_NOUNS + r"\s+(?:where|at which|during which|in which)(?=\s+\x00+"
    r"(?:\s*,[^,]{0,80},)?\s+(?:\w+ly\s+)?(?:spoke|speaks|talked|talks|presented|presents|"
    r"lectured|lectures|gave|gives|delivered|delivers|addressed|addresses|discussed|"
    r"discusses)\b)|"
    r"\b(?:gave|give|gives|giving|delivered|deliver|delivers|delivering|made)\s+"
    r"(?:a|an|the|his|her|their|opening|closing)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:speech|talk|lecture|presentation|address|remarks|briefing)\b|"
    r"\b(?:will|to|would)\s+(?:moderate|chair)\b|\bappear(?:s|ed|ing)? before\b|"
    r"\bfireside chat\b|" + _EVENT_NOUNS + r"\s+(?:will\s+)?(?:featured|features|featuring)\b|"
    r"\bfeaturing\b|\b(?:speakers?|presenters?|discussants?)\b|"
    r"\bwebinar\b|\bon air\b|\bon-air\b|\blive on\b|\bpodcast\b|\bcommentator\b|"
    r"\bmoderat(?:ed|es|ing|or)\b|"
    # (not a body's chair: "The study group, chaired by X, also includes …")
    r"(?<!group, )(?<!committee, )(?<!council, )(?<!commission, )(?<!board, )(?<!force, )"
    r"\bchair(?:ed|s|ing)\b|\blectur(?:e|ed|es|ing)\b"
)
_QUOTE = (
    r"(?<!戦略)コメント(?!タリー)|談話|(?<![会対鼎座相面商縁清懇雑歓冗筆示用])談(?![合会])|指摘|によると|によれば|述べ|語っ|語る|語り(?!合|\s*[:：])|"
    r"話す|話し|と話|強調|警告|懸念を|懸念し|と言う|と言っ|明か(?:し|す)|訴え|とみる|と見る|と見て|"
    r"とみて|見方を示|考えを示|見解を|取材に|取材を受け|答え|警鐘|問題視|疑問視|表明|呈し|引用|"
    r"懸念(?:する|が示)|認識を示|振り返|力を込め|念を押|危惧|警戒(?=する|し)|疑問を|推察|反論|評し|"
    r"評する|期待を示|期待する|呼びかけ|見通(?:す|し(?:を示|だ))|の話(?:では|によると|[\s　]|$)|"
    # 「…」と述べた, not a quoted title (「…」と題して講演, 「…」というテーマで)
    r"」と(?!の|題|銘打|いう(?:テーマ|タイトル|演題|題))|"
    # a view given as the ground of an act: 「…不使用規範を侵食しているとして、…を提示した」,
    # 「…すべきだとして、」; not an event foreseen (就任するとして)
    r"(?:(?<=ている)|(?<=ていた)|(?<=ない)|(?<=だ)|(?<=ある))として(?=[、,])|"
    r"と" + _SPEECH_NOUNS + r"|" + _SPEECH_NOUNS + _NOT_NOUN + r"|"
    r"(?:分析|見解|見方|解説|発言)が(?:紹介|引用|掲載)|(?:分析|見立て|見方|試算|推計)では|"
    r"こう(?:見る|みる|読む|語る|話す|分析する|指摘する)|読み解|との(?:見方|見解|考え|認識)(?:だ|で|を)|"
    r"(?<=[だるいたうかしねよ])と(?!いう)(?:[\u4e00-\u9fff]{1,4}[\u3041-\u3093]{0,6}|"
    r"[\u3041-\u3093]{2,6})(?=。|$)|"
    r"(?<=\x00)(?:\s*,[^,.]{0,80},)?\s+(?:\w+ly\s+)?(?!(?:is|was|has|had|and|or)\b)[a-z]+(?:s|ed)"
    r"(?:,\s*\w+,)?\s+that\b|\bpoint(?:s|ed|ing)? to\b|"
    r"(?<=\x00)['’]s (?:view|views|assessment|argument|warning|prediction|reading)\b|"
    r"\b(?:saw|sees|views?|viewed|regards?|regarded)\b[^.]{0,60}\bas\b|"
    r"\b(?:analysis|comments?|remarks|views|assessment|insights?)\b[^.]{0,80}"
    r"\b(?:cited|quoted|featured)\b|"
    r"\bsaid\b|\bsays?\b|\bsaying\b|\btold\b|\btells?\b|\baccording to\b|\bnoted\b|"
    r"\bnotes? that\b|\bwarn(?:s|ed)?\b|\bargu(?:e|es|ed)\b|\bexplain(?:s|ed)?\b|\badd(?:s|ed)\b|"
    r"\bcommented\b|\bpoint(?:s|ed)? out\b|\bobserved\b|\bbelieves?\b|\bcaution(?:s|ed)?\b|"
    r"\bsuggest(?:s|ed)?\b|\bstress(?:es|ed)\b|\bpredict(?:s|ed)?\b|\bexpects?\b|"
    # not "think tanks"
    r"\bthinks?\b(?![- ]tanks?\b)|\bquoted\b|\bquoting\b|"
    # the name itself cited ("X was cited in an AP article"), not a work of theirs
    r"(?<=\x00)\s+(?:\w+ly\s+)?(?:was|were|is|are|has been|had been)\s+(?:\w+ly\s+)?cited\b|"
    # … also as a headline or log line drops the auxiliary ("X cited by Bloomberg on …");
    # not "X cited in his paper …", where X does the citing
    r"(?<=\x00)\s+(?:cited|quoted)\s+(?:by|in)\s+(?!(?:his|her|their|its)\b)|"
    r"\bremarked\b|\bemphasi[sz](?:ed|es|ing)\b|\bstressing\b|\basserted\b|\binsisted\b|"
    # a view laid out ("X laid out three scenarios …")
    r"\b(?:laid|lays|lay(?:ing)?) out\b|"
    r"\backnowledged\b|\bcontends?\b|\bmaintained\b|\bdescribed\b|\bcalled (?:it|the|for)\b|"
    r"\bsees\b|\bin a comment\b|\bcomments?\s+(?:by|from|to|for|on)\b|\bagreed\b|"
    r"\brecall(?:s|ed)\b|\bconced(?:e|es|ed)\b|\badmit(?:s|ted)\b|\burg(?:e|es|ed|ing)\b|"
    r"\bestimat(?:es|ed)\b|\bquestion(?:s|ed)\b|\bdoubt(?:s|ed)\b|\breckon(?:s|ed)?\b|"
    r"\bcounter(?:s|ed)\b|\brespond(?:s|ed)\b|\brepl(?:y|ies|ied)\b|\banswer(?:s|ed)\b|"
    r"\bassess(?:es|ed)\b|\bhighlight(?:s|ed)\b|\bunderscor(?:e|es|ed)\b|\bin a statement\b|"
    r"\bspeaking to\b|"
    # a view offered: "X offered an optimistic outlook for …", "shared her assessment"
    r"\b(?:offer(?:s|ed|ing)?|gave|gives?|giving|shared?|shares|sharing|expressed|voiced)\s+"
    r"(?:an?|his|her|their|the)\s+(?:[\w-]+\s+){0,2}?(?:outlook|views?|assessments?|"
    r"perspectives?|take|insights?|predictions?|forecasts?|warnings?|opinions?|analysis)\b"
)
_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.AUTHORED, re.compile(_AUTHORED)),
    (Role.INTERVIEW, re.compile(_INTERVIEW)),
    (Role.APPEARANCE, re.compile(_APPEARANCE)),
    (Role.QUOTE, re.compile(_QUOTE)),
)

# A broadcast programme named in the sentence: 「NHK「日曜討論」で」, "on NHK's program".
_BROADCASTER = (
    r"(?:(?<![a-z])(?:nhk|bs|cs|tbs|tv|fm|abema|j-wave|cnn|bbc|cnbc|cgtn|al jazeera|nhk world|"
    r"bs-tbs|bsフジ|bs日テレ|bs朝日|bsテレ東)(?![a-z])|テレビ|ラジオ|放送|日テレ|テレ朝|テレ東|フジ|"
    r"アルジャジーラ|ニッポン放送|文化放送)"
)
_PROGRAMME = re.compile(
    _BROADCASTER + r"[a-z0-9 '’第\u4e00-\u9fff-]{0,10}?(?:の)?\s*[「『“\"]|"
    # a broadcaster's titled programme: ABC Radio National's "Between the Lines",
    # BBC World Service's "Newshour"
    r"(?<![a-z])(?:radio|television|tv|abc|cbs|nbc|npr|pbs|bbc|cnn|cnbc|nhk|sky|dw|al jazeera|"
    r"world service|c-span|france 24)\b[a-z0-9 .&-]{0,25}?(?:'s|’s)\s*[“\"‘]|"
    r"番組|生放送|放映|オンエア|ポッドキャスト|スタジオ(?:では|で|に|から)|"
    r"\b(?:broadcast|aired|podcast|newsline|documentary)\b|"
    r"\b(?:tv|radio|talk|news|morning|evening|weekly|television|current affairs) "
    r"(?:show|program|programme)\b|"
    r"\b(?:told|on|joined|in|during) (?:the|a|our|this|tonight's|today's) "
    r"(?:program|programme|show)\b"
)
# The document speaks of a broadcast (used with a TV/radio outlet only), or names a
# programme (``_PROGRAMME``).
_BROADCAST_CONTEXT = re.compile(
    r"番組|放送|出演|生放送|スタジオ|中継|解説|オンエア|放映|キャスター|ポッドキャスト|"
    r"\b(?:program|programme|broadcast|aired|on air|studio|episode|anchor|presenter|show)\b"
)

# The document is an episode of a podcast or an online programme: "Ep. 57 — …",
# "Episode 12", "Listen on Apple Podcasts", ポッドキャスト, 第12回配信.
_EPISODE = re.compile(
    r"\bep(?:isode)?\.?\s*#?\d+\b|\bpodcasts?\b|\blisten (?:on|now|here)\b|ポッドキャスト|"
    r"第\d+回(?:配信|放送)"
)

# A byline's second author: "by A and X", "by A, B and X" (the names in lower case here).
_BY_COAUTHOR_BEFORE = re.compile(
    r"(?:^|[\s(（【\[|—–-])by\s+(?:[\w.'’-]+\s+){1,3}?(?:(?:,\s*|and\s+)(?:[\w.'’-]+\s+){1,3}?)?"
    r"(?:and|&)\s*$"
)
_BY_BEFORE = re.compile(r"(?:^|[\s(（【\[|—–-])by\s*:?\s*$")
# Titles and honorifics between "by" and the name: "By Ambassador X", "by Professor X".
_TITLES_BEFORE_NAME = re.compile(
    r"(?<=\s)(?:(?:ambassador|amb\.|dr\.?|prof\.?|professor|mr\.?|ms\.?|mrs\.?|president|"
    r"director(?:-general)?|general|chair(?:man|woman)?|former|acting|senior|fellow|research|"
    r"minister|his excellency|her excellency|h\.\s?e\.)\s+){1,5}$"
)
# The head of a speech, opening its line: "Remarks of JIIA Director General (Acting) X",
# "Keynote Address by X", "Lecture by Professor X".
_SPEECH_HEAD_BEFORE = re.compile(
    r"^\s*((?:(?:opening|closing|welcome|welcoming|keynote|special|congratulatory|"
    r"introductory|concluding|Opening|Closing|Welcome|Welcoming|Keynote|Special|Congratulatory|"
    r"Introductory|Concluding)\s+)?(?:remarks|address|speech|lecture|keynote|Remarks|Address|"
    r"Speech|Lecture|Keynote))\s+(?:of|by)\s+(?:(?:[A-Z(][\w.()'’-]*|of|the)\s+){0,8}$"
)
# The head of a written message, opening its line: "Message from the President X".
_MESSAGE_HEAD_BEFORE = re.compile(
    r"^\s*(?:an?\s+|A\s+)?(?:(?:new year(?:'s|’s)?|New Year(?:'s|’s)?)\s+)?(?:message|greetings?|"
    r"letter|Message|Greetings?|Letter)\s+from\s+(?:(?:[A-Z(][\w.()'’-]*|of|the)\s+){0,8}$"
)
# A list of speakers after the speeches they gave: "congratulatory addresses by A, …; B,
# …; X, President of …", "welcome speeches by X, Director General of …, and Y".
_BY_LIST_BEFORE = re.compile(
    r"\b(?:addresses|speeches|greetings|presentations|lectures|talks|keynotes)\s+"
    r"(?:(?:were|was)\s+(?:given|delivered|made)\s+)?by\s+"
    r"(?:(?:(?!\s+and\s)[^:：;；、,，/／。!?！？()（）\n.]|\.(?!\s)|[(（][^()（）\n]{0,120}[)）])+"
    r"(?:[;；、,，/／]\s*(?:and\s+)?|\s+and\s+))*$"
)
# "… was opened by X", "interviewed by X": a participle before "by" is not a byline
# (except the participles of writing: "written by", "edited by").
_NOT_AUTHOR_BY = re.compile(
    r"\b(?!(?:written|penned|authored|co-?authored|co-?written|edited|compiled|translated)\b)"
    r"(?:[a-z]+(?:ed|en)|led|held|run|told|sent|shown|taught)"
    r"(?:\s+(?:at|in|on|from)\s+[\w.'’-]+(?:\s+[\w.'’-]+)?)?\s+by\s*:?\s*$|"
    # "Comment by X, Research Fellow, in Al Jazeera's coverage": something X said, not wrote
    r"\b(?:comments?|remarks|statement|quotes?)\s+by\s*:?\s*$|"
    # "Keynote address by X", "welcome speeches by X": a speech X gave
    r"\b(?:address(?:es)?|speech(?:es)?|lectures?|talks?|keynotes?|presentations?|greetings?)"
    r"\s+by\s*:?\s*$"
)
# "A 2023 study by JIIA researcher Kyoko Kuwahara": a work credited to the name through
# a descriptor of the person (an organisation and a role noun, a possessive, Dr.).
_WORK_BY_BEFORE = re.compile(
    r"\b(?:study|studies|paper|report|analysis|article|essay|book|survey|research|"
    r"commentary|piece|chapter|op-?ed|brief|working paper)\s+by\s+"
    r"(?:(?:[\w.'’-]+\s+){0,3}?(?:research fellow|fellow|researcher|scholar|analyst|expert|"
    r"professor|prof\.|dr\.|director|economist|specialist|historian)s?\s+|"
    r"[\w.-]+(?:'s|’s)\s+)$"
)
_LABEL_BEFORE = re.compile(
    r"(?:出演|出演者|ゲスト|コメンテーター|解説|パネリスト|登壇者|講師)\s*[:：]\s*"
    r"(?:[^:：、。]{0,40}[、,・]\s*)?$"
)
# A programme's or an event's list of people under one label, any number of items
# before the name, each item a name with its affiliation in parentheses, separated by
# ; / 、 (commas inside the parentheses do not end an item): "Speakers: Kenichiro Sasae
# (President, JIIA); Hirofumi Tosaki (Director, …); Kanade Funatsu (…)". Nothing that
# ends a sentence may stand between the label and the name.
_LIST_LABEL_BEFORE = re.compile(
    r"(?:^|[\s|/／(（【\[。、])(?:speakers?|panel+ists?|guests?|presenters?|discussants?|"
    r"moderators?|chairs?|participants|commentators?|lecturers?|"
    r"keynote(?: speakers?| speech| address| lecture)?|"
    r"(?:opening|closing|welcome|welcoming|concluding) (?:remarks|address|speech)|"
    r"出演者?|ゲスト|コメンテーター|パネリスト|登壇者|講師|報告者|"
    r"討論者|司会|モデレーター|スピーカー|基調講演|(?:開会|閉会)(?:挨拶|あいさつ|の辞))\s*[:：]\s*"
    r"(?:(?:[^:：;；、,，/／。!?！？()（）\n.]|\.(?!\s)|[(（][^()（）\n]{0,120}[)）])+"
    r"[;；、,，/／]\s*)*$"
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
    r"(?:著|編|編著|共著|監修|訳)\s*[『「]|"
    # a book notice: 「ロシア・ウクライナ戦争と国際秩序　伏田寛範著　…（東洋政策出版）」
    r"(?:著|編|編著|共著|監修)(?=[\s(（、,。/／]|$)|"
    # 桒原響子『書名』（ウェッジ、2022年）: a book with its publisher and year, or its
    # price as a new-book notice gives it (『書名』（ウェッジ、1,760円）), or its publisher
    # alone; also after the co-authors (A・桒原響子・B『書名』（ウェッジ）)
    r"(?:\s*[・、,，]\s*[^\s「」『』()（）。、・,，]{1,8}(?:\s[^\s「」『』()（）。、・,，]{1,8})?){0,6}\s*"
    r"『[^』]{2,120}』\s*[(（](?:[^()（）]{0,40}(?:[12]\d{3}\s*年?|\d[\d,，]*\s*円)[^()（）]{0,10}|"
    r"[^()（）\d]{1,30})[)）])"
    r"|^\s*[,.](?:[^,.“\"]{1,40}[,.]){0,3}\s*[“\"][^”\"]{4,200}[”\"]\s*[,.]?\s*(?:in\s+)?[a-z(]"
    r"|^(?:\s*[・、,，]\s*[^\s「」『』()（）。、・,，]{2,12}){0,6}\s*"
    r"[(（]\s*\d{4}[a-z]?\s*[)）]\s*[,，.:：]?\s*[「『“\"]"
)
# A talk in a list of talks or a CV: the name, the talk's title and the event where it
# was given (or the list's head says talks: ``_TALKS_HEAD``), with no printed venue
# (「戸﨑洋史「…」軍縮・不拡散促進センター主催セミナー、2023年6月14日」, 'Hirofumi Tosaki,
# "…," JIIA Seminar, 14 June 2023'): a part in the event, not a written work.
_TALK_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"\s*[,，、:：]?\s*(?:「[^」]{2,120}」|[“\"][^”\"]{2,200}[”\"])"
    r"\s*[,，、.]?(?P<venue>[^\n。]{0,80})"
)
_TALK_EVENT = re.compile(
    r"セミナー|シンポジウム|大会|学会|講演会|フォーラム|ワークショップ|会議|研究会|ウェビナー|"
    r"\b(?:seminar|symposium|conference|workshop|forum|webinar|annual meeting|convention|"
    r"colloquium|roundtable|lecture)s?\b"
)
_PRINTED_VENUE = re.compile(
    r"[『』《》]|号|集|紀要|誌|録|vol\.|no\.|\bpp?\.|journal|review|press|proceedings|\bin\b"
)
# The head of a list of talks: 「講演・報告」, 「（4）口頭発表」, "Talks and presentations".
_TALKS_HEAD = re.compile(
    r"\s*(?:[(（]?\s*[\d０-９]+\s*[)）.]|[■□●◆◇【\[])?\s*(?:主な|最近の)?"
    r"(?:講演|口頭発表|学会発表|研究発表|報告|発表|登壇|talks?|presentations?|lectures?|speeches|"
    r"speaking engagements)"
    r"(?:\s*(?:[・/／、,]|and|&)\s*(?:講演|口頭発表|学会発表|研究発表|報告|発表|登壇|talks?|"
    r"presentations?|lectures?|speeches))*\s*[】\]:：]?\s*"
)


def _list_head(text: str, line_start: int) -> str:
    """The head of the list a line belongs to: the nearest line above it that is not an
    item of the list (opened by ・, •, - or a name and a title in 「」 or quotes)."""
    lines = text[max(0, line_start - 600) : line_start].split("\n")[:-1]
    for line in reversed(lines):
        if line.strip() and not re.match(r"\s*[・•\-*▼■]|[^「“\"\n]{1,40}[「“\"]", line):
            return _fold(line)
    return ""


# 「伏田寛範主任研究員の「ロシア経済、制裁下の持久力」が掲載」: a titled work of the name,
# also with its genre before the title (所長の年頭所感「…」を掲載) unless the genre is
# something said rather than written (理事長のインタビュー「…」, 所長の講演「…」).
_SPOKEN_GENRES = (
    r"インタビュー|対談|鼎談|座談会|談話|コメント|発言|講演|スピーチ|演説|挨拶|あいさつ|会見|"
    r"報告|解説|出演"
)
_WORK_TITLE_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"の(?:(?![^「」]*(?:" + _SPOKEN_GENRES + r"))"
    r"[\u4e00-\u9fff\u30a0-\u30ffー]{1,8})?「[^」]{2,80}」(?:が|を)[^。]{0,12}"
    r"(?:掲載|発表|公開|刊行|出版)"
)
# 『世界』9月号　伏田寛範「戦時下ロシアの社会と経済」: a bare name and a title after a venue.
_BARE_TITLE_AFTER = re.compile(r"^「[^」]{2,80}」(?!\s*(?:と|って))")
_VENUE_BEFORE = re.compile(r"[『」]|号|vol\.|no\.")
# An op-ed's sign-off: 「…課題だ。（桒原響子・日本国際問題研究所研究員）」 ending the text.
# The title may come first: 「…べきだ。（日本国際問題研究所所長　市川とみ子）」, 「（元駐米大使
# 佐々江賢一郎）」, the title ending in kanji or katakana; not a credit of something else
# (写真, 聞き手, 構成).
_SIGNOFF_BEFORE = re.compile(
    r"(?:^|[。.!?！？]\s*)[(（]\s*"
    r"(?:(?![^()（）]*(?:写真|撮影|聞き手|構成|取材|協力|提供|photo))[^()（）\n。、,，「」a-z]{0,39}?[\u4e00-\u9fff\u30a0-\u30ffー]\s?)?$"
)
_SIGNOFF_AFTER = re.compile(r"^[^()（）\n]{0,100}[)）]\s*$")
_SIGNOFF_SPOKEN = re.compile(r"談(?:話)?\s*[)）]\s*$")
_HEADLINE_QUOTE_AFTER = re.compile(r"^" + _TITLE_AFTER + r"\s*(?:[:：]\s*)?[「“]")
_TAGLINE_AFTER = re.compile(
    r"^\s*,?\s*(?:,\s*(?:a|an|the)\s+[^,.;]{3,80},\s*)?(?:is|was)\s+(?:a|an|the)\s+[^.;]{0,80}?"
    r"\b(?:fellow|director|president|"
    r"researcher|professor|analyst|chairman|scholar|ambassador|director-general|head)\b"
)
# The closing bio of an op-ed in its other forms: without an article ("X is director of
# the Center …") or for several authors ("X and Y are research fellows at …"). Other
# names in the sentence are masked as \x00. Only at the end of a text with a body
# before it, since "X is president of …" alone may as well open a news item.
_CLOSING_BIO_AFTER = re.compile(
    r"^(?:\s*(?:,\s*(?:and\s+)?|and\s+)\x00+)*\s*,?\s*(?:,\s*(?:a|an|the)\s+[^,.;]{3,80},\s*)?"
    r"(?:is|are|was|were)\s+"
    r"(?:(?:a|an|the)\s+)?[^.;]{0,80}?\b(?:fellow|director|president|researcher|professor|"
    r"analyst|chairman|scholar|ambassador|director-general|head)s?\b"
)
# An author bio block opened by the name or its kana reading and a space: 「こたに・てつお
# 1973年生まれ。…修了。日本国際問題研究所主任研究員…」, 「とさき・ひろふみ　…所長。…専門は…」,
# also with the reading in brackets after the name: 「佐々江賢一郎（ささえ・けんいちろう）
# 1951年…」.
_BIO_BLOCK_AFTER = re.compile(
    r"^(?:\s*[(（][\u3041-\u309f\u30a0-\u30ffー・\s]{2,30}[)）])?[ \t]+[^\n]{0,200}?"
    r"(?:[12]\d{3}年生まれ|(?:博士|修士)(?:課程|号)[^\n。]{0,10}(?:修了|取得)|専門は)"
)
_CLOSING_BIO_LEAD = re.compile(r"(?:\x00+\s*(?:,\s*and|,|and)\s*)*")
#: Most text (characters) that may follow a closing bio: "The views expressed are his own."
CLOSING_BIO_TAIL = 200
# A listing of publications or a journal's contents. Genres and series of written work:
_GENRES = (
    r"(?:研究レポート|戦略コメント|ポリシー・?ブリーフ|ディスカッション・?ペーパー|ワーキング・?ペーパー|"
    r"コメンタリー|巻頭エッセイ|巻頭言|特別寄稿|研究ノート|エッセイ|エッセー|論文|論考|論稿|寄稿|コラム|"
    r"書評|報告書|レポート|時評|論評)"
)
_SERIES_NUMBER = r"(?:\s*(?:[(（][^()（）]{0,20}[)）]|no\.?\s*\d+|vol\.?\s*\d+|第\d+号))?"
# The name between a genre label and the work's title: 「論文　髙山嘉顕「…」」,
# 「研究レポート（FY2024-3）　伏田寛範「…」」, 「巻頭エッセイ　市川とみ子「…」」.
_GENRE_BEFORE = re.compile(
    r"(?:^|[\s|｜/／])" + _GENRES + _SERIES_NUMBER + r"\s*[:：]?\s*$"
)
_WORK_TITLE_NEXT = re.compile(r"^" + _TITLE_AFTER + r"\s*[「『“]")
# The name after the title in a listing, with its affiliation and the date:
# 「「台湾総統選挙後の中台関係」　山﨑周（研究員）　2024年2月1日」, 「研究レポート「…」　舟津奏
# （…研究員）」. A date or a genre label before the title tells a listing from a headline
# quote (「抑止が鍵だ」　小谷哲男・主任研究員).
_LISTED_TITLE_BEFORE = re.compile(
    r"^(?P<lead>[^「」『』“”。\n]{0,40}?)\s*(?:「[^「」\n]{2,160}」|『[^『』\n]{2,160}』|"
    r"“[^“”\n]{2,160}”)\s*$"
)
_DATE = (
    r"(?:[12]\d{3}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[12]\d{3}[./-]\d{1,2}(?:[./-]\d{1,2})?)"
)
_LISTED_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"\s*(?:[(（][^()（）]{0,40}[)）])?\s*(?P<date>" + _DATE + r")?\s*$"
)
# A journal's contents under a head that names the issue (号, 特集, Vol., No., 目次,
# Contents): an item line, opened by a bullet or not, of a title and the author in
# brackets closing the line (「・分断する有権者と外交政策（髙山嘉顕）」) or after a dash
# ("• NATO's Indo-Pacific Partners after Vilnius — Kanade Funatsu").
_CONTENTS_HEAD = re.compile(r"号|特集|目次|\bcontents\b|\bvol\.?\s*\d|\bno\.\s*\d|\bissue\b")
_CONTENTS_ITEM_BEFORE = re.compile(
    r"^\s*(?:[・•·▼■□◆◇●*]\s*)?[^。\n()（）]{4,160}?(?:\s*(?P<bracket>[(（])|\s+[—–]{1,2}\s*|"
    r"\s+-{1,2}\s+)$"
)
_CONTENTS_BRACKET_AFTER = re.compile(
    r"^(?![^()（）\n]*(?:撮影|写真|提供|作成|協力|画|絵))[^()（）\n]{0,40}[)）]\s*$"
)
_CONTENTS_DASH_AFTER = re.compile(r"^(?:\s*[,，(（][^\n]{0,60})?\s*[•·]?\s*$")
# Labels of a work's author before the name: 著者：桒原響子, 執筆者：…, "Author: …".
_AUTHOR_LABEL_BEFORE = re.compile(
    r"(?:^|[\s|｜/／(（【\[])(?:著者|執筆者?|筆者|編著?者|文|authors?)\s*[:：]\s*[^:：。\n]{0,60}$"
)
# Credits of help, not of a part on air or on the page: 取材協力：日本国際問題研究所 伏田寛範.
_CREDIT_LABEL_BEFORE = re.compile(
    r"(?:取材協力|協力|資料提供|写真提供|情報提供|special thanks(?: to)?|thanks to|"
    r"courtesy(?: of)?)"
    r"\s*[:：]\s*[^:：。\n]{0,80}$"
)
# A work of the name referred to by someone else: 「筆者は…山﨑周研究員らの先行研究を踏まえ」,
# 「解説委員が…小谷哲男氏の分析にも触れながら」, "The study builds on research by X".
_REFERRED_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"\s*(?:ら|など)?\s*の[^\s。、「」]{0,12}?"
    r"(?:研究|分析|論考|論文|指摘|見解|議論|知見|成果|業績|調査|提言|考察|著作|著書|仕事)"
    r"(?:など|等)?(?:に|を)(?:も|は)?[、,]?\s*"
    r"(?:触れ|言及|踏まえ|参照|依拠|援用|基づ|参考に|手がかりに|土台に)"
)
_REFERRED_BEFORE = re.compile(
    r"\b(?:(?:build|builds|built|building|draw|draws|drew|drawing|rel(?:y|ies|ied|ying)|"
    r"based|rest|rests|extend|extends|extended|extending)\s+(?:up)?on|cit(?:e|es|ed|ing)|"
    r"refer(?:s|red|ring)?\s+to)\s+(?:the\s+)?(?:(?:earlier|previous|prior|recent|pioneering|"
    r"influential|existing)\s+)?(?:research|work|studies|scholarship|findings|analysis|data|"
    r"surveys?)\s+(?:by|of)\s+$"
)
# An English listing entry: a numbered title of a series ("Policy Brief No. 112: Title.",
# "No. 112: Title.") and, as the next sentence, the author with the affiliation only
# ("Hirofumi TOSAKI, Director, Center for …, JIIA.").
_NUMBERED_TITLE = re.compile(
    r"^\s*(?:[a-z][a-z -]{2,30}\s+)?(?:no\.?|vol\.?|#)\s*\d+\s*[:：.\-–—]\s*\S"
)
# A quoted title closed by its comma ("…,” or "…”,) right before the name.
_QUOTED_TITLE_BEFORE = re.compile(r"[“\"][^”\"]{4,200}(?:,\s*[”\"]|[”\"]\s*,)\s*$")
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|told|tells|added|adds|noted|notes|argued|argues|warned|warns|explained|"
    r"explains|stressed|insisted|remarked|commented|asked|wrote|writes)\b"
)
_AFFILIATION_ONLY = re.compile(
    r"^(?:\s*,\s*(?:(?!\b(?:is|are|was|were|has|had|will|said|says|wrote|writes)\b)"
    r"[^,.;:!?()\n]){2,80}){1,6}\s*\.?\s*$"
)
# Names joined by × head a dialogue (対談, 鼎談, 座談会): 「A（…）×B（…）」.
_DIALOGUE_AFTER = re.compile(r"^" + _TITLE_AFTER + r"\s*(?:[(（][^()（）]{0,40}[)）])?\s*[×✕]")
_DIALOGUE_BEFORE = re.compile(r"[×✕]\s*$")
# The parties of a dialogue listed after it is named: 「座談会「…」。出席者は小谷哲男（主任
# 研究員）、伏田寛範（…）、司会は舟津奏（研究員）。」. All take part in it (``interview``,
# as 座談会).
_DIALOGUE_NOUN = re.compile(r"座談会|対談|鼎談|討論会|徹底討論")
_PARTICIPANTS_BEFORE = re.compile(
    r"(?:出席者|参加者|出席|登場者|司会|進行|聞き手)\s*(?:は|[:：])\s*"
    r"(?:(?:[^:：;；、,，。()（）\n]|[(（][^()（）\n]{0,40}[)）]){1,40}[、,，]\s*"
    r"(?:(?:司会|進行|聞き手)\s*(?:は|[:：])\s*)?)*$"
)
#: Characters before a list of participants searched for the dialogue it lists.
DIALOGUE_WINDOW = 200
# A line of an event's programme opens with its time: 「14:10　第1セッション報告　伏田寛範」.
_PROGRAMME_TIME = re.compile(
    r"^\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[-–~〜～]\s*\d{1,2}\s*[:：]\s*\d{2})?\s"
)
# Acknowledgements: the name thanked, not the author and not quoted ("The author thanks
# X for comments on an earlier draft"; 「本書の執筆に当たっては、X氏から貴重な助言を得た」).
_ACKNOWLEDGED_BEFORE = re.compile(
    r"\b(?:thanks?|thanked|grateful to|indebted to|gratitude to)\s+"
    # the names thanked before this one: "thanks A, B and C of JIIA for …"
    r"(?:(?!(?:for|to|who|that|said|says)\b)[\w.'’-]+"
    r"(?:\s+(?!(?:for|to|who|that|said|says)\b)[\w.'’-]+){0,7}?(?:\s*,\s*(?:and\s+)?|\s+and\s+))*"
    r"(?:(?:dr|prof|professor|mr|ms|mrs)\.?\s+)?$"
)
# Only modifiers between the particle and the noun of help (貴重な, 多大な, 多くの): no
# clause (「Xの話　北朝鮮は…技術支援を得ている」 is what X said).
_ACK_MODIFIER = r"[^\s\u3000。「」、,はがをにでと]{0,8}?"
_ACKNOWLEDGED_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"\s*" + _TITLE_AFTER
    + r"\s*(?:ら|など)?(?:から|より|の|に)(?:は|も)?[、,]?"
    + _ACK_MODIFIER + r"(?:助言|示唆|教示|指導|協力|支援|校閲|査読)(?:を|が)?"
    r"(?:得|いただ|頂|賜|受け|仰)|"
    r"^" + _TITLE_AFTER + r"\s*" + _TITLE_AFTER + r"\s*に(?:は|も)?[、,]?" + _ACK_MODIFIER
    + r"(?:感謝|謝意|お礼|御礼)"
)
# A bibliographic citation with the author after the title: 研究レポート「…」（X、2024年8
# 月30日）, "Title" (X, 2024). The year tells a citation from a quote's attribution
# (「抑止が鍵だ」（小谷哲男主任研究員）).
_CITATION_AUTHOR_BEFORE = re.compile(
    r"[」』”\"]\s*[(（]\s*(?:[^()（）「」『』、,，・]{1,24}\s*[、,，・]\s*){0,5}$"
)
_CITATION_AUTHOR_AFTER = re.compile(
    r"^(?:氏|さん)?(?:\s*[・、,，]\s*[^()（）「」『』、,，・]{1,24}){0,5}\s*[、,，]\s*"
    r"(?:[12]\d{3}\b|[12]\d{3}年)"
)
# The authors in brackets after a work's title in 『』, with its outlet and date before
# them: 『…』（10/16　現代ビジネス　A、<name>、B）; not a credit of someone else's part
# (聞き手, 写真, 司会 …).
_WORK_AUTHORS_BEFORE = re.compile(
    r"』\s*[(（](?![^()（）]*(?:聞き手|写真|撮影|構成|取材|協力|司会|出演|提供|photo))"
    r"[^()（）「」『』]{0,40}?$"
)
_WORK_AUTHORS_AFTER = re.compile(
    r"^" + _TITLE_AFTER + r"(?:\s*[、,，・]\s*[^()（）「」『』、,，・]{1,24}){0,5}\s*[)）]"
)
# A column's head block goes on after the author line: 「経済教室　…（上）　見出し　舟津奏
# 日本国際問題研究所研究員　ポイント　○…」. The name, its affiliation ending in a title,
# then a space and the rest of the head.
_AUTHOR_TITLES = (
    r"(?:研究員|フェロー|所長|理事長|センター長|教授|准教授|講師|助教|大使|記者|編集委員|論説委員)"
)
# An interview laid out as questions and answers: a question line (――…？, Q: …?) and
# turns opened by the speaker's name (「伏田　軍需が…」, "Fushita: They already do").
_QUESTION_LINE = re.compile(
    r"^[ \t\u3000]*(?:[―—─]{1,2}|q\s*\d{0,2}\s*[:：.．]|問\s*[:：]?|"
    # the interviewer's turn opened by the outlet's or the interviewer's name
    # ("Policy Review: How do you see …?")
    r"[^\n:：?？。.]{2,30}[:：](?=[^\n]{10}))[^\n]*(?:[?？]|か[。.]?)[ \t\u3000]*$",
    re.MULTILINE,
)
_TURN_AFTER = re.compile(
    r"^(?:氏|さん)?(?:[・、]?[^\s\u3000「」『』。、:：]{0,30}?" + _AUTHOR_TITLES + r")?"
    r"(?:\s*[:：]|[ \u3000]+)\s*(?=[^\s:：])"
)
_EN_TURN_AFTER = re.compile(r"^\s*[:：]\s*(?=\S)")
# A question of an interview anywhere before the name, also run into one paragraph with
# its answers: 「――中国はロシアとの関係をどう位置付けていますか。山﨑「…」」, "Q: Who has
# the edge? Takayama: …". An answer follows it (a new line, words in brackets, a turn
# opened by a name), not more prose: 「――それは何のためか。日本は…」 is an essay's dash.
_QUESTION = re.compile(
    r"(?:^|[\n」。.!?！？])[ \t\u3000]*(?:[―—─]{1,2}|q\s*[:：]|問\s*[:：])"
    r"[^\n「」]{2,200}?(?:[?？]|か[。.])"
    r"(?=[ \t\u3000]*(?:$|\n|「|[^\s:：「」。、,.]{1,20}[ \t\u3000]*[:：「]))"
)
# A turn opened by the name (or surname) and its words in brackets, after the question
# or the previous turn: 「…ですか。山﨑「同盟ではありません…」伏田「ロシア側は…」」.
# The first question right after the name and its affiliation (no space inside them).
_QUESTION_AFTER_NAME = re.compile(
    r"^[^\s「」『』。、]{0,40}?\s+(?:[―—─]{1,2})[^\n「」]{2,200}?(?:[?？]|か[。.]?)"
)
# A transcript's turn: the name opening its line (an honorific or title before it), its
# title after a comma, a colon, and its words, a full sentence or more.
_TURN_HONORIFIC_BEFORE = re.compile(
    r"^[ \t\u3000]*(?:(?:mr|ms|mrs|dr|prof|professor|ambassador|minister|h\.\s?e)\.?\s+)?$",
    re.IGNORECASE,
)
_SPEAKER_TURN_AFTER = re.compile(
    r"^,[^\n:：.\"“”]{2,80}:[ \t]+(?![\"“‘'])[^\n]{0,300}?\w+(?:\s+\w+[,;]?){7}[^\n]*?[.!?]"
)
# Words in quotation marks closed right before the name, with no verb: '"…,"His
# Excellency Mr X, Ambassador of Japan'.
_ATTRIBUTED_QUOTE_BEFORE = re.compile(
    r"[\w,.!?][,.!?][\"”]\s*(?:[—–]{1,2}\s*|--\s*)?(?:(?:his|her) excellency\s+)?"
    r"(?:(?:mr|ms|mrs|dr|prof|professor|"
    r"ambassador|minister)\.?\s+)?$"
)
_QUOTATION_BEFORE = re.compile(r"[\"“]([^\"“”]{10,500})[\"”][^\"“”]{0,40}$")


def _sentence_case_quotation(before: str) -> bool:
    """The quotation closed right before the name is words, not a title: a sentence of
    six words or more, most of them in lower case ("There are over 30 million …"), where a
    title capitalises its words ("Taking into Consideration the Reality …")."""
    quoted = _QUOTATION_BEFORE.search(before)
    if not quoted:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", quoted.group(1))
    return len(words) >= 6 and sum(w[0].islower() for w in words) * 2 > len(words)


# The affiliation after the name, to the end of its line; with no year in it, which
# makes the line a citation ('"…," X, The Diplomat, March 2025.').
_AFFILIATION_TAIL = re.compile(r"^\s*,(?![^\n]*\b(?:19|20)\d\d\b)[^\n\"“”:.]{2,120}\.?\s*(?:$|\n)")
# A post or course label opening the line before the name: members of a study group
# (主査, 顧問, 委員), a course's instructor (教員名, 担当教員, Instructor).
_POST_LABEL_BEFORE = re.compile(
    r"^[ \t\u3000]*(主査|顧問|委員長?|幹事|監事|理事|評議員|メンバー|担当教員|教員名?|担当者|"
    r"(?:[^\s/:：]{1,8}\s*/\s*)?instructors?(?:\s*\([^()\n]{1,20}\))?)[ \t\u3000:：]+$",
    re.IGNORECASE,
)
# A programme or talk head over a post-labelled line: 「13:10　基調講演「…」」, 「第4回会合 報告」.
_SPEAKER_HEAD = re.compile(
    r"\d{1,2}[:：]\d{2}|報告|講演|基調|発表|登壇|セッション|パネル|討論|"
    r"\b(?:session|keynote|talk|lecture|panel|presentation|remarks)\b",
    re.IGNORECASE,
)
_TITLE_ON_LINE = re.compile(r"^[^\n]*?[「『“\"][^」』”\"\n]{4,}[」』”\"]")


def _post_line_lists_a_talk(text: str, line_start: int, end: int, label: str) -> bool:
    """A post label that introduces a speaker, not a member: the line before is a
    programme or talk head (a time, 報告, 基調講演), the name's line goes on to a talk's
    title (「委員　X（…）「題」」), or the text later has the post holder speak
    (「主査　X」 … 「主査が…を報告し」)."""
    head = _previous_line(text, line_start)
    if _SPEAKER_HEAD.search(head):
        return True
    line_end = text.find("\n", end)
    if _TITLE_ON_LINE.match(text[end : len(text) if line_end < 0 else line_end]):
        return True
    later = re.search(re.escape(label) + r"(?:が|は)([^。\n]*)", text[end:])
    if later is None:
        return False
    clause = _fold(later.group(1))
    return any(
        pattern.search(clause)
        for role, pattern in _CUES
        if role in (Role.APPEARANCE, Role.QUOTE)
    )


# The head over a speaker's bio: "About the speaker", "Speaker bios:", 講師プロフィール.
_SPEAKER_BIO_HEAD = re.compile(
    r"\s*(?:about (?:the|our) (?:speakers?|lecturers?|presenters?|panel+ists?)|"
    r"(?:speakers?|lecturers?|presenters?|panel+ists?)['’]?\s*(?:bios?|biographies|"
    r"biography|profiles?)|(?:講師|登壇者|講演者|パネリスト)(?:紹介|プロフィール|略歴))\s*[:：]?\s*"
)


_NAME_BRACKET = re.compile(r"^\s*[(（][^()（）]{1,40}[)）]")


# The head of a part of an event's programme: "Panel II: …", "Session 3 — …", "Keynote".
_PROGRAMME_PART_HEAD = re.compile(
    r"^\s*(?:panel|session|plenary(?: session)?|keynote(?: (?:address|speech|session))?|"
    r"roundtable|round-table|opening session|closing session|fireside chat|breakout)\b"
    r"\s*(?:[ivx]+|\d+|[a-c])?\s*(?:[:：—–-]|$)",
    re.IGNORECASE,
)
_SENTENCE_LINE = re.compile(r"[.。!?！？]\s*$|\b(?:is|are|was|were|will|has|have)\b")


def _under_programme_part(text: str, line_start: int) -> bool:
    """A line opened by the name sits under a programme part's head, with only other
    speakers' lines (no sentences) between them."""
    above = [line for line in text[:line_start].split("\n") if line.strip()]
    for line in reversed(above[-6:]):
        if _PROGRAMME_PART_HEAD.match(line):
            return True
        if len(line) > 160 or _SENTENCE_LINE.search(line):
            return False
    return False


# A letter to the editor: its salutation, and the signature closing it (the name, then
# only its affiliation and place to the end of the text).
_LETTER_OPENING = re.compile(
    r"^\s*(?:sir|madam|dear (?:sir|madam|editor))\s*[,—–:-]", re.IGNORECASE
)
_PIPE_SIGNATURE_AFTER = re.compile(r"^\s*[|｜]\s*[^\n|｜]{2,100}\s*$")
_LETTER_SIGNATURE_AFTER = re.compile(r"^(?:\s*,[^.!?\"“”\n]{2,80}){0,5}\s*\.?\s*$")


def _previous_line(text: str, line_start: int) -> str:
    """The last non-empty line before the line that starts at ``line_start``."""
    above = [line for line in text[:line_start].split("\n") if line.strip()]
    return above[-1] if above else ""


_TURN_BEFORE = re.compile(r"(?:^|[」。?？])[ \t\u3000]*$")
_BRACKET_TURN_AFTER = re.compile(r"^(?:氏|さん)?「")
_HEADER_AFTER = re.compile(r"^[^。.!?！？\n]{0,60}$")
#: Characters before an answer turn searched for the question it answers.
QA_WINDOW = 600
# Reported speech before a tagline: the text is a news report, the tagline its closing bio.
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|told|according to)\b")
_AUTHOR_LABEL = re.compile(r"(?:about the|the|about)\s+(?:author|writer)s?\s*[:：,]?")
_PRONOUN_QUOTE = re.compile(
    r"^\s*(?:[“\"‘'][^”\"’]{1,300}[”\"’]\s*,?\s*)?(?:he|she)\s+(?:said|says|added|adds|told|tells|noted|notes|warned|warns|argued|argues|"
    r"explained|explains|stressed|stresses|believes|recalls|recalled|remembers|remembered|"
    r"insisted|insists|observed|observes|continued|continues)\b|"
    r"^\s*(?:同氏|氏)は"
)
_TITLE_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.INTERVIEW,
        re.compile(r"インタビュー|に聞く|一問一答|対談|鼎談|座談会|\binterview\b|\bq ?& ?a\b"),
    ),
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
    #: the document is an episode of a podcast or programme (Ep. 57, "Listen on …")
    episode: bool = False
    #: the document speaks of an event (会見, シンポジウム, "press conference" …)
    event: bool = False
    #: the document speaks of a social gathering ("hosted a reception") and no programme
    gathering: bool = False
    #: the document is the record of a press conference (a head line 会見メモ, 記者会見)
    conference: bool = False


@dataclass(frozen=True, slots=True)
class RoleDecision:
    """A role with the rule that decided it and the cue it saw (for staff)."""

    role: Role
    rule: str
    cue: str = ""
    #: an appearance at an event (lecture, panel, press conference …), not on air
    event: bool = False
    #: a quote that reports what was said (「…」と述べた, "said …"), not only that it was
    words: bool = False


def _fold(text: str) -> str:
    """NFKC and lower case; lengths may change, so fold pieces, not offsets."""
    return unicodedata.normalize("NFKC", text).lower()


# Marks that open the items of a contents or programme line: 「…▼核軍備管理の空白をどう埋めるか
# 戸﨑洋史▼座談会　…」. Each item is a sentence and a line of its own.
_ITEM_MARKS = "▼▽■□◆◇●"


def _inline_item(text: str, index: int) -> bool:
    """A ▽ that joins the items of a list inside a news sentence, which goes on to its
    verb on the same line (「A・事務次長▽X・一橋大教授▽Bがパネリストとして登壇した。」): no
    new sentence, unlike the ▼ of a contents line."""
    if text[index] != "▽" or not text[index - 1].strip():
        return False
    line_end = text.find("\n", index)
    return "。" in text[index : len(text) if line_end < 0 else line_end]


def role_context(article: Article, outlet: OutletConfig | None = None) -> RoleContext:
    """Summarise the document once for every mention in it."""
    folded = _fold(f"{article.title}\n{article.text}")
    # a text that names a programme (NHKラジオ第1「マイあさ！」) speaks of a broadcast too
    broadcast = bool(_BROADCAST_CONTEXT.search(folded) or _PROGRAMME.search(folded))
    episode = bool(_EPISODE.search(folded))
    event = bool(_PRESENTING_EVENT.search(folded))
    gathering = not (broadcast or episode) and bool(_GATHERING_HELD.search(folded))
    heads = [line.strip() for line in folded.split("\n") if line.strip()][:4]
    conference = any(_CONFERENCE_HEAD.fullmatch(line) for line in heads)
    return RoleContext(
        outlet=outlet, title=article.title, broadcast=broadcast, episode=episode, event=event,
        gathering=gathering, conference=conference,
    )


# The head line of the record of a press conference, a label and no clause: 会見メモ,
# 記者会見, 日本記者クラブ会見録, "Press Conference" (not 「首相が会見」).
_CONFERENCE_HEAD = re.compile(
    r"[\u4e00-\u9fff\u30a0-\u30ffー]{0,10}会見(?:メモ|録|記録|リポート|レポート|要旨|全文|詳報|動画)?|"
    r"(?:[\w.'’-]+\s+){0,3}press (?:conference|briefing)(?:\s+(?:transcript|notes|memo))?"
)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` holding ``[start, end)``: ends at 。！？!? a line break (not
    one after a Japanese particle or comma, where the line is wrapped: 「…氏の⏎「…」につい
    てのお話です」), or a full stop before a capital, and before an item mark (▼, ■);
    never inside 「」, （）, or quotation marks."""
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


# A Japanese line that breaks after a particle or a comma goes on on the next line
# (「今週は小谷哲男氏の⏎「…」についてのお話です。」): the line break ends no sentence.
_WRAPPED = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff々ー][のはがをにとで、][ \t\u3000]*$")


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
            if not _WRAPPED.search(text[max(0, index - 8) : index]) or not text[
                index + 1 : index + 2
            ].strip():
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
        if char in _ITEM_MARKS and index and not _inline_item(text, index):
            starts.append(index)  # ▼ opens the next item of a contents line
        elif char in "。！？!?":
            starts.append(index + 1)
        elif char == "." and index + 2 < size and text[index + 1] == " ":
            following = text[index + 2]
            word = re.search(r"([\w.]+)$", text[max(0, index - 12) : index])
            if (following.isupper() or following in "\"“'‘(") and not (
                word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)
            ):
                starts.append(index + 2)
    return tuple(starts)


# A verb of written discussion (論じた, 考察した): the name's work when the sentence
# says a publication carries it (『国際問題』最新号…論じたほか…も収録した, 誌上で論じた,
# a book's chapter: 第3章では…を論じている),
# not at an event or on air, where the same verb describes a talk.
_DISCOURSE = re.compile(r"論じ(?:た|る|て|ている|、|ま(?:す|し))|(?:考察|論評)" + _SURU)
_PUBLICATION_FRAME = re.compile(
    r"『[^』]{1,40}』|誌上|誌面|紙面|(?:最新|今月|来月|次|前|\d{1,2}月)号|号(?:で|に|は|の)|"
    r"収録|所収|掲載|寄稿|特集号|"
    # a chapter of a book: 「第3章では桒原響子研究員が中国の対外宣伝を…論じている」
    r"第\s*\d+\s*章|序章|終章|各章|本書|同書"
)


# A host who takes part with the guests the sentence has invited: 「…氏をお招きし、
# 佐々江賢一郎理事長とともに…を議論しました」 (the name masked as \x00, its title after it).
_WITH_HOST = re.compile(r"(?<=\x00)[^\x00、。,「」()（）]{0,12}?と(?:とも|共)に")
_INVITED = re.compile(r"(?:を|に)(?:お招き|招い|招き|お迎え|迎え)(?:し|て|、|,)")


# A participle of being questioned opening the sentence, its subject the name after it:
# "Questioned by a researcher of the institute, X discusses …".
_QUESTIONED_BY = re.compile(
    r"^\s*((?:questioned|questionned|interviewed|quizzed|asked)\s+by)\b[^,\x00]{0,80}"
    r"(?:\x00+[^,\x00]{0,60})?,\s*(?=\x00)"
)


def _cues(folded: str) -> list[tuple[int, int, Role, str]]:
    found: list[tuple[int, int, Role, str]] = []
    for role, pattern in _CUES:
        for hit in pattern.finditer(folded):
            found.append((hit.start(), hit.end(), role, hit.group(0)))
    for hit in _WITH_HOST.finditer(folded):
        if _INVITED.search(folded, 0, hit.start()):
            found.append((hit.start(), hit.end(), Role.APPEARANCE, hit.group(0)))
    for hit in _QUESTIONED_BY.finditer(folded):
        # the subject the participle opening the sentence is about: the comma before it
        found.append((hit.end() - 1, hit.end(), Role.INTERVIEW, hit.group(1)))
    if (
        _PUBLICATION_FRAME.search(folded)
        and not _PROGRAMME.search(folded)
        and not _PRESENTING_EVENT.search(folded)
        and not _DIALOGUE_NOUN.search(folded)  # 「誌上で…と対談し、…を論じた」: spoken
    ):
        for hit in _DISCOURSE.finditer(folded):
            found.append((hit.start(), hit.end(), Role.AUTHORED, hit.group(0)))
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
    decision = _structural(text, start, end, others, context.title) or _in_sentence(
        text, start, end, others
    )
    if decision is None:  # a label naming several roles, when the sentence has no cue
        decision, _ = _line_label(text, start)
    if decision is None and _PROGRAMME_TIME.match(
        _fold(text[text.rfind("\n", 0, start) + 1 : start])
    ):  # a line of an event's programme (14:10　報告　伏田寛範（…）): a speaker
        decision = RoleDecision(Role.APPEARANCE, "programme_time", "hh:mm", event=True)
    if decision is None and _HEADLINE_QUOTE_AFTER.search(_fold(text[end : end + 80])):
        decision = RoleDecision(Role.QUOTE, "headline_quote", "「")
    if decision is None:
        decision = _headline_line(text, start, end)
        if (
            decision is not None
            and decision.rule.startswith("signature")
            and context.outlet is not None
            and context.outlet.media_type in _BROADCAST_MEDIA
        ):  # on a TV or radio site, a head line naming a person lists the programme's guest
            decision = RoleDecision(Role.APPEARANCE, "programme_listing", decision.cue)
    if (
        decision is not None
        and decision.rule in _HEADLINE_QUOTES
        and _INTERVIEW_INTRO.search(_fold(text[max(0, start - 400) : start]))
    ):
        # 「…展望を3人の識者に聞いた。⏎「対中で強靱さを」　X・…理事長」: the heads of the
        # answers of an interview with several experts
        decision = RoleDecision(Role.INTERVIEW, "interviewed_expert", decision.cue)
    if decision is None:
        decision = _title_cue(context.title)
    if decision is None:
        decision = _talk_head(context.title, text)
    if decision is None:
        decision = RoleDecision(Role.MENTION, "passing")
    if (
        context.event
        and decision.role is Role.QUOTE
        and not decision.words
        and _PRESENTATION.fullmatch(decision.cue)
    ):
        # 「会見には…が出席。…戸﨑氏が報告書の要点を説明した」: presenting at the document's
        # event with no words reported is a part in it, not a statement
        return RoleDecision(Role.APPEARANCE, f"event_presentation:{decision.cue}",
                            decision.cue, event=True)
    if context.conference and decision.rule == "qa_layout":
        # a turn answering a question at a press conference: the speaker's words there
        return RoleDecision(Role.QUOTE, "press_conference:turn", decision.cue, event=True,
                            words=True)
    if context.conference and (
        decision.role is Role.INTERVIEW or decision.rule.startswith("signature")
    ):
        # the record of a press conference: the speaker heading it and the questions put
        # to the speaker (「…氏に、…について聞いた」) are the conference's, an event
        return RoleDecision(Role.APPEARANCE, f"press_conference:{decision.rule}", decision.cue,
                            event=True)
    if context.gathering and decision.role is Role.APPEARANCE and _GUESTS.fullmatch(decision.cue):
        # "… hosted a reception. Guests included … and X": the gathering's guest attended
        return RoleDecision(Role.MENTION, "gathering_guest", decision.cue)
    if context.episode and decision.role in (Role.QUOTE, Role.INTERVIEW):
        # the guest of a podcast or programme episode: on air, words and all
        return RoleDecision(Role.APPEARANCE, "episode_guest", decision.cue)
    if (
        context.outlet is not None
        and context.outlet.media_type in _BROADCAST_MEDIA
        and context.broadcast
        and decision.role in (Role.QUOTE, Role.MENTION, Role.INTERVIEW)
        and decision.rule not in _NOT_ON_AIR
    ):
        return RoleDecision(Role.APPEARANCE, "outlet_broadcast", context.outlet.name)
    return decision


_GUESTS = re.compile(r"guests?")

# Head lines that attribute words to the name (「…」　X・…研究員).
_HEADLINE_QUOTES = frozenset({"headline_quote", "headline_quote_before", "headline_attribution"})
# A piece that says it asked several experts (3人の識者に聞いた, 専門家に聞く).
_INTERVIEW_INTRO = re.compile(
    r"(?:識者|専門家|有識者|[\d一二三四五六七八九十]+\s*(?:人|氏))(?:ら)?(?:に|へ)[^。]{0,12}?"
    r"(?:聞いた|聞く|聞きました|聞いてみた|尋ねた)"
)

# Speech nouns that describe presenting (要点を説明した, 情勢を解説した), not a view.
_PRESENTATION = re.compile(r"説明|解説")

# Mentions that say the name took no part on air (a credit of help, a work referred to).
_NOT_ON_AIR = frozenset({"credit", "referred_work", "acknowledgement"})

_LINE_LABELS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.APPEARANCE,
        re.compile(r"出演|テレビ|tv|ラジオ|radio|放送|講演|登壇|パネル|セミナー|シンポジウム"),
    ),
    (
        Role.AUTHORED,
        re.compile(
            r"寄稿|論考|論稿|論文|執筆|著書|オピニオン|論評|書評|連載|コラム|論点|視点|時評|論壇|"
            r"正論|私見|エッセー|エッセイ"
        ),
    ),
    (Role.INTERVIEW, re.compile(r"インタビュー|対談|鼎談|座談会|interview")),
    (Role.QUOTE, re.compile(r"コメント|談話|取材|識者|見方|(?<![対鼎座])談(?!会)")),
)
_LINE_LABEL = re.compile(r"^\s*(?:[\d０-９./年月日 -]+\s*)?[【〈\[［]([^】〉\]］]{1,12})[】〉\]］]")


_MEDIA_LABEL = re.compile(r"^\s*(listen|watch|video|audio|podcast|live)\s*[:|]")


def _line_label(text: str, start: int) -> tuple[RoleDecision | None, bool]:
    """A label opening the line: 【出演】, 【寄稿】 in activity logs; "Watch:" or
    "Listen:" before a video or audio item (``appearance``). The flag is True when
    the label names several roles (【寄稿・コメント】): it files the line's items
    together and cannot say which is whose, so the sentence's own cue decides and
    the label is only a fallback."""
    line_start = text.rfind("\n", 0, start) + 1
    media = _MEDIA_LABEL.match(_fold(text[line_start:start]))
    if media:
        decision = RoleDecision(Role.APPEARANCE, f"line_label:{media.group(1)}", media.group(1))
        return decision, False
    label = _LINE_LABEL.match(_fold(text[line_start:start]))
    if not label:
        return None, False
    roles = [role for role, pattern in _LINE_LABELS if pattern.search(label.group(1))]
    if not roles:
        return None, False
    decision = RoleDecision(roles[0], f"line_label:{label.group(1)}", label.group(1))
    return decision, len(set(roles)) > 1


# A Japanese headline or column line that ends with the name: 「…」　伏田寛範・…研究員
# (a quote), or 『外交』…「地球を読む」　佐々江賢一郎 (the author's signature).
_LINE_QUOTE_BEFORE = re.compile(r"^\s*[「“][^「」“”]{2,80}[」”]\s*$")
# A space, or the slash of a contents line (「米国の中東関与はどこへ向かうか／髙山嘉顕（…）」)
# after a title's last word (not after a date or an outlet in parentheses).
_SIGNATURE_GAP = re.compile(
    r"(?:[\s\u3000]|(?<=[\u3041-\u30ff\u4e00-\u9fff？！?!」』])[／/])$"
)
_SIGNATURE_AFTER = re.compile(
    r"^(?:氏|さん)?(?:[\s\u3000・、]*[^\s\u3000「」『』。、!?！？]{1,30})?\s*"
    r"(?:[(（][^()（）]{0,40}[)）])?\s*$"
)


# A news headline's attribution of its words to the speaker: 「…タブー視すべきでない＝戸崎洋史・
# 国問研軍縮センター所長」 (the wire's ＝), 「「認知戦」への備え急務　国問研・桑原響子研究員」
# (the speaker's organisation, shortened, joined to the name by ・). A column signs with
# the name alone or the name first (「…　山﨑周・国問研研究員」). Not a credit (聞き手＝,
# 写真＝) nor inside brackets (（たかやま・よしあき＝…研究員）), nor after a label too
# short to be a headline (講師　国問研・X).
_ORGANISATION_END = r"(?:研|研究所|大|大学|大学院|機構|センター|財団|協会|学会|省|庁|総研)"
_ATTRIBUTION_BEFORE = re.compile(
    r"^(?:[^()（）\n]{4,}[^\s\u3000()（）=＝])"
    r"(?:(?<!聞き手)(?<!写真)(?<!撮影)(?<!構成)(?<!文)(?<!絵)(?<!司会)[=＝]\s*"
    r"(?:[\u4e00-\u9fff\u30a0-\u30ffー]{1,15}" + _ORGANISATION_END + r"・)?|"
    r"[\s\u3000]+[\u4e00-\u9fff\u30a0-\u30ffー]{0,15}" + _ORGANISATION_END + r"・)$"
)


# Co-authors' names either side of the name on a head line: 「…　A ,<name> ,B」, 「A・<name>」.
_NAME_PART = r"[\u4e00-\u9fff々\u3041-\u30ffー]{1,6}"
_NAME_ITEM = _NAME_PART + r"(?:[ \u3000]" + _NAME_PART + r")?"
_CO_AUTHORS_BEFORE = re.compile(r"(?:" + _NAME_ITEM + r"[ \u3000]*[,，、・][ \u3000]*){1,6}$")
_CO_AUTHORS_AFTER = re.compile(
    r"^(?:[ \u3000]*[,，、・][ \u3000]*" + _NAME_ITEM + r"){1,6}[ \u3000]*$"
)
# An organisation or a title among them says it is an attribution (山﨑周・国問研研究員).
_NOT_A_NAME = re.compile(_AUTHOR_TITLES + r"|" + _ORGANISATION_END + r"(?=[\s,，、・]|$)")
_SENTENCE_END_MARK = re.compile(r"[。！？]|[.!?](?:\s|$)")
# Heads of a list of people, not of a work: 登壇者, 委員, メンバー, "Speakers".
_PEOPLE_HEAD = re.compile(
    r"登壇|出演|出席|参加|委員|メンバー|講師|司会|主査|担当|顧問|研究会|スタッフ|氏名|名簿|一覧|"
    r"研究員|フェロー|所員|役員|理事|評議員|紹介|プロフィール|"
    r"\b(?:speakers?|panel|participants?|members?|staff|guests?|moderators?|fellows?|profiles?)\b"
)
_SIGNATURE_HEAD_AFTER = re.compile(
    r"^[\s\u3000・、]*[^\s\u3000「」『』。、!?！？]{0,30}?" + _AUTHOR_TITLES
    + r"\s*(?:[(（][^()（）]{0,40}[)）])?[\s\u3000]+[^\s\u3000]"
)


# A journal's or magazine's issue named on a line: its contents are works, not a programme.
_ISSUE_MARK = re.compile(r"『|vol\.|no\.\s*\d|\d+号|特集|目次|月刊|季刊|誌")


def _headline_line(text: str, start: int, end: int) -> RoleDecision | None:
    """A line with no cue that ends with the name: after a lone 「quote」 it is the
    speaker (``quote``), and so after a headline that attributes its words as news
    does, with ＝ or with the speaker's organisation before the name (「…すべきでない＝X・
    国問研…所長」, 「…急務　国問研・X研究員」); after a headline or column title and a
    space it is the signature of the author (``authored``), also when the column's head
    goes on after the name and its affiliation."""
    line_start = max(text.rfind(mark, 0, start) for mark in "\n" + _ITEM_MARKS) + 1
    ends = [i for i in (text.find(mark, end) for mark in "\n" + _ITEM_MARKS) if i >= 0]
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
            and all(len(line) <= 60 and not _SENTENCE_END_MARK.search(line) for line in above)
            and not any(_PEOPLE_HEAD.search(_fold(line)) for line in above)
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
        if "▽" in line and not _ISSUE_MARK.search(_fold(line)):
            # 「ニュース9　▽円安どこまで▽中東情勢　X（…研究員）」: a programme listing's
            # items joined by ▽ (a TV guide's mark), then its guest; a journal's contents
            # (『外交』Vol.88 特集 ▽…　X) are works
            return RoleDecision(Role.APPEARANCE, "listing_guest", "▽")
        return RoleDecision(Role.AUTHORED, "signature", before.strip()[-20:])
    return None


def _masked(text: str, first: int, last: int, others: tuple[tuple[int, int], ...]) -> str:
    """``text[first:last]`` folded, with the other names in it masked as \\x00."""
    pieces: list[str] = []
    cursor = first
    for name_start, name_end in sorted(others):
        if name_start < cursor or name_end > last:
            continue
        pieces.append(_fold(text[cursor:name_start]))
        pieces.append("\x00")
        cursor = name_end
    pieces.append(_fold(text[cursor:last]))
    return "".join(pieces)


def _qa_layout(text: str, start: int, end: int) -> bool:
    """True for a name in an interview laid out as questions and answers: the name
    opens an answer turn after a question line (「伏田　軍需が…」, "Fushita: They …"), or
    with its words in brackets after a question or a turn (「…ですか。山﨑「…」伏田「…」」),
    or heads the piece on a line of its own with a question line next."""
    line_start = text.rfind("\n", 0, start) + 1
    if _QUESTION_AFTER_NAME.match(_fold(text[end : end + 300])):
        # the name and its affiliation heading the answers, the first question next:
        # 「「…」　佐々江賢一郎・…理事長　――今年の情勢をどう見ますか。」
        return True
    if (
        _BRACKET_TURN_AFTER.match(text[end : end + 3])
        and _TURN_BEFORE.search(text[line_start:start])
        and _QUESTION.search(_fold(text[max(0, start - QA_WINDOW) : start]))
    ):
        return True
    if text[line_start:start].strip(" \t\u3000"):
        return False
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = _fold(text[end:line_end])
    latin = not any(is_japanese(c) for c in text[start:end])
    turn = (_EN_TURN_AFTER if latin else _TURN_AFTER).match(rest)
    if turn and _QUESTION_LINE.search(_fold(text[max(0, line_start - QA_WINDOW) : line_start])):
        return True
    if not _HEADER_AFTER.match(rest):
        return False
    following = _fold(text[line_end:]).lstrip("\n")
    next_line = following.split("\n", 1)[0]
    return bool(next_line.strip()) and bool(_QUESTION_LINE.fullmatch(next_line))


def _closing_bio(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...]
) -> bool:
    """True for "X is director of …" / "X and Y are research fellows at …" closing a
    text with a body before it: the authors' bio at the foot of an op-ed."""
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if not text[:sentence_start].strip() or len(text[sentence_end:].strip()) > CLOSING_BIO_TAIL:
        return False
    lead = _masked(text, sentence_start, start, others).strip(" \t\"“—–-")
    if not _CLOSING_BIO_LEAD.fullmatch(lead):
        return False
    if _REPORTED_SPEECH.search(_fold(text[:sentence_start])):
        return False
    return bool(_CLOSING_BIO_AFTER.match(_masked(text, end, sentence_end, others)))


# Heads of a written piece: a series of written work or a message.
_WRITTEN_HEAD = re.compile(
    r"(?<!video )(?<!recorded )\bmessage from\b|\bgreetings? from\b|(?<!ビデオ)メッセージ|"
    r"\bstrategic comments?\b|\bcommentar(?:y|ies)\b|"
    r"\bpolicy briefs?\b|\bop-?eds?\b|\bopinion\b|\bessays?\b|\bcolumns?\b|"
    r"\bresearch reports?\b|\bworking papers?\b|戦略コメント|研究レポート|コメンタリー|"
    r"ポリシー・?ブリーフ|巻頭言|巻頭エッセイ|論考|寄稿|コラム|エッセイ|エッセー|所感|ごあいさつ|"
    r"(?:理事長|所長|会長|代表|就任)(?:挨拶|あいさつ)"
)
_BRACKETED_REST = re.compile(r"^\s*(?:[(（][^()（）\n]{2,160}[)）])?\s*$")


def _head_signature(text: str, start: int, end: int, line_start: int) -> bool:
    """True for the name opening a line of its own, with only its affiliation after it
    (in brackets or after commas), under head lines with no sentence in them, one of
    which names a written piece: "Strategic Comments⏎Title⏎03-11-2025⏎X (Managing
    Director)", "Message from the Director⏎X, Director, Center for …"."""
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    if not (_BRACKETED_REST.match(rest) or _AFFILIATION_ONLY.match(_fold(rest))):
        return False
    above = [line.strip() for line in text[:line_start].split("\n") if line.strip()]
    if not above or len(above) > 6:
        return False
    if any(len(line) > 150 or _SENTENCE_END_MARK.search(line) for line in above):
        return False
    return any(_WRITTEN_HEAD.search(_fold(line)) for line in above)


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ANY_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|" + _MONTHS
    + r"\s+\d{1,2},?\s+(?:19|20)\d{2}|\d{1,2}\s+" + _MONTHS + r"\s+(?:19|20)\d{2})"
)
_DATED_BEFORE = re.compile(r"^(?P<title>.{8,200}?)[\s,，、|]+" + _ANY_DATE + r"\s*[,，、|–—-]?\s*$")
_DATE_LINE = re.compile(r"^\s*(?:[-–•・]\s*)?" + _ANY_DATE + r"\s*$")
_LIST_BULLET = re.compile(r"^\s*[-–•・]\s*$")
# Events and parts at them: a dated line of these lists talks, not writings.
_EVENT_WORDS = re.compile(
    r"\b(?:webinars?|seminars?|symposi(?:um|a)|forums?|conferences?|lectures?|workshops?|panels?|"
    r"events?|speakers?|dialogues?|meetings?|briefings?)\b|セミナー|シンポジウム|講演|ウェビナー|"
    r"フォーラム|会議|研究会|登壇|対話"
)


# A CV's entry: the name opening a numbered line, then comma-separated fields (title,
# venue, volume …) closed by a year or year and month.
_NUMBERED_ITEM_BEFORE = re.compile(r"^\s*(?:\d{1,3}\s*[.)．）]|[(（]\d{1,3}[)）])?\s*$")
_CV_ENTRY_AFTER = re.compile(
    r"^\s*[,，]\s*[^,，\n]{4,150}[,，]\s*[^,，\n]{2,80}[,，][^\n]{0,60}?"
    r"(?:19|20)\d{2}(?:\s*[./年]\s*\d{1,2}(?:\s*[./月]\s*\d{1,2})?)?\s*[.．。]?\s*$"
)


def _dated_listing(
    text: str, start: int, end: int, line_start: int, before: str, after: str
) -> bool:
    """True for an entry of a list of writings: a title, a date and the name with only
    its affiliation after it, on one line or on lines of their own."""
    line_end = text.find("\n", end)
    rest = _fold(text[end : len(text) if line_end < 0 else line_end])
    if not (_BRACKETED_REST.match(rest) or _AFFILIATION_ONLY.match(rest)):
        return False
    dated = _DATED_BEFORE.match(before)
    if dated:
        title = dated.group("title")
    else:
        if before.strip() and not _LIST_BULLET.match(before):  # "- X (…)", an item's bullet
            return False
        above = [line for line in text[:line_start].split("\n") if line.strip()][-2:]
        if len(above) < 2 or not _DATE_LINE.match(_fold(above[1])):
            return False
        title = _fold(above[0])
    return (
        len(title) <= 200
        and not _SENTENCE_END_MARK.search(title)
        and not _EVENT_WORDS.search(title)
        and not _PEOPLE_HEAD.search(title)
    )


def _listing(
    text: str, start: int, end: int, line_start: int, doc_title: str = ""
) -> RoleDecision | None:
    """A name in a listing line: of publications (a genre label, the name, the title:
    「論文　髙山嘉顕「…」」; the title, the name, its affiliation and a date; 著者：…; "No.
    112: Title. X, Director, …"), ``authored``; of a dialogue's parties (「A（…）×B（…）」,
    出席者は…、司会は… after a 座談会), ``interview``."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _fold(text[line_start:start])
    after = _fold(text[end:line_end])
    if _AUTHOR_LABEL_BEFORE.search(before):
        return RoleDecision(Role.AUTHORED, "author_label", before.strip()[-20:])
    item = _CONTENTS_ITEM_BEFORE.match(before)
    if (
        item
        and line_start
        and (_CONTENTS_BRACKET_AFTER if item.group("bracket") else _CONTENTS_DASH_AFTER).match(
            after
        )
        and _CONTENTS_HEAD.search(_fold(text[max(0, line_start - 600) : line_start]))
    ):
        if _TITLE_CUES[0][1].search(before):  # the item is an interview or a dialogue
            return RoleDecision(Role.INTERVIEW, "contents_item", before.strip()[:20])
        return RoleDecision(Role.AUTHORED, "contents_item", before.strip()[:20])
    if _GENRE_BEFORE.search(before) and _WORK_TITLE_NEXT.match(after):
        return RoleDecision(Role.AUTHORED, "listing_genre", before.strip()[-20:])
    title = _LISTED_TITLE_BEFORE.match(before)
    listed = _LISTED_AFTER.match(after) if title else None
    if title and listed and (
        listed.group("date") or re.search(_GENRES, title.group("lead"))
    ):
        return RoleDecision(Role.AUTHORED, "listing_title", before.strip()[:20])
    if (
        _NUMBERED_ITEM_BEFORE.match(before)
        and _CV_ENTRY_AFTER.match(after)
        and not _EVENT_WORDS.search(after)
    ):
        # a CV's list of writings: 「3. X, title, journal, 715, 2023.10.」
        return RoleDecision(Role.AUTHORED, "listing_cv_entry", before.strip()[:10])
    if _dated_listing(text, start, end, line_start, before, after):
        # "Title, 03-11-2025, X (Managing Director, JIIA)", or the title, the date and the
        # name with its affiliation on lines of their own: an entry of a list of writings
        return RoleDecision(Role.AUTHORED, "listing_dated", before.strip()[-20:])
    if (
        _QUOTED_TITLE_BEFORE.search(before)
        and _AFFILIATION_ONLY.match(after)
        and not _SPEECH_VERB.search(after)
    ):
        # 'Title: “Subtitle,” X, Professor, Hitotsubashi University [In Japanese]': the
        # author with the affiliation only after a quoted title, as a publication list
        # gives it
        return RoleDecision(Role.AUTHORED, "listing_quoted_title", "“…,”")
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if sentence_start and not text[sentence_start:start].strip():
        previous_start, _ = sentence_bounds(text, sentence_start - 1, sentence_start - 1)
        if _NUMBERED_TITLE.match(_fold(text[previous_start:sentence_start])) and (
            _AFFILIATION_ONLY.match(_fold(text[end:sentence_end]))
        ):
            return RoleDecision(Role.AUTHORED, "listing_entry", "no.")
    if _DIALOGUE_AFTER.match(after) or _DIALOGUE_BEFORE.search(before):
        return RoleDecision(Role.INTERVIEW, "dialogue_header", "×")
    participants = _PARTICIPANTS_BEFORE.search(_fold(text[sentence_start:start]))
    if participants and _DIALOGUE_NOUN.search(
        _fold(f"{doc_title}\n{text[max(0, start - DIALOGUE_WINDOW) : start]}")
    ):
        return RoleDecision(Role.INTERVIEW, "dialogue_participants", participants.group(0)[:10])
    return None


# A profile goes on about the person: "Nakayama is also an adjunct fellow at …",
# "She previously served …", "His publications include …".
_PROFILE_NEXT = re.compile(
    r"^\s*(?:(?:he|she)\s+(?:is|was|has|had|also|served|holds|held|received|joined|previously|"
    r"currently|teaches|taught|specializes|specialises)|(?:his|her)\s+(?:publications|research|"
    r"books|works|areas?|recent|main|fields?|expertise|interests|career)|"
    r"(?P<surname>[a-z][\w'’-]+)\s+(?:is also|was|has been|had been|also|served|holds|received|"
    r"joined|previously|specializes|specialises))\b"
)


# A sentence of a bio: "X is a professor of … at …", "Y was a visiting fellow …".
_BIO_SENTENCE = re.compile(
    r"^\s*(?:[\w.'’-]+\s+){1,4}(?:is|was|has been|had been)\s+(?:also\s+)?(?:(?:a|an|the)\s+)?"
    r"[^.;]{0,80}?\b(?:fellow|director|president|researcher|professor|analyst|chairman|scholar|"
    r"ambassador|director-general|head)s?\b"
)


def _sentences(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """The non-empty sentences of ``text[first:last]``."""
    spans: list[tuple[int, int]] = []
    cursor = first
    while cursor < last:
        a, b = sentence_bounds(text, cursor, cursor + 1)
        b = min(max(b, cursor + 1), last)
        if text[a:b].strip():
            spans.append((max(a, first), b))
        cursor = b
    return spans


#: Most text (characters) after a profile's first sentence: more is a piece's body.
PROFILE_TAIL = 800


def _profile(text: str, start: int, end: int) -> bool:
    """True for a bio that opens the text and goes on about the person in the next
    sentence: a profile, not an op-ed's tagline."""
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if (
        text[:sentence_start].strip()
        or sentence_end >= len(text)
        or len(text) - sentence_end > PROFILE_TAIL  # a piece goes on after its tagline
    ):
        return False
    next_start, next_end = sentence_bounds(text, sentence_end, sentence_end + 1)
    following = _PROFILE_NEXT.match(_fold(text[next_start:next_end]))
    if not following:
        return False
    surname = following.group("surname")
    return surname is None or surname in _fold(text[start:end]).split()


def _identification(
    text: str,
    start: int,
    end: int,
    line_start: int,
    before: str,
    after: str,
    others: tuple[tuple[int, int], ...],
) -> RoleDecision | None:
    """The name identified at the head or foot of a piece: a bio block (「こたに・てつお
    1973年生まれ。…」), an op-ed tagline or closing bio ("X is a senior fellow at …"),
    a sign-off 「（…研究員　X）」 (``authored``; a sign-off ending in 談, ``quote``)."""
    answered = bool(re.search(r"[」”][ \t\u3000]*$", text[line_start:start]))
    if (not text[line_start:start].strip() or answered) and _BIO_BLOCK_AFTER.search(after):
        return RoleDecision(Role.AUTHORED, "bio_block", after[:30].strip())
    sentence_start, _ = sentence_bounds(text, start, end)
    lead = _fold(text[sentence_start:start]).strip(" \t\"“—–-")
    if (
        (not lead or _AUTHOR_LABEL.fullmatch(lead))
        and _TAGLINE_AFTER.search(after)
        and not _REPORTED_SPEECH.search(_fold(text[:sentence_start]))
    ):
        if _profile(text, start, end):
            # "X is a professor at … X is also an adjunct fellow at …": a speaker's or
            # staff profile that goes on about the person, with no piece of theirs
            return RoleDecision(Role.MENTION, "profile", after[:30])
        return RoleDecision(Role.AUTHORED, "bio_tagline", after[:30])
    if _closing_bio(text, start, end, others):
        sentence_start, _ = sentence_bounds(text, start, end)
        if all(
            _BIO_SENTENCE.match(_fold(text[a:b]))
            for a, b in _sentences(text, 0, sentence_start)
        ):
            # the body before is the same profile's: "X is a professor at … Nakayama is
            # also an adjunct fellow at …"
            return RoleDecision(Role.MENTION, "profile", after[:30])
        return RoleDecision(Role.AUTHORED, "bio_tagline", after[:30])
    if _SIGNOFF_BEFORE.search(before) and _SIGNOFF_AFTER.search(_fold(text[end:])):
        if _SIGNOFF_SPOKEN.search(_fold(text[end:])):  # （小谷哲男主任研究員談）: said, not written
            return RoleDecision(Role.QUOTE, "signoff_dan", "談")
        return RoleDecision(Role.AUTHORED, "signoff", "（…）")
    return None


def _structural(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...] = (), title: str = ""
) -> RoleDecision | None:
    labelled, mixed = _line_label(text, start)
    if labelled is not None and not mixed:
        return labelled
    line_start = text.rfind("\n", 0, start) + 1
    before = _fold(text[max(line_start, start - 60) : start])
    after = _fold(text[end : end + 200])
    if _ACKNOWLEDGED_BEFORE.search(before) or _ACKNOWLEDGED_AFTER.search(after):
        return RoleDecision(Role.MENTION, "acknowledgement", (before[-20:] + after[:20]).strip())
    referred = _REFERRED_AFTER.search(after) or _REFERRED_BEFORE.search(before)
    if referred:
        return RoleDecision(Role.MENTION, "referred_work", referred.group(0).strip()[-20:])
    credit = _CREDIT_LABEL_BEFORE.search(before)
    if credit:
        return RoleDecision(Role.MENTION, "credit", credit.group(0).strip()[:20])
    if _qa_layout(text, start, end):
        return RoleDecision(Role.INTERVIEW, "qa_layout", "――")
    post = _POST_LABEL_BEFORE.search(text[line_start:start])
    if post:
        if _post_line_lists_a_talk(text, line_start, end, post.group(1)):
            # 「13:10　基調講演「…」⏎顧問　X（…）」: the post names the talk's speaker
            return RoleDecision(Role.APPEARANCE, "post_label_speaker", post.group(1))
        # 「顧問　X　…教授」, 「教員名/Instructor (Japanese)　X」: a post held in a body or a
        # course taught, listed; no piece, no event
        return RoleDecision(Role.MENTION, "post_label", post.group(1))
    head = _fold(_previous_line(text, line_start))
    bio = _fold(text[line_start:start]) + "x" + _NAME_BRACKET.sub("", _fold(text[end : end + 200]))
    if _SPEAKER_BIO_HEAD.fullmatch(head) and _BIO_SENTENCE.match(bio):
        # "About the speaker⏎X is a professor at …", "Speaker bios:⏎X (…) is …": the bio of
        # the event's speaker
        return RoleDecision(Role.APPEARANCE, "speaker_bio", "speaker", event=True)
    if not text[line_start:start].strip() and _under_programme_part(text, line_start):
        # "Panel II: Alliance Command and Control⏎X, Senior Fellow, JIIA⏎Y, …": the
        # speakers listed under a part of an event's programme
        return RoleDecision(Role.APPEARANCE, "programme_part", "panel", event=True)
    if _TURN_HONORIFIC_BEFORE.match(text[line_start:start]) and _SPEAKER_TURN_AFTER.match(
        text[end : end + 400]
    ):
        # a transcript's turn (a press conference, a panel): "Mr. X, Press Secretary: As
        # stated, …", the speaker's words
        return RoleDecision(Role.QUOTE, "transcript_turn", ":", words=True)
    if (
        _ATTRIBUTED_QUOTE_BEFORE.search(before)
        and _AFFILIATION_TAIL.match(after)
        and _sentence_case_quotation(text[max(0, start - 600) : start])
    ):
        # '"…,” His Excellency Mr X, Ambassador of …': words attributed without a verb
        return RoleDecision(Role.QUOTE, "attributed_quote", "”", words=True)
    if (
        not text[line_start:start].strip()
        and _PIPE_SIGNATURE_AFTER.match(text[end:])
        and _SENTENCE_END_MARK.search(text[:line_start])
    ):
        # a commentary's signature line: "…body.⏎⏎X | Research Fellow, JIIA"
        return RoleDecision(Role.AUTHORED, "signature_line", "|")
    if _LETTER_OPENING.match(text) and _LETTER_SIGNATURE_AFTER.match(text[end:]):
        # a letter to the editor ("Sir, Your editorial … X, President, JIIA, Tokyo"):
        # the name signing it at its end wrote it
        return RoleDecision(Role.AUTHORED, "letter_signature", "sir,")
    decision = _identification(text, start, end, line_start, before, after, others)
    if decision is not None:
        if _QUESTION.search(_fold(text[:start])):
            # in a piece of questions and answers, the bio names the one who answered
            return RoleDecision(Role.INTERVIEW, f"qa_{decision.rule}", decision.cue)
        return decision
    by_before = _TITLES_BEFORE_NAME.sub("", before)  # "By Ambassador X": the title aside
    if _BY_BEFORE.search(by_before) and not _NOT_AUTHOR_BY.search(by_before):
        return RoleDecision(Role.AUTHORED, "by_prefix", "by")
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
        _CITATION_AFTER.search(after)
        or (_CITATION_AUTHOR_BEFORE.search(before) and _CITATION_AUTHOR_AFTER.search(after))
        or (_WORK_AUTHORS_BEFORE.search(before) and _WORK_AUTHORS_AFTER.match(after))
    ):
        talk = _TALK_AFTER.match(after)
        if (
            talk
            and (
                _TALK_EVENT.search(talk.group("venue"))
                or _TALKS_HEAD.fullmatch(_list_head(text, line_start))
            )
            and not _PRINTED_VENUE.search(talk.group("venue"))
        ):  # a talk listed with the event it was given at, or under a head of talks
            return RoleDecision(Role.APPEARANCE, "listed_talk", talk.group("venue")[:20].strip(),
                                event=True)
        return RoleDecision(Role.AUTHORED, "citation", after[:30])
    if _WORK_TITLE_AFTER.search(after) or (
        _BARE_TITLE_AFTER.search(after) and _VENUE_BEFORE.search(before)
    ):
        return RoleDecision(Role.AUTHORED, "work_title", after[:30])
    listed = _listing(text, start, end, line_start, title)
    if listed is not None:
        return listed
    wide = _fold(text[max(line_start, start - 400) : start])
    speeches = _BY_LIST_BEFORE.search(wide)
    if speeches:
        # a speaker at the event, whose words reported elsewhere make a quote
        return RoleDecision(Role.APPEARANCE, "speeches_by", speeches.group(0).strip()[:30],
                            event=True)
    label = _LABEL_BEFORE.search(before) or _LIST_LABEL_BEFORE.search(wide)
    if label:
        return RoleDecision(Role.APPEARANCE, "label", label.group(0).strip()[:30])
    head = _role_head_above(text, start, end, line_start)
    if head:
        return RoleDecision(Role.APPEARANCE, "role_head", head, event=True)
    return None


# A line that is only the label of a part people take: 「登壇者」, 【講師】, "Speakers".
_ROLE_HEAD_LINE = re.compile(
    r"^\s*[【\[［(（■●◆▼・]?\s*(?:登壇者|講師|パネリスト|スピーカー|モデレーター|司会|出演者?|ゲスト|"
    r"コメンテーター|報告者|討論者|基調講演|speakers?|panel+ists?|moderators?|chairs?|guests?|"
    r"lecturers?|presenters?|discussants?|keynote speakers?|commentators?|ビデオメッセージ|"
    r"(?:video|recorded) messages?(?:\s+(?:from|by)\b[^:：\n]{0,40})?|"
    # the heads of speeches at a ceremony: 挨拶・祝辞, 来賓祝辞, 開会挨拶
    r"(?:開会|閉会|来賓|主催者)?(?:ご?挨拶|あいさつ|祝辞)(?:[・･、](?:来賓)?(?:ご?挨拶|祝辞))?)"
    r"\s*[】\]］)）]?\s*[:：]?\s*$"
)


def _role_head_above(text: str, start: int, end: int, line_start: int) -> str:
    """The label of a part (「講師」, "Speakers") on a line of its own above the name, which
    opens its line with only its affiliation after it; the lines between are other
    names and affiliations (no sentence). Empty when there is none."""
    if text[line_start:start].strip(" \t\u3000" + _ITEM_MARKS):  # 「■出演⏎▼X（…）」
        return ""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    if not (_BRACKETED_REST.match(rest) or _AFFILIATION_ONLY.match(_fold(rest))):
        return ""
    above = [line for line in text[:line_start].split("\n") if line.strip()][-8:]
    for line in reversed(above):
        folded = _fold(line)
        if _ROLE_HEAD_LINE.match(folded):
            return folded.strip()[:20]
        if len(line) > 100 or _SENTENCE_END_MARK.search(line):
            return ""
    return ""


def _in_sentence(
    text: str, start: int, end: int, others: tuple[tuple[int, int], ...]
) -> RoleDecision | None:
    first, last = sentence_bounds(text, start, end)
    # A line label (【寄稿・コメント】) files the line; its words are not the sentence's cues.
    line_start = text.rfind("\n", 0, start) + 1
    label = _LINE_LABEL.match(text, line_start)
    if label and first <= line_start + label.end() <= start:
        first = line_start + label.end()
    decision = _sentence_cues(text, first, last, start, end, others)
    if decision is not None:
        return decision
    # "…," he said. / 同氏は…と指摘した — the next sentence continues about this name.
    if last < len(text):
        next_first, next_last = sentence_bounds(text, last, last + 1)
        following = _fold(text[next_first:next_last])
        if (
            _PRONOUN_QUOTE.search(following)
            and not any(next_first <= other_start < next_last for other_start, _ in others)
            and not _OTHER_PERSON_BEFORE.search(text[first:start])
        ):
            return RoleDecision(Role.QUOTE, "next_sentence", following[:30])
    # "I met X in Tokyo. … Excerpts of the interview follow:": the piece introduces the
    # one it interviews, no other expert named before the interview begins
    follows = _INTERVIEW_FOLLOWS.search(_fold(text[last : last + INTERVIEW_FOLLOWS_WINDOW]))
    if follows and not any(
        last <= other_start < last + follows.start() for other_start, _ in others
    ):
        return RoleDecision(Role.INTERVIEW, "interview_follows", follows.group(0))
    return None


# A capitalised word before the name that is not the sentence's first word nor a title:
# another person the next sentence's "he" may be ("Prime Minister Ito met X. He said …").
_OTHER_PERSON_BEFORE = re.compile(
    r"(?<=\s)(?!(?:Mr|Ms|Mrs|Dr|Prof|Professor|Ambassador|President|Director|General|Senior|"
    r"Research|Fellow|Chairman|Former|Acting|Vice|Deputy|JIIA|Japan|Japanese|Tokyo)\b)[A-Z][a-z]+"
)
# A piece announcing the interview it goes on to give.
_INTERVIEW_FOLLOWS = re.compile(
    r"\b(?:excerpts|highlights|extracts|an? (?:edited |abridged )?transcript)\s+(?:of|from)\s+"
    r"(?:the|our|this|that|an|my)\s+(?:interview|conversation)\b(?!\s+(?:with|of)\b)|"
    r"\bthe (?:interview|conversation) follows\b|"
    r"\bfollowing (?:is|are) (?:an? )?(?:edited |abridged )?(?:excerpts?|transcript)|"
    r"(?:以下|次)(?:は|、)?(?:一問一答|インタビューの(?:要旨|抜粋)|主なやりとり)"
)
#: Characters after the name's sentence searched for the interview it announces.
INTERVIEW_FOLLOWS_WINDOW = 400


_SUBJECT_AFTER = re.compile(
    r"^[・\s]*[\u4e00-\u9fff\u30a0-\u30ff・々ー]{0,30}(?:[(（][^)）]{0,40}[)）])?\s*"
    r"(?:さん|ら)?\s*(?:は|が|も)(?!ら)"
)
_COORDINATED_AFTER = re.compile(
    r"^\s*(?:・?[\u4e00-\u9fff々\u30a0-\u30ffー]{0,20})?\s*(?:[(（][^)）]{0,40}[)）])?\s*"
    r"(?:と|・|、|,|，|や|及び|および|and|&|／|/)\s*"
    # the next name's title before it: "President X and Director General Y"
    r"(?:(?:former|deputy|vice|acting|senior|executive|president|director|general|"
    r"director-general|chairman|chair|research|fellow|professor|prof\.|dr\.|ambassador|"
    r"head|chief)\s+){0,3}$"
)


# A quotation followed by the quotative と: its words are reported, not the reporter's.
_QUOTATION = re.compile(r"(?<=「)[^「」]+(?=」と)")


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
        gap = _fold(text[cursor:name_start])
        name = _fold(text[name_start:name_end])
        pieces.append(gap)
        length += len(gap)
        bounds.append((length, length + len(name), (name_start, name_end) == (start, end)))
        pieces.append("\x00" * len(name))  # names are not cues
        length += len(name)
        cursor = name_end
    pieces.append(_fold(text[cursor:last]))
    # The words of a quotation (「…語り合える場が必要だ」と述べ) are what was said, not cues.
    folded = _QUOTATION.sub(_blank_quotation, "".join(pieces))
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
            c for c in items
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
        (hit.start(), hit.end()) for hit in _QUOTED.finditer(folded)
        if (attached := _ATTACHED.match(folded, hit.end())) and attached.end() in starts
    ]
    for items in owned.values():
        items[:] = [c for c in items if not any(a < c[0] and c[1] < b for a, b in titles)]
    for items in owned.values():
        # 「記者会見し、…報告書「…」を発表した」: a work announced at an event the name
        # holds is presented there, not written by the name.
        events = [c[0] for c in items if c[2] is Role.APPEARANCE and _PRESENTING_EVENT.search(c[3])]
        if events:
            items[:] = [
                c for c in items
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
        and not _PROGRAMME.search(folded)
    )
    words = chosen[2] is Role.QUOTE and _reports_words(chosen, folded)
    return RoleDecision(chosen[2], f"{prefix}:{chosen[3]}", chosen[3], event=event, words=words)


def _on_programme(me: int, names: list[_Name], folded: str) -> bool:
    """True when a broadcast programme in the sentence is this name's: the name it
    belongs to (as a cue would, 「テレビ東京「WBS」に髙山研究員が出演／…小谷主任研究員の
    コメント」 is 髙山's) is this name or coordinated with it."""
    for programme in _PROGRAMME.finditer(folded):
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
_ATTACHED = re.compile(r"(?:に|で|へ)(?:も|は)?")
# The agent of a verb in the passive: "chaired by a former UN under-secretary,".
_PASSIVE_AGENT = re.compile(r"\s+by\s+[^,;.]+")
# "In a newly published memoir, …": a work that frames the sentence (English).
_IN_A_WORK = re.compile(r"in (?:a|an|his|her|their) ")
# A verb of writing, saying or showing right after the name (and its descriptor), which
# is then the subject: "X recounts", "X, a former ambassador, wrote", "X of JIIA argues";
# not "… meeting X in 2013".
_SUBJECT_VERB_AFTER = re.compile(
    r"^(?:\s*,[^,]{0,80},|\s+(?:of|at|from)\b[^,.;]{0,80}?)?\s+(?:\w+ly\s+)?"
    r"(?:argu|writ|wrote|recount|recall|describ|explain|examin|explor|trac|detail|says|said|"
    r"contend|warn|suggest|maintain|notes|noted|offer|sets|lays|tell|told|reflect|chronicl|"
    r"reveal|assess|analy[sz]|discuss|calls|urg|propos|show|find|found|conclud|document|"
    r"consider|question|critici[sz]|insist|claim|point|looks|revisit|reconstruct|portray|"
    r"depict|lament|defend|admit|acknowledg|stress|emphasi[sz]|predict|challeng|compar|"
    r"outlin|review|survey|investigat|identif|highlight|draws|drew|makes|made|gives|gave|"
    r"takes|took|is|was|has|had)[a-z]{0,3}\b"
)
# Events at which a work is presented or announced (記者会見, 講演, 学会 …).
_PRESENTING_EVENT = re.compile(
    r"記者会見|会見|講演|シンポジウム|セミナー|ウェビナー|フォーラム|ワークショップ|学会|研究会|国際会議|"
    r"\bpress conference\b|\bbriefing\b"
)
_ANNOUNCED = re.compile(r"(?:発表|公表)$")


# A noun marked as subject or topic (外交官は, 中国が), outside quotations.
# A wire story's closing attribution to someone else: "X was among nine experts
# appointed …, the foreign ministry said Tuesday." The subject between the comma and the
# verb is not the name (masked as \x00).
_ATTRIBUTION_SUBJECT_BEFORE = re.compile(r",\s*(?:the|a|an|its)\s+[^,.\x00\"“”]{1,60}?\s$")
_SAID_THAT_GAP = re.compile(r"(?:\s+[\w,]+){0,3}?\s+that\s+")
_ATTRIBUTION_VERB = re.compile(r"(?:said|says|announced|added|told)\b")


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


_OTHER_SUBJECT = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー]{1,12}(?:は|が)")
_QUOTED = re.compile(r"「[^「」]*」|『[^『』]*』")


def _other_subject_between(
    name: _Name, cue: tuple[int, int, Role, str], folded: str
) -> bool:
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
_EARLIER_CLAUSE = re.compile(r"(?:であり|であって|であるが|ものの|とともに|と共に)[、,]")
# An item of a list of speakers with their topics: 「…について X研究員（…）、」.
_ENUMERATED_BEFORE = re.compile(r"(?:について|に関して|に関し|をめぐって)\s*$")
_ENUMERATED_AFTER = re.compile(r"^[^\s、。「」()（）]{0,20}?(?:[(（][^()（）]{0,40}[)）])?\s*[、,]")


# Verbs of attendance: the name was present, and took no part (同席, 出席, 参加 as the
# activity log writes it, "attended").
_ATTENDANCE = re.compile(
    r"同席|出席|列席|参列|臨席|陪席|傍聴|聴講|参加(?!者)|"
    r"\battend(?:s|ed|ing)?\b|\bin attendance\b|\bsat in on\b"
)
# Appearance cues that only name an event (記者会見, "webinar"), not an act in it (講演,
# 司会, "spoke at"): with a verb of attendance, the event is where the name sat.
_EVENT_ONLY = re.compile(
    r"記者会見|パネルディスカッション|パネル討論|webinar|roundtable|round-table|panel discussion"
)
# The topic of a sentence, a noun marked with は right after it (研究所は, 政府は), not
# では / には / とは, nor a time (今回は, 1日は); the gap to the name holds no quotation.
# A body's name in brackets is a noun too (「日米協会連合」は16日、…).
_TOPIC = re.compile(
    r"(?:(?<![\u3041-\u3093])[\u4e00-\u9fff\u30a0-\u30ffー]{2,}|「[^「」\x00]{2,30}」)"
    r"は(?![\u3041-\u3093])"
)
_TIME_TOPIC = re.compile(r"(?:日|年|月|週|回|度|後|前|時|際|頃|間|今|中|朝|夜)は$")
_TOPIC_GAP = re.compile(r"^[^「」『』と\x00。]{0,20}$")
# An announcement (と発表した) may put a date and the post between the topic and the name:
# 「外務省は１日、日本国際問題研究所の所長に、…大使の市川とみ子氏が就任したと発表した」.
_ANNOUNCEMENT_CUE = re.compile(r"と(?:発表|公表)")
_LONG_TOPIC_GAP = re.compile(r"^[^「」『』と\x00。]{0,60}$")
# A name marked with が: the subject of its own clause, which may be embedded.
_GA_AFTER = re.compile(
    r"^[・\s]*[\u4e00-\u9fff\u30a0-\u30ff・々ー]{0,30}(?:[(（][^)）]{0,40}[)）])?\s*"
    r"(?:さん|氏|ら)?\s*が"
)


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
_OBJECT_AFTER = re.compile(
    r"^[・\s]*[\u4e00-\u9fff\u30a0-\u30ff・々ー]{0,30}(?:[(（][^)）]{0,40}[)）])?\s*"
    r"(?:さん|氏)?\s*(?:ら)?\s*(?:\d+\s*人)?\s*を(?!はじめ|始め|中心|交え|含め|含む|招|迎)"
)


def _object_of_the_verb(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True when a Japanese name that is not the subject is marked with を before a
    speech cue: the name is what the verb acts on, so someone else is speaking."""
    if name.subject or cue[0] < name.end:
        return False
    return bool(_OBJECT_AFTER.match(folded[name.end : cue[0]]))


# A cue noun bound to the name before it by a particle: 「佐々江理事長へのインタビュー」,
# 「伏田主任研究員のコメント」, 「小谷氏による論考」.
_BOUND_TO_NAME = re.compile(
    r"^(?:[・\s]*[\u4e00-\u9fff\u30a0-\u30ff々ー]{0,20})?(?:\s*[(（][^)）]{0,40}[)）])?\s*"
    r"(?:氏|さん)?\s*(?:への|の|による|に対する|との)$"
)


def _bound_to(name: _Name, cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True when the cue noun is bound to ``name`` by a particle (Bへのインタビュー)."""
    return name.end <= cue[0] and bool(_BOUND_TO_NAME.match(folded[name.end : cue[0]]))


# A role noun followed by the list of its holders in brackets: 登壇者を4名（…）,
# パネリストとして（…）, 報告者は（…）.
_LIST_AFTER_CUE = re.compile(
    r"(?:者|陣)?\s*(?:として|を|は|が|に|も)?\s*(?:[\d一二三四五六七八九十]+\s*(?:名|人))?\s*[(（]"
)
_LIST_ROLE_NOUN = re.compile(
    r"(?:登壇|パネリスト|報告者|討論者|発表者|講師|コメンテーター|司会|モデレーター)(?:として)?"
)


def _listed_after(
    cue: tuple[int, int, Role, str], names: list[_Name], folded: str
) -> list[int]:
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
    if _WITH_HOST.fullmatch(cue[3]):
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
                return (
                    _main_clause_cue(names[previous], owned[previous], folded), "coordinated"
                )
            previous -= 1
    if name.subject:
        # not a cue bound to another name by a particle (「…論じたほか、Bへのインタビュー」)
        bound = {
            cue for other, items in owned.items() if other != index for cue in items
            if _bound_to(names[other], cue, folded)
        }
        # nor one after the name's own clause has ended (「Aが出席したほか、Bが登壇した」)
        after = [
            cue for cue in cues
            if cue[0] >= name.end and cue not in bound
            and not _CLAUSE_CLOSED.search(folded, name.end, cue[0])
        ]
        if after:
            return _main_clause_cue(name, after, folded), "subject"
    return None, ""


# A clause closed by "besides" (…したほか、): what follows has a subject of its own.
_CLAUSE_CLOSED = re.compile(r"(?:た|る)ほか[、,]")
# A non-restrictive relative clause on a name: "Hirofumi Tosaki, who also spoke at …,".
# In Japanese the clause comes first and ends in the verb's attributive form right
# before the name: 「…論考を寄せた小谷氏は」, 「…に寄稿している舟津研究員が」.
_PRENOMINAL_GAP = re.compile(r"^[\u3041-\u3093]{0,5}(?:た|る)$")
_RELATIVE_AFTER = re.compile(r"^\s*,\s*(?:who|whose)\b[^,;]*[,;]")
# An event named as the setting of what was said: 講演で, 会見の中で / "at a panel discussion".
_SETTING_AFTER = re.compile(
    r"^(?:会|会場|の席|の中|後の会見)?(?:\s*[(（][^)）]{0,40}[)）])?\s*[、,]?\s*"
    r"(?:で|では|において|にて)(?![きあ])"
)
# A press conference is itself an occasion for statements to the press: held and
# followed by what was said (記者会見し、「…」と語った), it is the statement's setting too.
_PRESS_CONFERENCE_HELD = re.compile(r"^(?:し|して|を開き|を開いて|に臨み|に臨んで)[、,]?")
# A speech noun used as a verb with no quoted content (概要を説明した, 情勢を解説した)
# describes the act of presenting, not a statement: it does not make an event a setting.
_CONTENTLESS_QUOTE = re.compile(_SPEECH_NOUNS)
_SETTING_BEFORE = re.compile(
    r"\b(?:at|in|during)\s+(?:a|an|the|this|that|its|their)?\s*[\w' -]{0,25}$"
)


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
            cue for cue in cues
            if not (
                cue[1] <= name.start
                and _PRENOMINAL_GAP.match(folded[cue[1] : name.start])
                and not (cue[2] is Role.APPEARANCE and _BROADCAST_CUE.search(cue[3]))
            )
        ]
    chosen = _strongest(cues)
    if chosen[2] is Role.APPEARANCE:
        quotes = [
            cue for cue in cues
            if cue[2] is Role.QUOTE and not _CONTENTLESS_QUOTE.fullmatch(cue[3])
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
            return _strongest(quotes)
        reported = [cue for cue in quotes if _reports_words(cue, folded)]
        if (
            reported
            and not _BROADCAST_CUE.search(chosen[3])
            and not _PROGRAMME.search(folded)
        ):
            return _strongest(reported)
    return chosen


# Appearance cues of a broadcast (or that may be one): on air the words said are part of
# the appearance, so they never make it a quote.
_BROADCAST_CUE = re.compile(
    r"出演|ゲスト|コメンテーター|解説者|生中継|お越し|おこし|スタジオ|テレビ|ラジオ|放送|番組|に登場|"
    r"\btv\b|radio|program|\bshows?\b|podcast|episode|broadcast|guest|on[ -]air|live on|"
    r"commentator|appear|join|featur|fireside|\btalks? (?:with|to)\b|"
    r"\b(?:bbc|abc|cnn|cna|nhk|npr|pbs|cnbc|dw)\b"
)
# Speech cues that report what was said (words or views), not only that the name spoke:
# a quotation or quotative と before the verb (「…」と述べた, …べきだと指摘した), によると;
# in English a verb of saying that takes what was said ("said …", "argued that …",
# "urging …").
_REPORTED_EN = re.compile(
    r"\b(?:said|says?|saying|told|tells?|argu(?:e|es|ed|ing)|warn(?:s|ed|ing)?|"
    r"urg(?:e|es|ed|ing)|noted|notes? that|stress(?:es|ed)|insist(?:s|ed)|emphasi[sz]ed|"
    r"contends?|caution(?:s|ed)?|predict(?:s|ed)?|suggest(?:s|ed)?|asserted|maintained|"
    r"believes?|expects?|thinks?|add(?:s|ed)|according to|reckon(?:s|ed)?)\b|\bthat$"
)


# Japanese verbs that put a position (…の重要性を訴えた, 課題を指摘した): with their object
# they report a view, where 説明した or 振り返った with a topic report none.
_POSITION_VERB = re.compile(r"^(?:訴え|強調|指摘|主張|警告|警鐘を鳴ら|提言|呼びかけ|求め)")


def _reports_words(cue: tuple[int, int, Role, str], folded: str) -> bool:
    """True for a speech cue that reports what the name said or the view it put (see
    ``_REPORTED_EN`` and ``_POSITION_VERB``)."""
    text = cue[3]
    if any(is_japanese(c) for c in text):
        particle = folded[max(0, cue[0] - 1) : cue[0]]
        return (
            text.startswith(("」と", "と", "によ"))
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


# Hiragana but の: a head line with them tells of something, it does not label a page.
_CLAUSE_KANA = re.compile(r"[\u3041-\u306d\u306f-\u3093]")
# The head of a page of a talk: 講演CD, 講演録, 講演会, 講話, "Lecture".
_TALK_HEAD = re.compile(r"講演(?:cd|dvd|録|会|動画|映像|要旨)?|講話|\blectures?\b")


def _talk_head(title: str, text: str) -> RoleDecision | None:
    """A page headed by its talk (the title, or a short first line with no sentence in
    it: 「講演CDタイトル⏎…⏎<name>氏（…）」): a name on it with no cue is the speaker."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    for head in (title, first):
        folded = _fold(head).strip()
        if (
            folded
            and len(folded) <= 40
            and not _SENTENCE_END_MARK.search(folded)
            and not _CLAUSE_KANA.search(folded)  # a label, not a headline (首相が講演)
            and len(folded.split()) <= 4
        ):
            hit = _TALK_HEAD.search(folded)
            if hit:
                return RoleDecision(Role.APPEARANCE, f"talk_head:{hit.group(0)}", hit.group(0),
                                    event=True)
    return None


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
