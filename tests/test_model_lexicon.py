"""Lexicon harvest: counts and precision measured on the training texts; TSV round trip; matching."""

from __future__ import annotations

import pytest

from curate.errors import BadInputError
from curate.model.lexicon import Lexicon, harvest_lexicon
from curate.records import Document, Entity, Event, Trigger


def _doc(doc_id: str, text: str, spans: list[tuple[str, str]], trigger: tuple[str, str] | None = None) -> Document:
    ents, pos = [], 0
    for label, sub in spans:
        start = text.index(sub, pos)
        ents.append(Entity(label, start, start + len(sub), sub))
        pos = start + len(sub)
    events = []
    if trigger:
        s = text.index(trigger[1])
        events.append(Event(trigger[0], Trigger(s, s + len(trigger[1]), trigger[1])))
    return Document(doc_id, text, entities=tuple(ents), events=tuple(events))


def test_harvest_counts_and_precision():
    docs = [_doc("a", "包头市召开会议。包头市委书记讲话。", [("GPE", "包头市"), ("TITLE", "市委书记")], ("会议召开", "召开")),
            _doc("b", "包头市举行活动。", [("GPE", "包头市")])]
    entries = {(e.text, e.label): e for e in harvest_lexicon(docs)}
    # 包头市 occurs three times in the texts, twice as a gold GPE.
    assert entries[("包头市", "GPE")].count == 2
    assert entries[("包头市", "GPE")].precision == pytest.approx(0.667)
    assert entries[("市委书记", "TITLE")].precision == 1.0
    assert entries[("召开", "会议召开")].count == 1


def test_tsv_round_trip_and_longest_match():
    lex = Lexicon(harvest_lexicon([_doc("a", "包头市委书记在包头讲话", [("TITLE", "市委书记"), ("GPE", "包头")])]))
    again = Lexicon.from_tsv(lex.to_tsv(), "lexicon.tsv")
    assert again.entries == lex.entries
    assert [(s, e, m.label) for s, e, m in again.matches("包头市委书记")] == [(0, 2, "GPE"), (2, 6, "TITLE")]


def test_corrupt_tsv_names_the_line():
    with pytest.raises(BadInputError, match=r"lexicon.tsv:2: not a lexicon line"):
        Lexicon.from_tsv("包头\tGPE\t2\t1.0\nbroken\n", "lexicon.tsv")


def test_count_occurrences_counts_nested_and_repeated_words():
    from curate.model.lexicon import count_occurrences

    texts = ["包头市委书记在包头讲话", "包头包头"]
    assert count_occurrences({"包头", "包头市", "书记", "讲"}, texts) == {"包头": 4, "包头市": 1, "书记": 1, "讲": 1}
    assert all(count_occurrences({w}, texts)[w] == sum(t.count(w) for t in texts) for w in ("包头", "包头市"))


def test_corrections_are_rule_spans_people_fixed_the_same_way_on_enough_pages():
    from curate.model.lexicon import CORRECTION_PAGES, harvest_corrections

    texts = [f"第{i}次召开大会，包头市长讲话。" for i in range(CORRECTION_PAGES + 1)]
    views = [_doc(f"d{i}", t, [("MEETING", "大会"), ("GPE", "包头"), ("TITLE", "市长")], ("会议召开", "召开"))
             for i, t in enumerate(texts)]
    # People removed every MEETING 大会 (and every trigger 召开: not counted, a trigger is one in context),
    # relabelled 包头 a GOV, and kept 市长 on one page.
    gold = [_doc(f"d{i}", t, [("GOV", "包头")] + ([("TITLE", "市长")] if i == 0 else []))
            for i, t in enumerate(texts)]
    n = CORRECTION_PAGES + 1
    assert harvest_corrections(gold, views) == [("包头", "GPE", "GOV", n), ("大会", "MEETING", "", n)]
    # Fewer pages than CORRECTION_PAGES: nothing yet.
    assert harvest_corrections(gold[:CORRECTION_PAGES - 1], views[:CORRECTION_PAGES - 1]) == []
    # Corrected one way on some pages and another way on one: left to the rules.
    other = gold[:-1] + [_doc("dx", texts[-1], [("ORG", "包头")])]
    assert ("包头", "GPE") not in {(t, label) for t, label, _, _ in harvest_corrections(other, views)}


def test_a_resized_rule_span_is_no_correction():
    from curate.model.lexicon import CORRECTION_PAGES, harvest_corrections

    texts = [f"第{i}次，包头市委书记讲话。" for i in range(CORRECTION_PAGES)]
    views = [_doc(f"d{i}", t, [("GPE", "包头"), ("TITLE", "书记")]) for i, t in enumerate(texts)]
    # People relabelled and resized 包头 into GOV 包头市委 (a gold span covers it: resized, one edit) and kept 书记.
    gold = [_doc(f"d{i}", t, [("GOV", "包头市委"), ("TITLE", "书记")]) for i, t in enumerate(texts)]
    assert harvest_corrections(gold, views) == []
    gold = [_doc(f"d{i}", t, [("GOV", "包头市委")]) for i, t in enumerate(texts)]  # 书记 removed each time
    assert harvest_corrections(gold, views) == [("书记", "TITLE", "", CORRECTION_PAGES)]


def test_corrections_count_pages_not_occurrences():
    from curate.model.lexicon import CORRECTION_PAGES, harvest_corrections

    text = "招商大使、招商大使和招商大使。"
    view = _doc("d", text, [("TITLE", "大使"), ("TITLE", "大使"), ("TITLE", "大使")])
    # Removed three times, all on one page: one page's usage, not the rules' mistake.
    assert harvest_corrections([_doc("d", text, [])], [view]) == []
    pages = [_doc(f"d{i}", text, [("TITLE", "大使")]) for i in range(CORRECTION_PAGES)]
    assert harvest_corrections([_doc(f"d{i}", text, []) for i in range(CORRECTION_PAGES)], pages) == [
        ("大使", "TITLE", "", CORRECTION_PAGES)]
