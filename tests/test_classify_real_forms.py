"""Role rules for the forms of real institute and media language: the polite past of
the institute's activity log (報告しました), hosts with their invited guests, role
nouns with the list of their holders in brackets, co-author lines, book pages,
talks on a lecture page, columns, multi-expert interviews; English speech heads
("Remarks of", "Message from"), bylines with a title, lists of addresses, dialogues,
first-person interview reports, views offered and speaker bios.

Each case is one text, the name whose role is asked, the other names in it, and the
expected role; written in fresh wording for the forms (see ``pipeline.classify``), not
copied from any source. The role is decided with the document's own context
(``role_context``), as the matcher does.
"""

from __future__ import annotations

import pytest

from pipeline.classify import classify_role, role_context
from pipeline.types import Article, Role

CASES = [
    # the polite past of the activity log works like the plain form
    ("polite_report", "6月2日、ASEAN地域フォーラムの専門家会合が開かれ、菊池努上席客員研究員が参加し、"
     "報告しました。", "菊池努", (), Role.APPEARANCE),
    ("humble_report", "戸﨑洋史所長が軍縮会議の分科会で報告いたしました。", "戸﨑洋史", (),
     Role.APPEARANCE),
    # a role noun binds to the names listed in brackets after it, not to the subject
    ("speakers_listed_in_brackets", "研究会を共催し、伏田寛範研究員が出席したほか、登壇者を3名（小谷哲男"
     "主任研究員、山田一郎大学教授、田中二郎大学教授）派遣しました。", "小谷哲男", ("伏田寛範",),
     Role.APPEARANCE),
    ("attendee_before_the_speaker_list", "研究会を共催し、伏田寛範研究員が出席したほか、登壇者を3名"
     "（小谷哲男主任研究員、山田一郎大学教授、田中二郎大学教授）派遣しました。", "伏田寛範",
     ("小谷哲男",), Role.MENTION),
    ("attendee_before_another_subject", "会議には市川とみ子所長が出席したほか、小谷哲男主任研究員が"
     "登壇しました。", "市川とみ子", ("小谷哲男",), Role.MENTION),
    # every name of a coordinated list shares the role of the first, however long the list
    ("third_of_a_coordinated_list", "パネリストは、小谷哲男（主任研究員）、戸﨑洋史（所長）、桒原響子"
     "（研究員）でした。", "桒原響子", ("小谷哲男", "戸﨑洋史"), Role.APPEARANCE),
    ("label_list_after_a_sentence", "3月1日、セミナーを開催しました。登壇者：小谷哲男（主任研究員）、"
     "戸﨑洋史（所長）、桒原響子（研究員）", "桒原響子", ("小谷哲男", "戸﨑洋史"), Role.APPEARANCE),
    # a host who takes part with the invited guests: an appearance at the event
    ("host_with_invited_guests", "5月9日、JIIAフォーラムを開催しました。山田一郎・元国務次官をお招きし、"
     "佐々江賢一郎理事長とともに、同盟の歩みを振り返り、今後の課題を議論しました。", "佐々江賢一郎", (),
     Role.APPEARANCE),
    ("with_someone_without_guests_is_not", "小谷哲男主任研究員とともに、学生が現地を訪れました。",
     "小谷哲男", (), Role.MENTION),
    # an item of a list of speakers, each with a topic, shares the list's verb
    ("speaker_list_with_topics", "本ウェビナーでは、フランスについて佐藤教授（A大学）、外資規制が強まる"
     "ドイツについて髙山研究員（日本国際問題研究所）、最後にイタリアについて鈴木教授（B大学）が説明しました。",
     "髙山研究員", (), Role.APPEARANCE),
    # a cue in a clause that ends before the name's (…ものであり、) is not the name's
    ("earlier_clause", "報告書は各国の取り組みを分析し、点数で評価するものであり、秋山信将教授など多くの"
     "専門家がプロジェクトに名を連ねている。", "秋山信将", (), Role.MENTION),
    # 参加 alone is attendance, as 出席 is; an event named by its title is where the name sat
    ("taking_part_is_attendance", "滞在中、菊池努上席客員研究員は「第12回Pacific Security Roundtable」"
     "（主催：A研究所）にも参加しました。", "菊池努", (), Role.MENTION),
    ("taking_part_in_a_panel", "小谷哲男主任研究員が国際シンポジウムのパネル討論に参加しました。", "小谷哲男",
     (), Role.APPEARANCE),
    # a lecture, a presentation, a speaker, taking the floor at a meeting
    ("lecture_given", "小谷哲男主任研究員が防衛大学校で講義を行いました。", "小谷哲男", (),
     Role.APPEARANCE),
    ("presentation_given", "伏田寛範研究員がワークショップでプレゼンテーションを行いました。", "伏田寛範",
     (), Role.APPEARANCE),
    ("took_the_floor", "戸﨑洋史所長が国連の会合に出席し、発言しました。", "戸﨑洋史", (),
     Role.APPEARANCE),
    ("words_said_at_a_meeting", "戸﨑洋史所長は国連の会合で「検証が鍵だ」と発言しました。", "戸﨑洋史",
     (), Role.QUOTE),
    ("chair_of_a_standing_group_is_not", "研究会は戸﨑洋史所長が座長を務め、各省の担当者も加わる。",
     "戸﨑洋史", (), Role.MENTION),
    # co-authors: before a book's title with its publisher, in brackets after an
    # article's title, or a line of their own under a book's title
    ("co_authors_before_a_book", "【新刊】情報戦の時代　山田一郎・桒原響子・鈴木次郎『見えない戦争』（青空書房）",
     "桒原響子", (), Role.AUTHORED),
    ("authors_in_brackets_after_a_title", "『同盟の現実』（9/30　ウェブ論壇　山上信吾、田中一郎）を読んで",
     "山上信吾", (), Role.AUTHORED),
    ("photo_credit_in_brackets_is_not", "『同盟の現実』（写真・山上信吾）を読んで", "山上信吾", (),
     Role.MENTION),
    ("co_author_line_under_a_title", "見えない戦争\n情報はどう武器になるか\n山田 一郎 ,桒原 響子 ,鈴木 次郎",
     "桒原 響子", (), Role.AUTHORED),
    ("co_author_line_on_the_title_line", "見えない戦争　山田 一郎 ,桒原 響子 ,鈴木 次郎", "桒原 響子", (),
     Role.AUTHORED),
    ("names_under_a_people_head_are_not", "登壇者\n山田 一郎 ,桒原 響子 ,鈴木 次郎", "桒原 響子", (),
     Role.MENTION),
    # a view carried as the name's column
    ("carried_as_a_column", "今年の報告書は、主査を務める戸﨑洋史所長のコラムとして核の威嚇を論評した。",
     "戸﨑洋史", (), Role.AUTHORED),
    # a talk on a topic on a lecture or radio page, also across a wrapped line
    ("talk_on_a_topic_wrapped", "今月は小谷哲男氏の\n「海洋秩序と日米同盟」についてのお話です。", "小谷哲男", (),
     Role.APPEARANCE),
    ("asking_for_a_talk_is_an_interview", "小谷哲男氏に海洋秩序についてお話を伺いました。", "小谷哲男", (),
     Role.INTERVIEW),
    # a page headed by its talk: the name on it is the speaker
    ("talk_head", "講演DVD\n海洋秩序のゆくえ\n小谷哲男氏（日本国際問題研究所主任研究員）", "小谷哲男", (),
     Role.APPEARANCE),
    ("news_head_of_a_talk_is_no_label", "首相が講演\n首相は同盟の意義を強調した。会場には小谷哲男"
     "主任研究員の姿もあった。", "小谷哲男", (), Role.MENTION),
    # answers of an interview with several experts, headed by the name
    ("several_experts_asked_question_next", "新年の展望を4人の識者に聞いた。 「同盟の底力を」 "
     "佐々江賢一郎・日本国際問題研究所理事長 ――今年の世界をどう見ますか。", "佐々江賢一郎", (),
     Role.INTERVIEW),
    ("several_experts_asked_head_line", "新年の展望を4人の識者に聞いた。\n「同盟の底力を」　"
     "佐々江賢一郎・日本国際問題研究所理事長\n米国の関与は続く。", "佐々江賢一郎", (), Role.INTERVIEW),
    # the record of a press conference: its head and the questions put to the speaker
    ("press_conference_record_questions", "「外交の条件」(3)　日本国際問題研究所理事長\n会見リポート\n"
     "元外務次官の佐々江賢一郎氏に、日米関係の行方について聞いた。", "佐々江賢一郎", (), Role.APPEARANCE),
    ("press_conference_record_head", "「外交の条件」(3)　佐々江賢一郎\n会見リポート\n日米関係の行方について"
     "聞いた。", "佐々江賢一郎", (), Role.APPEARANCE),
    ("news_head_of_a_conference_is_no_record", "首相が会見\n首相は方針を示した。日本国際問題研究所の"
     "小谷哲男主任研究員に話を聞いた。", "小谷哲男", (), Role.INTERVIEW),
    ("interview_without_a_press_conference", "元外務次官の佐々江賢一郎氏に、日米関係の行方について聞いた。",
     "佐々江賢一郎", (), Role.INTERVIEW),
    # English heads of a speech and of a written message
    ("remarks_of_head", "Remarks of JIIA Director General (Acting) Tetsuo Kotani: “Maritime Order "
     "After the Ruling”", "Tetsuo Kotani", (), Role.APPEARANCE),
    ("remarks_of_head_next_line", "Keynote Address by Mr. Tetsuo Kotani\nSenior Fellow, JIIA",
     "Tetsuo Kotani", (), Role.APPEARANCE),
    ("message_from_head", "Message from the President Kenichiro Sasae\nDear friends of the "
     "institute,", "Kenichiro Sasae", (), Role.AUTHORED),
    ("name_under_a_message_head", "Message from the Director\nNobumasa AKIYAMA, Director, Center "
     "for Disarmament\n\nI have been appointed director of the center.", "Nobumasa AKIYAMA", (),
     Role.AUTHORED),
    ("name_under_a_series_head", "Strategic Comments\n\nJapan's Choices After the Summit\n"
     "\n04-02-2025\nMasafumi Ishii (Managing Director, JIIA)", "Masafumi Ishii", (), Role.AUTHORED),
    ("name_under_an_event_head_is_not", "Webinar\n\nJapan's Choices After the Summit\n\n"
     "Masafumi Ishii (Managing Director, JIIA)", "Masafumi Ishii", (), Role.MENTION),
    ("by_with_a_title", "By Ambassador Shingo Yamagami\nActing director general, JIIA",
     "Shingo Yamagami", (), Role.AUTHORED),
    ("interviewed_by_with_a_title_is_not", "The panel was moderated by Professor Shingo Yamagami.",
     "Shingo Yamagami", (), Role.APPEARANCE),
    # the speakers listed after the speeches they gave
    ("addresses_by_a_list", "Then came congratulatory addresses by ONO Jiro, former Minister; "
     "Anna SMITH, Ambassador of X to Japan; SATO Yukio, President of the Japan Institute of "
     "International Affairs; and others.", "SATO Yukio", (), Role.APPEARANCE),
    ("welcome_speeches_by", "The forum began with welcome speeches by Tomiko Ichikawa, Director "
     "General of JIIA, and the rector of the host university.", "Tomiko Ichikawa", (),
     Role.APPEARANCE),
    # dialogues, questions put to the name, a writer's interview
    ("dialogue_with", "Europe and Japan in a Fractured World\nA dialogue with Yoshiji NOGAMI, "
     "Vice-Chairman of JIIA.", "Yoshiji NOGAMI", (), Role.INTERVIEW),
    ("questioned_by", "Questioned by a researcher of the institute, Yoshiji Nogami discusses "
     "the future of the alliance.", "Yoshiji Nogami", (), Role.INTERVIEW),
    ("writer_met_and_discussed", "During my visit to Tokyo, I met Mr. Tetsuo Kotani, a senior fellow "
     "at JIIA, and discussed the alliance with him.", "Tetsuo Kotani", (), Role.INTERVIEW),
    # an event page: the label of a part on a line of its own, the names under it
    ("names_under_a_role_head", "Speakers\nKenichiro Sasae\nPresident, JIIA\nTetsuo Kotani "
     "(Senior Fellow, JIIA)", "Tetsuo Kotani", ("Kenichiro Sasae",), Role.APPEARANCE),
    ("name_under_a_role_head_ja", "【講師】\n小谷哲男（日本国際問題研究所主任研究員）", "小谷哲男", (),
     Role.APPEARANCE),
    ("name_under_a_message_head_ja", "理事長メッセージ\n佐々江賢一郎（日本国際問題研究所理事長）",
     "佐々江賢一郎", (), Role.AUTHORED),
    ("name_under_a_video_message_head", "Video Message from the President\nKenichiro Sasae "
     "(President, JIIA)", "Kenichiro Sasae", (), Role.APPEARANCE),
    ("programme_label_en", "Opening Remarks: Kenichiro Sasae, President, JIIA", "Kenichiro Sasae",
     (), Role.APPEARANCE),
    ("programme_label_ja", "基調講演：佐々江賢一郎（日本国際問題研究所理事長）", "佐々江賢一郎", (),
     Role.APPEARANCE),
    ("interview_follows", "Last month I visited Tokyo. I found Tetsuo Kotani of JIIA relaxed and "
     "open. Excerpts of the interview follow:\nQ: How do you see the alliance?", "Tetsuo Kotani",
     (), Role.INTERVIEW),
    ("someone_elses_interview_follows_is_not", "Tetsuo Kotani was in the audience. Excerpts of the "
     "interview with the minister follow:", "Tetsuo Kotani", (), Role.MENTION),
    # a view offered; words in the next sentence, after the quotation they open
    ("offered_an_outlook", "Kenichiro Sasae, president of JIIA, offered a cautious outlook for "
     "relations with Seoul.", "Kenichiro Sasae", (), Role.QUOTE),
    ("recalls_in_the_next_sentence", "As a student, Kenichiro Sasae wanted to write novels. "
     "“Those were good years,” he recalls.", "Kenichiro Sasae", (), Role.QUOTE),
    ("he_may_be_another_person", "Prime Minister Ito met Kenichiro Sasae in Tokyo. He said the "
     "talks were useful.", "Kenichiro Sasae", (), Role.MENTION),
    ("he_after_the_subject", "Senior Fellow Tetsuo Kotani visited Seoul. He said the talks were "
     "useful.", "Tetsuo Kotani", (), Role.QUOTE),
    ("another_speaker_in_the_next_sentence_is_not", "Kenichiro Sasae sat in the front row. The "
     "minister spoke first, and she said the talks would resume.", "Kenichiro Sasae", (),
     Role.MENTION),
    # a speaker profile is a mention, an op-ed's closing bio stays authored
    ("profile", "Toshihiro Nakayama is a professor of politics at Keio University. Nakayama is "
     "also an adjunct fellow at JIIA. His publications include two books.", "Toshihiro Nakayama",
     (), Role.MENTION),
    ("tagline_opening_a_long_piece_stays_authored", "Toshihiro Nakayama is a professor of politics "
     "at Keio University. He is also an adjunct fellow at JIIA.\n\n" + "The alliance must adapt. "
     * 40, "Toshihiro Nakayama", (), Role.AUTHORED),
    ("closing_bio_stays_authored", "The alliance must adapt to a harder world. Deterrence "
     "needs allies.\n\nToshihiro Nakayama is a professor of politics at Keio University.",
     "Toshihiro Nakayama", (), Role.AUTHORED),
    # a publication list: a quoted title and the author with the affiliation only
    ("quoted_title_listing", "Treaty in Force: “Face the Reality of Security,” Nobumasa Akiyama, "
     "Professor, Hitotsubashi University [In Japanese]", "Nobumasa Akiyama", (), Role.AUTHORED),
    # a list of writings: a title, a date, the name with its affiliation only
    ("dated_listing_one_line", "Japan's Choices After the Summit, 04-02-2025, Masafumi Ishii "
     "(Managing Director, JIIA)", "Masafumi Ishii", (), Role.AUTHORED),
    ("dated_listing_lines", "Japan's Choices After the Summit\n04-02-2025\nMasafumi Ishii "
     "(Managing Director, JIIA)", "Masafumi Ishii", (), Role.AUTHORED),
    ("dated_event_line_is_not_writing", "Seminar on the Summit, 04-02-2025, Masafumi Ishii "
     "(Managing Director, JIIA)", "Masafumi Ishii", (), Role.MENTION),
    # "think tanks" is no verb of thinking
    ("think_tanks_are_not_a_cue", "Yoshiji Nogami discusses the role of think tanks.",
     "Yoshiji Nogami", (), Role.MENTION),
]


@pytest.mark.parametrize(
    ("text", "name", "others", "role"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_role(text: str, name: str, others: tuple[str, ...], role: Role) -> None:
    start = text.index(name)
    spans = tuple((text.index(other), text.index(other) + len(other)) for other in others)
    context = role_context(Article(url="https://example.test/a", text=text))
    decision = classify_role(text, start, start + len(name), context, others=spans)
    assert decision.role is role, decision
