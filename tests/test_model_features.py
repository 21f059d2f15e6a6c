"""The model's word features: `word_lengths` is jieba's HMM-free cut, computed faster, word for word."""

from __future__ import annotations

import random
from pathlib import Path

from curate.model.features import (
    document_features,
    tokenizer,
    tokenizer_plus,
    word_context,
    word_lengths,
    word_positions,
)
from curate.model.lexicon import Lexicon
from curate.records import Document

SAMPLES = Path(__file__).resolve().parent.parent / "curate" / "samples"


def test_word_lengths_equal_jiebas_cut_on_the_bundled_pages_and_odd_text():
    tk = tokenizer(("土右旗新型工业园区", "稀土高新区"))
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    assert len(texts) == 5
    rnd = random.Random(7)
    alphabet = "ab1 2中国人民银行\r\n\t._-%#项目开工建设A，。\u3000土右旗新型工业园区"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(500)]
    for text in texts:
        assert word_lengths(tk, text) == [len(w) for w in tk.cut(text, HMM=False)], text


def test_word_lengths_stay_jiebas_when_the_fragment_cache_starts_again(monkeypatch):
    from curate.model import features

    tk = tokenizer_plus((), ["稀土高新区"])
    text = "包头市稀土高新区重点项目集中开工，总投资12.5亿元。"
    want = [len(w) for w in tk.cut(text, HMM=False)]
    assert word_lengths(tk, text) == want
    cache = tk._curate_log_probs[1]
    assert len(cache) > 10
    monkeypatch.setattr(features, "_CACHE_LIMIT", 10)
    assert word_lengths(tk, text) == want  # the full cache is dropped, the cut is the same
    assert tk._curate_log_probs[1] is not cache


def test_word_positions_tag_each_character():
    tk = tokenizer(())
    tags = word_positions(tk, "包头市召开会议。", "w=")
    assert len(tags) == 8 and tags[0].startswith(b"w=B") and tags[-1] == b"w=S"


def test_word_context_gives_each_character_the_words_around_its_word():
    tk = tokenizer(())
    text = "包头市召开会议"
    lengths = word_lengths(tk, text)
    assert [text[sum(lengths[:k]):sum(lengths[:k + 1])] for k in range(len(lengths))] == ["包头市", "召开", "会议"]
    before, after = word_context(text, lengths)
    assert [f.decode() for f in before] == ["wp=#"] * 3 + ["wp=包头市"] * 2 + ["wp=召开"] * 2
    assert [f.decode() for f in after] == ["wn=召开"] * 3 + ["wn=会议"] * 2 + ["wn=#"] * 2
    rows = document_features(Document("d", text), tk, Lexicon(()))[0][2]
    assert "wp=包头市".encode() in rows[3] and "wn=会议".encode() in rows[4] and "wp=召开".encode() in rows[5]


def test_tokenizer_plus_equals_a_tokenizer_of_all_the_words_and_leaves_the_base_alone():
    base_words = ("土右旗新型工业园区",)
    more = ["稀土高新区", "土右旗新型工业园区", "张世伟"]
    base = tokenizer(base_words)
    before = (dict(base.FREQ), base.total)
    derived = tokenizer_plus(base_words, more)
    whole = tokenizer(tuple(sorted({*base_words, *more})))
    assert (derived.FREQ, derived.total) == (whole.FREQ, whole.total)
    assert (dict(base.FREQ), base.total) == before and "张世伟" not in base.FREQ
    text = "县委书记张世伟在稀土高新区和土右旗新型工业园区调研"
    assert word_lengths(derived, text) == word_lengths(whole, text) != word_lengths(base, text)


def test_document_features_are_the_utf8_names_of_each_characters_features():
    tk = tokenizer(())
    text = "包头市召开会议。\n项目A1开工"
    lines = document_features(Document("d", text), tk, Lexicon(()))
    assert [(s, e) for s, e, _ in lines] == [(0, 8), (9, 15)]
    rows = [row for _, _, line in lines for row in line]
    assert all(isinstance(f, bytes) for row in rows for f in row)
    first = {f.decode() for f in rows[0]}
    assert {"c=包", "c-1=#", "c+1=头", "w=B3", "wp=#", "wn=召开"} == first
    assert "k=P" in {f.decode() for f in rows[7]}  # 。 is no Han character
    assert {"c=A", "k=L"} <= {f.decode() for f in rows[10]}


def test_rule_span_features_equal_a_per_character_reading_of_the_rules_spans():
    """r=/rs= (the span's label and rule, BIOES) where a rule span is, r-1=/r+1= its neighbours' tags, on the bundled pages (adjacent spans included)."""
    from curate.annotate import annotate_document
    from curate.model.features import bioes_tags, rule_spans

    tk = tokenizer(())
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = annotate_document(Document(path.stem, path.read_text(encoding="utf-8")))
        n = len(doc.text)
        tag, rule = [None] * n, [None] * n
        for s, e, label, source in rule_spans(doc):
            tag[s:e], rule[s:e] = bioes_tags(e - s, label), bioes_tags(e - s, source)
        rows = {s + i: row for s, _, line in document_features(doc, tk, Lexicon(())) for i, row in enumerate(line)}
        assert any(a is not None and b is not None for a, b in zip(tag, tag[1:], strict=False))  # adjacent spans
        for i, row in rows.items():
            got = {f.decode() for f in row if f.startswith((b"r=", b"rs=", b"r-1=", b"r+1="))}
            want = ({f"r={tag[i]}", f"rs={rule[i]}"} if tag[i] else set()) \
                | ({f"r-1={tag[i - 1]}"} if i and tag[i - 1] else set()) \
                | ({f"r+1={tag[i + 1]}"} if i + 1 < n and tag[i + 1] else set())
            assert got == want, (path.name, i)
