"""The review app's words in Japanese (the default) and English, and how dates read.

``text(lang, key)`` gives a label; ``day(lang, moment)`` and ``when(lang,
moment)`` format an aware datetime in Asia/Tokyo (2024年3月5日 / 2024-03-05).
Unknown keys fall back to the key itself, so a missing word shows, not fails.
"""

from __future__ import annotations

from datetime import date, datetime

from pipeline.dates import JST

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_WORDS: dict[str, tuple[str, str]] = {
    "app": ("メディアウォッチ", "mediawatch"),
    "queue": ("確認待ち", "Review queue"),
    "dashboard": ("集計", "Dashboard"),
    "sources": ("収集元", "Sources"),
    "manual": ("手動登録", "Add by hand"),
    "users": ("利用者", "Users"),
    "login": ("ログイン", "Sign in"),
    "logout": ("ログアウト", "Sign out"),
    "name": ("名前", "Name"),
    "password": ("パスワード", "Password"),
    "login_failed": ("名前またはパスワードが違います。", "Wrong name or password."),
    "login_throttled": (
        "失敗が続いたため、しばらく待ってから再試行してください。",
        "Too many failed attempts; wait a few minutes and try again.",
    ),
    "expert": ("専門家", "Expert"),
    "experts": ("専門家", "Experts"),
    "group": ("研究会・グループ", "Group"),
    "role": ("種別", "Role"),
    "confidence": ("確信度", "Confidence"),
    "outlet": ("媒体", "Outlet"),
    "media_type": ("媒体種別", "Media type"),
    "date": ("日付", "Date"),
    "date_jst": ("日付（日本時間）", "Date (JST)"),
    "snippet": ("該当箇所", "Evidence"),
    "why": ("根拠", "Why it matched"),
    "placements": ("掲載先", "Placements"),
    "article": ("記事", "Article"),
    "status": ("状態", "Status"),
    "any": ("すべて", "any"),
    "pending": ("確認待ち", "pending"),
    "confirmed": ("確認済み", "confirmed"),
    "rejected": ("却下", "rejected"),
    "confirm": ("確認", "Confirm"),
    "reject": ("却下", "Reject"),
    "edit": ("修正", "Edit"),
    "correct": ("修正して確認", "Correct and confirm"),
    "reason": ("理由", "Reason"),
    "namesake": ("同姓同名", "namesake"),
    "not_about_expert": ("本人の話題ではない", "not about the expert"),
    "duplicate": ("重複", "duplicate"),
    "other": ("その他", "other"),
    "filter": ("絞り込み", "Filter"),
    "text_search": ("本文検索", "Free text"),
    "from": ("開始日", "From"),
    "to": ("終了日", "To"),
    "min_confidence": ("確信度（以上）", "Confidence at least"),
    "max_confidence": ("確信度（以下）", "Confidence at most"),
    "order": ("並び順", "Order"),
    "newest": ("新しい順", "newest found"),
    "least_confident": ("確信度の低い順", "least confident first"),
    "least_sure": ("種別判定の自信が低い順", "role least sure first"),
    "role_confidence": ("種別の確からしさ", "Role probability"),
    "model": ("判定モデル", "Model"),
    "oldest": ("古い順", "oldest found"),
    "next_page": ("次へ", "Next"),
    "prev_page": ("前へ", "Previous"),
    "nothing_here": ("該当する項目はありません。", "Nothing here."),
    "selected": ("選択した項目", "Selected"),
    "bulk_confirm": ("選択を確認", "Confirm selected"),
    "bulk_reject": ("選択を却下", "Reject selected"),
    "keys_help": (
        "キー操作: j/k 移動、c 確認、r 却下、e 修正、x 選択",
        "Keys: j/k move, c confirm, r reject, e edit, x select",
    ),
    "audit": ("変更履歴", "Audit trail"),
    "who": ("担当", "Who"),
    "when": ("日時", "When"),
    "action": ("操作", "Action"),
    "before": ("変更前", "Before"),
    "after": ("変更後", "After"),
    "note": ("メモ", "Note"),
    "pub_type": ("出版物の種類（出版物のみ）", "Publication type (publications only)"),
    "pub_language": ("言語（出版物のみ）", "Language (publications only)"),
    "title_or_programme": ("番組名・タイトル", "Programme or title"),
    "url_optional": ("URL（任意）", "URL (optional)"),
    "save": ("登録", "Save"),
    "saved": ("登録しました。", "Saved."),
    "manual_mark": ("手動", "manual"),
    "also": ("同じ記事の他の判定", "Also in this story"),
    "last_success": ("最終成功", "Last success"),
    "last_error": ("最終エラー", "Last error"),
    "failures": ("連続失敗", "Failures in a row"),
    "items_7d": ("7日の記事", "Items 7 d"),
    "items_30d": ("30日の記事", "Items 30 d"),
    "mentions_7d": ("7日の言及", "Mentions 7 d"),
    "mentions_30d": ("30日の言及", "Mentions 30 d"),
    "silent": ("新着なし（通常より長い）", "nothing new for longer than usual"),
    "collect_now": ("今すぐ収集", "Collect now"),
    "not_configured": (
        "sources.yamlにありません（以前の設定）", "no longer in sources.yaml (an older config)"
    ),
    "collect_started": ("収集を開始しました。", "Collection started."),
    "collect_unavailable": (
        "この画面からは収集できません。",
        "Collection is not available from this app.",
    ),
    "period": ("期間", "Period"),
    "fiscal_year": ("年度", "Fiscal year"),
    "show": ("表示", "Show"),
    "media_appearances": ("メディアを通じた対外発信", "Media appearances"),
    "talks": ("講演・登壇", "Talks"),
    "publications": ("研究レポート・出版物", "Publications"),
    "passing": ("言及のみ（集計外）", "Passing mentions (not counted)"),
    "placements_total": ("掲載数", "Placements"),
    "by_month": ("月別", "By month"),
    "by_media_type": ("媒体種別", "By media type"),
    "by_expert": ("専門家別", "By expert"),
    "by_group": ("グループ別", "By group"),
    "by_outlet": ("媒体別", "By outlet"),
    "export": ("出力", "Export"),
    "pending_note": (
        "件が確認待ちです（集計には含まれません）。",
        "pending review (not counted).",
    ),
    "forbidden": ("この操作の権限がありません。", "You may not do this."),
    "not_found": ("見つかりません。", "Not found."),
    "bad_request": ("入力に誤りがあります", "Invalid input"),
    "appearance": ("テレビ・ラジオ出演", "TV/radio appearance"),
    "quote": ("コメント引用", "quote"),
    "authored": ("寄稿・執筆", "authored"),
    "interview": ("インタビュー", "interview"),
    "mention": ("言及", "mention"),
    "publication_citation": ("出版物の引用", "publication cited"),
    "talk": ("講演・登壇", "talk"),
    "newspaper": ("新聞", "newspaper"),
    "tv": ("テレビ", "TV"),
    "radio": ("ラジオ", "radio"),
    "magazine": ("雑誌", "magazine"),
    "wire": ("通信社", "wire"),
    "web": ("ウェブ", "web"),
    "journal": ("学術誌", "journal"),
    "unknown": ("不明", "unknown"),
    "role_viewer": ("閲覧", "viewer"),
    "role_reviewer": ("確認担当", "reviewer"),
    "role_admin": ("管理者", "admin"),
    "language": ("English", "日本語"),
    "items": ("件", "items"),
    "total": ("計", "Total"),
}


def text(lang: str, key: str) -> str:
    """The word for ``key`` in ``lang`` (ja or en); the key itself when unknown."""
    pair = _WORDS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def day(lang: str, moment: datetime | date | None) -> str:
    """The Tokyo calendar day of ``moment``: 2024年3月5日 (ja) or 2024-03-05 (en)."""
    if moment is None:
        return "-"
    local = moment.astimezone(JST) if isinstance(moment, datetime) else moment
    if lang == "en":
        return local.strftime("%Y-%m-%d")
    return f"{local.year}年{local.month}月{local.day}日"


def when(lang: str, moment: datetime | None) -> str:
    """Day and time in Tokyo, labelled: 2024年3月5日 14:05 JST."""
    if moment is None:
        return "-"
    local = moment.astimezone(JST)
    return f"{day(lang, moment)} {local:%H:%M} JST"
