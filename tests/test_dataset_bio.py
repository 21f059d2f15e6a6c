from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from curate.dataset.bio import MAX_ROW_CHARS, bio_to_spans, spans_to_bio, split_rows
from curate.schema import ENTITY_LABELS, NER_TAGS

labels = st.sampled_from(ENTITY_LABELS)


@st.composite
def layouts(draw) -> tuple[int, list[tuple[int, int, str]]]:
    """A row length and non-overlapping spans laid out left to right (touching allowed)."""
    spans, pos = [], 0
    for gap, length, label in draw(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 7), labels), max_size=15)):
        start = pos + gap
        spans.append((start, start + length, label))
        pos = start + length
    return pos + draw(st.integers(0, 4)), spans


@given(layouts())
def test_spans_to_bio_to_spans_is_identity_for_non_overlapping_spans(layout):
    length, spans = layout
    tags, dropped = spans_to_bio(length, spans)
    assert dropped == []
    assert len(tags) == length and set(tags) <= set(NER_TAGS)
    assert bio_to_spans(tags) == spans


@given(st.integers(1, 40).flatmap(lambda n: st.tuples(st.just(n), st.lists(
    st.tuples(st.integers(0, n - 1), st.integers(1, 8), labels), max_size=10))))
def test_overlapping_spans_are_reported_and_the_kept_ones_round_trip(case):
    length, raw = case
    spans = [(s, min(s + w, length), lab) for s, w, lab in raw]
    tags, dropped = spans_to_bio(length, spans)
    kept = Counter(spans) - Counter(dropped)
    assert sum(kept.values()) + len(dropped) == len(spans)
    assert bio_to_spans(tags) == sorted(kept.elements())


def test_longest_span_wins_an_overlap():
    tags, dropped = spans_to_bio(6, [(0, 2, "GPE"), (0, 6, "GOV")])
    assert tags == ["B-GOV"] + ["I-GOV"] * 5
    assert dropped == [(0, 2, "GPE")]


def test_bio_to_spans_reads_a_stray_inside_tag_as_a_span():
    assert bio_to_spans(["O", "I-PER", "I-PER", "B-GPE", "I-DATE"]) == [(1, 3, "PER"), (3, 4, "GPE"), (4, 5, "DATE")]


def test_arg_is_not_a_bio_label():
    try:
        spans_to_bio(3, [(0, 1, "ARG")])
    except ValueError as exc:
        assert "ARG" in str(exc)
    else:
        raise AssertionError("ARG spans must not become BIO tags")


def test_paragraphs_become_rows_and_blank_lines_are_skipped():
    text = "第一段。\n\n  \n第二段，很短。"
    assert [text[s:e] for s, e in split_rows(text)] == ["第一段。", "第二段，很短。"]


def test_long_paragraph_is_split_at_sentence_ends():
    a, b, c = "甲" * 299 + "。", "乙" * 199 + "！”", "丙" * 100  # 300 + 201 fit in one row, + 100 do not
    text = a + b + c
    assert [text[s:e] for s, e in split_rows(text)] == [a + b, c]
    a, b = "甲" * 400 + "；", "乙" * 200 + "…"
    assert [(a + b)[s:e] for s, e in split_rows(a + b)] == [a, b]
    assert MAX_ROW_CHARS == 510


def test_hard_split_moves_back_to_the_start_of_an_entity():
    text = "a" * 30
    assert split_rows(text, protected=[(8, 14)], max_chars=10) == [(0, 8), (8, 18), (18, 28), (28, 30)]
    assert split_rows(text, max_chars=10) == [(0, 10), (10, 20), (20, 30)]


@settings(max_examples=150)
@given(st.text(alphabet="ab，。！？…”\n ", max_size=300), st.integers(3, 40))
def test_rows_cover_every_paragraph_and_respect_the_limit(text, max_chars):
    rows = split_rows(text, max_chars=max_chars)
    covered = set()
    for (s, e), nxt in zip(rows, [*rows[1:], None], strict=False):
        assert 0 <= s < e <= len(text) and e - s <= max_chars
        assert "\n" not in text[s:e]
        covered.update(range(s, e))
        if nxt is not None:
            assert nxt[0] >= e
            same_paragraph = "\n" not in text[e:nxt[0] + 1] and nxt[0] == e
            if same_paragraph:  # a cut inside a paragraph: after a sentence end, or the row was full
                assert text[e - 1] in "。！？…”" or e - s == max_chars
    pos = 0
    for para in text.split("\n"):
        if para.strip():
            assert set(range(pos, pos + len(para))) <= covered
        pos += len(para) + 1
