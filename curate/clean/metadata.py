"""Clean stage: read publication date, outlet and reporter from header and credit lines.

Works on marker-folded lines (ASCII `:` `(` `)` `|`), before those lines are dropped.
"""

from __future__ import annotations

import re
from functools import cache

from curate.clean.markers import load_markers

_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[年/\-.]\s*(\d{1,2})\s*[月/\-.]\s*(\d{1,2})(?!\d)")
_NAME = r"[\u3400-\u9fff·]{2,5}"
# A dateline: starts with an optional label and a full date, or is a short line naming the source.
_DATELINE = re.compile(r"^(?:(?:发布时间|发布日期|时间|日期|发表时间|更新时间)\s*:?\s*)?"
                       r"(?:19|20)\d\d\s*[年/\-.]\s*\d{1,2}\s*[月/\-.]\s*\d{1,2}")
_LABELLED = re.compile(r"^(?:发布时间|发布日期|来源|作者|编辑|浏览次数|点击数)\s*:")
_ANY_LABEL = re.compile(r"(?:发布时间|发布日期|时间|日期|来源|作者|编辑|浏览次数|点击数)\s*:")
# The outlet ends at a space, a bracket or the next label (来源:某网日期:11-11).
_SOURCE = re.compile(r"来源\s*:\s*((?:(?!发布时间|发布日期|日期:|时间:|作者|编辑)[^\s|:()【】]){2,20})")
_AUTHOR = re.compile(rf"作者\s*:\s*({_NAME})")
_MEDIA_DESK = re.compile(r"[\u4e00-\u9fff]?媒体$")
_OUTLET_END = re.compile("[网报台社]$")
_TRAILING_BAR = re.compile(r"\s*\|+$")
# An editorial desk's roles: the editor and the reviewers of each round (二审, 三审).
_DESK = "责任编辑|编辑|责编|校对|审核|[一二三初复终]审"
_DESK_ROLE = re.compile(f"(?:{_DESK})$")
_PHOTO_ONLY = re.compile(rf"^({_NAME}(?:[、 ]{_NAME})*)\s*摄$")


@cache
def _credit_regexes() -> tuple[re.Pattern[str], ...]:
    words = "|".join(re.escape(w) for w in load_markers("credit_words"))
    # A credit in brackets that is a whole line, or trails the last sentence of a line.
    bracket = re.compile(rf"\((?=[^()]*(?:{words}))[^()]{{2,60}}\)\s*$")
    # An unbracketed photographer credit after a sentence: 内蒙古日报社融媒体记者 袁永红 摄
    # …or a photographer's name and 摄 after a sentence, with the outlet before it: 人民网 张继航摄, 戴立坤摄.
    trailing = re.compile(rf"(?<=[。！？”])(?:[^。！？()]{{0,24}}?(?:记者|摄影|通讯员)\s*:?\s*{_NAME}"
                          rf"(?:\s+{_NAME})*\s*(?:摄|摄影|供图|图)?|(?:[^\s。！？()]{{2,12}}\s+)?{_NAME}\s*摄)$")
    roles = f"实习记者|记者|摄影|通讯员|实习生|{_DESK}|供图|撰稿|供稿|文/图"
    # The names of one role end where the next role begins (记者 张三 通讯员 李四), also without a space between
    # (记者张某实习记者王某).
    name = rf"(?:(?!{roles})[\u3400-\u9fff·]){{2,5}}"
    person = re.compile(rf"(?P<org>[^\s:;,，、()]*?)(?P<role>{roles})"
                        rf"\s*:?\s*(?P<names>{name}(?:[、 ]{name})*)")
    # A line that is only a credit: 记者 张三 / 本报记者 张三 通讯员 李四 / 张三 摄
    # …or an editorial desk's: 编辑 某某 二审 某某 三审 某某 (a lost character may stand as ? after a role).
    role = rf"(?:记者|通讯员|摄影|实习生|{_DESK})\s*[:?？]?\s*"
    whole = re.compile(rf"^(?:[^\s:;,()]{{0,12}}?{role}{_NAME}(?:[、\s]+(?:{role})?{_NAME})*"
                       rf"|{_NAME}(?:[、\s]{_NAME})*\s*摄)$")
    return bracket, trailing, person, whole


def parse_date(text: str) -> str | None:
    """Return the first full date in `text` as ISO `YYYY-MM-DD`, or None."""
    for y, m, d in _DATE.findall(text):
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return None


def is_dateline(line: str) -> bool:
    """Say whether a (folded) line is a date/source header line rather than text."""
    return len(line) <= 80 and (bool(_DATELINE.match(line)) or bool(_LABELLED.match(line))
                                or ("来源:" in line and len(line) <= 40))


def count_labels(line: str) -> int:
    """Count the header labels (`来源:`, `作者:`, `日期:` …) in a (folded) line."""
    return len(_ANY_LABEL.findall(line))


def read_dateline(line: str, meta: dict) -> None:
    """Copy date, outlet and author of a header line into `meta` (first value wins)."""
    if meta.get("published") is None:
        meta["published"] = parse_date(line)
    if meta.get("outlet") is None and (m := _SOURCE.search(line)):
        meta["outlet"] = m.group(1)
    if meta.get("reporter") is None and (m := _AUTHOR.search(line)):
        meta["reporter"] = m.group(1)


def read_credit(text: str, meta: dict) -> None:
    """Copy outlet, reporter and photographer named in a credit into `meta` (first value wins)."""
    if meta.get("photographer") is None and (m := _PHOTO_ONLY.match(text)):
        shot = re.split("[、 ]", m.group(1))
        # An outlet may stand before the photographer (人民网 张某摄).
        if len(shot) > 1 and _OUTLET_END.search(shot[0]):
            meta["outlet"] = meta.get("outlet") or shot.pop(0)
        meta["photographer"] = "、".join(shot)
    for m in _credit_regexes()[2].finditer(text):
        role, names = m.group("role"), m.group("names").replace(" ", "、")
        key = "photographer" if role in ("摄影", "供图") or text.rstrip(")").endswith("摄") \
            else "editor" if _DESK_ROLE.match(role) else "reporter"
        if meta.get(key) is None:
            meta[key] = names
        # 融媒体/全媒体/新媒体 desks are not outlets; a lead's 讯 is no part of the outlet (某某网讯记者…).
        org = _MEDIA_DESK.sub("", m.group("org")).removesuffix("讯")
        if org and meta.get("outlet") is None:
            meta["outlet"] = org


def split_credit(line: str) -> tuple[str, str]:
    """Split a line into `(text, credit)`: a bracketed or trailing staff credit at its end, if any."""
    bracket, trailing, _, whole = _credit_regexes()
    stripped = _TRAILING_BAR.sub("", line.rstrip())  # a page's separator after the credit (…（记者：某某）|)
    if whole.match(stripped):
        return "", stripped
    if m := bracket.search(stripped):
        return stripped[: m.start()].rstrip(), m.group(0)
    t = trailing.search(stripped)
    if t:
        return stripped[: t.start()].rstrip(), t.group(0).strip()
    return line, ""
