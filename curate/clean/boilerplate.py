"""Clean stage: split a page into paragraphs, keep the headline as title and drop page chrome.

Takes Simplified page text; gives the title, the body paragraphs, metadata read from header and
credit lines, and every dropped line with its raw line number and the kind of marker that hit it.
One piece although long: the headline, credit, byline, repeat and tail rules judge one list of pieces
in turn, each seeing what the others dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from curate.clean.markers import fold, load_markers, marker_regex
from curate.clean.metadata import count_labels, is_dateline, read_credit, read_dateline, split_credit
from curate.clean.punct import normalise_punct, normalise_space
from curate.clean.shapes import TRAILING_NOTICE, find_lead, is_tail_chrome, shape_reason, table_text_at

# One-line pages separate paragraphs by whitespace after a sentence end.
_PARA_BREAK = re.compile(r"(?<=[。！？])\s+|(?<=[。！？][”’」』])\s+|(?<=[\u4e00-\u9fff][!?])\s+")
_SENTENCE_END = re.compile(r"[。！？]|[\u4e00-\u9fff][!?]")
_HANZI = re.compile(r"[\u3400-\u9fff]")
_ASKS = re.compile(r"[？！]|…|\.{3}")
_WORDY = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_BREADCRUMB = re.compile(r"(?:>>|»|›|>)(?:[^>»›]*(?:>>|»|›|>)){1,}")
# A two-character name may be padded to three: (赵 燕).
_BYLINE_NAME = r"(?:[\u3400-\u9fff·]{2,4}|[\u3400-\u9fff] {1,2}[\u3400-\u9fff])"
_BYLINE = re.compile(rf"(?:(?<=[。！？”])|^)\s*\((?:完|{_BYLINE_NAME}(?:[、 ]{_BYLINE_NAME})*)\)$")
HEADLINE_MAX = 60  # a headline or sub-head is short and has no sentence end
SHORT_LINE = 50  # chrome lines are short; longer lines are text even if they contain a marker
CAPTION_LINE_MAX = 80  # a caption line that repeats a sentence (000: …召开。图为会议现场) is short
CONTINUATION_MAX = 8  # a headline wrapped onto a second line leaves a short fragment (在鄂尔多斯召开)
LINE_KINDS = ("share", "nav", "ad", "image")
TAIL_LINE = 20  # after the last paragraph, a line this short with no sentence in it is page chrome
# A page address glued to the last sentence of a line (…参观了项目展板。http://www.example.org/1.html).
_TRAILING_URL = re.compile(r"(?<=[。！？”])\s*(?:https?://|www\.)[\x21-\x7e]+$")
_TABLE_ROW = re.compile(r"^[\u3400-\u9fff]{2,6}\s*\|")


@dataclass
class Piece:
    """One paragraph candidate: raw line number, text, and its marker-folded twin."""

    line: int
    raw: str
    text: str
    key: str
    reason: str | None = None
    punct: int = 0

    def keep(self, start: int, end: int | None = None) -> None:
        """Keep only `text[start:end]` (the rest was recorded as dropped); `raw` follows, so nothing is recorded twice."""
        self.text, self.key = self.text[start:end].strip(), self.key[start:end].strip()
        self.raw = self.text


@dataclass
class Body:
    """What `extract_body` found."""

    title: str | None
    paragraphs: list[str]
    dropped: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    punct: int = 0


def split_pieces(text: str) -> list[Piece]:
    """Split page text into normalised pieces, also at breaks inside one-line pages.

    Pieces are normalised before they are judged, so cleaning a cleaned text judges the same strings.
    """
    pieces = []
    for number, line in enumerate(text.split("\n"), 1):
        for raw in _PARA_BREAK.split(line):
            raw = normalise_space(raw)
            if raw:
                part, n = normalise_punct(raw)
                pieces.append(Piece(number, raw, part, fold(part), punct=n))
    return pieces


@cache
def _exact(name: str) -> frozenset[str]:
    return frozenset(m.lower() for m in load_markers(name))


def _starts_with_marker(key: str, name: str) -> bool:
    """A marker hits a line it equals, or begins when followed by a non-hanzi (`您的位置:…`)."""
    m = marker_regex(name).match(key)
    if not m:
        return False
    rest = key[m.end():]
    return not rest or m.group(0)[-1] in ":|>)" or not ("\u3400" <= rest[0] <= "\u9fff")


def line_reason(key: str, after_body: bool = False) -> str | None:
    """Return the kind of chrome a (folded) line is, or None for text: its shape first, markers last."""
    if shape := shape_reason(key, after_body):
        return shape
    low = key.lower()
    if low in _exact("site_names"):
        return "nav"
    if low in _exact("lines_ad") or low in _exact("lines_image"):
        return "ad" if low in _exact("lines_ad") else "image"
    if len(key) <= SHORT_LINE:
        for kind in ("share", "nav"):
            if _starts_with_marker(key, f"lines_{kind}"):
                return kind
    if len(key) <= 3 * SHORT_LINE and marker_regex("lines_copyright", anchored=False).search(key):
        return "copyright"
    if len(key) <= SHORT_LINE * 2 and _BREADCRUMB.search(key) and not _SENTENCE_END.search(key):
        return "nav"
    if _is_caption(key):
        return "caption"
    if not _WORDY.search(key):
        return "separator"
    return None


@cache
def _caption_regex() -> re.Pattern[str]:
    words = "|".join(re.escape(m) for m in load_markers("caption_markers"))
    return re.compile(rf"(?:^|(?<=[。！？])|[,，;；:\s])(?:{words})[^。！？]{{0,30}}。?$")


def _is_caption(key: str) -> bool:
    """A short line ending in 图为… is a photo caption; in a long line only that clause is (see below)."""
    return len(key) <= CAPTION_LINE_MAX and _caption_regex().search(key) is not None


def _starts_footer(key: str) -> bool:
    return (len(key) <= SHORT_LINE and _starts_with_marker(key, "footer")) or line_reason(key) == "copyright"


def is_body_like(text: str) -> bool:
    """Say whether a piece reads as running text (has a sentence end or is long)."""
    return len(text) > HEADLINE_MAX or _SENTENCE_END.search(text) is not None


def _strip_site_prefix(title: str) -> str:
    m = marker_regex("site_prefixes").match(fold(title))
    if m and title[m.end(): m.end() + 1] in (":", "：", "|", " "):
        return title[m.end() + 1:].strip()
    # A list's date before the headline (06.15 南博会…) is no part of it, nor is an outlet's name (荆楚网：…).
    if (d := _DATE_PREFIX.match(title) or _OUTLET_PREFIX.match(title)) and d.end() < len(title):
        return title[d.end():]
    return title


_OUTLET_PREFIX = re.compile(r"[\u3400-\u9fff]{1,8}[网报台][:：]\s*")


_DATE_PREFIX = re.compile(r"(?:0?[1-9]|1[0-2])[.\-/](?:0?[1-9]|[12]\d|3[01])\s+(?=[\u3400-\u9fff])")


def extract_body(text: str, title: str | None = None, drop_lines: Mapping[int, str] | None = None) -> Body:
    """Find title, body paragraphs and metadata; record every dropped line with its reason.

    `drop_lines` ({raw line number: reason}) are chrome known from outside the page (its site's template).
    """
    pieces = split_pieces(text)
    body = Body(title=title, paragraphs=[])
    meta = body.meta
    _mark_lines(pieces, meta, body.dropped, drop_lines or {})
    _strip_lead(pieces, body)
    if title is None:
        body.title = _find_title(pieces)
        # A title split off the first line (么！新华社北京5月1日电…) can expose the lead behind it.
        _strip_lead(pieces, body)
    else:
        for p in pieces:
            if p.reason is None and p.text == title:
                p.reason = "headline"
    _drop_tail(pieces)
    # Stripping a byline can expose another one, a repeat or a short tail line: go on until nothing changes.
    while _strip_byline(pieces, body) | _drop_repeats(pieces, body.title):
        _drop_tail(pieces)
    kept = [p for p in pieces if p.reason is None]
    for p in pieces:
        if p.reason is not None:
            body.dropped.append({"line": p.line, "text": p.raw, "reason": p.reason})
    body.dropped.sort(key=lambda d: d["line"])
    body.paragraphs = [p.text for p in kept]
    body.punct = sum(p.punct for p in kept)
    return body


def _mark_lines(pieces: list[Piece], meta: dict, dropped: list[dict], drop_lines: Mapping[int, str]) -> None:
    """Set `reason` on chrome pieces, cut the footer, read datelines and credits into `meta`."""
    seen_body = False
    in_footer = False
    previous: str | None = None
    for p in pieces:
        if in_footer:
            p.reason = "footer"
            continue
        if p.line in drop_lines:
            reason = _chrome_reason(p, meta, seen_body)  # reads a template's dateline into meta
            reason = reason if reason == "footer" else drop_lines[p.line]
        else:
            reason = _judge(p, meta, dropped, seen_body, previous)
        p.reason = previous = reason
        in_footer = reason == "footer"
        seen_body = seen_body or (reason is None and is_body_like(p.text))


def _judge(p: Piece, meta: dict, dropped: list[dict], seen_body: bool, previous: str | None = None) -> str | None:
    """Return why a piece is chrome, or None; table labels and trailing credits are cut off first."""
    reason = _chrome_reason(p, meta, seen_body)
    if reason is None and (previous == "table" or p.key.count("|") >= 3) and _TABLE_ROW.match(p.key):
        # 内容概况 | text: the label cells go, the text stays and is judged again.
        reason = _cut_table_cells(p, dropped) or _chrome_reason(p, meta, seen_body)
    if reason in ("fields", "table") and not seen_body:
        read_dateline(p.key, meta)
    if reason == "fields":
        read_credit(p.key, meta)  # 记者:关帅 / 编辑:吴璇
    while reason is None and (cut := _strip_credit(p, meta, dropped)):
        # A line that lost a trailing credit is judged again, as a re-clean would judge it.
        reason = cut if cut != "cut" else _chrome_reason(p, meta, seen_body)
    return reason


def _chrome_reason(p: Piece, meta: dict, seen_body: bool) -> str | None:
    if _starts_footer(p.key):
        # Before the body a footer marker is a stray widget: drop the line, not the rest.
        return "footer" if seen_body else "nav"
    # Several labels make a short line metadata even when a value holds a full stop (作者:某公司。来源:…).
    if is_dateline(p.key) and (not _SENTENCE_END.search(p.key)
                               or (count_labels(p.key) >= 2 and len(p.key) <= SHORT_LINE)):
        read_dateline(p.key, meta)
        return "dateline"
    return line_reason(p.key, seen_body)


def _strip_credit(p: Piece, meta: dict, dropped: list[dict]) -> str | None:
    """Cut a credit or caption clause off the piece's end: "cut", the reason if it is all that, or None."""
    kept, credit = split_credit(p.key)
    reason = "credit"
    if credit:
        read_credit(credit, meta)
    elif m := _caption_regex().search(p.key):
        kept, reason = p.key[: m.start()], "caption"
    elif m := _TRAILING_URL.search(p.key):
        kept, reason = p.key[: m.start()], "url"
    elif m := TRAILING_NOTICE.search(p.key):
        kept, reason = p.key[: m.start()], "notice"
    else:
        return None
    if not _WORDY.search(kept):
        return reason
    dropped.append({"line": p.line, "text": p.text[len(kept):].strip(), "reason": reason})
    p.keep(0, len(kept))
    return "cut"


def _find_title(pieces: list[Piece]) -> str | None:
    """Pick the headline before the first body paragraph; mark header and sub-head pieces."""
    first_body = next((i for i, p in enumerate(pieces) if p.reason is None and is_body_like(p.text)),
                      len(pieces))
    if (at_dateline := _headline_at_dateline(pieces, first_body)) is not None:
        first_body = at_dateline
    head = [i for i in range(first_body) if pieces[i].reason is None and _headline_like(pieces[i].text)]
    if at_dateline is None and not head and (at := _question_headline(pieces)) is not None:
        head = [at]
    if not head and at_dateline is None:
        return None
    dateline = next((i for i in range(first_body) if pieces[i].reason == "dateline"), None)
    before = [i for i in head if dateline is not None and i < dateline]
    at = at_dateline if at_dateline is not None else before[-1] if before else head[0]
    for i in range(at):
        if pieces[i].reason is None:
            pieces[i].reason = "header"
    title = _strip_site_prefix(pieces[at].text)
    pieces[at].reason = "title" if title else "header"
    deck = [i for i in range(at + 1, first_body) if pieces[i].reason is None]
    if deck and deck[0] == at + 1 and _continues(title, pieces[deck[0]].text):
        title = normalise_punct(title + pieces[deck[0]].text)[0]
        pieces[deck[0]].reason = "title"
    for i in deck:
        if pieces[i].reason is None:
            pieces[i].reason = "headline"
    return title or None


def _headline_at_dateline(pieces: list[Piece], first_body: int) -> int | None:
    """Return the first body-like piece if it is a short line right before the first dateline, with no
    full stop (全省开发区最新排序!南京多家排名靠前 ⏎ 来源:… 发布时间:…): a headline that exclaims or asks."""
    if first_body >= len(pieces) - 1:
        return None
    p = pieces[first_body]
    then = next((q for q in pieces[first_body + 1:] if q.reason != "separator"), None)
    if then is None or then.reason != "dateline" or len(p.text) > HEADLINE_MAX or "。" in p.text:
        return None
    return first_body


def _continues(title: str, fragment: str) -> bool:
    """Say whether a short fragment is the rest of a headline wrapped onto the next line."""
    return (len(fragment) <= CONTINUATION_MAX and " " not in fragment and bool(title)
            and _HANZI.match(title[-1]) is not None and _HANZI.match(fragment[0]) is not None)


def _question_headline(pieces: list[Piece]) -> int | None:
    """Return the first piece if it is a short headline asking or exclaiming (为何…？…) before the body."""
    kept = [i for i, p in enumerate(pieces) if p.reason is None][:2]
    if len(kept) < 2:
        return None
    first, then = pieces[kept[0]].text, pieces[kept[1]].text
    return kept[0] if (len(first) <= HEADLINE_MAX and "。" not in first and _ASKS.search(first)
                       and "。" in then) else None


def _headline_like(text: str) -> bool:
    return len(text) <= HEADLINE_MAX and not _SENTENCE_END.search(text) and bool(_WORDY.search(text))


def _drop_repeats(pieces: list[Piece], title: str | None) -> bool:
    """Drop exact repeats of the title or of an earlier paragraph; say whether any was dropped."""
    seen = {title} if title else set()
    changed = False
    for p in pieces:
        if p.reason is None:
            if p.text in seen:
                p.reason = "duplicate"
                changed = True
            seen.add(p.text)
    return changed


def _strip_byline(pieces: list[Piece], body: Body) -> bool:
    """Move an author byline `(张富博)` ending the last paragraph to meta; say whether one was found."""
    last = next((p for p in reversed(pieces) if p.reason is None), None)
    if last is None or not (m := _BYLINE.search(last.key)):
        return False
    byline = last.text[m.start():].strip()
    if _WORDY.search(last.key[: m.start()]):
        last.keep(0, m.start())
        body.dropped.append({"line": last.line, "text": byline, "reason": "byline"})
    else:
        last.reason = "byline"
    names = re.findall(_BYLINE_NAME, byline.strip("()（） "))
    if body.meta.get("reporter") is None and names and names != ["完"]:
        body.meta["reporter"] = "、".join(n.replace(" ", "") for n in names)
    return True


def _cut_table_cells(p: Piece, dropped: list[dict]) -> str | None:
    """Cut the label cells off a table row that holds running text; "table" if it holds none."""
    at = table_text_at(p.key)
    if at is None:
        return "table"
    dropped.append({"line": p.line, "text": p.text[:at].strip(), "reason": "table"})
    p.keep(at)
    return None


def _drop_tail(pieces: list[Piece]) -> None:
    """Mark short lines with no sentence after the last running-text piece as chrome (归档, teasers)."""
    for p in reversed(pieces):
        if p.reason is not None:
            continue
        if is_body_like(p.text) or not is_tail_chrome(p.key, TAIL_LINE):
            return
        p.reason = "tail"


def _strip_lead(pieces: list[Piece], body: Body) -> None:
    """Cut a news-agency lead (`XX网讯（记者 …）`) off the first paragraph; its credit goes to meta."""
    # A first paragraph that was little more than its lead hands the role on to the next one.
    while ((first := next((p for p in pieces if p.reason is None and is_body_like(p.text)), None))
           and (lead := find_lead(first.key))):
        read_credit(lead.text, body.meta)
        body.dropped.append({"line": first.line, "text": first.text[: lead.end].strip(), "reason": "lead"})
        first.keep(lead.end)
        # What is left is judged again, as cleaning the cleaned text would judge it.
        wordy = _WORDY.search(first.key)
        first.reason = _judge(first, body.meta, body.dropped, seen_body=False) if wordy else "lead"
