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
# Different wire stories about the same summit (and the same snowstorm): they share
# the leaders, the place, the date, a lead sentence and a boilerplate sentence, and must
# NOT be clustered together.

HANDWRITTEN: tuple[BaseStory, ...] = (
    BaseStory(
        key="ja-summit-kyodo",
        lang="ja",
        agency="共同",
        title="日米首脳、防衛協力の強化で一致　中国念頭に抑止力向上",
        alt_titles=(
            "日米首脳会談　同盟の抑止力強化を確認",
            "防衛装備品の共同生産拡大へ　日米首脳が合意",
        ),
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
            "２０１５年の安倍晋三元首相以来９年ぶりとなる。首相は国賓待遇で訪米しており、"
            "夜にはホワイトハウスでの公式晩さん会に出席する。",
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
            'world," the statement said.',
            "Japanese Prime Minister Fumio Kishida, who is hosting the three-day meeting, has made "
            "Ukraine a central theme of the summit, alongside nuclear disarmament and relations "
            "with China. The Group of Seven comprises Britain, Canada, France, Germany, Italy, "
            "Japan and the United States, and the European Union also takes part.",
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
            '"economic coercion," a reference to Beijing\'s use of trade restrictions against '
            "countries it is at odds with. They also called on China to press Russia to end its "
            "war in Ukraine.",
            "Japanese Prime Minister Fumio Kishida, who represents Hiroshima in parliament, began "
            "the summit by leading the leaders on a visit to a museum dedicated to the victims of "
            "the 1945 atomic bombing of the city. The Group of Seven comprises Britain, Canada, "
            "France, Germany, Italy, Japan and the United States, and the European Union also "
            "takes part.",
            "China's Foreign Ministry criticized the summit, saying the G7 was \"obstructing "
            'international peace" and interfering in its internal affairs. The ministry said it '
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
            'The "Hiroshima Vision" was released after Prime Minister Fumio Kishida guided the '
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
# Sentences are built from a small clause grammar over large word pools, around a
# story's own cast (topic, organisations, people, place, measure). Two unrelated stories
# then share about as many 5-character shingles as two unrelated real articles do, while
# stories given the same cast on purpose share their names and subject: those are the
# hard negatives clustering must keep apart.

_JA_MINISTRIES = (
    "政府",
    "外務省",
    "防衛省",
    "財務省",
    "経済産業省",
    "厚生労働省",
    "国土交通省",
    "文部科学省",
    "環境省",
    "農林水産省",
    "法務省",
    "総務省",
    "日本銀行",
    "金融庁",
    "警察庁",
    "気象庁",
    "消費者庁",
    "こども家庭庁",
    "復興庁",
    "デジタル庁",
    "原子力規制委員会",
    "公正取引委員会",
    "内閣府",
    "観光庁",
    "水産庁",
    "林野庁",
    "特許庁",
    "中小企業庁",
    "資源エネルギー庁",
)
_JA_PREFS = (
    "青森県",
    "岩手県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "三重県",
    "滋賀県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
    "宮城県",
    "千葉県",
    "埼玉県",
    "神奈川県",
    "愛知県",
    "兵庫県",
    "広島県",
    "福岡県",
)
_JA_COMPANIES = (
    "トヨタ自動車",
    "ホンダ",
    "日産自動車",
    "ソニーグループ",
    "パナソニック",
    "日立製作所",
    "東芝",
    "ソフトバンクグループ",
    "楽天グループ",
    "ファーストリテイリング",
    "三菱重工業",
    "川崎重工業",
    "日本製鉄",
    "三井物産",
    "丸紅",
    "セブン＆アイ",
    "イオン",
    "ＮＴＴ",
    "ＫＤＤＩ",
    "日本航空",
    "ＡＮＡホールディングス",
    "東京電力",
    "関西電力",
    "武田薬品工業",
    "資生堂",
    "花王",
    "サントリー",
    "アサヒグループ",
    "任天堂",
    "ルネサスエレクトロニクス",
    "東京エレクトロン",
    "デンソー",
    "ブリヂストン",
    "ＪＲ東日本",
    "ＪＲ西日本",
    "日本郵政",
    "三井住友銀行",
    "みずほ銀行",
    "野村ホールディングス",
    "キヤノン",
)
_JA_BODIES = (
    "自民党",
    "立憲民主党",
    "公明党",
    "日本維新の会",
    "国民民主党",
    "共産党",
    "経団連",
    "連合",
    "日本医師会",
    "全国知事会",
    "日本商工会議所",
    "全国銀行協会",
    "日本弁護士連合会",
    "国民生活センター",
    "日本年金機構",
    "国際協力機構",
)
_JA_SURNAMES = (
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
    "石川",
    "前田",
    "藤田",
    "小川",
    "岡田",
    "後藤",
    "長谷川",
    "村上",
    "近藤",
    "石井",
    "坂本",
    "遠藤",
    "青木",
    "藤井",
    "西村",
    "福田",
    "太田",
)
_JA_GIVEN = (
    "健太",
    "誠",
    "由美子",
    "直樹",
    "裕子",
    "隆",
    "浩二",
    "明美",
    "大輔",
    "恵",
    "哲也",
    "聡",
    "美穂",
    "和也",
    "真理子",
    "拓也",
    "智子",
    "剛",
    "陽子",
    "修",
    "翔太",
    "愛",
    "正人",
    "典子",
)
_JA_TITLES = (
    "大臣",
    "知事",
    "市長",
    "社長",
    "会長",
    "教授",
    "総裁",
    "長官",
    "事務次官",
    "報道官",
    "理事長",
    "主任研究員",
    "委員長",
    "幹事長",
    "政調会長",
    "副大臣",
    "代表",
    "局長",
    "部長",
    "准教授",
    "専務",
    "課長",
    "議長",
    "センター長",
)
_JA_TOPICS = (
    "防衛費の増額",
    "少子化対策",
    "物価高対策",
    "賃上げ",
    "半導体産業の支援",
    "脱炭素",
    "原発の再稼働",
    "台湾情勢",
    "北朝鮮のミサイル発射",
    "日中関係",
    "円安",
    "訪日客の急増",
    "医療費の負担",
    "被災地の復興",
    "生成ＡＩの規制",
    "経済安全保障",
    "米大統領選",
    "ウクライナ支援",
    "中東情勢",
    "食料安全保障",
    "物流の人手不足",
    "空き家対策",
    "教員の働き方改革",
    "マイナンバーカード",
    "インバウンド消費",
    "再生可能エネルギー",
    "政治資金問題",
    "コメの価格高騰",
    "介護人材の確保",
    "外国人労働者の受け入れ",
    "ライドシェアの解禁",
    "日韓関係",
    "気候変動対策",
    "サイバー攻撃への備え",
    "地方の公共交通",
    "高校授業料の無償化",
    "年金制度改革",
    "災害時の避難所運営",
    "水道管の老朽化",
    "洋上風力発電",
    "特殊詐欺の被害",
    "児童虐待の防止",
    "がん検診の受診率",
    "ガソリン価格",
    "電気料金の値上げ",
    "熱中症対策",
    "クマの出没",
    "鳥インフルエンザ",
    "宇宙開発",
    "量子コンピューター",
    "自動運転の実用化",
    "統合型リゾート",
    "北方領土問題",
    "拉致問題",
    "日米地位協定",
)
_JA_CITIES = (
    "札幌市",
    "仙台市",
    "新潟市",
    "金沢市",
    "静岡市",
    "名古屋市",
    "神戸市",
    "岡山市",
    "松山市",
    "熊本市",
    "那覇市",
    "宇都宮市",
    "前橋市",
    "甲府市",
    "長野市",
    "岐阜市",
    "津市",
    "大津市",
    "秋田市",
    "盛岡市",
    "福島市",
    "水戸市",
    "富山市",
    "福井市",
    "奈良市",
    "和歌山市",
    "鳥取市",
    "松江市",
    "山口市",
    "徳島市",
    "高松市",
    "高知市",
    "佐賀市",
    "長崎市",
    "大分市",
    "宮崎市",
    "鹿児島市",
    "旭川市",
    "函館市",
    "いわき市",
    "浜松市",
    "豊田市",
    "姫路市",
    "倉敷市",
    "福山市",
    "北九州市",
    "久留米市",
    "八戸市",
    "郡山市",
    "上越市",
)
_JA_EVENTS = (
    "火災",
    "交通事故",
    "土砂崩れ",
    "停電",
    "食中毒",
    "水道管の破裂",
    "落雷",
    "突風被害",
    "システム障害",
    "ガス漏れ",
    "列車の運転見合わせ",
    "倉庫の倒壊",
    "道路の陥没",
    "化学工場の爆発",
    "大規模な断水",
)
_JA_MODIFIERS = (
    "新たな",
    "臨時の",
    "全国一律の",
    "地域限定の",
    "段階的な",
    "恒久的な",
    "独自の",
    "大規模な",
    "緊急の",
    "試験的な",
    "中長期の",
    "包括的な",
    "追加の",
    "抜本的な",
    "官民共同の",
    "広域の",
    "オンラインの",
    "年内の",
    "国際的な",
    "次期の",
    "暫定的な",
    "共通の",
    "小規模な",
    "重点的な",
)
_JA_NOUNS = (
    "補助金制度",
    "交付金",
    "規制強化策",
    "支援策",
    "減税措置",
    "基金",
    "行動計画",
    "指針",
    "法改正案",
    "実証事業",
    "緊急対策",
    "給付金",
    "税制優遇",
    "認証制度",
    "相談窓口",
    "数値目標",
    "ガイドライン",
    "特別措置法案",
    "監視体制",
    "融資制度",
    "登録制度",
    "罰則",
    "調査委員会",
    "作業部会",
    "研修制度",
    "人員配置",
    "予算措置",
    "補償制度",
    "検査体制",
    "情報共有の仕組み",
    "防災計画",
    "整備計画",
    "運用ルール",
    "価格転嫁策",
    "人材育成計画",
    "輸出管理",
    "受け入れ枠",
    "保険制度",
    "点検作業",
    "料金体系",
    "訓練",
    "共同研究",
    "協定",
    "改善命令",
    "行政指導",
    "再発防止策",
    "需要予測",
    "工程表",
    "財政支援",
    "住宅支援",
)
_JA_VERBS = (
    "導入すると発表した",
    "見直す方針を固めた",
    "正式に決めた",
    "拡充する考えを示した",
    "前倒しする方向で調整に入った",
    "撤回すると明らかにした",
    "年度内にまとめる",
    "検討している",
    "了承した",
    "延長するよう求めた",
    "凍結する方針を示した",
    "国会に提出する",
    "取りまとめた",
    "発足させた",
    "強化すると表明した",
    "試行する",
    "縮小する方針だ",
    "早期に具体化したい考えだ",
    "慎重に判断する構えだ",
    "来年度予算案に盛り込む",
    "全国に広げる",
    "廃止する案を示した",
    "新設する",
    "共同で進めることで一致した",
)
_JA_CONTEXTS = (
    "{topic}をめぐり",
    "{topic}への対応として",
    "{place}での{event}を受け",
    "{org2}の要請を踏まえ",
    "{topic2}との兼ね合いから",
    "来年度予算の編成に向けて",
    "国会の閉会を前に",
    "{m}月の選挙を控え",
    "関係者への聞き取りを経て",
    "物価上昇が続く中",
    "人口減少が進む中",
    "有識者の提言を受け",
    "{n2}年ぶりに",
    "財源の確保を前提に",
    "批判の高まりを受けて",
    "現場の混乱を避けるため",
    "他の自治体に先駆けて",
    "{org3}と足並みをそろえ",
    "国際的な動向を踏まえ",
    "利用低迷を受け",
)
_JA_TIMES = (
    "{d}日",
    "{d}日午前",
    "{d}日午後",
    "{d}日夕",
    "{m}月{d}日",
    "今月{d}日",
    "週明けの{d}日",
    "{d}日夜",
    "{d}日までに",
    "{d}日未明",
)
_JA_SAYS = (
    "述べた",
    "語った",
    "強調した",
    "話した",
    "訴えた",
    "指摘した",
    "説明した",
    "明言した",
    "打ち明けた",
    "言及した",
    "意欲を示した",
    "懸念を示した",
)
_JA_QUOTE_ENDS = (
    "したい",
    "する必要がある",
    "すべきだ",
    "するしかない",
    "していく",
    "する考えはない",
    "することが重要だ",
    "できるかが問われる",
    "には時間がかかる",
    "を急がなければならない",
)
_JA_METRICS = (
    "相談件数",
    "利用者数",
    "申請件数",
    "倒産件数",
    "出生数",
    "求人数",
    "輸出額",
    "来訪者数",
    "待機児童数",
    "被害額",
    "救急搬送者数",
    "登録件数",
    "苦情件数",
    "販売台数",
    "契約件数",
    "検挙件数",
    "宿泊者数",
    "患者数",
    "入札件数",
    "出荷量",
)
_JA_TRENDS = (
    "前年同期から{pct}％増えた",
    "{n2}年ぶりの高水準となった",
    "過去最多を更新した",
    "前年を{pct}％下回った",
    "{n2}年連続で減少した",
    "統計を取り始めて以来初めて{n}を超えた",
    "ほぼ横ばいだった",
    "{pct}％の大幅増となった",
)


def _ja_org(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(_JA_MINISTRIES)
    if roll < 0.55:
        return rng.choice(_JA_PREFS) + rng.choice(("", "", "警", "教育委員会", "議会"))
    if roll < 0.65:
        return rng.choice(_JA_CITIES)
    if roll < 0.85:
        return rng.choice(_JA_COMPANIES)
    return rng.choice(_JA_BODIES)


def _ja_thing(rng: random.Random) -> str:
    return rng.choice(_JA_MODIFIERS) + rng.choice(_JA_NOUNS)


def _ja_cast(rng: random.Random) -> dict[str, str]:
    return {
        "org": _ja_org(rng),
        "org2": _ja_org(rng),
        "org3": _ja_org(rng),
        "person": rng.choice(_JA_SURNAMES) + rng.choice(_JA_GIVEN),
        "person2": rng.choice(_JA_SURNAMES) + rng.choice(_JA_GIVEN),
        "ptitle": rng.choice(_JA_TITLES),
        "ptitle2": rng.choice(_JA_TITLES),
        "topic": rng.choice(_JA_TOPICS),
        "topic2": rng.choice(_JA_TOPICS),
        "measure": _ja_thing(rng),
        "place": rng.choice(_JA_CITIES),
        "event": rng.choice(_JA_EVENTS),
        "d": str(rng.randint(1, 28)),
        "m": str(rng.randint(1, 12)),
        "year": str(rng.randint(2015, 2027)),
    }


def _numbers(rng: random.Random, cast: dict[str, str]) -> dict[str, str]:
    slots = dict(cast)
    slots["n"] = str(rng.randint(2, 980))
    slots["n2"] = str(rng.randint(2, 98))
    slots["pct"] = (
        f"{rng.randint(1, 89)}.{rng.randint(0, 9)}"
        if rng.random() < 0.4
        else str(rng.randint(2, 89))
    )
    if rng.random() < 0.3:
        slots["d"] = str(rng.randint(1, 28))
    return slots


def _ja_sentence(rng: random.Random, cast: dict[str, str], kind: str) -> str:
    s = _numbers(rng, cast)
    thing = s["measure"] if rng.random() < 0.4 else _ja_thing(rng)
    subject = rng.choice(
        ("{org}", "{org2}", "{org3}", "{person}{ptitle}", "{org}の{ptitle2}", "{place}")
    ).format(**s)
    context = rng.choice(_JA_CONTEXTS).format(**s)
    if kind == "lead":
        time = rng.choice(_JA_TIMES).format(**s)
        return f"{subject}は{time}、{context}、{thing}を{rng.choice(_JA_VERBS)}。"
    if kind == "quote":
        speaker = rng.choice(("{person}{ptitle}", "{person2}{ptitle2}", "{org2}の担当者")).format(
            **s
        )
        quote = (
            f"{_ja_thing(rng)}を{rng.choice(('早急に', '慎重に', '着実に', '一体的に', ''))}整備"
            + rng.choice(_JA_QUOTE_ENDS)
        )
        if rng.random() < 0.5:
            quote += f"。{s['topic']}は{rng.choice(('待ったなしだ', '正念場を迎えている', '一筋縄ではいかない', '国民の関心が高い'))}"
        return f"{speaker}は{rng.choice(('記者会見で', '取材に', '講演で', '会合で', ''))}「{quote}」と{rng.choice(_JA_SAYS)}。"
    if kind == "data":
        metric = rng.choice(_JA_METRICS)
        trend = rng.choice(_JA_TRENDS).format(**s)
        source = rng.choice((s["org"], s["org2"], s["place"]))
        return f"{source}によると、{s['m']}月の{metric}は{s['n']}件で、{trend}。"
    if kind == "event":
        return (
            f"{s['place']}では{s['m']}月{s['d']}日にも{s['event']}があり、"
            f"{s['n2']}人が{rng.choice(('避難した', 'けがをした', '足止めされた', '搬送された'))}。"
        )
    time = rng.choice(("", "", "{d}日、", "{m}月、", "今後、", "当面、")).format(**s)
    return f"{subject}は{time}{context}、{thing}を{rng.choice(_JA_VERBS)}。"


_EN_FIRST = (
    "Yoko",
    "Kenji",
    "Hiroshi",
    "Maria",
    "David",
    "Sarah",
    "Takeshi",
    "Min-jun",
    "Anna",
    "James",
    "Priya",
    "Lucas",
    "Emily",
    "Satoshi",
    "Mei",
    "Robert",
    "Aiko",
    "Daniel",
    "Sophie",
    "Tomohiro",
    "Grace",
    "Ahmed",
    "Olivia",
    "Kazuki",
    "Elena",
    "Marcus",
    "Hana",
    "Noah",
    "Isabel",
    "Ryo",
)
_EN_LAST = (
    "Tanaka",
    "Watanabe",
    "Suzuki",
    "Lopez",
    "Chen",
    "Thompson",
    "Nakamura",
    "Kim",
    "Schmidt",
    "O'Brien",
    "Nair",
    "Martin",
    "Clarke",
    "Ito",
    "Lin",
    "Hayes",
    "Mori",
    "Park",
    "Laurent",
    "Sato",
    "Okafor",
    "Rossi",
    "Nguyen",
    "Fischer",
    "Murphy",
    "Kowalski",
    "Yamada",
    "Silva",
    "Haddad",
    "Becker",
)
_EN_COUNTRIES = (
    "Japan's",
    "South Korea's",
    "China's",
    "Taiwan's",
    "the Philippines'",
    "Australia's",
    "India's",
    "Vietnam's",
    "Indonesia's",
    "Germany's",
    "France's",
    "Britain's",
    "Canada's",
    "Thailand's",
    "Malaysia's",
    "Singapore's",
    "Brazil's",
    "Mexico's",
)
_EN_AGENCIES = (
    "finance ministry",
    "defense ministry",
    "foreign ministry",
    "health ministry",
    "economy ministry",
    "trade ministry",
    "environment ministry",
    "education ministry",
    "justice ministry",
    "transport ministry",
    "agriculture ministry",
    "digital agency",
    "central bank",
    "competition watchdog",
    "nuclear regulator",
    "coast guard",
    "statistics bureau",
    "consumer agency",
)
_EN_COMPANIES = (
    "Toyota Motor",
    "Honda",
    "Nissan",
    "Sony Group",
    "Panasonic",
    "Hitachi",
    "Toshiba",
    "SoftBank Group",
    "Rakuten",
    "Fast Retailing",
    "Mitsubishi Heavy Industries",
    "Kawasaki Heavy",
    "Nippon Steel",
    "Mitsui & Co",
    "Marubeni",
    "Seven & i",
    "Aeon",
    "NTT",
    "KDDI",
    "Japan Airlines",
    "ANA Holdings",
    "Tokyo Electric Power",
    "Kansai Electric",
    "Takeda Pharmaceutical",
    "Shiseido",
    "Nintendo",
    "Renesas Electronics",
    "Tokyo Electron",
    "Denso",
    "Bridgestone",
    "Samsung Electronics",
    "Hyundai Motor",
    "TSMC",
    "Foxconn",
)
_EN_TITLES = (
    "minister",
    "spokesperson",
    "chief economist",
    "governor",
    "chief executive",
    "professor of international relations",
    "senior analyst",
    "deputy director",
    "chief strategist",
    "senior fellow",
    "lawmaker",
    "board member",
    "union leader",
    "trade negotiator",
    "researcher",
)
_EN_TOPICS = (
    "chip export controls",
    "the weak yen",
    "defense spending",
    "wage growth",
    "inflation",
    "the aging population",
    "tourism",
    "rice prices",
    "offshore wind power",
    "nuclear plant restarts",
    "North Korea's missile launches",
    "the Taiwan Strait",
    "supply chain security",
    "the labor shortage",
    "artificial intelligence rules",
    "trade tensions with China",
    "earthquake reconstruction",
    "electric vehicle subsidies",
    "the falling birth rate",
    "cybersecurity",
    "political funding scandals",
    "rural transport",
    "bird flu outbreaks",
    "heatstroke deaths",
    "bear attacks",
    "housing costs",
    "pension reform",
    "online scams",
    "data privacy",
    "rare earth supplies",
    "fishing rights",
    "plastic waste",
    "carbon pricing",
    "space launches",
    "quantum computing",
    "casino resorts",
    "childcare shortages",
    "drug prices",
    "port congestion",
    "semiconductor subsidies",
)
_EN_ADJECTIVES = (
    "temporary",
    "new",
    "expanded",
    "revised",
    "emergency",
    "voluntary",
    "nationwide",
    "targeted",
    "three-year",
    "regional",
    "joint",
    "digital",
    "stricter",
    "simpler",
    "costly",
    "controversial",
    "long-delayed",
    "scaled-back",
    "cross-border",
    "pilot",
)
_EN_NOUNS = (
    "subsidy program",
    "export rules",
    "tax credit",
    "relief fund",
    "safety standards",
    "price cap",
    "licensing system",
    "cash handout",
    "loan guarantee",
    "inspection regime",
    "reporting rules",
    "hiring quota",
    "stockpiling plan",
    "training scheme",
    "bond sale",
    "procurement deal",
    "data-sharing pact",
    "visa program",
    "insurance scheme",
    "task force",
    "review panel",
    "recovery plan",
    "grid upgrade",
    "rail link",
    "vaccine drive",
    "school meals program",
    "housing allowance",
    "fuel subsidy",
    "port expansion",
    "research budget",
    "security review",
    "tariff cut",
    "buyback plan",
    "wage floor",
)
_EN_VERBS = (
    "said on {weekday} it would",
    "plans to",
    "is weighing whether to",
    "agreed to",
    "voted to",
    "moved to",
    "pledged to",
    "refused to",
    "is expected to",
    "was ordered to",
    "has begun to",
    "wants to",
    "will ask {org2} to",
    "hopes to",
    "decided against plans to",
    "is racing to",
    "quietly agreed to",
    "is under pressure to",
    "has no plans to",
    "could soon",
    "failed to",
    "is preparing to",
)
_EN_ACTIONS = (
    "expand",
    "cut",
    "review",
    "delay",
    "introduce",
    "scrap",
    "extend",
    "fund",
    "audit",
    "cap",
    "subsidize",
    "regulate",
    "ban",
    "relax",
    "tighten",
    "simplify",
    "investigate",
    "promote",
    "rebuild",
    "digitize",
    "overhaul",
    "pause",
    "restart",
    "double",
)
_EN_TAILS = (
    "",
    "",
    "",
    "by {month}",
    "in {place}",
    "after a {event} in {place}",
    "amid {topic2}",
    "despite opposition from {org2}",
    "for the first time since {year}",
    "at a cost of {n} billion yen",
    "under pressure from {org3}",
    "as {topic} weighs on growth",
    "before the end of the fiscal year",
    "in talks with {org2}",
    "following a review by {org3}",
    "ahead of elections in {month}",
    "to ease {topic}",
    "across {n2} prefectures",
)
_EN_SAYS = (
    "said",
    "told reporters",
    "said in a statement",
    "told a news conference",
    "said in an interview",
    "wrote in a note to clients",
    "told parliament",
    "said on {weekday}",
)
_EN_QUOTE_OPENERS = (
    "We",
    "They",
    "The government",
    "Companies",
    "Our members",
    "Local officials",
    "Nobody",
    "Everyone",
    "Investors",
    "Families",
)
_EN_QUOTE_MODALS = (
    "need to",
    "cannot afford to",
    "will",
    "should",
    "are trying to",
    "have no choice but to",
    "are not ready to",
    "may have to",
    "want to",
    "are determined to",
)
_EN_METRICS = (
    "applications",
    "bankruptcies",
    "exports",
    "visitor numbers",
    "complaints",
    "job openings",
    "births",
    "fraud cases",
    "emergency calls",
    "registrations",
    "car sales",
    "hotel stays",
    "patient numbers",
    "shipments",
    "arrests",
    "contracts",
)
_EN_MOVES = ("rose", "fell", "jumped", "slipped", "climbed", "dropped", "edged up", "plunged")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_CITIES = (
    "Osaka",
    "Nagoya",
    "Sapporo",
    "Fukuoka",
    "Sendai",
    "Kobe",
    "Hiroshima",
    "Niigata",
    "Okinawa",
    "Yokohama",
    "Kyoto",
    "Kumamoto",
    "Seoul",
    "Busan",
    "Taipei",
    "Kaohsiung",
    "Manila",
    "Jakarta",
    "Hanoi",
    "Bangkok",
    "Kuala Lumpur",
    "Sydney",
    "Melbourne",
    "Mumbai",
    "Delhi",
    "Shanghai",
    "Shenzhen",
    "Hong Kong",
    "Singapore",
    "Vancouver",
    "Frankfurt",
    "Lyon",
    "Manchester",
    "Sao Paulo",
    "Monterrey",
)
_EN_EVENTS = (
    "fire",
    "power outage",
    "landslide",
    "train derailment",
    "system failure",
    "gas leak",
    "warehouse collapse",
    "chemical spill",
    "bridge closure",
    "water main break",
    "flood",
)


def _en_org(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(_EN_COUNTRIES)} {rng.choice(_EN_AGENCIES)}"
    return rng.choice(_EN_COMPANIES)


def _en_thing(rng: random.Random) -> str:
    return f"{rng.choice(('a', 'the', 'its'))} {rng.choice(_EN_ADJECTIVES)} {rng.choice(_EN_NOUNS)}"


def _en_cast(rng: random.Random) -> dict[str, str]:
    return {
        "org": _en_org(rng),
        "org2": _en_org(rng),
        "org3": _en_org(rng),
        "person": f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}",
        "person2": f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}",
        "ptitle": rng.choice(_EN_TITLES),
        "ptitle2": rng.choice(_EN_TITLES),
        "topic": rng.choice(_EN_TOPICS),
        "topic2": rng.choice(_EN_TOPICS),
        "measure": _en_thing(rng),
        "place": rng.choice(_EN_CITIES),
        "event": rng.choice(_EN_EVENTS),
        "d": str(rng.randint(1, 28)),
        "m": str(rng.randint(1, 12)),
        "year": str(rng.randint(2015, 2027)),
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _en_sentence(rng: random.Random, cast: dict[str, str], kind: str) -> str:
    s = _numbers(rng, cast)
    s.update(weekday=rng.choice(_WEEKDAYS), month=rng.choice(_MONTHS))
    thing = s["measure"] if rng.random() < 0.4 else _en_thing(rng)
    tail = rng.choice(_EN_TAILS).format(**s)
    if kind == "quote":
        quote = (
            f"{rng.choice(_EN_QUOTE_OPENERS)} {rng.choice(_EN_QUOTE_MODALS)} "
            f"{rng.choice(_EN_ACTIONS)} {_en_thing(rng)}" + (f" {tail}" if tail else "")
        )
        speaker = rng.choice(
            ("{person}", "{person2}, a {ptitle2} at {org2},", "one {org3} official")
        ).format(**s)
        return f'"{quote}," {speaker} {rng.choice(_EN_SAYS).format(**s)}.'
    if kind == "data":
        return (
            f"{_cap(rng.choice(_EN_METRICS))} {rng.choice(_EN_MOVES)} {s['pct']} percent in "
            f"{s['month']} from a year earlier to {s['n']},000, according to "
            f"{rng.choice((s['org'], s['org2'], s['place'] + ' officials'))}."
        )
    if kind == "event":
        return (
            f"In {s['place']}, a {s['event']} on {s['weekday']} left {s['n2']} people "
            f"{rng.choice(('injured', 'stranded', 'without power', 'evacuated'))}."
        )
    subject = rng.choice(
        (
            "{org}",
            "{org2}",
            "{org3}",
            "{person}, {org}'s {ptitle},",
            "officials at {org}",
            "a panel advising {org}",
            "lawmakers from {org2}",
            "{person2}, a {ptitle2},",
        )
    ).format(**s)
    verb = rng.choice(_EN_VERBS).format(**s)
    return _cap(
        f"{subject} {verb} {rng.choice(_EN_ACTIONS)} {thing}" + (f" {tail}" if tail else "") + "."
    )


_KINDS = ("plain", "plain", "plain", "plain", "quote", "quote", "data", "event")


def random_cast(rng: random.Random, lang: str) -> dict[str, str]:
    """A story's cast (topic, organisations, people, place, date) for ``synthetic_story``."""
    return _ja_cast(rng) if lang == "ja" else _en_cast(rng)


#: ``synthetic_story(agency=RANDOM_AGENCY)`` draws the agency (or none) at random.
RANDOM_AGENCY = "random"


def synthetic_story(
    rng: random.Random,
    key: str,
    lang: str,
    cast: dict[str, str] | None = None,
    *,
    agency: str | None = RANDOM_AGENCY,
) -> BaseStory:
    """A generated news story about ``cast`` (topic, organisations, people, place ...).

    Give two stories the same cast and they are about the same thing in different words:
    the hard negatives clustering must keep apart. ``agency`` forces the wire that
    carries it (``"共同"``/``"時事"`` in Japanese, ``"Reuters"``/``"AP"``/``"Kyodo"`` in
    English) or None for an outlet's own story; by default it is drawn at random (the
    random stream is the same either way up to that choice).
    """
    if lang == "ja":
        cast = cast or _ja_cast(rng)
        drawn = rng.choice(("共同", "時事", None))
        agency = drawn if agency == RANDOM_AGENCY else agency
        sentences = [_ja_sentence(rng, cast, "lead")]
        sentences += [
            _ja_sentence(rng, cast, rng.choice(_KINDS)) for _ in range(rng.randint(5, 11))
        ]
        verb = rng.choice(
            ("導入へ", "見直し", "年度内に決定", "骨子まとめる", "議論本格化", "検討")
        )
        title = f"{cast['org']}、{cast['measure']}{verb}　{cast['topic']}"
        alt = (f"{cast['topic']}で{cast['measure']}　{cast['org']}", f"{cast['measure']}、{verb}")
        if agency and rng.random() < 0.5:
            city = rng.choice(("ワシントン", "北京", "ソウル", "ロンドン", "ニューヨーク", "大阪"))
            sentences[0] = f"【{city}{agency}】" + sentences[0]
        joiner = ""
    else:
        cast = cast or _en_cast(rng)
        drawn = rng.choice(("Reuters", "AP", "Kyodo", None))
        agency = drawn if agency == RANDOM_AGENCY else agency
        sentences = [_en_sentence(rng, cast, "lead")]
        sentences += [
            _en_sentence(rng, cast, rng.choice(_KINDS)) for _ in range(rng.randint(5, 10))
        ]
        measure = cast["measure"].split(" ", 1)[1]
        title = f"{_cap(cast['org'])} weighs {measure} over {cast['topic']}"
        alt = (
            f"{_cap(cast['topic'])}: {cast['org']} eyes {measure}",
            f"{_cap(measure)} plan draws mixed reaction",
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
    organisations, people, place, date) with the story before it: same subject,
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


_JA_LOCAL = (
    "{pref}内でも関心は高く、{pref}の担当者は「国の動きを注視し、必要な対応を検討したい」と話している。",
    "{pref}内では昨年度、関連する相談が{n}件寄せられた。{pref}は{m}月から専用の窓口を設けている。",
    "{pref}選出の{person}衆院議員は「地方の実情を踏まえた制度にしてほしい」と話した。",
    "{pref}内の事業者からは「詳細が早く知りたい」「負担が増えないか心配だ」との声が上がっている。",
    "{pref}の{person}知事は{d}日の定例会見で「県としても独自の上乗せを検討する」と述べた。",
    "{city}で{n2}年続く商店を営む{person2}さん（{n2}）は「先が見通せず不安だ」と話した。",
    "{pref}によると、県内の対象は約{n}件で、{m}月中に説明会を開く予定という。",
    "{city}の{org}支店では{d}日、問い合わせの電話が相次いだ。",
)
_EN_STATES = (
    "Ohio",
    "Oregon",
    "Texas",
    "Michigan",
    "Georgia",
    "Arizona",
    "Kentucky",
    "Iowa",
    "Nevada",
    "Maine",
    "Colorado",
    "Tennessee",
    "Alabama",
    "Kansas",
    "Utah",
    "Indiana",
    "Vermont",
    "Montana",
    "Idaho",
    "Delaware",
)
_EN_LOCAL = (
    "In {state}, the local chamber of commerce said members were still studying how the "
    "changes would affect them.",
    "{state} officials said about {n} local companies could be affected, and a briefing is "
    "planned for {month}.",
    "Residents in {state} have raised similar concerns, according to a recent local survey.",
    '"We are watching this closely," said {person}, who runs an export business in {state}.',
    "At a diner in {city}, {state}, {person2} said prices had already gone up {n2} percent "
    "this year.",
    "{state}'s governor said on {weekday} the state would seek an exemption.",
)


def _local_paragraph(rng: random.Random, lang: str) -> str:
    """A paragraph a regional outlet adds to a wire story."""
    if lang == "ja":
        s = _numbers(rng, _ja_cast(rng))
        s.update(pref=rng.choice(_JA_PREFS), city=rng.choice(_JA_CITIES))
        chosen = rng.sample(_JA_LOCAL, k=rng.randint(1, 2))
        return "".join(t.format(**s) for t in chosen)
    s = _numbers(rng, _en_cast(rng))
    s.update(
        state=rng.choice(_EN_STATES),
        month=rng.choice(_MONTHS),
        weekday=rng.choice(_WEEKDAYS),
        city=rng.choice(("Springfield", "Franklin", "Clinton", "Greenville", "Salem", "Madison")),
    )
    chosen = rng.sample(_EN_LOCAL, k=rng.randint(1, 2))
    return " ".join(t.format(**s) for t in chosen)


# --- reprint edits ------------------------------------------------------------------

#: The least share of a story a trimmed reprint keeps.
KEEP_MIN = 0.4
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_HALF = str.maketrans("０１２３４５６７８９", "0123456789")
_JA_SWAPS = (
    ("首相", "総理"),
    ("と述べた", "と語った"),
    ("米国", "アメリカ"),
    ("確認した", "確かめた"),
    ("明らかにした", "明かした"),
    ("見通しだ", "見込みだ"),
    ("発表した", "公表した"),
)
_EN_SWAPS = (
    ("U.S.", "US"),
    (" percent", "%"),
    ("said on", "said"),
    ("about ", "around "),
    ("Prime Minister", "PM"),
    ("would", "will"),
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


def with_sentence(story: BaseStory, sentence: str, *, after: int = 1) -> BaseStory:
    """``story`` with ``sentence`` put into its first paragraph after ``after`` sentences.

    For a quote of a known person placed where reprints keep it (trims cut from the
    end, and the first paragraph is never the one an editor drops).
    """
    paragraphs = list(story.paragraphs)
    sentences = _sentences(paragraphs[0], story.lang)
    joiner = "" if story.lang == "ja" else " "
    paragraphs[0] = joiner.join([*sentences[:after], sentence, *sentences[after:]])
    return BaseStory(
        story.key, story.lang, story.title, tuple(paragraphs), story.agency, story.alt_titles
    )


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
            paragraphs.insert(0, "写真＝記者会見する関係者（" + rng.choice(_JA_CITIES) + "で）")
        else:
            paragraphs.insert(
                0, "FILE PHOTO: Officials attend a meeting in " + rng.choice(_EN_CITIES)
            )
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
    "北海道新聞",
    "河北新報",
    "新潟日報",
    "信濃毎日新聞",
    "静岡新聞",
    "中日新聞",
    "京都新聞",
    "神戸新聞",
    "山陽新聞",
    "中国新聞",
    "愛媛新聞",
    "西日本新聞",
    "熊本日日新聞",
    "琉球新報",
    "東京新聞",
    "産経新聞",
    "日本経済新聞",
    "Yahoo!ニュース",
    "gooニュース",
    "47NEWS",
)
EN_OUTLETS = (
    "The Japan Times",
    "Nikkei Asia",
    "The Guardian",
    "The Washington Post",
    "Yahoo News",
    "MSN",
    "CNN",
    "The Straits Times",
    "South China Morning Post",
    "NHK World",
    "Al Jazeera",
    "The Korea Herald",
    "ABC News",
    "U.S. News & World Report",
)


def copies_count(rng: random.Random, maximum: int = 30) -> int:
    """How many times a story is carried: often once, sometimes by dozens of papers."""
    roll = rng.random()
    if roll < 0.35:
        return 1
    if roll < 0.65:
        return rng.randint(2, 4)
    if roll < 0.87:
        return rng.randint(5, min(10, maximum))
    return rng.randint(min(11, maximum), maximum)


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
