"""The model's word features: `word_lengths` is jieba's HMM-free cut, computed faster, word for word."""

from __future__ import annotations

import random
from pathlib import Path

from curate.model.features import tokenizer, word_lengths, word_positions

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


def test_word_positions_tag_each_character():
    tk = tokenizer(())
    tags = word_positions(tk, "包头市召开会议。", "w=")
    assert len(tags) == 8 and tags[0].startswith("w=B") and tags[-1] == "w=S"
