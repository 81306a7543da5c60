"""The cue vocabularies (matched on NFKC, lower-cased text) of the four roles a sentence
can give a name, the patterns of a broadcast programme, and ``find_cues``, which finds
them in a folded sentence; ``sentence`` decides whose each cue is.

Among the cues that belong to a name: ``authored`` > ``interview`` > ``appearance`` >
``quote`` (``strongest``). Besides the plain cue words:

* in the institute's and others' real prose: a noun of act works in the polite and
  humble past of the activity log as in its plain forms (報告しました, 報告いたしました,
  発言しました); a view carried as the name's column (…所長のコラムとして論評した) is
  ``authored``; a talk on a topic (…についてのお話です), a lecture or presentation given
  (講義を行い, プレゼンテーションを行い), a speaker's part (スピーカーとして) and taking
  the floor (会議で発言しました) are appearances; in English, "a dialogue with X", a
  participle of questioning opening the sentence ("Questioned by Y, X discusses …")
  and a writer who met the name and discussed with him ("I met X … and discussed …")
  are ``interview``, a view offered ("X offered an optimistic outlook", "shared her
  assessment") is a ``quote``, and "think tanks" is no verb of thinking;
* a view laid out ("laid out", "by emphasizing") is a ``quote``; an author page's "X's
  latest contributions to …" is ``authored``;
* besides the cue words, reported speech is recognised by its grammar: a
  quotative と before a sentence-final verb (…は続くと危ぶむ。), a name followed by a
  verb and a "that" clause (X reckoned that …); an appearance by a verb of speaking
  or appearing with an event noun (spoke on a panel, delivered a keynote speech), or
  the remarks an event opens with ("the conference will open with remarks by X");
  "X presented on <topic>" and a host's "we talk to X" or 「…さんをお迎えしてお送りします」
  (a show's guest, "we're joined by X", "Host A talks with X"), 講師は X,
  a broadcaster's named programme spoken with or told ("speaks with ABC Radio National's
  Breakfast", "told BBC World Service's Newsday"; a broadcaster alone, "Speaking to
  CNBC, X said", keeps the words a ``quote``), "Joining the panel …: X", "spoke
  alongside X", findings presented ("presented preliminary findings"), a programme
  joined to discuss ("X joins RN Breakfast to discuss …"), an event's chair (a body's
  chair, "the study group, chaired by X", is a member's post, no part in an event), an
  invitation to a public conversation ("Join us
  for a conversation with X", an event, not an interview), an episode's guest credited
  after its title ("Ep. 57: Title — with
  X", or after a comma in a listing opened by its time or episode: "Tonight on …: the
  vote, with X", "Ep. 112 — …, with X"),
  holding a press conference ("held a press conference", as 記者会見) and a broadcaster
  joined ("joined BBC World News to discuss …") are appearances;
  the guests of a social gathering ("guests at the embassy reception", or "Guests
  included … X" in a text that speaks of a reception and of no programme)
  attended it (no cue: ``mention``); a written
  series' "we speak with X" and "X answered questions from <outlet>" are an
  ``interview``; a contributor's own chapter (", and X, whose chapter traces …") is
  ``authored``; a magazine's 対談 is spoken even where 論じた would be written;
* a verb of written discussion (論じた, 考察した) is ``authored`` in a
  sentence that says a publication carries it (号, 誌上, 収録, 掲載, 『…』, a book's
  chapter: 第3章では…を論じている), not at an event or on air;
* testimony before a parliamentary committee (参考人として出席, 意見陳述) is an event;
  experts who 語り合った held a dialogue (``interview``, as 対談); 語り： (a narrator's
  credit) is not speech; 意見を述べた, the verb form of 意見陳述, says the name spoke at
  a hearing, not what (an ``appearance``, also after 出席し); a quoted title is not
  words (「…」と題して講演した: an appearance).
"""

from __future__ import annotations

import re

from pipeline.classify.decision import ROLE_STRENGTH
from pipeline.types import Role

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
SPEECH_NOUNS = r"(?:分析|説明|評価|予測|予想|批判|主張|解説|推測|提言|言及)"
# Works of writing count as authored when published (論考が掲載, 論文を発表), not when
# merely referred to (論文に言及).
_WORK_NOUNS = (
    r"(?:論文|論考|論稿|論説|論評|評論|小論|コラム|エッセー|エッセイ|著書|新著|研究レポート|戦略コメント|報告書|"
    r"レポート|オピニオン|回顧録|回想録|自伝)"
)
_PUBLISHED = r"(?:掲載|発表|公表|公開|出版|刊行|発行|寄せ|執筆)"

_AUTHORED = (
    r"寄稿|執筆|筆者|連載|手記|投稿した|監修|編著|共著|単著|著[「『]|(?:編集|共同で)?出版し(?:た|まし)|"
    # a quoted title between the noun and the verb counts as one word (論考の英語版 "…" を掲載)
    + _WORK_NOUNS
    + r"(?:[^。「『“]|「[^」]{0,120}」|『[^』]{0,120}』|“[^”]{0,160}”){0,40}?"
    + _PUBLISHED
    + r"|"
    r"[【〈<\[]\s*(?:寄稿|論考|オピニオン|論評|私の視点|視点)\s*[】〉>\]]|"
    # a view carried as the name's column: 「…X所長のコラムとして論評した」
    r"(?:コラム|論考|論文|エッセー|エッセイ|手記)(?:として|の形で)|"
    r"戦略コメント\s*(?:[(（][^)）]{0,20}[)）])?\s*[「『]|"
    r"(?:を|が)書い|(?:寄せ|発表し|公表し|公開し|執筆し|書い|著し)た(?:[^。、]{0,6}?)"
    + _WORK_NOUNS
    + r"|"
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
    r"\bcontribut(?:ed|es) (?:an?|the) (?:article|piece|essay|chapter|op-?ed|commentary)\b|"
    # an author page's links and a case made in a paper
    r"\b(?:more )?by this author\b|\bmakes? (?:his|her|their|the) case in\b|"
    # "X's article ‘…’ has been published" (not "X's paper was cited": a work referred to),
    # "Mr. X Publishes “…”", "A and X, …, have published"
    r"(?<=\x00)['’]s?\s+(?:new\s+|latest\s+|recent\s+)?(?:article|op-?ed|essay|commentary|"
    r"column|paper|piece)\b(?=[^.]{0,120}\b(?:published|appeared|ran|carried)\b)|"
    r"\bpublish(?:es|ed)\s+[\"“‘']|(?<=\x00)[^.;]{0,80}?\b(?:has|have)\s+published\b|"
    r"\bin an? (?:article|piece|paper|essay|op-?ed) (?:for|in|published)\b|"
    r"\bin (?:a|an|his|her|their) (?:(?:newly|recently|just) published |new |recent |latest |"
    r"forthcoming )?(?:article|paper|essay|op-?ed|commentary|piece|book|study|memoirs?|"
    r"autobiography|monograph)\b(?! (?:by|about|on)\b)|"
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
    # 「Xに、…や…などについて伺った」: the topics may run long, with commas in them
    r"(?:に|から)[、,]?\s*(?:[^。「」]{0,70}?(?:を|について))?(?:聞|伺|うかが)(?:い|く|き|っ|う|お)|"
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
_APPEARANCE = (
    r"出演|ゲスト|コメンテーター|解説者|生中継|登壇|パネリスト|パネルディスカッション|パネル討論|講演|"
    # a speech given (スピーチを行った, 演説した), not one talked about (首相の演説について)
    r"(?:スピーチ|演説)(?:を)?(?:行[いうっわ]|し[たてま、,]|する)|"
    # a talk on a topic, as a lecture or radio page gives it: 「…についてのお話です」, 講話
    r"(?:について|をテーマに|に関して|に関する)の?\s*お話(?!を(?:伺|うかが|聞|お聞き))|講話|"
    # a speaker invited or presenting at a visit or a meeting: 「Xを講師に迎え」, 「Xにお話
    # いただいた」, 「Xが…について説明をいたしました」, 「Xから…の説明があり」
    r"を(?:講師|ゲスト|パネリスト)(?:に|として)(?:迎え|お迎え|招|お招き)|"
    r"お話し?(?:を)?(?:いただ|頂)|"
    r"説明(?:をいたしま|をいただ|がありま|があった|が行われ)|"
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
    + _GATHERING
    + r")|\bpanelists?\b|\bpanel discussion\b|"
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
    r"\b(?:speaks?|spoke|speaking|talks?|talked|talking) (?:with|to) "
    + _BROADCASTER_EN
    + r"(?:\s+[\w-]+){0,2}?['’]s\s+(?=\w)|"
    # a programme's host and guest: "Mike is joined by X", "X joins … on NPR's Morning
    # Edition", "Koshino hosts X", "we have with us X", "we will hear from X", "let's bring
    # in X", "X dropped by The Conversation to discuss"
    # (a host "is joined by" the guest; not ", joined by X, laid a wreath": attendance)
    r"\b(?:is|are|was|were)\s+joined by\b|\bjoin(?:s|ed)\b[^.;]{0,80}?\bon\s+"
    + _BROADCASTER_EN
    + r"|"
    # a programme's or an event's talk: "…: A discussion with X" heading the item, "A and B
    # talk to Z" (a show's present tense), "A and B join Z to discuss …", "joins senior
    # fellows X, Y and Z for a debate", "X presented …", "with the participation of X"
    r"(?:^\s*|[:：|–—-]\s*)(?:a |the )?discussion with\b|\bin conversation\b|"
    r"\bwith the participation of\b|\btalk\s+(?:to|with)\s+(?=\x00)|"
    r"\bjoin(?:s|ed)?\s+(?:(?:senior\s+)?fellows?\s+)?(?=\x00)|"
    r"(?<=\x00)\s+presented\b(?!\s+(?:by|to|with)\b)|"
    r"\bhost(?:s|ed)\s+(?=(?:dr\.?\s+|prof\.?\s+)?\x00)|\bwe (?:have|had) with us\b|"
    r"\bwe(?: will|'ll)? (?:now )?hear from\b|\blet['’]s bring in\b|"
    r"(?<=\x00)\s+(?:dropped|stopped) by\b|"
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
    r"(?:a|an|the|this|next|last|its|their)?\s*(?:[\w'’-]+\s+){0,4}?"
    + _EVENT_NOUNS
    + r"|"
    # "an event where X, who studies …, spoke on …": the event's speaker, named in a
    # relative clause on the event (the name is masked as \x00)
    + _EVENT_NOUNS
    + r"\s+(?:where|at which|during which|in which)(?=\s+\x00+"
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
    r"とみて|見方を示|考えを示|見解を|取材に|取材を受け|答え|警鐘|問題視|疑問視|表明|呈し|引用|示唆|"
    # a finding reported: 「…ほぼ全壊したことを報告」
    r"ことを(?:報告|説明|明らかに)|"
    # the name's words opening right after it: 「…研究員は「IT化で…」」, and 「…と…さんはいう」
    # (not a title: 「X氏は「北極海の経済学」の著者だ」)
    r"(?<=\x00)[\u4e00-\u9fff\u30a0-\u30ffー・]{0,14}(?:氏|さん)?は[、,]?\s*「"
    r"(?![^」]{0,80}」\s*(?:と題|[のをにがでへ]))|"
    r"(?<=\x00)(?:[(（][^)）]{0,20}[)）])?(?:さん|氏|教授)?(?:は|が)(?:いう|言う)(?=。|$)|"
    r"懸念(?:する|が示)|認識を示|振り返|力を込め|念を押|危惧|警戒(?=する|し)|疑問を|推察|反論|評し|"
    r"評する|期待を示|期待する|呼びかけ|見通(?:す|し(?:を示|だ))|の話(?:では|によると|[\s　]|$)|"
    # 「…」と述べた, not a quoted title (「…」と題して講演, 「…」というテーマで)
    r"」と(?!の|題|銘打|いう(?:テーマ|タイトル|演題|題))|"
    # a view given as the ground of an act: 「…不使用規範を侵食しているとして、…を提示した」,
    # 「…すべきだとして、」; not an event foreseen (就任するとして)
    r"(?:(?<=ている)|(?<=ていた)|(?<=ない)|(?<=だ)|(?<=ある))として(?=[、,])|"
    r"と" + SPEECH_NOUNS + r"|" + SPEECH_NOUNS + _NOT_NOUN + r"|"
    r"(?:分析|見解|見方|解説|発言)が[^。「」]{0,20}?(?:紹介|引用|掲載)|(?:分析|見立て|見方|試算|推計)では|"
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
    r"\bsees\b|\bin a comment\b|\bcomments?\s+(?:by|from|to|for|on|in)\b|\bagreed\b|"
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
CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.AUTHORED, re.compile(_AUTHORED)),
    (Role.INTERVIEW, re.compile(_INTERVIEW)),
    (Role.APPEARANCE, re.compile(_APPEARANCE)),
    (Role.QUOTE, re.compile(_QUOTE)),
)

# A broadcast programme named in the sentence: 「NHK「日曜討論」で」, "on NHK's program".
_BROADCASTER = (
    r"(?:(?<![a-z])(?:nhk|bs|cs|tbs|tv|fm|abema|j-wave|cnn|bbc|cnbc|cgtn|al jazeera|nhk world|"
    r"tokyo mx|bs-tbs|bsフジ|bs日テレ|bs朝日|bsテレ東)(?![a-z])|テレビ|ラジオ|放送|日テレ|テレ朝|"
    r"テレ東|フジ|アルジャジーラ|ニッポン放送|文化放送)"
)
#: A broadcaster named (NHK, BSフジ, テレビ, ラジオ …), alone.
BROADCASTER = re.compile(_BROADCASTER)
#: Words said to a broadcaster: "…," X told CNN (a quote unless a programme is named).
TOLD_BROADCASTER = re.compile(r"\b(?:told|tells)\s+(?:the\s+)?" + _BROADCASTER_EN)
#: Words of print, or of a reporter's questions: a story in a paper or a magazine, not a
#: programme (誌 alone is left out: 活動日誌 is a log's title).
PRINT_WORDS = re.compile(
    r"新聞|朝刊|夕刊|紙面|雑誌|誌面|誌上|週刊|月刊|記事|掲載|寄稿|論考|取材|ウェブ|オンライン|電子版|"
    r"出版|刊行|通信|\b(?:web|newspaper|magazine|article|reuters|bloomberg|wire)\b"
)
PROGRAMME = re.compile(
    _BROADCASTER + r"[a-z0-9 '’第\u4e00-\u9fff-]{0,10}?(?:の)?\s*[「『“\"]|"
    # a clipping service's credit line: 2019/04/18 BSフジ[プライムニュース]
    + _BROADCASTER + r"[a-z0-9 '’第\u4e00-\u9fff\u30a0-\u30ff-]{0,10}?\[[^\]\n]{2,30}\]|"
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
# The parties of a dialogue listed after it is named: 「座談会「…」。出席者は小谷哲男（主任
# 研究員）、伏田寛範（…）、司会は舟津奏（研究員）。」. All take part in it (``interview``,
# as 座談会).
DIALOGUE_NOUN = re.compile(r"座談会|対談|鼎談|討論会|徹底討論")
TITLE_CUES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.INTERVIEW,
        re.compile(r"インタビュー|に聞く|一問一答|対談|鼎談|座談会|\binterview\b|\bq ?& ?a\b"),
    ),
    (Role.AUTHORED, re.compile(r"寄稿|論考|オピニオン|\bopinion\b|\bop-?ed\b|\bcommentary\b")),
)


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
WITH_HOST = re.compile(r"(?<=\x00)[^\x00、。,「」()（）]{0,12}?と(?:とも|共)に")
_INVITED = re.compile(r"(?:を|に)(?:お招き|招い|招き|お迎え|迎え)(?:し|て|、|,)")


# A participle of being questioned opening the sentence, its subject the name after it:
# "Questioned by a researcher of the institute, X discusses …".
_QUESTIONED_BY = re.compile(
    r"^\s*((?:questioned|questionned|interviewed|quizzed|asked)\s+by)\b[^,\x00]{0,80}"
    r"(?:\x00+[^,\x00]{0,60})?,\s*(?=\x00)"
)


# A standing body named right before "chaired by" (not a panel discussion): its chair holds
# a post, takes no part in an event.
_BODY_BEFORE_CHAIRED = re.compile(
    r"\b(?:panel|committee|council|commission|board|task force|study group|working group)"
    r"(?:\s+(?:on|of|for)\s+[^,.;\n]{0,50})?,\s*$"
)


def find_cues(folded: str) -> list[tuple[int, int, Role, str]]:
    found: list[tuple[int, int, Role, str]] = []
    for role, pattern in CUES:
        for hit in pattern.finditer(folded):
            if role is Role.APPEARANCE and _BODY_BEFORE_CHAIRED.search(
                folded, max(0, hit.start() - 90), hit.start()
            ) and hit.group(0).startswith("chair"):
                continue  # "The expert panel on …, chaired by X, submitted …": a body's chair
            found.append((hit.start(), hit.end(), role, hit.group(0)))
    for hit in WITH_HOST.finditer(folded):
        if _INVITED.search(folded, 0, hit.start()):
            found.append((hit.start(), hit.end(), Role.APPEARANCE, hit.group(0)))
    for hit in _QUESTIONED_BY.finditer(folded):
        # the subject the participle opening the sentence is about: the comma before it
        found.append((hit.end() - 1, hit.end(), Role.INTERVIEW, hit.group(1)))
    if (
        _PUBLICATION_FRAME.search(folded)
        and not PROGRAMME.search(folded)
        and not PRESENTING_EVENT.search(folded)
        and not DIALOGUE_NOUN.search(folded)  # 「誌上で…と対談し、…を論じた」: spoken
    ):
        for hit in _DISCOURSE.finditer(folded):
            found.append((hit.start(), hit.end(), Role.AUTHORED, hit.group(0)))
    return found


def strongest(cues: list[tuple[int, int, Role, str]]) -> tuple[int, int, Role, str]:
    return max(cues, key=lambda cue: (ROLE_STRENGTH[cue[2]], -cue[0]))


# Events at which a work is presented or announced (記者会見, 講演, 学会 …).
PRESENTING_EVENT = re.compile(
    r"記者会見|会見|講演|シンポジウム|セミナー|ウェビナー|フォーラム|ワークショップ|学会|研究会|国際会議|"
    r"\bpress conference\b|\bbriefing\b"
)
