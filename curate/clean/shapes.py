"""Clean stage: page chrome told by the shape of a line, with no list of sites or their words.

Each shape is a feature a reader uses to skip a line: a menu of short items, `label: value` fields
(dates, view counts, editors), a table row, a related-news item (bulleted, or a headline ending in
its date), a toolbar of bracketed buttons, a line in another script, a platform disclaimer, a photo
caption naming positions (左六, 右二组), a news-agency lead (`XX网讯（记者 …）`, `XX9月20日电`).
Takes folded Simplified lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HANZI = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{3}")
_SENTENCE = re.compile(r"[。！？；]|[\u4e00-\u9fff][!?;]")
_NAME = r"[\u3400-\u9fff·]{2,4}"
# A field value: a number, a date or time, a phone, an e-mail or a web address, or (see below) names.
_DATA = r"(?:[\d\-/.:年月日 ]{2,20}|[\w.\-]+@[\w.\-]+|(?:https?://)?[\w\-]+(?:\.[\w\-]+)+\S*|)"
_VALUE = rf"(?:{_NAME}(?:[、，, ]+{_NAME})*|{_DATA})"
_FIELD = rf"[\u3400-\u9fff]{{1,6}}\s*:\s*{_VALUE}"
_FIELDS = re.compile(rf"^{_FIELD}(?:\s*(?:[|/]\s*)?{_FIELD})+\s*$")
# One `label: names` field reads like a headline (`张古江：全力以赴`); one `label: data` field does not.
_DATA_FIELD = re.compile(rf"^[\u3400-\u9fff]{{1,6}}\s*:\s*{_DATA}\s*$")
_NAME_FIELD = re.compile(rf"^{_FIELD}\s*$")
_MENU_ITEM = re.compile(r"^[\u3400-\u9fffA-Za-z]{2,6}$")
_POSITION = re.compile(r"[(（][^()（）]{0,20}?[左右前后中][一二三四五六七八九十\d]{1,2}组?[)）]")
_DISCLAIMER = re.compile(r"^[\u3400-\u9fff]{0,4}(?:声明|免责)\s*:")
# A related-news list: bulleted items, or short headlines that end in their date.
_BULLET = re.compile(r"^[·•▪■□◆◇►]\s*\S")
_DATED = re.compile(r"\S\s*[(\[]?(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}[)\]]?$")
# A toolbar: bracketed buttons side by side (【打印】【关闭】, [收藏]).
_NEIGHBOURS = re.compile("(?:上一[篇条]|下一[篇条])[:：]")
NEIGHBOURS_LINE = 150
_FILE_PHOTO = re.compile("[(（](?:资料片|资料图|资料图片|资料照片)[)）]")
_SHOT_ON = re.compile(r"\d{1,2}月\d{1,2}日拍摄的")
CAPTION_MAX = 120
_RULE_LINE = re.compile(r"^[-—=_*·.]{3,}[^。！？]{0,6}[-—=_*·.]{3,}$")  # ------分隔线------
_BANNER = re.compile(r"^(?:欢迎光临|欢迎访问|欢迎您访问|欢迎来到)|轻松建站|(?:Powered|Produced) by", re.IGNORECASE)
BANNER_LINE = 40
# An outlet's notice about the article itself: reprint terms (转载请注明…), its origin (本文为某某网原创文章,
# 本文来自某某新闻). It may trail the last sentence, with what the outlet appends after it (…献礼。(转载请注明某某网
# www…)某某网栏目编辑/某某).
_NOTICE = r"(?:\(\s*)?(?:转载请|本文(?:为|系)[^。！？()]{0,20}?原创|本文来自)"
_NOTICE_LINE = re.compile(_NOTICE)
TRAILING_NOTICE = re.compile(rf"(?<=[。！？”])\s*{_NOTICE}[^。！？]{{0,60}}[。！？]?[^。！？]{{0,40}}$")
NOTICE_LINE = 100
# A line asking the reader to follow an account: 欢迎关注某某新闻网微信公众号 / 扫码下载客户端.
_FOLLOW = re.compile(r"(?:关注|扫码|扫描|长按|下载)[^。！？]{0,24}(?:公众号|微信号|二维码|客户端|视频号|抖音号)")
FOLLOW_LINE = 50
# An e-paper's page line ends in the issue date and weekday: 某某日报 要闻 00004 … 2020年11月18日 星期三.
_ISSUE_DATE = re.compile(r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]$")
# …also cut at its start or end (收藏此页】【 】【下载】【打印】【关闭).
_TOOLBAR = re.compile(r"^(?:[^【】\[\]\s]{1,8}[】\]])?(?:\s*[【\[][^【】\[\]]{0,8}[】\]]?){2,}\s*$")
LIST_ITEM = 60  # a list item or dated headline is no longer than this
_CELL = re.compile(r"\s\|\s|\|{2,}|\|$")
# A news-agency lead opens the first paragraph: `扬州网讯（记者 吴涛）`, `新派讯 `, `XX网9月20日消息`.
# A stray mark may open it (a GBK repair guessed 。 for a lost character).
# The place may follow the date (4月18日黑龙江齐齐哈尔电) where a staff credit comes next: without one, `日…电` is
# text (9月1日并网发电). A credit in brackets alone opens a paragraph too: （记者 罗超/文 龙在全/图）按照….
_CREDIT = r"[(（][^()（）。]{0,10}?(?:记者|通讯员)"
# Staff named without brackets right after 讯, up to the date (某某网讯记者张某实习记者王某通讯员李某8月18日上午).
_ROLE = "(?:实习记者|记者|通讯员|实习生)"
# Without 电 the place comes first and a bracket follows: 太原2月27日（张云）. A paper's own report names its
# staff and then 报道: 记者李某 周某 通讯员张某报道：.
_LEAD = re.compile(r"^[。！？]?(?:[^。！？]{0,80}?(?:[\u3400-\u9fff]讯(?=\s|[(（:：]|\d)|\d{1,2}月\d{1,2}日(?:电|消息|讯)"
                   rf"|\d{{1,2}}月\d{{1,2}}日[\u3400-\u9fff]{{1,10}}电(?=\s*{_CREDIT})|[\u3400-\u9fff](?:消息|网)(?=\s*{_CREDIT})"
                   rf"|[\u3400-\u9fff]讯(?:{_ROLE}[\u3400-\u9fff \u3000]{{2,12}}?)+(?=\d{{1,2}}月\d{{1,2}}日))"
                   r"|\s*(?=[(（][^()（）。]{0,10}?(?:记者|通讯员))"
                   r"|(?!截至|截止)[\u3400-\u9fff]{2,4}\d{1,2}月\d{1,2}日(?=\s*[(（](?!星期|周)[\u3400-\u9fff]{2,4}(?:\s+[\u3400-\u9fff]{2,4})*[)）])"
                   r"|(?:本报)?(?:记者|通讯员)[\u3400-\u9fff \u3000、]{2,30}?报道(?=[:：])"
                   r"|(?:本报|本网|本台|本刊)讯|记者[\u3400-\u9fff]{2,3}(?:[ \u3000]+[\u3400-\u9fff]{2,3})*(?=[ \u3000]+[\d\u3400-\u9fff]))"
                   r"\s*(?:[(（][^()（）。]{0,40}[)）])?\s*[,，:：?？]?\s*")
MENU_ITEMS = 4  # a menu has at least this many short items separated by spaces
LATIN_SHARE = 0.2  # a line of a Chinese page with less hanzi than this is in another script
LONG_FOREIGN = 20  # … when it is at least this long


@dataclass(frozen=True)
class Lead:
    """A news-agency lead found at the start of a paragraph: its text and where the article starts."""

    text: str
    end: int


def shape_reason(line: str, after_body: bool = False) -> str | None:
    """Return the kind of chrome the line's shape says it is, or None (`after_body`: in the footer zone)."""
    # A site's welcome or its CMS's banner, even with a sentence end (欢迎光临某某网！今天是：).
    if len(line) <= BANNER_LINE and _BANNER.search(line):
        return "nav"
    # A photo's caption: a file photo's (…切割机。（资料片）记者某 摄) or an agency's (3月31日拍摄的…现场).
    if len(line) <= CAPTION_MAX and (_FILE_PHOTO.search(line) or _SHOT_ON.match(line)):
        return "caption"
    if _RULE_LINE.match(line):
        return "separator"
    if len(line) <= NOTICE_LINE and _NOTICE_LINE.match(line):
        return "notice"
    if _SENTENCE.search(line) is None:
        if _FIELDS.match(line) or _DATA_FIELD.match(line) or (after_body and _NAME_FIELD.match(line)):
            return "fields"
        if _is_menu(line):
            return "nav"
        # Links to the previous and next article (上一篇：… | 下一条：…).
        if len(line) <= NEIGHBOURS_LINE and _NEIGHBOURS.search(line):
            return "related"
        if _POSITION.search(line):
            return "caption"
        if len(line) <= LIST_ITEM and (_BULLET.match(line) or _DATED.search(line)):
            return "related"
        if _TOOLBAR.match(line):
            return "toolbar"
        if len(line) <= FOLLOW_LINE and _FOLLOW.search(line):
            return "share"
        if _ISSUE_DATE.search(line):
            return "dateline"
    if line.count("|") >= 3 and _CELL.search(line) and table_text_at(line) is None:
        return "table"
    if _DISCLAIMER.match(line):
        return "copyright"
    if len(line) >= LONG_FOREIGN and _LATIN_WORD.search(line) and _hanzi_share(line) < LATIN_SHARE:
        return "foreign"
    return None


def table_text_at(row: str) -> int | None:
    """Return where running text starts in a `|` table row (a cell with a sentence), or None."""
    start = 0
    for cell in row.split("|"):
        if _SENTENCE.search(cell) and _HANZI.search(cell):
            return start + len(cell) - len(cell.lstrip())
        start += len(cell) + 1
    return None


def find_lead(paragraph: str) -> Lead | None:
    """Return the news-agency lead that opens a first paragraph, if the article text follows it."""
    m = _LEAD.match(paragraph)
    if m is None or not _HANZI.search(paragraph[m.end():m.end() + 2]) and not paragraph[m.end():][:1].isdigit():
        return None
    return Lead(paragraph[: m.end()].strip(), m.end())


def is_tail_chrome(line: str, limit: int) -> bool:
    """Say whether a short line after the last paragraph is chrome (no sentence in it)."""
    return len(line) <= limit and _SENTENCE.search(line) is None


def _is_menu(line: str) -> bool:
    items = line.split()
    return len(items) >= MENU_ITEMS and all(_MENU_ITEM.match(i) for i in items)


def _hanzi_share(line: str) -> float:
    visible = len(line) - line.count(" ")  # lines are space-normalised
    return len(_HANZI.findall(line)) / visible if visible else 0.0
