"""A generated news world with known truth, for story-clustering tests and the bench.

Base stories (hand-written wire copy, real fixture articles passed in by the test, and
template-generated stories) are reprinted by outlets with the edits papers and portals
really make: new headlines, trimmed endings, an added local paragraph, other line
breaks, full/half-width digits, a credit such as （共同） appended or a dateline
dropped, a word or two changed, a footer or photo caption picked up by extraction.
Every copy remembers its base story, so clustering can be scored pairwise.

Deterministic for a given seed; no I/O. Not a test module (no ``test_`` prefix).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True, slots=True)
class BaseStory:
    """One original text: what every reprint of it is a copy of."""

    key: str
    lang: str
    title: str
    paragraphs: tuple[str, ...]
    agency: str | None = None
    alt_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Doc:
    """One placement of a base story: what the clustering sees, plus the truth."""

    doc_id: int
    story: str
    lang: str
    outlet: str
    title: str
    text: str
    published: datetime
    edits: tuple[str, ...] = field(default_factory=tuple)

    @property
    def full_text(self) -> str:
        """Title and body as one text, the way the collector hands a document over."""
        return f"{self.title}\n{self.text}"


# --- hand-written wire copy ---------------------------------------------------------
# Two pairs of different wire stories about the same summit: they share the leaders,
# the place, the date and a lead sentence, and must NOT be clustered together.

HANDWRITTEN: tuple[BaseStory, ...] = (
    BaseStory(
        key="ja-summit-kyodo",
        lang="ja",
        agency="共同",
        title="日米首脳、防衛協力の強化で一致　中国念頭に抑止力向上",
        alt_titles=("日米首脳会談　同盟の抑止力強化を確認", "防衛装備品の共同生産拡大へ　日米首脳が合意"),
        paragraphs=(
            "【ワシントン共同】岸田文雄首相は１０日午前（日本時間１０日夜）、ホワイトハウスで"
            "バイデン米大統領と会談した。両首脳は中国の海洋進出や北朝鮮の核・ミサイル開発を念頭に、"
            "日米同盟の抑止力と対処力を一層強化する方針で一致した。自衛隊と米軍の指揮統制の連携を"
            "強化するため、在日米軍司令部の機能を見直すことも確認した。",
            "首相は会談の冒頭、「日米同盟はかつてなく強固だ。インド太平洋地域の平和と安定のために、"
            "共に責任を果たしていきたい」と述べた。バイデン氏は「日本は最も緊密な同盟国の一つだ」と応じた。",
            "両首脳は防衛装備品の共同開発・生産を拡大することでも合意した。ミサイルの共同生産に向けた"
            "協議体を新設し、米国の防衛産業基盤の強化に日本が協力する。日本の防衛費増額について、"
            "バイデン氏は「歴史的な決断だ」と評価した。",
            "会談では、ロシアによるウクライナ侵攻が続く中、対ロ制裁とウクライナ支援を継続する方針も"
            "申し合わせた。中東情勢をめぐっては、人道状況の改善に向けて連携することを確認した。",
            "首相は１１日に米議会上下両院合同会議で演説する。日本の首相による合同会議での演説は、"
            "２０１５年の安倍晋三元首相以来９年ぶりとなる。",
        ),
    ),
    BaseStory(
        key="ja-summit-jiji",
        lang="ja",
        agency="時事",
        title="日米首脳、経済安保で連携確認　ＡＩ・半導体で協力文書",
        alt_titles=("先端技術で協力深化　日米首脳会談", "日本人飛行士の月面着陸へ　日米首脳が確認"),
        paragraphs=(
            "【ワシントン時事】岸田文雄首相は１０日、ホワイトハウスでバイデン米大統領と会談した。"
            "人工知能（ＡＩ）や半導体、量子技術などの先端分野で協力を深めることを確認し、経済安全保障の"
            "強化に向けた共同文書を取りまとめた。供給網の強靱化に向けて、重要鉱物の調達でも連携する。",
            "日本製鉄によるＵＳスチール買収計画については、会談で取り上げられなかったという。"
            "同行筋が明らかにした。",
            "両首脳は宇宙分野の協力でも合意し、米国が主導する月探査「アルテミス計画」で、将来の有人"
            "月面着陸に日本人宇宙飛行士を参加させる方針を確認した。実現すれば、米国人以外で初めて"
            "月面に降り立つことになる。",
            "首相は会談後の共同記者会見で「日米は世界の課題に共に取り組むグローバルなパートナーだ」と"
            "強調した。バイデン氏は「日米のパートナーシップはかつてなく強い」と語った。",
            "首相は国賓待遇で訪米しており、夜にはホワイトハウスでの公式晩さん会に出席する。"
            "晩さん会には米政財界の要人ら約２００人が招かれた。",
        ),
    ),
    BaseStory(
        key="ja-summit-kyodo-2",
        lang="ja",
        agency="共同",
        title="首相、米議会で演説へ　「自由と民主主義守る」",
        alt_titles=("岸田首相が米議会演説　９年ぶり",),
        paragraphs=(
            "【ワシントン共同】岸田文雄首相は１１日午前（日本時間１１日夜）、米議会上下両院合同会議で"
            "演説する。前日のバイデン米大統領との会談で確認した日米同盟の強化を踏まえ、自由や民主主義"
            "といった価値を守るため、日本が米国と共に国際社会で責任を果たす決意を表明する。",
            "首相は演説で、ロシアのウクライナ侵攻や中国の威圧的な行動により国際秩序が揺らいでいると"
            "指摘し、「米国は独りではない。日本は共にある」と訴える見通しだ。米国内で内向き志向が"
            "強まる中、同盟国としての貢献をアピールする狙いがある。",
            "日本の首相による合同会議での演説は、２０１５年の安倍晋三元首相以来９年ぶり。首相は演説後、"
            "ノースカロライナ州に移動し、トヨタ自動車の電池工場を視察する予定だ。",
        ),
    ),
    BaseStory(
        key="en-g7-reuters",
        lang="en",
        agency="Reuters",
        title="G7 leaders agree to tighten sanctions on Russia at Hiroshima summit",
        alt_titles=(
            "G7 tightens Russia sanctions, vows support for Ukraine",
            "At Hiroshima summit, G7 moves to choke Russia's war funding",
        ),
        paragraphs=(
            "HIROSHIMA, Japan, May 19 (Reuters) - Leaders of the Group of Seven rich democracies "
            "agreed on Friday to tighten sanctions on Russia, targeting its energy revenues and the "
            "networks that help Moscow evade existing curbs, as they met in the Japanese city of "
            "Hiroshima.",
            "The leaders said in a statement that they would restrict trade in Russian diamonds and "
            "step up efforts to stop third countries from supplying Moscow's military with parts "
            "and technology. \"Russia's brutal war of aggression represents a threat to the whole "
            "world,\" the statement said.",
            "Japanese Prime Minister Fumio Kishida, who is hosting the three-day meeting, has made "
            "Ukraine a central theme of the summit, alongside nuclear disarmament and relations "
            "with China.",
            "U.S. President Joe Biden announced a new package of export restrictions targeting "
            "about 70 Russian companies, while Britain said it would ban imports of Russian "
            "diamonds, copper, aluminium and nickel.",
            "The measures build on a price cap on Russian oil imposed last year, which officials "
            "say has cut Moscow's revenues without disrupting global supply. Some European "
            "officials have pushed for tougher steps, while others worry about the impact on "
            "their own economies.",
            "(Reporting by John Geddie and Kantaro Komiya; Editing by Robert Birsel)",
        ),
    ),
    BaseStory(
        key="en-g7-ap",
        lang="en",
        agency="AP",
        title="Zelenskyy heads to Hiroshima as G7 leaders confront China over coercion",
        alt_titles=(
            "G7 leaders warn China over 'economic coercion' as Zelenskyy flies in",
            "Ukraine's leader to join G7 summit in Japan in person",
        ),
        paragraphs=(
            "HIROSHIMA, Japan (AP) — Ukrainian President Volodymyr Zelenskyy will travel to "
            "Hiroshima to attend the Group of Seven summit in person, officials said Friday, as "
            "leaders of the world's wealthiest democracies meeting in the Japanese city sharpened "
            "their warnings to China.",
            "In a joint statement, the G7 leaders said they would work together to counter "
            "\"economic coercion,\" a reference to Beijing's use of trade restrictions against "
            "countries it is at odds with. They also called on China to press Russia to end its "
            "war in Ukraine.",
            "Japanese Prime Minister Fumio Kishida, who represents Hiroshima in parliament, began "
            "the summit by leading the leaders on a visit to a museum dedicated to the victims of "
            "the 1945 atomic bombing of the city.",
            "China's Foreign Ministry criticized the summit, saying the G7 was \"obstructing "
            "international peace\" and interfering in its internal affairs. The ministry said it "
            "had lodged a protest with Japan, the host.",
            "Zelenskyy's appearance is expected to dominate the final day of the gathering, when "
            "leaders of India, Brazil and other invited countries will join discussions on food "
            "security and the war's impact on developing nations.",
            "Associated Press writers Mari Yamaguchi in Tokyo and Zeke Miller in Hiroshima "
            "contributed to this report.",
        ),
    ),
    BaseStory(
        key="en-g7-kyodo",
        lang="en",
        agency="Kyodo",
        title="G7 leaders issue Hiroshima vision on nuclear disarmament",
        alt_titles=("G7 Hiroshima statement calls for a world without nuclear weapons",),
        paragraphs=(
            "HIROSHIMA, May 19 Kyodo - Leaders of the Group of Seven industrialized nations on "
            "Friday issued their first joint document focused on nuclear disarmament, vowing to "
            "pursue a world without nuclear weapons while keeping deterrence as long as such arms "
            "exist.",
            "The \"Hiroshima Vision\" was released after Prime Minister Fumio Kishida guided the "
            "leaders through the Peace Memorial Museum, where they laid wreaths at the cenotaph for "
            "the victims of the 1945 atomic bombing.",
            "Survivors of the bombing, known as hibakusha, welcomed the museum visit but said the "
            "statement fell short of their hopes, as it described nuclear weapons as serving "
            "defensive purposes.",
            "Kishida, whose family comes from Hiroshima, has made nuclear disarmament his "
            "life's work. The leaders also condemned Russia's threats to use nuclear weapons in its "
            "war against Ukraine.",
            "==Kyodo",
        ),
    ),
    BaseStory(
        key="ja-snow-kyodo",
        lang="ja",
        agency="共同",
        title="日本海側で大雪、交通乱れる　北陸道で車数百台立ち往生",
        alt_titles=("北陸で大雪　高速道で立ち往生",),
        paragraphs=(
            "強い冬型の気圧配置の影響で、北陸地方を中心に日本海側は２４日、大雪となった。"
            "北陸自動車道では福井県内の上り線で車数百台が一時立ち往生し、国土交通省が除雪を急いだ。"
            "気象庁は２５日にかけて大雪や路面の凍結に警戒するよう呼びかけている。",
            "気象庁によると、２４日午後６時までの２４時間降雪量は、福井市で５８センチ、金沢市で"
            "４２センチに達した。ＪＲ西日本は北陸新幹線の一部列車を運休し、在来線でも遅れが出た。",
            "福井県は災害救助法の適用を検討しており、立ち往生した車の運転手らに飲料水や軽食を配布した。"
            "県の担当者は「不要不急の外出は控えてほしい」と話している。",
        ),
    ),
    BaseStory(
        key="ja-snow-jiji",
        lang="ja",
        agency="時事",
        title="北陸で記録的大雪、各地で停電も　福井の積雪１メートル超",
        alt_titles=("福井で積雪１メートル超　北陸各地で停電",),
        paragraphs=(
            "強い寒気が流れ込んだ影響で、北陸地方は２４日、記録的な大雪となった。福井市の積雪は"
            "午後５時に１０２センチに達し、平年の約８倍となった。北陸電力送配電によると、石川、"
            "福井両県で一時約３万戸が停電した。",
            "気象庁によると、寒気の流れ込みは２５日まで続く見込みで、北陸や東北の日本海側では"
            "さらに５０センチ前後の降雪が予想される。同庁は雪崩や落雪、路面の凍結に警戒を呼びかけた。",
            "福井市内の小中学校は２５日の臨時休校を決めた。市内のスーパーでは、食料品を買い求める客が"
            "朝から列をつくった。",
        ),
    ),
)


# --- template-generated stories -----------------------------------------------------
# Sentences are assembled from small pools of phrases around a story's own cast (topic,
# organisations, people, place, amounts), so two stories share words and short
# connectives, never whole sentences -- unless they are given the same cast on purpose.

_JA_ORGS = (
    "政府", "外務省", "防衛省", "財務省", "経済産業省", "厚生労働省", "国土交通省", "文部科学省",
    "環境省", "日本銀行", "金融庁", "総務省", "警察庁", "気象庁", "東京都", "大阪府", "北海道",
    "福岡県", "愛知県", "広島市", "横浜市", "京都府", "経団連", "連合", "トヨタ自動車",
    "ソニーグループ", "日立製作所", "三菱重工業", "ＮＴＴ", "ＪＲ東日本", "全日空", "日本郵政",
    "公正取引委員会", "消費者庁", "こども家庭庁", "復興庁", "原子力規制委員会", "日本医師会",
    "全国知事会", "自民党", "立憲民主党", "公明党", "日本維新の会", "国民民主党", "内閣府",
)
_JA_SURNAMES = (
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田",
    "山田", "佐々木", "山口", "松本", "井上", "木村", "清水", "山崎", "森", "池田", "橋本",
    "阿部", "石川", "前田", "藤田", "小川", "岡田", "後藤", "長谷川", "村上", "近藤",
)
_JA_GIVEN = (
    "健太", "誠", "由美子", "直樹", "裕子", "隆", "浩二", "明美", "大輔", "恵", "哲也", "聡",
    "美穂", "和也", "真理子", "拓也", "智子", "剛", "陽子", "修",
)
_JA_TITLES = (
    "大臣", "知事", "市長", "社長", "会長", "教授", "総裁", "長官", "事務次官", "報道官",
    "理事長", "主任研究員", "委員長", "幹事長", "政調会長", "副大臣", "代表", "局長",
)
_JA_TOPICS = (
    "防衛費の増額", "少子化対策", "物価高対策", "賃上げ", "半導体産業の支援", "脱炭素",
    "原発の再稼働", "台湾情勢", "北朝鮮のミサイル発射", "日中関係", "円安", "訪日客の急増",
    "医療費の負担", "被災地の復興", "生成ＡＩの規制", "経済安全保障", "米大統領選",
    "ウクライナ支援", "中東情勢", "食料安全保障", "物流の人手不足", "空き家対策",
    "教員の働き方改革", "マイナンバーカード", "インバウンド消費", "再生可能エネルギー",
    "政治資金問題", "コメの価格高騰", "介護人材の確保", "外国人労働者の受け入れ",
    "ライドシェアの解禁", "日韓関係", "気候変動対策", "サイバー攻撃への備え", "地方の公共交通",
)
_JA_MEASURES = (
    "補助金制度", "新たな交付金", "規制強化策", "支援策", "減税措置", "基金", "行動計画",
    "指針", "法改正案", "実証事業", "緊急対策", "検討会議", "給付金", "税制優遇",
    "認証制度", "相談窓口", "数値目標", "ガイドライン", "特別措置法案", "監視体制",
)
_JA_PLACES = (
    "札幌市", "仙台市", "新潟市", "金沢市", "静岡市", "名古屋市", "神戸市", "岡山市", "松山市",
    "熊本市", "那覇市", "宇都宮市", "前橋市", "甲府市", "長野市", "岐阜市", "津市", "大津市",
    "秋田市", "盛岡市", "福島市", "水戸市", "富山市", "福井市", "奈良市", "和歌山市", "鳥取市",
)
_JA_EVENTS = (
    "火災", "交通事故", "土砂崩れ", "停電", "食中毒", "水道管の破裂", "落雷", "突風被害",
    "システム障害", "ガス漏れ", "列車の運転見合わせ", "倉庫の倒壊",
)
_JA_TIMES = (
    "{d}日", "{d}日午前", "{d}日午後", "{d}日夕", "{m}月{d}日", "今月{d}日", "週明けの{d}日",
    "{d}日夜",
)
_JA_SUBJECTS = (
    "{org}", "{org2}", "{person}{ptitle}", "{org}の有識者会議", "{org}幹部", "{org2}の担当者",
    "{place}", "与党の作業部会", "{org}と{org2}",
)
_JA_CONTEXTS = (
    "", "", "{topic}をめぐり、", "{topic}を受け、", "{place}で起きた{event}を踏まえ、",
    "来年度予算案の編成に向けて、", "年内の取りまとめを目指し、", "国際的な批判の高まりを受けて、",
    "{org2}からの要請に応じる形で、", "関係者への聞き取りを経て、", "物価上昇が続く中、",
    "人口減少が進む中、", "{n}年ぶりに", "国会での審議を前に、", "{m}月の選挙を控え、",
)
_JA_OBJECTS = (
    "{measure}", "{n}億円規模の{measure}", "{topic}に関する{measure}", "{measure}の対象拡大",
    "{topic}への対応策", "{org2}との協力", "{measure}の運用方針", "{topic}の実態調査",
    "{n}項目の提言", "{measure}の見直し案",
)
_JA_VERBS = (
    "を発表した", "を決めた", "の導入を検討している", "をまとめた", "を見直す方針を固めた",
    "を了承した", "の延長を求めた", "について協議した", "を撤回すると明らかにした",
    "の創設を提言した", "を年度内に実施する", "に慎重な姿勢を示した", "を正式に表明した",
    "の詳細を詰めている", "を取りやめる方向で調整に入った", "を前倒しする考えを示した",
)
_JA_TAILS = (
    "", "", "{year}年度からの実施を目指す", "{m}月にも閣議決定する", "対象は約{n}万人に上る見込みだ",
    "財源の確保が課題となる", "関係省庁と調整を急ぐ", "実現には法改正が必要となる",
    "{org2}は反発を強めている", "具体的な時期は示さなかった", "前年度から{pct}％の増加となる",
    "同様の取り組みは全国で初めてという", "効果を検証した上で本格導入を判断する",
)
_JA_VENUES = (
    "記者会見で", "講演で", "国会答弁で", "{place}での視察後、記者団に", "取材に対し",
    "ＢＳ番組で", "閣議後の会見で", "党の会合で", "インタビューで",
)
_JA_SAYS = ("述べた", "語った", "強調した", "話した", "訴えた", "指摘した", "説明した", "明言した")
_JA_QUOTE_PARTS = (
    "{topic}は喫緊の課題だ", "スピード感を持って対応したい", "国民の理解を得られるよう丁寧に説明する",
    "結果を重く受け止めている", "あらゆる選択肢を排除しない", "現場の声を聞きながら進める",
    "地域の不安を取り除きたい", "改善の兆しはまだ見えない", "慎重に見極める必要がある",
    "年度内に一定の結論を出す", "{measure}の効果は限定的だ", "財源の議論から逃げてはならない",
    "これまでの対応は不十分だった", "国際社会と連携して取り組む", "制度の抜本的な見直しが必要だ",
    "{org2}とも意思疎通を図りたい", "厳しい状況が続いている", "ここが正念場だ",
    "責任ある立場として説明を尽くす", "前向きに受け止めている", "時間をかけて議論すべきだ",
)
_JA_METRICS = (
    "相談件数", "利用者数", "申請件数", "倒産件数", "出生数", "求人倍率", "輸出額", "来訪者数",
    "平均価格", "待機児童数",
)
_JA_COMPARISONS = (
    "前年同期から{pct}％増えた", "{n}年ぶりの高水準となった", "過去最多を更新した",
    "前年を{pct}％下回った", "3年連続で減少した", "調査開始以来初めて{n}を超えた",
)
_JA_BACKGROUND = (
    "{topic}をめぐっては、野党が「対応が遅すぎる」と批判を強めている。",
    "{topic}をめぐっては、{year}年にも{org2}が同様の{measure}を設けたが、利用は低迷した。",
    "専門家からは「{topic}は一時的な措置では解決しない」との指摘が出ている。",
    "経済界からは{measure}を評価する声が上がる一方、財源を不安視する見方もある。",
    "{org2}は{m}月にまとめた報告書で、{topic}の深刻化に警鐘を鳴らしていた。",
    "{place}では{m}月にも{event}が起きており、住民からは不安の声が上がっていた。",
)


def _ja_cast(rng: random.Random) -> dict[str, str]:
    return {
        "org": rng.choice(_JA_ORGS),
        "org2": rng.choice(_JA_ORGS),
        "person": rng.choice(_JA_SURNAMES) + rng.choice(_JA_GIVEN),
        "ptitle": rng.choice(_JA_TITLES),
        "topic": rng.choice(_JA_TOPICS),
        "measure": rng.choice(_JA_MEASURES),
        "place": rng.choice(_JA_PLACES),
        "event": rng.choice(_JA_EVENTS),
        "d": str(rng.randint(1, 28)),
        "m": str(rng.randint(1, 12)),
        "year": str(rng.randint(2015, 2027)),
    }


def _numbers(rng: random.Random, cast: dict[str, str]) -> dict[str, str]:
    slots = dict(cast)
    slots["n"] = str(rng.randint(2, 980))
    slots["pct"] = f"{rng.randint(1, 89)}.{rng.randint(0, 9)}" if rng.random() < 0.4 else str(
        rng.randint(2, 89)
    )
    if rng.random() < 0.3:
        slots["d"] = str(rng.randint(1, 28))
    return slots


def _ja_sentence(rng: random.Random, cast: dict[str, str], kind: str) -> str:
    s = _numbers(rng, cast)
    if kind == "lead":
        time = rng.choice(_JA_TIMES).format(**s)
        subject = rng.choice(_JA_SUBJECTS[:4]).format(**s)
        body = (
            f"{subject}は{time}、{rng.choice(_JA_CONTEXTS).format(**s)}"
            f"{rng.choice(_JA_OBJECTS).format(**s)}{rng.choice(_JA_VERBS)}。"
        )
        tail = rng.choice(_JA_TAILS).format(**s)
        return body + (f"{tail}。" if tail else "")
    if kind == "quote":
        speaker = rng.choice(("{person}{ptitle}", "{org2}の{ptitle}", "{org}幹部")).format(**s)
        parts = rng.sample(_JA_QUOTE_PARTS, k=rng.randint(1, 2))
        quote = "。".join(p.format(**s) for p in parts)
        return f"{speaker}は{rng.choice(_JA_VENUES).format(**s)}「{quote}」と{rng.choice(_JA_SAYS)}。"
    if kind == "data":
        source = rng.choice((s["org"], s["org2"]))
        metric = rng.choice(_JA_METRICS)
        unit = rng.choice(("件", "人", "億円", "万人", "万件"))
        comparison = rng.choice(_JA_COMPARISONS).format(**s)
        return f"{source}によると、{s['m']}月の{metric}は{s['n']}{unit}で、{comparison}。"
    if kind == "background":
        return rng.choice(_JA_BACKGROUND).format(**s)
    if kind == "event":
        return (
            f"{s['place']}では{s['m']}月{s['d']}日、{s['event']}が起き、{s['n']}人が"
            f"{rng.choice(('けがをした', '避難した', '一時足止めされた', '病院に運ばれた'))}。"
        )
    subject = rng.choice(_JA_SUBJECTS).format(**s)
    context = rng.choice(_JA_CONTEXTS).format(**s)
    obj = rng.choice(_JA_OBJECTS).format(**s)
    tail = rng.choice(_JA_TAILS).format(**s)
    return f"{subject}は{context}{obj}{rng.choice(_JA_VERBS)}。" + (f"{tail}。" if tail else "")


_EN_ORGS = (
    "the Japanese government", "the Finance Ministry", "the Defense Ministry",
    "the Bank of Japan", "Tokyo's metropolitan government", "the Foreign Ministry",
    "Toyota Motor Corp.", "Sony Group", "the Health Ministry", "the European Commission",
    "the U.S. Commerce Department", "the International Monetary Fund", "the World Bank",
    "South Korea's central bank", "China's Commerce Ministry", "the Japan Meteorological Agency",
    "Nippon Steel", "the transport ministry", "the Osaka prefectural government",
    "the ruling Liberal Democratic Party", "the main opposition party", "Keidanren",
    "the Fair Trade Commission", "the Nuclear Regulation Authority", "Japan Post",
)
_EN_PEOPLE = (
    "Yoko Tanaka", "Kenji Watanabe", "Hiroshi Suzuki", "Maria Lopez", "David Chen",
    "Sarah Thompson", "Takeshi Nakamura", "Min-jun Kim", "Anna Schmidt", "James O'Brien",
    "Priya Nair", "Lucas Martin", "Emily Clarke", "Satoshi Ito", "Mei Lin", "Robert Hayes",
    "Aiko Mori", "Daniel Park", "Sophie Laurent", "Tomohiro Sato",
)
_EN_TITLES = (
    "minister", "spokesperson", "chief economist", "governor", "chief executive",
    "professor of international relations", "senior analyst", "deputy director",
    "chief strategist", "senior fellow", "lawmaker",
)
_EN_TOPICS = (
    "chip export controls", "the weak yen", "defense spending", "wage growth", "inflation",
    "the aging population", "tourism", "rice prices", "offshore wind power",
    "nuclear plant restarts", "North Korea's missile launches", "the Taiwan Strait",
    "supply chain security", "the labor shortage", "artificial intelligence rules",
    "trade tensions with China", "earthquake reconstruction", "electric vehicle subsidies",
    "the falling birth rate", "cybersecurity", "political funding scandals", "rural transport",
)
_EN_MEASURES = (
    "a subsidy program", "new export rules", "a stimulus package", "a tax break",
    "a relief fund", "stricter safety standards", "a pilot project", "an emergency plan",
    "a draft bill", "a set of guidelines", "a cash handout", "a price cap", "a licensing system",
)
_EN_PLACES = (
    "Osaka", "Nagoya", "Sapporo", "Fukuoka", "Sendai", "Kobe", "Hiroshima", "Niigata",
    "Okinawa", "Yokohama", "Kyoto", "Kumamoto", "Seoul", "Taipei", "Manila", "Jakarta",
)
_EN_SUBJECTS = (
    "{Org}", "{Org2}", "{person}, {org}'s {ptitle},", "Officials at {org}",
    "A panel advising {org}", "Lawmakers from {org2}",
)
_EN_VERBS = (
    "said on {weekday} it would", "announced plans to", "is considering whether to",
    "agreed on {weekday} to", "voted to", "moved to", "pledged to", "declined to",
    "is expected to", "has been urged to", "said it might", "will seek approval to",
)
_EN_ACTIONS = (
    "expand {measure}", "cut spending on {topic} by {pct} percent", "review its approach to {topic}",
    "delay {measure}", "introduce {measure}", "scrap {measure}", "extend {measure} until {month}",
    "set aside {n} billion yen for {topic}", "tighten oversight of {topic}",
    "ease rules on {topic}", "launch {measure} in {place}", "open talks with {org2} on {topic}",
)
_EN_ADJUNCTS = (
    "", "", "as {topic} weighs on household budgets", "after a {event} in {place}",
    "amid growing concern over {topic}", "in a bid to ease pressure from {org2}",
    "following talks with {org2}", "ahead of an election expected in {month}",
    "for the first time in {n} years", "despite objections from {org2}",
    "by the end of the fiscal year",
)
_EN_QUOTE_PARTS = (
    "We have to move quickly, but we also have to get this right",
    "This is not a one-off measure", "The numbers show some progress",
    "There is still a long way to go", "We take the situation very seriously",
    "All options remain on the table", "Companies need clarity before they invest",
    "It is too early to say whether {measure} will work", "The risks are clearly rising",
    "We will keep a close eye on {topic}", "Nobody expected it to happen this fast",
    "This is a turning point", "Frankly, the response has been too slow",
    "We are ready to work with {org2}", "The public deserves a full explanation",
)
_EN_SAYS = ("said", "told reporters", "said in a statement", "told a news conference",
            "said in an interview", "wrote in a note to clients")
_EN_METRICS = (
    "applications", "bankruptcies", "exports", "visitor numbers", "average prices",
    "job openings", "births", "complaints", "sales",
)
_EN_BACKGROUND = (
    "{Topic} has become a central issue ahead of elections expected later this year.",
    "Critics say {measure} does little to address the underlying causes of {topic}.",
    "A similar scheme launched in {year} was used by only {pct} percent of eligible firms.",
    "The government has faced pressure from business groups to act on {topic}.",
    "Officials did not say how {measure} would be funded.",
    "Opposition lawmakers called the plan too little, too late.",
    "{Org2} warned in {month} that {topic} could worsen without stronger action.",
)
_EN_EVENTS = ("fire", "power outage", "landslide", "train derailment", "system failure",
              "gas leak", "warehouse collapse")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def _en_cast(rng: random.Random) -> dict[str, str]:
    return {
        "org": rng.choice(_EN_ORGS),
        "org2": rng.choice(_EN_ORGS),
        "person": rng.choice(_EN_PEOPLE),
        "ptitle": rng.choice(_EN_TITLES),
        "topic": rng.choice(_EN_TOPICS),
        "measure": rng.choice(_EN_MEASURES),
        "place": rng.choice(_EN_PLACES),
        "event": rng.choice(_EN_EVENTS),
        "d": str(rng.randint(1, 28)),
        "m": str(rng.randint(1, 12)),
        "year": str(rng.randint(2015, 2027)),
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _en_sentence(rng: random.Random, cast: dict[str, str], kind: str) -> str:
    s = _numbers(rng, cast)
    s.update(
        Org=_cap(s["org"]), Org2=_cap(s["org2"]), Topic=_cap(s["topic"]),
        weekday=rng.choice(_WEEKDAYS), month=rng.choice(_MONTHS),
    )
    if kind == "quote":
        parts = rng.sample(_EN_QUOTE_PARTS, k=rng.randint(1, 2))
        quote = ". ".join(p.format(**s) for p in parts)
        speaker = rng.choice(("{person}", "{person}, {org}'s {ptitle},", "one official")).format(**s)
        return f"\"{quote},\" {speaker} {rng.choice(_EN_SAYS)}."
    if kind == "data":
        return (
            f"According to {s['org2']}, {rng.choice(_EN_METRICS)} "
            f"{rng.choice(('rose', 'fell', 'jumped', 'slipped'))} {s['pct']} percent in "
            f"{s['month']} from a year earlier, {rng.choice(('the biggest change in a decade', 'a record', 'the third straight monthly change', 'below forecasts'))}."
        )
    if kind == "background":
        return rng.choice(_EN_BACKGROUND).format(**s)
    if kind == "event":
        return (
            f"In {s['place']}, a {s['event']} on {s['weekday']} left {s['n']} people "
            f"{rng.choice(('injured', 'stranded', 'without power', 'evacuated'))}, officials said."
        )
    subject = rng.choice(_EN_SUBJECTS if kind != "lead" else _EN_SUBJECTS[:3]).format(**s)
    adjunct = rng.choice(_EN_ADJUNCTS).format(**s)
    return (
        f"{subject} {rng.choice(_EN_VERBS).format(**s)} {rng.choice(_EN_ACTIONS).format(**s)}"
        + (f" {adjunct}" if adjunct else "")
        + "."
    )


_KINDS = ("plain", "plain", "quote", "quote", "data", "background", "event")


def synthetic_story(
    rng: random.Random, key: str, lang: str, cast: dict[str, str] | None = None
) -> BaseStory:
    """A generated news story about ``cast`` (topic, organisations, person, place ...).

    Give two stories the same cast and they are about the same thing in different words:
    the hard negatives clustering must keep apart.
    """
    if lang == "ja":
        cast = cast or _ja_cast(rng)
        agency = rng.choice(("共同", "時事", None))
        sentences = [_ja_sentence(rng, cast, "lead")]
        sentences += [_ja_sentence(rng, cast, rng.choice(_KINDS)) for _ in range(rng.randint(5, 11))]
        verb = rng.choice(("導入へ", "見直し", "年度内に決定", "骨子まとめる", "議論本格化", "検討"))
        title = f"{cast['org']}、{cast['measure']}{verb}　{cast['topic']}"
        alt = (f"{cast['topic']}で{cast['measure']}　{cast['org']}", f"{cast['measure']}、{verb}")
        if agency and rng.random() < 0.5:
            city = rng.choice(("ワシントン", "北京", "ソウル", "ロンドン", "ニューヨーク", "大阪"))
            sentences[0] = f"【{city}{agency}】" + sentences[0]
        joiner = ""
    else:
        cast = cast or _en_cast(rng)
        agency = rng.choice(("Reuters", "AP", "Kyodo", None))
        sentences = [_en_sentence(rng, cast, "lead")]
        sentences += [_en_sentence(rng, cast, rng.choice(_KINDS)) for _ in range(rng.randint(5, 10))]
        title = f"{_cap(cast['org'])} weighs {cast['measure'].split(' ', 1)[1]} over {cast['topic']}"
        alt = (
            f"{_cap(cast['topic'])}: {cast['org']} eyes {cast['measure'].split(' ', 1)[1]}",
            f"Japan's {cast['measure'].split(' ', 1)[1]} plan draws mixed reaction",
        )
        month = rng.choice(_MONTHS)[:3]
        if agency == "Reuters":
            sentences[0] = f"TOKYO, {month} {cast['d']} (Reuters) - " + sentences[0]
        elif agency == "AP":
            sentences[0] = "TOKYO (AP) — " + sentences[0]
        elif agency == "Kyodo":
            sentences[0] = f"TOKYO, {month}. {cast['d']} Kyodo - " + sentences[0]
        joiner = " "
    paragraphs: list[str] = []
    index = 0
    while index < len(sentences):
        size = rng.randint(1, 3)
        paragraphs.append(joiner.join(sentences[index : index + size]))
        index += size
    return BaseStory(key, lang, title, tuple(paragraphs), agency, alt)


def synthetic_stories(rng: random.Random, count: int, ja_share: float = 0.6) -> list[BaseStory]:
    """``count`` generated stories; about one in five shares its cast (topic,
    organisations, person, place, date) with the story before it: same subject,
    different text, must not merge."""
    stories: list[BaseStory] = []
    casts: dict[str, dict[str, str]] = {}
    for index in range(count):
        lang = "ja" if rng.random() < ja_share else "en"
        previous = stories[-1] if stories else None
        if previous is not None and previous.lang == lang and rng.random() < 0.2:
            cast = casts[previous.key]
        else:
            cast = _ja_cast(rng) if lang == "ja" else _en_cast(rng)
        story = synthetic_story(rng, f"syn-{index}", lang, cast)
        casts[story.key] = cast
        stories.append(story)
    return stories


_JA_PREFS = (
    "青森県", "岩手県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "新潟県",
    "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "三重県", "滋賀県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "山口県", "徳島県", "香川県", "愛媛県",
    "高知県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)
_JA_LOCAL = (
    "{pref}内でも関心は高く、{pref}の担当者は「国の動きを注視し、必要な対応を検討したい」と話している。",
    "{pref}内では昨年度、関連する相談が{n}件寄せられた。{pref}は{m}月から専用の窓口を設けている。",
    "{pref}選出の{person}衆院議員は「地方の実情を踏まえた制度にしてほしい」と話した。",
    "{pref}内の事業者からは「詳細が早く知りたい」「負担が増えないか心配だ」との声が上がっている。",
    "{pref}の{person}知事は{d}日の定例会見で「県としても独自の上乗せを検討する」と述べた。",
)
_EN_STATES = (
    "Ohio", "Oregon", "Texas", "Michigan", "Georgia", "Arizona", "Kentucky", "Iowa", "Nevada",
    "Maine", "Colorado", "Tennessee", "Alabama", "Kansas", "Utah", "Indiana",
)
_EN_LOCAL = (
    "In {state}, the local chamber of commerce said members were still studying how the "
    "changes would affect them.",
    "{state} officials said about {n} local companies could be affected, and a briefing is "
    "planned for {month}.",
    "Residents in {state} have raised similar concerns, according to a recent local survey.",
    "\"We are watching this closely,\" said {person}, who runs an export business in {state}.",
)


def _local_paragraph(rng: random.Random, lang: str) -> str:
    """A paragraph a regional outlet adds to a wire story."""
    if lang == "ja":
        s = _numbers(rng, _ja_cast(rng))
        s["pref"] = rng.choice(_JA_PREFS)
        chosen = rng.sample(_JA_LOCAL, k=rng.randint(1, 2))
        return "".join(t.format(**s) for t in chosen)
    s = _numbers(rng, _en_cast(rng))
    s.update(state=rng.choice(_EN_STATES), month=rng.choice(_MONTHS))
    chosen = rng.sample(_EN_LOCAL, k=rng.randint(1, 2))
    return " ".join(t.format(**s) for t in chosen)


# --- reprint edits ------------------------------------------------------------------

#: The least share of a story a trimmed reprint keeps.
KEEP_MIN = 0.4
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_HALF = str.maketrans("０１２３４５６７８９", "0123456789")
_JA_SWAPS = (
    ("首相", "総理"), ("と述べた", "と語った"), ("米国", "アメリカ"), ("確認した", "確かめた"),
    ("明らかにした", "明かした"), ("見通しだ", "見込みだ"), ("発表した", "公表した"),
)
_EN_SWAPS = (
    ("U.S.", "US"), (" percent", "%"), ("said on", "said"), ("about ", "around "),
    ("Prime Minister", "PM"), ("would", "will"),
)
_JA_FOOTERS = (
    "無断転載・複製を禁じます。",
    "この記事は会員限定です。",
    "※記事の内容は配信当時のものです。",
)
_EN_FOOTERS = (
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Sign up for our morning newsletter.",
    "This story has been corrected.",
)


def _sentences(paragraph: str, lang: str) -> list[str]:
    if lang == "ja":
        return [s for s in re.split(r"(?<=。)", paragraph) if s]
    return [s for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"(])", paragraph) if s]


def _credit_suffix(agency: str | None, lang: str) -> str:
    if lang == "ja":
        return {"共同": "（共同）", "時事": "（時事）"}.get(agency or "", "")
    return {"Reuters": "(Reuters)", "AP": "(AP)", "Kyodo": "==Kyodo"}.get(agency or "", "")


def reprint(
    story: BaseStory, rng: random.Random, *, original: bool = False
) -> tuple[str, str, tuple[str, ...]]:
    """A (title, text, edits) copy of ``story`` as one outlet would carry it."""
    lang = story.lang
    paragraphs = [p for p in story.paragraphs if p.strip()]
    title = story.title
    edits: list[str] = []
    if original:
        return title, "\n".join(paragraphs), ("original",)
    if rng.random() < 0.6:
        edits.append("headline")
        options = [*story.alt_titles]
        if lang == "ja":
            options += [re.split(r"[　、]", title)[0], "【速報】" + title, title + "　詳報"]
        else:
            options += [title.split(",")[0], "UPDATE 1-" + title, title + " - live"]
        title = rng.choice(options)
    if rng.random() < 0.5:
        # trim from the end, by sentences, keeping at least KEEP_MIN of the text
        edits.append("trim")
        sentences = [(i, s) for i, p in enumerate(paragraphs) for s in _sentences(p, lang)]
        total = sum(len(s) for _, s in sentences)
        keep_share = rng.uniform(KEEP_MIN, 0.95)
        kept: list[tuple[int, str]] = []
        length = 0
        for item in sentences:
            if kept and length >= keep_share * total:
                break
            kept.append(item)
            length += len(item[1])
        rebuilt: dict[int, list[str]] = {}
        for i, s in kept:
            rebuilt.setdefault(i, []).append(s)
        joiner = "" if lang == "ja" else " "
        paragraphs = [joiner.join(v) for _, v in sorted(rebuilt.items())]
    if rng.random() < 0.15 and len(paragraphs) > 3:
        # an editor cuts one middle paragraph, never most of the story
        victim = rng.randrange(1, len(paragraphs) - 1)
        if len(paragraphs[victim]) < 0.25 * sum(len(p) for p in paragraphs):
            edits.append("drop-middle")
            del paragraphs[victim]
    if rng.random() < 0.3:
        edits.append("local")
        local = _local_paragraph(rng, lang)
        paragraphs.insert(rng.choice((len(paragraphs), max(1, len(paragraphs) - 1))), local)
    if rng.random() < 0.3:
        edits.append("swap-words")
        swaps = _JA_SWAPS if lang == "ja" else _EN_SWAPS
        for old, new in rng.sample(swaps, k=2):
            paragraphs = [p.replace(old, new) for p in paragraphs]
    if rng.random() < 0.5:
        edits.append("digits")
        table = _HALF if any(c in "０１２３４５６７８９" for c in "".join(paragraphs)) else _FULL
        paragraphs = [p.translate(table) for p in paragraphs]
        title = title.translate(table)
    credit = _credit_suffix(story.agency, lang)
    if credit and rng.random() < 0.5:
        edits.append("credit")
        if lang == "ja":
            paragraphs[0] = re.sub(r"^【[^】]*】", "", paragraphs[0])
            paragraphs[-1] = paragraphs[-1] + credit
        elif credit not in "".join(paragraphs):
            paragraphs.append(credit)
    if rng.random() < 0.2:
        edits.append("caption")
        if lang == "ja":
            paragraphs.insert(0, "写真＝記者会見する関係者（" + rng.choice(_JA_PLACES) + "で）")
        else:
            paragraphs.insert(0, "FILE PHOTO: Officials attend a meeting in " + rng.choice(_EN_PLACES))
    if rng.random() < 0.25:
        edits.append("footer")
        paragraphs.append(rng.choice(_JA_FOOTERS if lang == "ja" else _EN_FOOTERS))
    style = rng.random()
    if style < 0.3:
        edits.append("one-block")
        text = ("" if lang == "ja" else " ").join(paragraphs)
    elif style < 0.55:
        edits.append("line-per-sentence")
        text = "\n".join(s for p in paragraphs for s in _sentences(p, lang))
    elif style < 0.75:
        edits.append("blank-lines")
        text = "\n\n".join(paragraphs)
    elif style < 0.85:
        edits.append("indent")
        text = "\n".join(("　" if lang == "ja" else "    ") + p for p in paragraphs)
    else:
        text = "\n".join(paragraphs)
    return title, text, tuple(edits)


JA_OUTLETS = (
    "北海道新聞", "河北新報", "新潟日報", "信濃毎日新聞", "静岡新聞", "中日新聞", "京都新聞",
    "神戸新聞", "山陽新聞", "中国新聞", "愛媛新聞", "西日本新聞", "熊本日日新聞", "琉球新報",
    "東京新聞", "産経新聞", "日本経済新聞", "Yahoo!ニュース", "gooニュース", "47NEWS",
)
EN_OUTLETS = (
    "The Japan Times", "Nikkei Asia", "The Guardian", "The Washington Post", "Yahoo News",
    "MSN", "CNN", "The Straits Times", "South China Morning Post", "NHK World", "Al Jazeera",
    "The Korea Herald", "ABC News", "U.S. News & World Report",
)


def copies_count(rng: random.Random, maximum: int = 30) -> int:
    """How many times a story is carried: often once, sometimes by dozens of papers."""
    roll = rng.random()
    if roll < 0.35:
        return 1
    if roll < 0.65:
        return rng.randint(2, 4)
    if roll < 0.87:
        return rng.randint(5, 10)
    return rng.randint(11, maximum)


def build_corpus(
    stories: Iterable[BaseStory],
    rng: random.Random,
    *,
    copies: dict[str, int] | None = None,
    start: datetime = datetime(2024, 4, 10, 6, 0, tzinfo=UTC),
) -> list[Doc]:
    """Every story reprinted ``copies_count`` times (or ``copies[key]``), shuffled."""
    docs: list[Doc] = []
    for story in stories:
        count = (copies or {}).get(story.key) or copies_count(rng)
        outlets = JA_OUTLETS if story.lang == "ja" else EN_OUTLETS
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        for copy in range(count):
            title, text, edits = reprint(story, rng, original=copy == 0)
            docs.append(
                Doc(
                    doc_id=0,
                    story=story.key,
                    lang=story.lang,
                    outlet=story.agency if copy == 0 and story.agency else rng.choice(outlets),
                    title=title,
                    text=text,
                    published=when + timedelta(minutes=rng.randint(0, 600) * (copy > 0)),
                    edits=edits,
                )
            )
    rng.shuffle(docs)
    return [
        Doc(i + 1, d.story, d.lang, d.outlet, d.title, d.text, d.published, d.edits)
        for i, d in enumerate(docs)
    ]


def pairwise_scores(truth: Sequence[str], predicted: Sequence[int]) -> tuple[float, float]:
    """Pairwise (precision, recall) of a clustering against the true stories.

    A pair of documents is a true pair when both come from one base story and a
    predicted pair when both got one story id; counted without listing the pairs.
    """
    def pairs(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    both = pairs(Counter(zip(truth, predicted, strict=True)).values())
    predicted_pairs = pairs(Counter(predicted).values())
    true_pairs = pairs(Counter(truth).values())
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    return precision, recall
