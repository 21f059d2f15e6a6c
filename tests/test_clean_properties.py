"""Properties of the clean stage: cleaning is idempotent and never leaves a pinyin group."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curate.clean import clean_document
from curate.clean.gbk import repair_gbk
from curate.clean.pinyin import has_pinyin, strip_pinyin
from curate.clean.punct import normalise_punct
from curate.clean.script import to_simplified

HANZI = "包头市召开重大项目会议书记强调发展经济建设自治區設項目經濟標會議著么干乾于於后後"
PUNCT = "，。！？、；：“”（）《》,.;:?!()|>-"
PINYIN = ["(shè)", "(jīng)", "（biāo）", "(zhōng)", "(GW)", "(第三代)", "(a)"]
MARKERS = ["标签:", "x 广告", "返回顶部", "来源:包头日报", "发布时间:2021/3/11", "记者 张三 摄",
           "图为会议现场", "(责编:李四)", "Copyright © 2022", "天天实时:"]

pieces = st.one_of(
    st.text(HANZI, min_size=1, max_size=12),
    st.text(PUNCT, min_size=1, max_size=2),
    st.sampled_from(PINYIN),
    st.sampled_from(MARKERS),
    st.sampled_from([" ", "\n", "\n\n", "1,000", "8.5%", "2022年", "5G", "?"]),
)
pages = st.lists(pieces, max_size=40).map("".join)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(pages)
def test_cleaning_is_idempotent(page):
    once = clean_document(page, "p")
    twice = clean_document(once.text, "p", title=once.title)
    assert twice.text == once.text
    assert twice.title == once.title


@SETTINGS
@given(pages)
def test_output_never_contains_a_pinyin_group(page):
    doc = clean_document(page, "p")
    assert not has_pinyin(doc.text)
    assert not has_pinyin(doc.title or "")


@SETTINGS
@given(pages)
def test_text_steps_are_idempotent(page):
    stripped = strip_pinyin(page)[0]
    assert strip_pinyin(stripped) == (stripped, 0)
    punct = normalise_punct(page)[0]
    assert normalise_punct(punct) == (punct, 0)


SIMPLIFIED = "包头市召开重大项目会议书记强调发展经济建设设项目经济标会议着么干于后"
simplified_pieces = st.one_of(
    st.text(SIMPLIFIED, min_size=1, max_size=12),
    st.text(PUNCT, min_size=1, max_size=2),
    st.sampled_from(MARKERS + ["新华社北京5月1日电", "本报讯（记者 张三）", "首页 新闻 政务 服务", "编辑：李四 审核：王五",
                               "索引号 | 001 | 发布机构 | 某局 |", "(左二)", "Notice: the content above"]),
    st.sampled_from([" ", "\n", "\n\n", "1,000", "8.5%", "2022年", "5G"]),
)


def _words(text: str) -> Counter:
    return Counter(re.sub(r"[\s\W_]+", "", text))


@SETTINGS
@given(st.lists(simplified_pieces, max_size=40).map("".join), st.sets(st.integers(1, 12), max_size=4))
def test_kept_and_dropped_text_make_up_the_decoded_page(page, template_lines):
    """Nothing is silently lost: every word character of the page is in the text or a dropped line."""
    doc = clean_document(page, "p", drop_lines={n: "template:site" for n in template_lines})
    dropped = "".join(d["text"] for d in doc.meta["lines_dropped"])
    # Cleaning may convert the page to Simplified; both sides are converted alike to compare.
    assert _words(to_simplified(doc.text + dropped)) == _words(to_simplified(repair_gbk(page).text))


@SETTINGS
@given(st.lists(simplified_pieces, max_size=40).map("".join))
def test_cleaning_pages_with_leads_tables_and_fields_is_idempotent(page):
    once = clean_document(page, "p")
    twice = clean_document(once.text, "p", title=once.title)
    assert (twice.text, twice.title) == (once.text, once.title)


def test_a_short_line_a_byline_leaves_last_goes_in_the_first_pass():
    # Found by the property above: the byline's line went, and the short line before it stayed for a second pass.
    once = clean_document("么。 么\n。(左二)", "p")
    assert once.text == "么。"
    assert clean_document(once.text, "p").text == once.text


def test_a_lead_behind_a_title_split_off_the_first_line_goes_in_the_first_pass():
    # Found by the property above: the title split exposed the lead only to a second pass.
    once = clean_document("重大项目! 新华社北京5月1日电包头市召开会议。", "p")
    assert (once.title, once.text) == ("重大项目！", "包头市召开会议。")
    assert {"line": 1, "text": "新华社北京5月1日电", "reason": "lead"} in once.meta["lines_dropped"]
