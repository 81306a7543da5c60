"""Bytes to text for the encodings Japanese and Western sites really use.

Takes a body and what its response and markup declare; returns the text and
the codec that read it. Shift_JIS is read as CP932 (so 髙, 﨑 and 桒 survive),
EUC-JP falls back to EUC-JIS-2004, a declaration that does not fit the bytes
is not trusted into mojibake. Pure: no network, no database.
"""

from __future__ import annotations

import codecs
import logging
import re

import charset_normalizer

logger = logging.getLogger(__name__)

# Declared names that mean something else in practice (WHATWG Encoding Standard
# and Japanese reality). Each maps to codecs tried strictly, in order.
_JAPANESE_SJIS = ("cp932", "shift_jis_2004")
_JAPANESE_EUC = ("euc_jp", "euc_jis_2004")
_JAPANESE_JIS = ("iso2022_jp", "iso2022_jp_2004", "iso2022_jp_ext")
_CODEC_ALIASES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "shift_jis",
            "shift-jis",
            "sjis",
            "s-jis",
            "x-sjis",
            "x-shift-jis",
            "shiftjis",
            "csshiftjis",
            "ms_kanji",
            "ms-kanji",
            "windows-31j",
            "cswindows31j",
            "cp932",
            "ms932",
            "ibm-943",
        ),
        _JAPANESE_SJIS,
    ),
    **dict.fromkeys(
        ("euc-jp", "eucjp", "x-euc-jp", "euc_jp", "ujis", "cseucpkdfmtjapanese", "cp51932"),
        _JAPANESE_EUC,
    ),
    **dict.fromkeys(("iso-2022-jp", "csiso2022jp", "iso2022jp", "jis"), _JAPANESE_JIS),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252"),
        ("cp1252", "latin-1"),
    ),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "cp936", "gb18030"), ("gb18030",)),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "ks_c_5601", "cp949"), ("cp949",)),
    **dict.fromkeys(("big5", "big5-hkscs", "x-x-big5"), ("big5hkscs",)),
    **dict.fromkeys(("utf8", "utf-8", "unicode-1-1-utf-8"), ("utf-8",)),
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:()-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(
    rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:()-]+)""", re.IGNORECASE
)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:()-]+)""", re.IGNORECASE
)
_META_SCAN_BYTES = 8192
# Single-byte code pages charset-normalizer cannot tell apart on Western text;
# on a tie the web's de-facto default (WHATWG: windows-1252) wins.
_SINGLE_BYTE_PREFERENCE = ("cp1252", "latin_1", "iso8859_15")
_MULTIBYTE_PREFIXES = (
    "utf",
    "shift_jis",
    "cp932",
    "euc",
    "iso2022",
    "gb",
    "big5",
    "cp949",
    "cp950",
    "johab",
    "hz",
)


def _codecs_for(label: str) -> tuple[str, ...]:
    """Python codecs to try, strictly and in order, for a declared charset label."""
    key = label.strip().strip("\"'").lower()
    if not key:
        return ()
    if key in _CODEC_ALIASES:
        return _CODEC_ALIASES[key]
    dashed = key.replace("_", "-")
    if dashed in _CODEC_ALIASES:
        return _CODEC_ALIASES[dashed]
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return ()
    if name in {"utf-16", "utf-32"}:
        # Declared UTF-16 without a BOM (or an ASCII document that says
        # UTF-16 because the server lied): let detection handle it.
        return ()
    return _CODEC_ALIASES.get(name, (name,))


def _canonical(codec: str) -> str:
    return codecs.lookup(codec).name


def _strict(content: bytes, codec: str) -> str | None:
    try:
        return content.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_labels(content: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(where, label) pairs for each declaration found, in priority order."""
    labels: list[tuple[str, str]] = []
    if content_type:
        match = _CHARSET_PARAM.search(content_type.encode("latin-1", "replace"))
        if match:
            labels.append(("header", match.group(1).decode("ascii")))
    head = content[:_META_SCAN_BYTES]
    match = _XML_DECLARATION.match(head)
    if match:
        labels.append(("xml", match.group(1).decode("ascii")))
    match = _META_CHARSET.search(head)
    if match:
        labels.append(("meta", match.group(1).decode("ascii")))
    return labels


def _detect(content: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, adjusted for Japanese and Western reality.

    UTF-16/32 guesses without a BOM are ignored (the web never sniffs them, and
    short Latin-1 text is often mistaken for them); when the guess is a
    single-byte code page, windows-1252 wins any tie it takes part in.
    """
    matches = [
        match
        for match in charset_normalizer.from_bytes(content)
        if not match.encoding.startswith(("utf_16", "utf_32"))
    ]
    if not matches:
        return None
    best = matches[0]
    candidates: list[str] = [best.encoding]
    if not best.encoding.startswith(_MULTIBYTE_PREFIXES):
        tied: set[str] = set()
        for match in matches:
            if abs(match.chaos - best.chaos) < 1e-6:
                tied.update(match.could_be_from_charset)
        candidates = [c for c in _SINGLE_BYTE_PREFERENCE if c in tied] + candidates
    for candidate in candidates:
        for codec in _codecs_for(candidate) or (candidate,):
            text = _strict(content, codec)
            if text is not None:
                return text, _canonical(codec)
    return None


_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")


def _undeclared_japanese(content: bytes) -> tuple[str, str] | None:
    """(text, codec) when undeclared bytes read as CP932 or EUC-JP Japanese, else None.

    General detectors often take short EUC-JP for Korean and Shift_JIS for
    Latin; real Japanese text is full of hiragana. EUC-JP bytes often decode as
    CP932 too (as half-width katakana), so the codec whose text holds more
    hiragana and less half-width kana wins.
    """
    best: tuple[int, str, str] | None = None
    for codec in ("cp932", "euc_jp"):
        text = _strict(content, codec)
        if text is None:
            continue
        sample = text[:20000]
        score = len(_HIRAGANA.findall(sample)) - len(_HALFWIDTH_KANA.findall(sample))
        if score >= 2 and (best is None or score > best[0]):
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


def decode_body(
    content: bytes, content_type: str | None, override: str | None = None
) -> tuple[str, str]:
    """Decode a response body; returns ``(text, python codec name)``.

    Tried in order, each strictly (a declaration whose codec fails on the
    bytes is skipped rather than trusted into mojibake): the explicit
    ``override``, a byte-order mark, the Content-Type ``charset``, the XML
    declaration, an HTML ``<meta charset>`` / ``http-equiv`` declaration; then
    UTF-8, then CP932 or EUC-JP when the bytes read as Japanese, then
    charset-normalizer's detection; finally the first declared
    codec (or UTF-8) with replacement characters. Shift_JIS labels decode as
    CP932 (so 髙, 﨑 and 桒 survive) and EUC-JP falls back to EUC-JIS-2004.
    A BOM is removed from the text.
    """
    if not content:
        return "", "utf-8"
    first_declared: str | None = None
    if override:
        for codec in _codecs_for(override):
            first_declared = first_declared or codec
            text = _strict(content, codec)
            if text is not None:
                return text, _canonical(codec)
        logger.debug("encoding override %s does not decode the body; detecting", override)
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(codec, errors="replace"), _canonical(codec)
    for where, label in _declared_labels(content, content_type):
        for codec in _codecs_for(label):
            first_declared = first_declared or codec
            text = _strict(content, codec)
            if text is not None:
                return text, _canonical(codec)
        logger.debug("declared charset %s (%s) does not decode the body", label, where)
    text = _strict(content, "utf-8")
    if text is not None:
        return text, "utf-8"
    japanese = _undeclared_japanese(content)
    if japanese is not None:
        return japanese
    detected = _detect(content)
    if detected is not None:
        return detected
    fallback = first_declared or "utf-8"
    return content.decode(fallback, errors="replace"), _canonical(fallback)


def reads_as(label: str, codec: str) -> bool:
    """True when ``codec`` is one of the codecs a declared ``label`` is read with."""
    return codec in {_canonical(candidate) for candidate in _codecs_for(label)}
