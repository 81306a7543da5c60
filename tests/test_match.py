"""Matcher and role classification, case by case (table-driven, named cases)."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.match import DETECTED, Matcher, citable_titles, romanised_variants
from pipeline.normalize import kana_spellings
from pipeline.outlets import media_type_for
from pipeline.types import (
    Article,
    Config,
    ExpertConfig,
    InstituteConfig,
    MediaType,
    MentionCandidate,
    OutletConfig,
    PublicationRecord,
    Role,
    TargetKind,
)

CONFIG = Config(
    institute=InstituteConfig(
        name="日本国際問題研究所",
        aliases=("国際問題研究所", "JIIA", "Japan Institute of International Affairs",
                 "Institute of International Affairs"),
        domains=("jiia.or.jp",),
    ),
    experts=(
        ExpertConfig(
            id="kotani", name="小谷哲男", aliases=("小谷 哲男", "Tetsuo Kotani"),
            titles=("主任研究員", "Senior Fellow"), exclude=("投手", "pitcher"),
        ),
        ExpertConfig(id="tosaki", name="戸﨑洋史", aliases=("Hirofumi Tosaki",)),
        ExpertConfig(id="kono", name="河野太郎", aliases=("Taro Kōno",)),
        ExpertConfig(id="sasae", name="佐々江賢一郎", aliases=("Kenichiro Sasae",)),
        ExpertConfig(
            id="yamazaki", name="山﨑周", aliases=("Amane Yamazaki",), titles=("研究員",),
            require_context=True, topics=("中国",),
        ),
    ),
    outlets=(
        OutletConfig(name="NHK", media_type=MediaType.TV, domains=("nhk.or.jp",)),
        OutletConfig(name="NHK World", media_type=MediaType.TV, language="en",
                     domains=("www3.nhk.or.jp",)),
        OutletConfig(name="読売新聞", media_type=MediaType.NEWSPAPER, domains=("yomiuri.co.jp",)),
    ),
)
PUBLICATIONS = (
    PublicationRecord(
        url="https://www.jiia.or.jp/strategic_comment/2024-05.html",
        title="台湾有事と日本の抑止力",
        pub_type="戦略コメント",
        language="ja",
        published=datetime(2024, 5, 1),
    ),
)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(CONFIG, PUBLICATIONS)


def detected(matcher: Matcher, text: str, **kwargs: object) -> dict[str, MentionCandidate]:
    article = Article(url="https://example.test/a", text=text, **kwargs)  # type: ignore[arg-type]
    return {
        c.target_id: c for c in matcher.find_mentions(article) if c.confidence >= DETECTED
    }


FOUND = [
    # a byline runs into the first sentence's capitalised word ("… Kotani From 2014 …")
    ("byline-into-a-sentence", "By Jane Doe and Tetsuo Kotani From 2014 to 2022, investment fell.",
     "kotani"),
    # a name run into its post, after a faculty (科) or before a unit and its post
    ("coauthor-byline-into-a-place-name", "By Jane Doe and Tetsuo Kotani Beijing will no doubt "
     "read the vote as an affront.", "kotani"),
    ("request-pending-is-no-school", "パネリスト：小谷哲男（依頼中）", "kotani"),
    ("byline-into-a-place-name", "By Tetsuo Kotani Beijing will no doubt read the vote as an "
     "affront.", "kotani"),
    ("newly-taken-post", "日本国際問題研究所の小谷哲男新所長が就任会見を開いた。", "kotani"),
    ("faculty-before-the-name", "本校一般教育科小谷哲男教授がNHKに出演します。", "kotani"),
    ("unit-and-post-after-the-name", "続いて小谷哲男海洋政策センター所長が説明した。", "kotani"),
    ("kanji", "日本国際問題研究所の小谷哲男主任研究員は述べた。", "kotani"),
    ("variant-kanji-in-text", "戸崎洋史氏が述べた。", "tosaki"),
    ("variant-kanji-in-alias", "戸﨑洋史氏が述べた。", "tosaki"),
    ("spaced", "小谷 哲男氏は語った。", "kotani"),
    ("ideographic-space", "小谷\u3000哲男氏は語った。", "kotani"),
    ("dotted", "小谷・哲男氏は語った。", "kotani"),
    ("in-a-list", "出演：小谷哲男・戸﨑洋史両氏", "tosaki"),
    ("first-in-a-list", "出演：小谷哲男・戸﨑洋史両氏", "kotani"),
    ("title-before", "主任研究員小谷哲男が解説", "kotani"),
    ("org-and-title-after", "小谷哲男明海大学教授は指摘した。", "kotani"),
    ("romanised", "Tetsuo Kotani said.", "kotani"),
    ("reversed", "Kotani Tetsuo said.", "kotani"),
    ("caps-surname", "KOTANI Tetsuo said.", "kotani"),
    ("comma-form", "Kotani, Tetsuo. 2023. Title.", "kotani"),
    ("possessive", "Tetsuo Kotani's report", "kotani"),
    ("macron-in-alias", "Taro Kono said.", "kono"),
    ("oh-spelling", "Taro Kohno said.", "kono"),
    ("ou-spelling", "Kouno Taro said.", "kono"),
    ("apostrophe-spelling", "Ken'ichiro Sasae said.", "sasae"),
    ("hyphen-spelling", "Ken-ichiro Sasae said.", "sasae"),
    ("surname-and-title", "日本国際問題研究所の小谷主任研究員は述べた。", "kotani"),
    ("context-title", "山﨑周研究員は述べた。", "yamazaki"),
    ("context-topic", "中国の動向について山崎周氏が述べた。", "yamazaki"),
    ("institute", "日本国際問題研究所が発表した。", "institute"),
    ("institute-legal-form", "公益財団法人日本国際問題研究所は", "institute"),
    ("institute-director", "日本国際問題研究所長が語った", "institute"),
    ("institute-host", "日本国際問題研究所主催のシンポジウム", "institute"),
    ("institute-latin", "The Japan Institute of International Affairs said", "institute"),
    ("institute-tokyo-based", "the Tokyo-based Institute of International Affairs said", "institute"),
    ("publication-title", "戦略コメント「台湾有事と日本の抑止力」によると", "https://www.jiia.or.jp/strategic_comment/2024-05.html"),
    ("iteration-mark-written-out", "佐佐江賢一郎氏が述べた。", "sasae"),
    ("kana-reading-from-romanised", "（こたに・てつお＝日本国際問題研究所主任研究員）", "kotani"),
    ("katakana-reading", "コタニ・テツオ氏が語った。", "kotani"),
    ("kana-long-vowel", "（こうの・たろう＝政治家）", "kono"),
    ("surname-honorific-institute", "日本国際問題研究所の小谷氏は述べた。", "kotani"),
    ("colleague-vouches", "The report was co-written by Tetsuo Kotani and Amane Yamazaki.", "yamazaki"),
    ("former-post-is-no-namesake", "小谷哲男・元毎日新聞記者は語った。", "kotani"),
    ("chairing-an-association-is-no-namesake", "佐々江賢一郎・日米協会会長は述べた。", "sasae"),
    # a trade before the name marks a namesake only without the expert's title or context
    ("activity-before-the-name-with-a-title", "勉強会を主宰する小谷哲男主任研究員が講演した。", "kotani"),
    ("trade-before-the-name-with-the-institute", "書道教室を開く日本国際問題研究所の小谷哲男さんは語った。",
     "kotani"),
    ("trade-before-the-name-with-a-title-after", "Farmer Tetsuo Kotani, a senior fellow at JIIA, said so.",
     "kotani"),
    ("research-before-the-name-is-no-trade", "日米同盟を研究する小谷哲男さんが講演した。", "kotani"),
    ("a-trade-of-someone-else-after-the-name", "小谷哲男さん、歌手の山田花子さんと対談した。", "kotani"),
    # words of sport with the institute nearby: the expert speaking about sport
    ("sports-words-with-the-institute",
     "日本国際問題研究所の小谷哲男氏は、五輪の決勝や試合会場の警備に課題があると指摘した。", "kotani"),
    # the given name reduced to its initial, with the institute nearby or a title next to it
    ("initial-with-the-institute", "The forum opened with welcome speeches by T.Kotani of the "
     "Japan Institute of International Affairs and a vice-rector.", "kotani"),
    ("initial-with-a-title", "T. Kotani, Senior Fellow, chaired the second session.", "kotani"),
    # an English honorific and the surname with the institute in the sentence
    ("latin-honorific-with-the-institute", "Mr. Kotani of JIIA said the drills were a rehearsal.",
     "kotani"),
]


@pytest.mark.parametrize(("text", "target"), [c[1:] for c in FOUND], ids=[c[0] for c in FOUND])
def test_found(matcher: Matcher, text: str, target: str) -> None:
    assert target in detected(matcher, text)


NOT_FOUND = [
    ("inside-longer-name", "大小谷哲男太が来た。", "kotani"),
    ("longer-given-name", "小谷哲男太郎氏が立候補した。", "kotani"),
    ("latin-inside-word", "Tetsuo Kotanishi said.", "kotani"),
    ("katakana-longer-word", "コタニテツオマン", "kotani"),
    ("surname-only", "小谷氏は語った。", "kotani"),
    ("china-institute", "中国国際問題研究所の研究員", "institute"),
    ("csis", "米戦略国際問題研究所（CSIS）", "institute"),
    ("longer-body-after", "国際問題研究所連合の総会", "institute"),
    ("singapore-institute", "The Singapore Institute of International Affairs said", "institute"),
    ("royal-institute", "the Royal Institute of International Affairs said", "institute"),
    ("excluded-namesake", "小谷哲男投手が完封した。", "kotani"),
    ("excluded-namesake-en", "Pitcher Tetsuo Kotani threw a shutout.", "kotani"),
    ("require-context-fails", "山崎周さんが店を開いた。", "yamazaki"),
    ("surname-title-without-institute", "小谷主任研究員は述べた。", "kotani"),
    ("place-name", "山崎周辺の道路", "yamazaki"),
    ("surname-honorific-without-institute", "小谷氏の後任が決まった。", "kotani"),
    ("initial-without-context", "T. Kotani remarked in his talk that trade matters.", "kotani"),
    ("latin-honorific-without-institute", "Mr. Kotani said the drills were a rehearsal.", "kotani"),
    ("occupation-after-name", "市議会で戸﨑洋史議員が質問した。", "tosaki"),
    ("age-after-name", "近くに住む小谷哲男さん（81）が見つけた。", "kotani"),
    ("age-after-name-en", "Tetsuo Kotani, 32, a firefighter, was honoured.", "kotani"),
    ("appositive-describes-another", "Hirofumi Tosaki, a violinist with the orchestra, played.", "tosaki"),
    ("company-head-appositive", "Hirofumi Tosaki, president of Nagoya-based bearing maker Tosaki "
     "Kogyo, said orders had slowed.", "tosaki"),
    ("company-head-appositive-then-trade", "Hirofumi Tosaki, president of Tosaki Kogyo, a "
     "Nagoya-based maker of bearings, said orders had slowed.", "tosaki"),
    ("company-head-named-before", "Nagoya bearing maker Tosaki Kogyo said its president, "
     "Hirofumi Tosaki, would retire.", "tosaki"),
    ("company-head-appositive-industries", "\"Orders held,\" said Hirofumi Tosaki, president of "
     "Tosaki Precision Industries, a parts supplier.", "tosaki"),
    ("inside-longer-proper-name", "The Tetsuo Kotani Trio will play at the club tonight.", "kotani"),
    ("post-of-another-body", "小谷哲男・市教育委員会学校教育課長は「点検を急ぐ」と述べた。", "kotani"),
    ("trade-before-the-name", "ピアノ教室を主宰する小谷哲男さんがリサイタルを開いた。", "kotani"),
    ("trade-noun-before-the-name", "農家の小谷哲男さんが新米を収穫した。", "kotani"),
    ("trade-before-the-name-en", "Pianist Tetsuo Kotani opens the season with Chopin.", "kotani"),
    # a profile's trade right after the name, its reading and honorific
    ("trade-after-the-name", "小谷哲男（こたに・てつお）さん　画家。個展を開く。", "kotani"),
    ("trade-after-the-reading", "戸﨑洋史（とさき・ひろふみ）さん　歌手。福岡県出身。", "tosaki"),
    ("sports-position-before-the-name-en", "Swallows catcher Hirofumi Tosaki drove in two runs.",
     "tosaki"),
    ("sports-context", "先発の戸﨑洋史は8回を3安打無失点に抑え、今季3勝目。", "tosaki"),
    ("sports-context-en", "Hirofumi Tosaki pitched seven innings and allowed two home runs.", "tosaki"),
    # the rest of a longer name and then a post: not the expert
    ("longer-name-then-post", "防衛研究所の小谷哲男一主任研究官は「海の安全が要だ」と述べた。", "kotani"),
    ("music-by-a-trio", "Music by the Tetsuo Kotani Trio closes the evening.", "kotani"),
    ("school-in-brackets", "ピアノ独奏の部で小谷哲男さん（市立第二小）が金賞に選ばれた。", "kotani"),
    ("sports-captains-en", "The captains of both sides, Jane Doe and Hirofumi Tosaki, will mark the "
     "landmark in their sporting lives on Thursday.", "tosaki"),
    # 小谷 is followed by another given name; the later 小谷主任研究員 has no institute nearby
    ("surname-before-another-given-name",
     "明治大学の小谷哲也教授は「同盟の信頼性が問われる」と語った。小谷主任研究員は欠席した。", "kotani"),
    # a surname that passed its rules does not lift a full name that failed them
    ("surname-does-not-lift-a-namesake",
     "小谷哲男投手が完封した。試合は九回まで息詰まる展開が続き、スタンドは最後まで沸き続けていた。"
     "地元の少年野球チームの子どもたちも応援に駆けつけた。小谷は「最高の気分だ」と語った。", "kotani"),
]


@pytest.mark.parametrize(
    ("text", "target"), [c[1:] for c in NOT_FOUND], ids=[c[0] for c in NOT_FOUND]
)
def test_not_found(matcher: Matcher, text: str, target: str) -> None:
    assert target not in detected(matcher, text)


LOW = [
    ("exclude", "小谷哲男投手が完封した。", "kotani", "exclude"),
    ("require-context", "山崎周さんが店を開いた。", "yamazaki", "require_context"),
    ("occupation", "市議会で戸﨑洋史議員が質問した。", "tosaki", "occupation"),
    ("age", "近くに住む小谷哲男さん（81）が見つけた。", "kotani", "age"),
    ("post", "小谷哲男・市教育委員会学校教育課長は述べた。", "kotani", "post"),
    ("trade-before", "ピアノ教室を主宰する小谷哲男さんがリサイタルを開いた。", "kotani", "activity"),
    ("trade-after", "小谷哲男（こたに・てつお）さん　写真家。", "kotani", "activity"),
    ("sports", "競泳の日本選手権で戸崎洋史（日大）が自己ベストを出した。", "tosaki", "sport"),
    ("initial", "T. Kotani remarked in his talk that trade matters.", "kotani", "initial"),
    ("school-grade", "ピアノ部門の中学生の部では、小谷哲男さん（中学2年）が金賞に輝いた。", "kotani",
     "school grade"),
    ("bare-school-grade", "県大会で優勝した吹奏楽部の部長、小谷哲男さん（2年）は「最高の夏」と笑った。",
     "kotani", "school grade"),
]


@pytest.mark.parametrize(("text", "target", "why"), [c[1:] for c in LOW], ids=[c[0] for c in LOW])
def test_failed_rule_is_kept_with_low_confidence_and_reason(
    matcher: Matcher, text: str, target: str, why: str
) -> None:
    found = {c.target_id: c for c in matcher.find_mentions(Article(url="u", text=text))}
    assert found[target].confidence < DETECTED
    assert why in found[target].reason


ROLES = [
    ("appearance-activity-log", "2024年5月3日 NHK「国際報道2024」に小谷哲男主任研究員が出演", Role.APPEARANCE),
    ("quote-ja", "小谷哲男主任研究員は「抑止が鍵だ」と指摘した。", Role.QUOTE),
    ("quote-en", "Tetsuo Kotani, a senior fellow, said the alliance is strong.", Role.QUOTE),
    ("according-to", "According to Tetsuo Kotani, the risk is rising.", Role.QUOTE),
    ("authored-kiko", "小谷哲男主任研究員が『外交』に寄稿した。", Role.AUTHORED),
    ("authored-by", "By Tetsuo Kotani\nJapan's strategy is changing.", Role.AUTHORED),
    ("authored-citation", "小谷哲男「日米同盟の行方」『外交』Vol.70", Role.AUTHORED),
    ("interview-ja", "小谷哲男主任研究員に聞いた。", Role.INTERVIEW),
    ("interview-en", "In an interview, Tetsuo Kotani discussed Taiwan.", Role.INTERVIEW),
    ("mention", "会合には小谷哲男主任研究員も同席した。", Role.MENTION),
    ("tv-label", "出演：小谷哲男（日本国際問題研究所）", Role.APPEARANCE),
    ("surname-carries-role", "Tetsuo Kotani attended. \"It is serious,\" Kotani said.", Role.QUOTE),
    ("initial-speaker-listed-after-speeches", "The forum opened with welcome speeches by "
     "T.Kotani, Senior Fellow of the Japan Institute of International Affairs, and a rector.",
     Role.TALK),
    ("latin-honorific-carries-role", "Tetsuo Kotani attended the forum. Dr. Kotani warned that "
     "the treaty is at risk.", Role.QUOTE),
    ("relative-clause-yields", "Tetsuo Kotani, who spoke at the forum, warned of risks.", Role.QUOTE),
    ("setting-of-a-statement", "小谷哲男主任研究員は講演で「抑止が鍵だ」と述べた。", Role.QUOTE),
    ("coordinated-with-previous", "報告書の執筆には戸﨑洋史氏と小谷哲男主任研究員も加わった。", Role.AUTHORED),
    ("another-subject-speaks", "小谷哲男主任研究員の下で働いた職員は「厳しい人だ」と振り返る。", Role.MENTION),
    ("quotative-to", "小谷哲男主任研究員は、同盟の負担は増すと予測する。", Role.QUOTE),
    ("reported-that", "Tetsuo Kotani reckoned that the drills were a rehearsal.", Role.QUOTE),
    ("headline-quote-before", "「同盟は新段階に」　小谷哲男・日本国際問題研究所主任研究員", Role.QUOTE),
    ("column-signature", "日米同盟の新段階（上）　小谷哲男　日本国際問題研究所主任研究員", Role.AUTHORED),
    ("work-title-published", "小谷哲男主任研究員の「同盟の再定義」が掲載されました。", Role.AUTHORED),
    ("co-author-citation", "小谷哲男・戸﨑洋史（2024）『日本の安全保障』", Role.AUTHORED),
    ("event-verb", "Tetsuo Kotani delivered a keynote speech in Manila.", Role.TALK),
    ("speaking-at-press-conference", "Speaking at a press conference, Tetsuo Kotani said no.", Role.QUOTE),
    ("about-the-author", "About the author: Tetsuo Kotani is a senior fellow at JIIA.", Role.AUTHORED),
    ("passive-by-is-not-byline", "The forum was opened by Tetsuo Kotani.", Role.TALK),
    # the name is the object (を) of a verb whose subject is someone else
    ("object-of-another-subjects-verb",
     "外務省は日本国際問題研究所の小谷哲男主任研究員ら8人を委員に起用すると発表した。", Role.MENTION),
    # a cue noun bound to the name by a particle is the name's, not the earlier subject's
    ("cue-bound-to-the-name",
     "戸﨑洋史所長が論考「核の行方」を寄せたほか、小谷哲男主任研究員へのインタビュー「同盟の信頼」を掲載している。",
     Role.INTERVIEW),
    ("interview-after-a-comma", "元外交官の小谷哲男氏に、日米関係の展望を聞いた。", Role.INTERVIEW),
    ("speech-given", "小谷哲男主任研究員が国際会議の開会セッションでスピーチを行いました。", Role.TALK),
    ("speech-talked-about", "首相の演説について、小谷哲男主任研究員は「踏み込んだ」と分析した。", Role.QUOTE),
    ("studio-guest", "今夜は、日本国際問題研究所の小谷哲男さんにスタジオにお越しいただきました。",
     Role.APPEARANCE),
    # a press conference given, with no statement reported, is an appearance …
    ("press-conference-given",
     "政策提言の発表記者会見（2024年12月10日）で、小谷哲男主任研究員が概要を説明しました。",
     Role.APPEARANCE),
    # … with what was said, the statement is a quote
    ("press-conference-statement", "小谷哲男主任研究員は記者会見し、「同盟は揺るがない」と語った。",
     Role.QUOTE),
    ("press-conference-setting", "小谷哲男主任研究員は記者会見で「同盟は揺るがない」と述べた。", Role.QUOTE),
    # a label naming several roles yields to the sentence's own cue; a one-role label decides
    ("mixed-line-label-yields",
     "【寄稿・コメント】戸﨑洋史所長が『外交』に寄稿しました。また、小谷哲男主任研究員のコメントが"
     "朝日新聞に掲載されました。", Role.QUOTE),
    ("mixed-line-label-words-are-not-cues",
     "【出演・寄稿】NHK「日曜討論」に小谷哲男主任研究員が出演しました。", Role.APPEARANCE),
    ("mixed-line-label-without-cue", "【寄稿・コメント】小谷哲男主任研究員、毎日新聞（5月1日）",
     Role.AUTHORED),
    ("one-role-line-label-decides", "【テレビ出演】小谷哲男主任研究員が米大統領選について解説しました。",
     Role.APPEARANCE),
    ("genre-before-work-title",
     "小谷哲男主任研究員の年頭所感「分断の時代」を当研究所ウェブサイトに掲載しました。", Role.AUTHORED),
    ("spoken-genre-before-title", "小谷哲男主任研究員のインタビュー「分断の時代」を掲載しました。",
     Role.INTERVIEW),
    ("column-head-goes-on-after-the-author",
     "経済教室　同盟の行方（上）　抑止の信頼性が鍵に　小谷哲男　日本国際問題研究所主任研究員"
     "　ポイント　○抑止力を強化", Role.AUTHORED),
    ("work-by-a-described-name",
     "A 2023 study by JIIA researcher Tetsuo Kotani found that most narratives originated abroad.",
     Role.AUTHORED),
    ("work-by-someone-else-citing-the-name",
     "A study by Harvard cited Tetsuo Kotani on the alliance.", Role.MENTION),
    ("name-was-cited", "Dr. Tetsuo Kotani was cited in an Associated Press article on the drills.",
     Role.QUOTE),
    ("name-s-work-was-cited", "Tetsuo Kotani's 2023 report on maritime security is widely cited in Tokyo.",
     Role.MENTION),
    # the broadcast/event convention: on air, the words said are part of the appearance …
    ("broadcast-with-words-is-an-appearance",
     "テレビ朝日「報道ステーション」に出演した小谷哲男主任研究員は、「中国は出方を見極めている」と述べた。",
     Role.APPEARANCE),
    ("broadcast-with-words-is-an-appearance-en",
     "Tetsuo Kotani appeared on NHK World's Newsline and said the alliance was strong.", Role.APPEARANCE),
    # … at an event, words reported make a quote, however the event is introduced …
    ("lecturer-whose-words-are-reported", "講演した小谷哲男主任研究員は「抑止が鍵だ」と述べた。", Role.QUOTE),
    ("lectured-then-words-reported",
     "小谷哲男主任研究員は8日、松江市内で講演し、「同盟の実効性は日本の努力にかかっている」と述べた。",
     Role.QUOTE),
    ("speaking-at-a-webinar-said",
     "Speaking at a webinar hosted by the Stimson Center, Tetsuo Kotani said a freeze was realistic.",
     Role.QUOTE),
    ("keynote-urging", "Tetsuo Kotani delivered the keynote at the forum, urging allies to do more.",
     Role.QUOTE),
    # … and without them the event stays a talk (a topic is not a statement)
    ("greeting-and-a-topic-stay-a-talk",
     "小谷哲男主任研究員は式典であいさつし、研究所の創立以来の歩みを振り返った。", Role.TALK),
    ("keynote-without-words", "Tetsuo Kotani delivered the keynote at the Tokyo Global Dialogue.",
     Role.TALK),
    # a work announced at a press conference is presented there, not written by the name
    ("report-announced-at-a-press-conference",
     "小谷哲男主任研究員は9日、東京都内で記者会見し、年次報告書「戦略年次報告2024」を発表した。",
     Role.APPEARANCE),
    ("report-published-without-an-event", "小谷哲男主任研究員は報告書「日米同盟の将来」を発表した。",
     Role.AUTHORED),
    ("paper-the-name-published-analyses",
     "日本国際問題研究所の小谷哲男主任研究員がウェブサイトで公表した論考は、同盟の負担が「増す」と分析している。",
     Role.AUTHORED),
    ("memoir-of-the-subject",
     "In a newly published memoir, former ambassador Tetsuo Kotani recounts the weeks after the earthquake.",
     Role.AUTHORED),
    ("memoir-of-someone-else-names-him",
     "In his newly published memoir, Abe devotes a chapter to Tetsuo Kotani.", Role.MENTION),
    ("memoir-with-a-descriptor",
     "In a recent essay for Foreign Affairs, Tetsuo Kotani of JIIA argues that deterrence is eroding.",
     Role.AUTHORED),
    ("acknowledged-en", "The author thanks Tetsuo Kotani of JIIA for comments on an earlier draft.",
     Role.MENTION),
    ("acknowledged-ja",
     "本書の執筆に当たっては、小谷哲男氏（日本国際問題研究所主任研究員）から貴重な助言を得た。", Role.MENTION),
    ("what-the-name-said-is-no-acknowledgement",
     "小谷哲男氏（日本国際問題研究所）の話　北朝鮮は技術支援を得ている可能性が高い。", Role.QUOTE),
    ("a-comment-obtained-is-no-acknowledgement", "小谷哲男主任研究員から「抑止が鍵だ」とのコメントを得た。",
     Role.QUOTE),
    ("comment-by-is-a-quote",
     "Comment by Tetsuo Kotani, Senior Fellow, in Al Jazeera's coverage of the talks — Oct 9 2024",
     Role.QUOTE),
    ("analysis-by-is-authored", "Analysis by Tetsuo Kotani, Senior Fellow, on the talks", Role.AUTHORED),
    ("cited-by-in-a-log-line", "Dec. 22, 2023: Tetsuo Kotani cited by Bloomberg on the defense budget",
     Role.QUOTE),
    ("citing-in-his-own-paper", "Tetsuo Kotani cited in his paper the figures from the ministry.",
     Role.AUTHORED),
    ("broadcaster-s-titled-programme",
     'Tetsuo Kotani joined ABC Radio National\'s "Between the Lines" to discuss AUKUS.', Role.APPEARANCE),
    ("university-s-titled-faculty", 'Tetsuo Kotani joined the university\'s "Global Studies" faculty.',
     Role.MENTION),
    ("opened-the-conference", "Tetsuo Kotani opened the conference on maritime security.", Role.TALK),
    ("opened-an-office", "Tetsuo Kotani opened a new office in Manila.", Role.MENTION),
    ("citation-author-after-title", "日本国際問題研究所　研究レポート「日米同盟の行方」（小谷哲男、2024年8月30日）",
     Role.AUTHORED),
    ("quote-attribution-after-words", "「抑止が鍵だ」（小谷哲男主任研究員）と題する記事", Role.MENTION),
    ("konndankai-is-no-statement", "懇談会には小谷哲男主任研究員のほか、各国の大使らが出席した。", Role.MENTION),
    ("dan-after-the-name-is-a-statement", "同盟は新段階に入った。（小谷哲男主任研究員談）", Role.QUOTE),
    ("qa-header",
     "小谷哲男・日本国際問題研究所主任研究員\n――同盟はどこへ向かいますか。\n小谷　抑止の強化が続きます。",
     Role.INTERVIEW),
    ("qa-answer-turn-en",
     "Q: Will the alliance hold?\nTetsuo Kotani: It will, but it needs work.", Role.INTERVIEW),
    ("turns-without-a-question-are-no-interview",
     "荻上　今夜は小谷哲男さんにスタジオにお越しいただきました。\n小谷哲男　よろしくお願いします。",
     Role.APPEARANCE),
    ("column-head-is-no-interview", "日米同盟の行方　小谷哲男\n同盟は新段階に入った。", Role.AUTHORED),
    # a quoted title (「…」と題して) is not reported speech
    ("titled-lecture", "小谷哲男主任研究員が「同盟の行方」と題して講演した。", Role.TALK),
    ("titled-press-conference",
     "小谷哲男主任研究員が日本記者クラブで「同盟の行方」と題して記者会見を行いました。", Role.APPEARANCE),
    ("titled-lecture-with-words",
     "小谷哲男主任研究員は「同盟の行方」と題して講演し、「抑止が鍵だ」と述べた。", Role.QUOTE),
    # parliamentary testimony is an event: an appearance, a quote with words reported
    ("testimony-ja",
     "小谷哲男主任研究員が衆議院外務委員会に参考人として出席し、意見陳述を行いました。", Role.APPEARANCE),
    ("testimony-ja-with-words",
     "小谷哲男主任研究員は参院外交防衛委員会の参考人質疑で「抑止が鍵だ」と述べた。", Role.QUOTE),
    ("a-police-witness-is-no-testimony", "警察は小谷哲男主任研究員から参考人として事情を聴いた。",
     Role.MENTION),
    # the topic (研究所は) says it, the name is the subject of the clause it announces
    ("topic-announces",
     "日本国際問題研究所は1日付で、小谷哲男主任研究員が所長に就任したと発表した。", Role.MENTION),
    ("name-with-ga-speaks", "日本国際問題研究所の小谷哲男主任研究員が「抑止が鍵だ」と指摘した。",
     Role.QUOTE),
    ("topic-inside-the-quoted-clause", "中国は台湾を狙っている、と小谷哲男主任研究員が指摘した。",
     Role.QUOTE),
    ("time-topic-does-not-speak", "今回は小谷哲男主任研究員が「抑止が鍵だ」と述べた。", Role.QUOTE),
    ("setting-topic-does-not-speak", "会見では小谷哲男主任研究員が「抑止が鍵だ」と述べた。", Role.QUOTE),
    # a contents line: title／author（affiliation）
    ("contents-line-slash", "日米同盟の行方／小谷哲男（日本国際問題研究所主任研究員）", Role.AUTHORED),
    ("outlet-and-date-slash-is-no-contents-line", "毎日新聞（5月3日）／小谷哲男主任研究員", Role.MENTION),
    # a verb of discussion in a publication is the name's work; at an event or alone it is not
    ("discussed-in-a-journal", "『外交』最新号で、小谷哲男主任研究員が日米同盟の将来を論じた。",
     Role.AUTHORED),
    ("discussed-in-a-lecture", "小谷哲男主任研究員は講演で日米同盟の将来を論じた。", Role.TALK),
    ("discussed-on-air", "NHKの番組で小谷哲男主任研究員が日米同盟の将来を論じた。", Role.APPEARANCE),
    ("discussed-without-a-publication", "小谷哲男主任研究員が日米同盟の将来を論じた。", Role.MENTION),
    # attending an event is no part in it; an act at it still is
    ("attended-a-press-conference", "3月の公表記者会見には小谷哲男主任研究員も同席した。", Role.MENTION),
    ("attended-and-spoke", "記者会見に出席した小谷哲男主任研究員は「抑止が鍵だ」と述べた。", Role.QUOTE),
    ("attended-a-webinar", "Tetsuo Kotani attended the webinar on maritime security.", Role.MENTION),
    ("attended-and-spoke-at-a-webinar",
     "Tetsuo Kotani attended and spoke at the webinar on maritime security.", Role.TALK),
    # the speaker of an event, named in a relative clause on it
    ("event-where-the-name-spoke",
     "The book was launched at an event where Tetsuo Kotani, who studies the alliance, spoke on "
     "deterrence.", Role.TALK),
    ("event-where-the-name-was-honoured",
     "The book was launched at an event where Tetsuo Kotani was honoured.", Role.MENTION),
    # a book cited with its publisher and year
    ("book-citation", "小谷哲男『日米同盟の行方――抑止と「安心供与」』（ウェッジ、2022年）", Role.AUTHORED),
    # an author bio block opened by the name and a space
    ("bio-block-born",
     "小谷哲男　1973年生まれ。同志社大学大学院博士課程修了。日本国際問題研究所主任研究員。",
     Role.AUTHORED),
    ("bio-block-speciality",
     "小谷哲男　日本国際問題研究所主任研究員。専門は日米同盟、海洋安全保障。", Role.AUTHORED),
    # a radio guest interviewed on the programme, a podcast guest: on air
    ("radio-guest-interviewed",
     "TBSラジオ「荻上チキ・Session」は、小谷哲男さんをゲストに迎え、海洋安全保障について話を聞いた。",
     Role.APPEARANCE),
    ("podcast-guest", "日経のポッドキャスト最新回に、小谷哲男主任研究員が登場。", Role.APPEARANCE),
    # a report the name compiled, cited
    ("report-compiled-by",
     "小谷哲男氏らがまとめた報告書『海洋安全保障の動向』によると、中国の艦艇数は増え続けている。",
     Role.AUTHORED),
    # an appointment announced by a body, with a date and the post before the name
    ("appointment-announced-with-a-date",
     "外務省は１日、日本国際問題研究所の所長に、元大使の小谷哲男氏が就任したと発表した。",
     Role.MENTION),
]


# Role cases the role model does not follow (it decides; the rule families are its
# features): each is kept, marked, with what the model says and why.
ROLE_MODEL_DISAGREES = {
    "memoir-of-someone-else-names-him": "kotani: authored (0.93), not mention. The "
    "memoir is someone else's (Abe's); the model weighs the memoir cue near the name, "
    "as in the corpus's own memoirs (the model disagrees; no convention differs)",
}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        pytest.param(
            *c[1:],
            id=c[0],
            marks=[pytest.mark.xfail(strict=True, reason=ROLE_MODEL_DISAGREES[c[0]])]
            if c[0] in ROLE_MODEL_DISAGREES
            else [],
        )
        for c in ROLES
    ],
)
def test_role(matcher: Matcher, text: str, role: Role) -> None:
    assert detected(matcher, text)["kotani"].role is role


SEVERAL = [
    # a list under one label: every item, however long its affiliation
    ("speakers-list",
     "Speakers: Kenichiro Sasae (President, JIIA); Hirofumi Tosaki (Director, Center for "
     "Disarmament, Science and Technology, JIIA); Tetsuo Kotani (Senior Fellow, JIIA)",
     {"sasae": Role.TALK, "tosaki": Role.TALK, "kotani": Role.TALK}),
    ("label-list-ends-at-a-sentence",
     "Speakers: Kenichiro Sasae (President, JIIA). Tetsuo Kotani said the forum was useful.",
     {"sasae": Role.TALK, "kotani": Role.QUOTE}),
    # closing bios of an op-ed: several authors, and titles without an article
    ("closing-bio-plural",
     "Europe and Japan have more to offer each other than either side admits.\n\n"
     "Hirofumi Tosaki and Tetsuo Kotani are research fellows at the Japan Institute of "
     "International Affairs.",
     {"tosaki": Role.AUTHORED, "kotani": Role.AUTHORED}),
    ("closing-bio-without-article",
     "Tokyo cannot afford to stay on the sidelines.\n\nHirofumi Tosaki is director of the Center "
     "for Disarmament, Science and Technology at JIIA.",
     {"tosaki": Role.AUTHORED}),
    ("bio-that-opens-a-news-item-is-no-closing-bio",
     "Hirofumi Tosaki is director of the Center for Disarmament at JIIA. The centre hosted a "
     "two-day forum in Hiroshima this week, and organisers announced that next year's forum "
     "would move to Nagasaki, with a larger programme of panels, workshops and side events "
     "for students and diplomats from the region.",
     {"tosaki": Role.MENTION}),
    ("bio-after-reported-speech-is-no-closing-bio",
     "Tetsuo Kotani said the treaty was in trouble.\nHirofumi Tosaki is director of the centre.",
     {"kotani": Role.QUOTE, "tosaki": Role.MENTION}),
    # a broadcast programme makes an appearance only of the name it belongs to
    ("programme-belongs-to-its-guest",
     "2024年11月6日　テレビ東京「WBS」に戸﨑洋史所長が出演／同日付の日本経済新聞夕刊に"
     "小谷哲男主任研究員のコメントが掲載",
     {"tosaki": Role.APPEARANCE, "kotani": Role.QUOTE}),
    ("programme-shared-by-coordinated-names",
     "小谷哲男主任研究員と戸﨑洋史所長がNHKの番組で「抑止が鍵だ」と述べた。",
     {"kotani": Role.APPEARANCE, "tosaki": Role.APPEARANCE}),
    ("opened-and-moderated",
     "Tetsuo Kotani opened the conference and Hirofumi Tosaki moderated the Russia session.",
     {"kotani": Role.TALK, "tosaki": Role.TALK}),
    # the author of a published work, not the one who comments on it
    # a cue noun bound to another name (Bへのインタビュー) is not the subject's
    ("discussed-in-a-journal-and-an-interview-with-another",
     "戸﨑洋史所長が『外交』最新号で核軍縮を論じたほか、小谷哲男主任研究員へのインタビューも収録した。",
     {"tosaki": Role.AUTHORED, "kotani": Role.INTERVIEW}),
    ("subject-does-not-take-a-cue-bound-to-another",
     "特集には戸﨑洋史所長も加わり、小谷哲男主任研究員へのインタビューを掲載した。",
     {"tosaki": Role.MENTION, "kotani": Role.INTERVIEW}),
    # speaking at a press conference is an appearance (CONVENTIONS.md), attending it a mention
    ("attendance-is-the-name-s-own",
     "記者会見には戸﨑洋史所長が臨み、小谷哲男主任研究員も同席した。",
     {"tosaki": Role.APPEARANCE, "kotani": Role.MENTION}),
    # the broadcast/event convention across sentences: at an event, the name's words
    # reported later make a quote; the other panelist gives a talk …
    ("event-then-words-in-the-next-sentence",
     "小谷哲男主任研究員と戸﨑洋史所長がパネリストとして登壇した。小谷氏は「抑止が鍵だ」と語った。",
     {"kotani": Role.QUOTE, "tosaki": Role.TALK}),
    ("event-then-words-in-the-next-sentence-en",
     "Panelists included Hirofumi Tosaki and Tetsuo Kotani. Kotani said the alliance was strong.",
     {"kotani": Role.QUOTE, "tosaki": Role.TALK}),
    # … on air the words stay part of the appearance, and a topic alone reports no words
    ("broadcast-then-words-in-the-next-sentence",
     "テレビ朝日「報道ステーション」に小谷哲男主任研究員が出演した。小谷氏は「抑止が鍵だ」と語った。",
     {"kotani": Role.APPEARANCE}),
    ("broadcast-then-words-in-the-next-sentence-en",
     "Tetsuo Kotani appeared on NHK World. Kotani said the alliance was strong.",
     {"kotani": Role.APPEARANCE}),
    ("event-then-a-topic-in-the-next-sentence",
     "小谷哲男主任研究員がセミナーで講演した。小谷氏は概要を説明した。", {"kotani": Role.TALK}),
    # the studio guest of a TV programme explains: on air, like the one on the link
    ("studio-guest-explains",
     "NHK BS「国際報道2025」では戸﨑洋史所長が中継で出演し、スタジオでは小谷哲男主任研究員が"
     "欧州の対中姿勢を解説した。",
     {"kotani": Role.APPEARANCE, "tosaki": Role.APPEARANCE}),
    # a surname and title refers back to the full name (no institute named); the words
    # reported from a press conference are a quote, presenting at it with no words reported
    # is an appearance (CONVENTIONS.md: press conferences)
    ("press-conference-words-and-a-presentation",
     "記者会見には小谷哲男主任研究員と戸﨑洋史氏が出席した。小谷主任研究員は「抑止が鍵だ」と述べ、"
     "戸﨑氏が報告書の要点を説明した。",
     {"kotani": Role.QUOTE, "tosaki": Role.APPEARANCE}),
    ("work-published-and-someone-comments",
     "小谷哲男主任研究員が公表した論考について、戸﨑洋史所長は「説得力がある」と評した。",
     {"kotani": Role.AUTHORED, "tosaki": Role.QUOTE}),
]


# Conventions the role model (which decides; the rules' proposal is one of its features)
# does not follow yet: each case is kept, marked, with what the model says and why.
MODEL_DISAGREES = {
    "subject-does-not-take-a-cue-bound-to-another": "tosaki: interview, not mention. The "
    "cue is bound to the other name (へのインタビュー, a feature says so), but in the corpus an "
    "interview cue beside several names mostly makes each of them an interview",
    "event-then-words-in-the-next-sentence-en": "kotani: talk, not quote. The corpus labels "
    "an event's speakers whose words follow (\"Speakers included X, who said …\") talk",
    "press-conference-words-and-a-presentation": "tosaki: mention, not appearance. Both are "
    "first said to attend (出席した); the presentation that follows (説明した) is not read as "
    "the name's part in the conference (the model disagrees; no convention differs)",
}


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        pytest.param(
            *c[1:],
            marks=[pytest.mark.xfail(strict=True, reason=MODEL_DISAGREES[c[0]])]
            if c[0] in MODEL_DISAGREES
            else [],
        )
        for c in SEVERAL
    ],
    ids=[c[0] for c in SEVERAL],
)
def test_roles_of_several_names(matcher: Matcher, text: str, roles: dict[str, Role]) -> None:
    found = detected(matcher, text)
    assert {target: found[target].role for target in roles} == roles


def test_a_head_line_signature_yields_to_the_name_quoted_in_the_body(matcher: Matcher) -> None:
    title = "日米同盟「抑止は盤石ではない」　小谷哲男・主任研究員"
    quoted = "日本国際問題研究所の小谷哲男主任研究員は、抑止の信頼性が揺らいでいると指摘する。"
    found = detected(matcher, quoted, title=title)
    assert found["kotani"].role is Role.QUOTE
    column = "抑止の信頼性が揺らいでいる。日本は備えを急ぐべきだ。"
    assert detected(matcher, column, title="日米同盟の行方　小谷哲男")["kotani"].role is (
        Role.AUTHORED
    )


def test_byline_is_authored(matcher: Matcher) -> None:
    found = detected(matcher, "日米同盟は転機にある。", byline="小谷哲男（日本国際問題研究所）")
    assert found["kotani"].role is Role.AUTHORED
    assert found["kotani"].rule.startswith("byline")


@pytest.mark.xfail(
    strict=True,
    reason="kotani: mention (0.86), not interview. The title's cue fires as a feature, but "
    "the corpus has few titled interviews whose body is a bio line; the model disagrees "
    "(no convention differs)",
)
def test_title_announces_the_role(matcher: Matcher) -> None:
    found = detected(
        matcher, "日本国際問題研究所の小谷哲男主任研究員。1973年生まれ。", title="【インタビュー】日米同盟の行方"
    )
    # the role model decides (no rule does): its version is on the mention
    assert found["kotani"].model_version is not None
    assert found["kotani"].role is Role.INTERVIEW


def test_tv_outlet_with_broadcast_context_is_an_appearance(matcher: Matcher) -> None:
    article = Article(url="u", text="番組で小谷哲男主任研究員は「緊張が高まっている」と話した。")
    nhk = CONFIG.outlet("NHK")
    (candidate,) = [c for c in matcher.find_mentions(article, nhk) if c.target_id == "kotani"]
    assert candidate.role is Role.APPEARANCE


def test_a_name_is_not_read_across_a_line_break(matcher: Matcher) -> None:
    # "…Kotani⏎Tetsuo Kotani" also reads "Kotani Tetsuo", which runs into the next word
    # (a longer proper name); the full name inside the second line is the evidence.
    text = "Alliance under strain, says JIIA's Kotani\nTetsuo Kotani, a senior fellow, said so."
    found = detected(matcher, text)["kotani"]
    assert text[found.start : found.end] == "Tetsuo Kotani"
    assert found.reason.startswith("matched name")
    assert found.role is Role.QUOTE


def test_a_column_head_on_a_broadcast_site_lists_a_guest(matcher: Matcher) -> None:
    article = Article(url="u", text="日曜討論　防衛費の行方　小谷哲男　日本国際問題研究所主任研究員")
    (candidate,) = [
        c for c in matcher.find_mentions(article, CONFIG.outlet("NHK")) if c.target_id == "kotani"
    ]
    # the role model decides (no rule does): its version is on the mention
    assert candidate.model_version is not None
    assert candidate.role is Role.APPEARANCE


def test_a_surname_before_another_given_name_gives_no_role(matcher: Matcher) -> None:
    text = "日本国際問題研究所の小谷哲男主任研究員も同席した。明治大学の小谷哲也教授は「難しい」と語った。"
    found = detected(matcher, text)["kotani"]
    assert found.role is Role.MENTION
    assert "[[小谷哲男]]" in found.snippet


def test_one_candidate_per_target_with_the_strongest_role(matcher: Matcher) -> None:
    text = "小谷哲男氏が出演した。小谷哲男氏は「難しい」と述べた。小谷哲男氏も同席した。"
    candidates = [c for c in matcher.find_mentions(Article(url="u", text=text))]
    kotani = [c for c in candidates if c.target_kind is TargetKind.EXPERT]
    assert len(kotani) == 1
    assert kotani[0].role is Role.APPEARANCE


def test_snippet_offsets_and_alias_point_at_the_original(matcher: Matcher) -> None:
    text = "ＮＨＫで、日本国際問題研究所の小谷　哲男主任研究員が解説した。"
    found = detected(matcher, text)["kotani"]
    assert text[found.start : found.end] == "小谷　哲男"
    assert "[[小谷　哲男]]" in found.snippet
    assert found.alias in CONFIG.experts[0].all_names
    assert found.rule and found.reason


def test_links_cite_publications_and_the_institute(matcher: Matcher) -> None:
    article = Article(
        url="u",
        text="専門家の分析が話題だ。",
        links=(
            "https://jiia.or.jp/strategic_comment/2024-05.html/",
            "https://www.jiia.or.jp/en/",
        ),
    )
    found = {(c.target_kind, c.target_id): c for c in matcher.find_mentions(article)}
    publication = found[(TargetKind.PUBLICATION, PUBLICATIONS[0].url)]
    assert publication.role is Role.PUBLICATION_CITATION
    assert found[(TargetKind.INSTITUTE, "institute")].role is Role.PUBLICATION_CITATION


def test_matcher_without_targets_finds_nothing() -> None:
    empty = Matcher(Config(institute=InstituteConfig(name="")))
    assert empty.find_mentions(Article(url="u", text="小谷哲男")) == []


KANA = [
    ("long-vowel-dropped", "kyoko", "きょうこ"),
    ("plain", "takayama", "たかやま"),
    ("syllabic-n-unmarked", "kenichiro", "けんいちろう"),
    ("syllabic-n-marked", "ken'ichiro", "けんいちろう"),
    ("double-consonant", "hattori", "はっとり"),
    ("m-before-labial", "homma", "ほんま"),
]


@pytest.mark.parametrize(("word", "kana"), [c[1:] for c in KANA], ids=[c[0] for c in KANA])
def test_kana_spellings_of_a_romanised_word(word: str, kana: str) -> None:
    assert kana in kana_spellings(word)


def test_kana_spellings_refuse_what_is_not_japanese() -> None:
    assert kana_spellings("xi") == set()
    assert kana_spellings("smith") == set()


def test_romanised_variants_cover_orders_and_spellings() -> None:
    variants = romanised_variants("Kenichiro Sasae")
    assert {"kenichiro sasae", "sasae kenichiro", "ken'ichiro sasae", "sasae, kenichiro"} <= variants


OUTLETS = [
    ("exact", "https://nhk.or.jp/news/1", "NHK"),
    ("subdomain", "https://www.nhk.or.jp/news/1", "NHK"),
    ("longest-suffix", "https://www3.nhk.or.jp/nhkworld/en/news/1", "NHK World"),
    ("newspaper", "https://www.yomiuri.co.jp/politics/1", "読売新聞"),
    ("unknown", "https://example.com/", None),
    ("look-alike", "https://notnhk.or.jp/", None),
    ("garbage", "not a url", None),
]


@pytest.mark.parametrize(("url", "name"), [c[1:] for c in OUTLETS], ids=[c[0] for c in OUTLETS])
def test_media_type_for(url: str, name: str | None) -> None:
    outlet = media_type_for(url, CONFIG)
    assert (outlet.name if outlet else None) == name


@pytest.mark.parametrize(
    "link",
    [
        "https://www.jiia.or.jp/strategic_comment/2024-05.html",
        "http://jiia.or.jp/strategic_comment/2024-05.html?utm_source=x&utm_medium=y",
        "https://m.jiia.or.jp/strategic_comment/2024-05.html#top",
    ],
    ids=["same", "http-and-tracking", "mobile-host-and-fragment"],
)
def test_a_link_to_a_publication_is_a_citation_under_any_url_variant(link: str) -> None:
    from pipeline.dedup import canonical_url
    from pipeline.types import Article, Config, InstituteConfig, PublicationRecord, TargetKind

    record = PublicationRecord(
        url=canonical_url("https://www.jiia.or.jp/strategic_comment/2024-05.html"),
        title="インド太平洋の海洋秩序と日本",
        pub_type="戦略コメント",
        language="ja",
    )
    matcher = Matcher(Config(institute=InstituteConfig(name="日本国際問題研究所")), [record])
    article = Article(url="https://news.example.jp/a", text="詳しくはこちら。", links=(link,))
    found = {(c.target_kind, c.target_id) for c in matcher.find_mentions(article)}
    assert (TargetKind.PUBLICATION, record.url) in found


@pytest.mark.parametrize(
    ("title", "pub_type", "bare"),
    [
        ("戦略コメント（2024-12）インド太平洋の海洋秩序", "戦略コメント", "インド太平洋の海洋秩序"),
        ("研究レポート「米中対立と東南アジアの選択」", "研究レポート", "米中対立と東南アジアの選択"),
        ("Policy Brief No. 5: The Future of the NPT Review", "Policy Brief",
         "the future of the npt review"),
        ("年報（2025）日本外交の課題と展望", "年報", "日本外交の課題と展望"),
    ],
)
def test_citable_titles_drop_the_series_label(title: str, pub_type: str, bare: str) -> None:
    forms = citable_titles(title, pub_type)
    assert forms[1] == bare
    assert len(forms) == 2


def test_citable_titles_leave_plain_titles_and_drop_short_forms() -> None:
    assert citable_titles("ウクライナ戦争とロシアの継戦能力", "研究レポート") == [
        "ウクライナ戦争とロシアの継戦能力"
    ]
    assert citable_titles("戦略コメント（2025-01）北極", "戦略コメント") == ["戦略コメント(2025-01)北極"]
