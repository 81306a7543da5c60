"""Short news items that share boilerplate but not stories, with known truth.

Each item is a distinct headline and one distinctive sentence, carried by an outlet
that wraps everything it publishes in the same two filler sentences: a desk byline,
a paywall notice, a copyright line, 「関連記事：…」, navigation residue. Items of one
outlet therefore share half or more of their text and must still be different
stories. Some items are also carried by a second (or third) outlet -- the same
headline and sentence inside that outlet's own filler, sometimes with a 【速報】 or
"UPDATE" headline and another layout -- and those copies must be one story, so
recall is measured too. Institute activity-log items (「…に出演しました」) are among
them, in Japanese and English.

Deterministic for a given seed; no I/O. Not a test module (no ``test_`` prefix).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """One story: a headline and the one sentence that makes it this story.

    ``sentence`` is empty for a headline-only item (an activity-log line, a brief).
    """

    key: str
    lang: str
    title: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Wrapper:
    """An outlet and the two filler sentences it puts around everything it carries."""

    outlet: str
    lang: str
    filler: tuple[str, str]


@dataclass(frozen=True, slots=True)
class ShortDoc:
    """One placement of an item: what dedup sees (title, text) and the truth."""

    doc_id: int
    period: int
    story: str
    outlet: str
    title: str
    text: str


JA_ITEMS: tuple[Item, ...] = (
    Item("ja-01", "ja", "日銀、追加利上げを見送り", "日銀は金融政策決定会合で、短期金利の誘導目標を0.25%に据え置くことを決めた。"),
    Item("ja-02", "ja", "台風10号、九州に上陸へ", "気象庁によると、台風10号は29日夜にも鹿児島県に上陸する恐れがある。"),
    Item("ja-03", "ja", "日韓外相が電話会談", "上川外相は韓国の趙兌烈外相と電話で会談し、北朝鮮への対応で連携を確認した。"),
    Item("ja-04", "ja", "春闘の賃上げ率5%超え", "連合の最終集計で、今年の春闘の平均賃上げ率は5.10%と33年ぶりの高水準になった。"),
    Item("ja-05", "ja", "能登で仮設住宅の入居始まる", "石川県輪島市で建設が進む仮設住宅の鍵の引き渡しが始まり、被災者が入居した。"),
    Item("ja-06", "ja", "防衛装備移転三原則を見直し", "政府は次期戦闘機の第三国輸出を認めるため、運用指針の改定を閣議決定した。"),
    Item("ja-07", "ja", "円相場、一時160円台", "ニューヨーク外国為替市場で円が売られ、約34年ぶりに1ドル＝160円台を付けた。"),
    Item("ja-08", "ja", "大谷選手が40本塁打", "ドジャースの大谷翔平選手が敵地での試合で今季40本目の本塁打を放った。"),
    Item("ja-09", "ja", "新紙幣の発行開始", "渋沢栄一らの肖像を用いた新しい1万円札など3種類の紙幣が20年ぶりに発行された。"),
    Item("ja-10", "ja", "中国海警船が領海侵入", "尖閣諸島周辺の領海に中国海警局の船4隻が侵入し、海上保安庁が退去を求めた。"),
    Item("ja-11", "ja", "最低賃金、過去最大の引き上げ", "厚生労働省の審議会は、最低賃金の目安を全国平均で50円引き上げると答申した。"),
    Item("ja-12", "ja", "北朝鮮が弾道ミサイル発射", "防衛省は、北朝鮮が東部から日本海に向けて弾道ミサイル1発を発射したと発表した。"),
    Item("ja-13", "ja", "米大統領選、討論会で論戦", "米大統領選の候補者による初のテレビ討論会が開かれ、移民政策などで論戦を交わした。"),
    Item("ja-14", "ja", "出生数が過去最少に", "昨年生まれた子どもの数は約72万7千人で、統計開始以来の最少を更新した。"),
    Item("ja-15", "ja", "国産ロケットH3が打ち上げ成功", "種子島宇宙センターからH3ロケット3号機が打ち上げられ、地球観測衛星を軌道に投入した。"),
    Item("ja-16", "ja", "コメ価格の高騰続く", "スーパーでのコメの平均価格は5キロあたり4千円を超え、前年の約2倍となった。"),
    Item("ja-17", "ja", "研究員、NHK「日曜討論」に出演", "当研究所の研究員がNHK「日曜討論」に出演し、ウクライナ情勢の見通しについて解説しました。"),
    Item("ja-18", "ja", "研究員、BSフジ「プライムニュース」に出演", "主任研究員がBSフジの番組で、中東の停戦交渉と米国の役割について議論しました。"),
    Item("ja-19", "ja", "研究員のインタビューが日経新聞に掲載", "日本経済新聞朝刊に、インド太平洋の経済安全保障をめぐる研究員のインタビューが掲載されました。"),
    Item("ja-20", "ja", "所長がシンポジウムで基調講演", "所長が国際シンポジウムで基調講演を行い、国連安保理改革の課題を論じました。"),
    Item("ja-21", "ja", "パリ五輪、日本の金メダル20個", "パリ五輪で日本選手団は金メダル20個を獲得し、海外開催の大会で最多となった。"),
    Item("ja-22", "ja", "東京株、終値で最高値更新", "東京株式市場で日経平均株価が反発し、終値でバブル期を超える最高値を付けた。"),
    Item("ja-23", "ja", "インフルエンザ、流行期入り", "厚労省は全国の定点医療機関の患者数が基準を超え、インフルエンザの流行期に入ったと発表した。"),
    Item("ja-24", "ja", "サイバー攻撃で大手出版社に被害", "大手出版社がランサムウエアの攻撃を受け、動画配信サービスなどが停止した。"),
    Item("ja-25", "ja", "研究員がテレビ東京「ワールドビジネスサテライト」に出演、米中関係の行方を解説", ""),
    Item("ja-26", "ja", "主任研究員が文化放送「ニュースワイド」に電話出演し、朝鮮半島情勢についてコメント", ""),
    Item("ja-27", "ja", "読売新聞朝刊「論点」に研究員の寄稿「北極海航路と日本の海洋戦略」が掲載", ""),
    Item("ja-28", "ja", "政府、外国人労働者の新たな育成就労制度の基本方針を閣議決定へ", ""),
)  # fmt: skip

EN_ITEMS: tuple[Item, ...] = (
    Item("en-01", "en", "Japan's cabinet approves record defense budget", "The cabinet approved a defense budget of 8.7 trillion yen for next fiscal year, the largest ever."),
    Item("en-02", "en", "Typhoon Shanshan makes landfall in Kyushu", "The storm hit Kagoshima Prefecture with gusts of up to 200 kph, cutting power to 250,000 homes."),
    Item("en-03", "en", "Toyota halts production lines after system glitch", "A fault in the parts ordering system stopped 28 assembly lines at 14 domestic plants on Tuesday."),
    Item("en-04", "en", "Bank of Japan keeps rates unchanged", "Governor Kazuo Ueda said the central bank would wait for more data on wages before moving again."),
    Item("en-05", "en", "North Korea fires ballistic missile into sea", "Seoul said the missile flew about 600 kilometers before splashing down off the east coast."),
    Item("en-06", "en", "Nikkei closes at all-time high", "The benchmark index rose 2.2 percent to finish above its 1989 peak, led by chip stocks."),
    Item("en-07", "en", "Japan and the Philippines sign troop access pact", "The reciprocal access agreement lets each country's forces train on the other's soil."),
    Item("en-08", "en", "Births in Japan fall to a new low", "The health ministry counted 727,277 births last year, down 5.6 percent from a year earlier."),
    Item("en-09", "en", "H3 rocket puts satellite into orbit", "JAXA said the third flight of its new flagship rocket delivered an Earth observation satellite."),
    Item("en-10", "en", "Rice prices hit record as stocks run low", "Supermarket prices for a 5-kilogram bag topped 4,000 yen, about double the level a year ago."),
    Item("en-11", "en", "Institute fellow appears on BBC World News", "A senior fellow discussed maritime security in the East China Sea on BBC World News."),
    Item("en-12", "en", "Institute president speaks at Munich conference", "The president addressed a panel on the future of arms control at the Munich Security Conference."),
    Item("en-13", "en", "Fellow's op-ed on Quad published in The Diplomat", "The commentary argues that the Quad needs a standing secretariat to survive leadership changes."),
    Item("en-14", "en", "Kishida says he will not run for party leader", "The prime minister told reporters he would step aside to let the party renew itself."),
    Item("en-15", "en", "Yen weakens past 160 per dollar", "The currency slid to its weakest level in 34 years, prompting warnings from the finance ministry."),
    Item("en-16", "en", "Heat stroke cases surge in Tokyo", "Ambulances carried more than 400 people to hospital in a single day as temperatures hit 38 C."),
    Item("en-17", "en", "Japan to release treated water in new round", "TEPCO will discharge about 7,800 tons over 17 days from the Fukushima Daiichi plant."),
    Item("en-18", "en", "Ohtani reaches 50 homers and 50 steals", "The Dodgers star became the first player in major league history to reach both marks in a season."),
    Item("en-19", "en", "Osaka Expo ticket sales lag targets", "Organizers have sold about 8 million advance tickets, well short of the 14 million they planned."),
    Item("en-20", "en", "Chinese coast guard ships enter Japanese waters", "Four vessels entered territorial waters near the Senkaku Islands and stayed for about two hours."),
    Item("en-21", "en", "Research fellow joins NHK World's Newsline to discuss the Korean Peninsula", ""),
    Item("en-22", "en", "Senior fellow quoted by Reuters on Japan-China talks over seafood import ban", ""),
    Item("en-23", "en", "Japan's upper house passes bill creating active cyber defense powers", ""),
)  # fmt: skip

JA_WRAPPERS: tuple[Wrapper, ...] = (
    Wrapper("共同通信", "ja", ("この記事は共同通信社のニュースデスクが制作し、加盟各社に配信したものです。", "関連記事：日本の外交・安全保障をめぐる最新ニュースの一覧はこちらからご覧いただけます")),
    Wrapper("日経電子版", "ja", ("この記事は有料会員限定です。無料会員の方は月10本までお読みいただけます。", "続きは会員登録のうえ、ログインしてお読みください。初月無料キャンペーン実施中。")),
    Wrapper("地方新報", "ja", ("※この記事は配信元の提供を受けて掲載しています。記事の無断転用を禁じます。", "最新のニュースはアプリでいち早くお届けします。プッシュ通知の設定はこちらから。")),
    Wrapper("ニュースポータル", "ja", ("※記事の内容は配信当時のものです。最新の情報とは異なる場合があります。", "トップ＞ニュース＞国内＞社会・政治＞記事一覧へ戻る＞前の記事＞次の記事")),
    Wrapper("研究所活動記録", "ja", ("当研究所の研究員によるテレビ・ラジオ出演、新聞・雑誌への寄稿と講演の記録です。", "番組の内容や放送予定については、各放送局のウェブサイトをご覧ください。")),
)  # fmt: skip

EN_WRAPPERS: tuple[Wrapper, ...] = (
    Wrapper("Kyodo News", "en", ("This article was produced by the Kyodo News desk and distributed to member newspapers.", "(c) Kyodo News. Reproduction of this article in any form is prohibited.")),
    Wrapper("Tokyo Ledger", "en", ("Copyright 2024 Tokyo Ledger. This material may not be published, broadcast or redistributed.", "All rights reserved.")),
    Wrapper("Asia Wire Daily", "en", ("Sign up for our morning newsletter to get the latest news from Asia delivered to your inbox.", "This story is available to subscribers only. Log in or subscribe to keep reading.")),
    Wrapper("Pacific Portal", "en", ("Read more: Asia-Pacific news and analysis from our correspondents across the region", "The views expressed in this article are not necessarily those of the publisher.")),
    Wrapper("Institute activity log", "en", ("This page records the media appearances, commentaries and talks of our fellows.", "Please see the broadcaster's website for the programme itself and its schedule.")),
)  # fmt: skip

JA_BREAKING = "【速報】"
_SENTENCE_ENDS = ("。", ".", "!", "?", "！", "？")
EN_UPDATE = "UPDATE 1-"


def _layout(wrapper: Wrapper, sentence: str, rng: random.Random) -> str:
    """The body as an outlet lays it out: filler around, before or after the sentence."""
    first, second = wrapper.filler
    order = rng.choice(
        ((first, sentence, second), (sentence, first, second), (first, second, sentence))
    )
    parts = [part for part in order if part]
    joiner = rng.choice(("\n", "\n\n", "" if wrapper.lang == "ja" else " "))
    text = parts[0]
    for previous, part in itertools.pairwise(parts):
        # A link or navigation line (no sentence end) is its own line even in a
        # page extracted as one block.
        text += (joiner if previous.endswith(_SENTENCE_ENDS) else "\n") + part
    return text


def build_short_corpus(seed: int = 7, *, reprint_share: float = 0.4) -> list[ShortDoc]:
    """Every item carried by one outlet, and ``reprint_share`` of them by 1-2 more.

    Outlets are assigned round-robin within each language, so every outlet carries
    several different stories in the same filler; copies go to other outlets (their
    filler), sometimes with a breaking-news or UPDATE headline. Items alternate
    between two periods (a week's news, then the next week's, copies with their
    item); the documents come period by period, shuffled within each.
    """
    rng = random.Random(seed)
    docs: list[tuple[int, str, str, str, str]] = []
    for items, wrappers in ((JA_ITEMS, JA_WRAPPERS), (EN_ITEMS, EN_WRAPPERS)):
        for number, item in enumerate(items):
            period = 1 + number % 2
            home = wrappers[number % len(wrappers)]
            text = _layout(home, item.sentence, rng)
            docs.append((period, item.key, home.outlet, item.title, text))
            if rng.random() >= reprint_share:
                continue
            others = [w for w in wrappers if w is not home]
            for wrapper in rng.sample(others, k=rng.choice((1, 1, 2))):
                title = item.title
                if rng.random() < 0.3:
                    title = (JA_BREAKING + title) if item.lang == "ja" else (EN_UPDATE + title)
                text = _layout(wrapper, item.sentence, rng)
                docs.append((period, item.key, wrapper.outlet, title, text))
    rng.shuffle(docs)
    docs.sort(key=lambda doc: doc[0])  # stable: shuffled within each period
    return [
        ShortDoc(number + 1, period, story, outlet, title, text)
        for number, (period, story, outlet, title, text) in enumerate(docs)
    ]
