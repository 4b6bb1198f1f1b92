"""Thai presentation for every template, the PDFs included: Thai digits, Buddhist-era dates,
scores with two decimals. The formatting itself is `core.thai`."""

import re
from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from core import thai

register = template.Library()


@register.filter
def score(value):
    """94.5 → "94.50" (Arabic digits, for the admin and data)."""
    return thai.score_text(value)


@register.filter
def thscore(value):
    """94.5 → "๙๔.๕๐", as a Thai official document writes a score."""
    return thai.thai_score(value)


@register.filter
def thnum(value):
    """Arabic digits → Thai digits ("ปี 2568" → "ปี ๒๕๖๘"), except in question codes ("o15")."""
    return thai.thai_digits_keeping_codes(value)


@register.filter
def thdate(value, fmt="%-d %B %Y"):
    """A date in the Buddhist era with Thai digits: 2026-04-17 → "๑๗ เมษายน ๒๕๖๙"."""
    return thai.thai_date(value, fmt)


# --- Thai line breaks ----------------------------------------------------------------------------
#
# Browsers and Pango break Thai lines with their own dictionaries, which split the portal's
# compounds ("หน่วย|งาน", "เว็บ|ไซต์", "ภาค|รัฐ") and separate "พ.ศ." from its year. So texts are
# segmented once here, with pythainlp's newmm and a small vocabulary of the portal's own words,
# and what must stay whole is wrapped in a nowrap span with a <wbr> where it touches other text
# (a break opportunity that is no character: nothing zero-width ends up in copied text).

# The list: the portal's compounds that renderers split, and the abbreviations. Kept
# short on purpose: each word kept whole is an inline box, and WeasyPrint's layout time grows
# with them (about 0.5 ms each).
VOCABULARY = (
    "หน่วยงาน",
    "ภาครัฐ",
    "ของหน่วยงานภาครัฐ",
    "เว็บไซต์",
    "ป.ป.ช.",
    "สำนักงาน ป.ป.ช.",
    "พ.ศ.",
    # issue 20: words Pango still split in the documents ("มาตร|การ", "ดัง|กล่าว", ...)
    "มาตรการ",
    "ต่อไป",
    "ดังกล่าว",
    "อย่างน้อย",
    "เกี่ยวกับ",
    # a municipality's divisions (the documents add the agency's own units: documents.vocabulary)
    "กองคลัง",
    "กองช่าง",
    "สำนักปลัดเทศบาล",
    # a long name may break after "และ", never elsewhere
    "กองยุทธศาสตร์และ",
    "งบประมาณ",
)
# "ผู้" never ends a line: a word that starts with it ("ผู้รับ", "ผู้บังคับบัญชา") is kept whole,
# and a lone "ผู้" stays with the word after it.
PERSON = "ผู้"
# A Latin word with a hyphen ("E-Service") is not parted at its hyphen.
_HYPHENATED = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+$")
# Words a number is not parted from: "๘๕ คะแนน", "ร้อยละ ๑๐๐", "๑๐ ตัวชี้วัด".
UNITS_AFTER = {"คะแนน", "ตัวชี้วัด", "ข้อ", "คน", "ราย", "บาท", "วัน", "เดือน", "ปี", "ครั้ง", "ชั่วโมง", "แห่ง"}
UNITS_BEFORE = {"ร้อยละ", "พ.ศ.", "ข้อ", "ตัวชี้วัดที่", "ที่", "ระดับ", "ระยะที่"}
# Longer names stay breakable: kept whole they would overflow a narrow table cell.
LONGEST_WHOLE = 30
_NUMBER = re.compile(r"^[0-9๐-๙][0-9๐-๙.,/:–-]*$")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Where a kept-whole run touches one of these, a <wbr> lets the line break there.
_LETTER = re.compile(r"[\u0e00-\u0e7fA-Za-z0-9]")


@lru_cache(maxsize=1)
def _base_trie():
    """pythainlp's dictionary with the portal's words: some 60,000 words, 1.2 s to build, so
    built once per process, when it starts (`warm_up`, called by ita_portal.wsgi)."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    # the units too, so that newmm reads "ตัวชี้วัด" as one word after a number
    return dict_trie(set(thai_words()) | set(VOCABULARY) | UNITS_AFTER | UNITS_BEFORE)


def _overlay_class():
    from pythainlp.util import Trie

    class WithExtra(Trie):
        """The base dictionary plus a few words of one document (its organization's name,
        its indicators' names), without copying the base: newmm asks only `prefixes` (and
        `in`), which here answer as one trie of both would, in the same order (by length)."""

        def __init__(self, base, extra):
            super().__init__(extra)
            self._base = base

        def prefixes(self, text, start=0):
            found = self._base.prefixes(text, start)
            own = super().prefixes(text, start)
            return sorted(set(found) | set(own), key=len) if own else found

        def __contains__(self, key):
            return super().__contains__(key) or key in self._base

    return WithExtra


@lru_cache(maxsize=64)
def _trie(extra):
    if not extra:
        return _base_trie()
    return _overlay_class()(_base_trie(), extra)


def warm_up():
    """Load pythainlp's dictionary and tokenizer now rather than in the first request that
    prints Thai text (that request took 4.3 s). Called once when a serving process starts."""
    _segment("เทศบาลเมืองดอนสักเผยแพร่รายงานการวิเคราะห์ผลการประเมิน", ())


def _extra_words(words):
    if not words:
        return ()
    if isinstance(words, str):
        words = [words]
    return tuple(sorted({str(w).strip() for w in words if w and len(str(w)) <= LONGEST_WHOLE}))


def _split_inner(token, words):
    """`token` cut around the first of `words` (longest first) found inside it, recursively:
    "มาตรการป้องกัน" → ["มาตรการ", "ป้องกัน"]. A token that is one of them stays as it is."""
    if token in words or len(token) < 4:
        return [token]
    for word in words:
        at = token.find(word)
        if at >= 0:
            before, after = token[:at], token[at + len(word) :]
            return [
                *(_split_inner(before, words) if before else []),
                word,
                *(_split_inner(after, words) if after else []),
            ]
    return [token]


def _straddling(left, right, words):
    """(position, word) of the first of `words` that begins in `left` and ends in `right`."""
    if not (_THAI.match(left[-1:]) and _THAI.match(right[:1])):
        return None
    both = left + right
    for word in words:
        at = both.find(word, max(0, len(left) - len(word) + 1))
        if 0 <= at < len(left) < at + len(word):
            return at, word
    return None


@lru_cache(maxsize=4096)
def _segment(text, extra):
    """The HTML of `text` (escaped) with what must not break kept whole; see thtext."""
    from pythainlp.tokenize import word_tokenize

    keep = set(VOCABULARY) | set(extra)
    # Multi-word entries ("สำนักงาน ป.ป.ช.", the organization's name) are matched first.
    spaced = sorted((w for w in keep if " " in w), key=len, reverse=True)
    tokens = []
    rest = text
    while rest:
        hits = [(rest.find(w), w) for w in spaced if w in rest]
        if not hits:
            tokens += word_tokenize(rest, custom_dict=_trie(extra), keep_whitespace=True)
            break
        at, word = min(hits, key=lambda h: (h[0], -len(h[1])))
        if at:
            tokens += word_tokenize(rest[:at], custom_dict=_trie(extra), keep_whitespace=True)
        tokens.append(word)
        rest = rest[at + len(word) :]

    # A dictionary word may hold a kept word ("มาตรการป้องกัน"): the kept word is cut out of it.
    inner = sorted((w for w in keep if " " not in w and _THAI.search(w)), key=len, reverse=True)
    tokens = [
        part for tok in tokens for part in ([tok] if tok in keep else _split_inner(tok, inner))
    ]
    # ...or straddle two ("มาตร" + "การป้องกันการทุจริต"): the two are cut around it instead.
    joined = []
    for tok in tokens:
        straddling = _straddling(joined[-1], tok, inner) if joined else None
        if straddling is None:
            joined.append(tok)
            continue
        both, at, word = joined.pop() + tok, *straddling
        joined += [
            *(_split_inner(both[:at], inner) if at else []),
            word,
            *(_split_inner(both[at + len(word) :], inner) if at + len(word) < len(both) else []),
        ]
    tokens = joined

    # Groups of tokens kept on one line: a vocabulary word, "พ.ศ. ๒๕๖๘", "๘๕ คะแนน".
    groups, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        j = i + 1
        if tok == PERSON:
            k = j + (1 if j < len(tokens) and tokens[j] == " " else 0)
            if k < len(tokens) and _THAI.match(tokens[k]):
                j = k + 1
        elif tok in UNITS_BEFORE or _NUMBER.match(tok):
            # unit-number, number-unit, with at most one space between
            k = j + (1 if j < len(tokens) and tokens[j] == " " else 0)
            if k < len(tokens):
                nxt = tokens[k]
                if (tok in UNITS_BEFORE and _NUMBER.match(nxt)) or (
                    _NUMBER.match(tok) and nxt in UNITS_AFTER
                ):
                    j = k + 1
        whole = (
            j > i + 1
            or (tok in keep and _THAI.search(tok))
            or (tok.startswith(PERSON) and len(tok) <= LONGEST_WHOLE)
            or _HYPHENATED.match(tok)
        )
        groups.append(("".join(tokens[i:j]), bool(whole)))
        i = j

    out = []
    for n, (chunk, whole) in enumerate(groups):
        if not whole:
            out.append(escape(chunk))
            continue
        before = groups[n - 1][0][-1:] if n else ""
        after = groups[n + 1][0][:1] if n + 1 < len(groups) else ""
        out.append(
            # after a slash too: "งานพัสดุ/" then "กองคลัง" on the next line
            ("<wbr>" if _LETTER.match(before) or before == "/" else "")
            + f'<span class="nobreak">{escape(chunk)}</span>'
            + ("<wbr>" if _LETTER.match(after) else "")
        )
    return "".join(out).replace("<wbr><wbr>", "<wbr>")


@register.filter
def thtext(text, words=None):
    """Thai text that breaks only between words (escaped, safe to print).

    Segmented with pythainlp (newmm) and the portal's vocabulary (VOCABULARY, plus `words`:
    the organization's name, the indicators' names), it keeps those words, "พ.ศ." with its year
    and a number with its unit on one line. Used by every template that prints staff text or
    the documents' own, the page and the PDF alike.
    """
    if text is None or text == "":
        return ""
    text = str(text)
    if not _THAI.search(text):
        return escape(text)
    return mark_safe(_segment(text, _extra_words(words)))


@register.filter
def thyear(value):
    """A Buddhist-era year as "พ.ศ. ๒๕๖๘", never parted at the end of a line (a no-break space
    does not hold Thai lines together in Pango: a nowrap span does)."""
    if not value:
        return ""
    return mark_safe(f'<span class="nobreak">พ.ศ. {escape(thnum(value))}</span>')


@register.filter
def nobreak(value):
    """A name that must stay on one line ("เทศบาลเมืองดอนสัก")."""
    if not value:
        return ""
    return mark_safe(f'<wbr><span class="nobreak">{escape(str(value))}</span><wbr>')


@register.filter
def keep_whole(text, name):
    """Text with `name` (and the portal's vocabulary) kept on one line: see thtext."""
    return thtext(text, name)


@register.filter
def bedate(value):
    """A date or datetime in the Buddhist era with Arabic digits, as the admin shows it:
    "17 เม.ย. 2569" ("17 เม.ย. 2569 14:30 น." for a time, in local time)."""
    return thai.be_date_text(value)


@register.filter
def shorten(value, limit=60):
    """Text cut at a word boundary to at most `limit` characters, with "…" (core.thai.shorten):
    never in the middle of a Thai word as truncatechars cuts."""
    return thai.shorten(value, int(limit))


# --- Thai words kept whole in the admin's titles -------------------------------------------------

_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#\w]+;)")


@lru_cache(maxsize=4096)
def _words_whole(text, escaped):
    """Every Thai word (pythainlp newmm) of `text` in a nowrap span, a <wbr> between words:
    the line breaks between words only ("ประจำปี", "หน่วยงาน" stay whole). `escaped`: the
    text is already HTML (a piece between tags), so it is not escaped again."""
    from pythainlp.tokenize import word_tokenize

    out, previous = [], ""
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        piece = token if escaped else escape(token)
        if _THAI.search(token) and len(token) > 1:
            joined = _LETTER.match(previous[-1:])
            out.append(("<wbr>" if joined else "") + f'<span class="nobreak">{piece}</span>')
        elif _THAI.search(previous) and len(previous) > 1 and _LETTER.match(token[:1]):
            out.append("<wbr>" + piece)
        else:
            out.append(piece)
        previous = token
    return "".join(out)


@register.filter(is_safe=True)
def thwords(value):
    """Thai text whose lines break only between words, for the admin's headings, breadcrumbs,
    messages and history (a browser's own Thai dictionary parts "ประจำ|ปี", "หน่วย|งาน"; CSS
    word-break: keep-all does not apply to Thai). HTML (a rendered block, a message with a
    link) keeps its tags: only the text between them is segmented."""
    if value is None or value == "":
        return ""
    if isinstance(value, SafeData):
        parts = _TAG_OR_ENTITY.split(str(value))
        return mark_safe(
            "".join(
                p if n % 2 or not _THAI.search(p) else _words_whole(p, True)
                for n, p in enumerate(parts)
            )
        )
    text = str(value)
    return mark_safe(_words_whole(text, False)) if _THAI.search(text) else escape(text)
