"""`curate.clean.opencc_fast` converts exactly like the OpenCC library it replaces in the hot path."""

from __future__ import annotations

import opencc
from conftest import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.clean.opencc_fast import _chain, convert

TW2S = opencc.OpenCC("tw2s")
S2TW = opencc.OpenCC("s2tw")
T2S = opencc.OpenCC("t2s")
PHRASES = sorted(k for group in _chain("tw2s") for d in group if d.max_len > 1 for k in d.mapping)


def test_seeds_and_their_traditional_versions_convert_identically():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for page in (text, S2TW.convert(text)):
            assert convert(page, "tw2s") == TW2S.convert(page)


def test_phrase_dictionaries_hold_no_separator():
    # Matching the whole text at once equals OpenCC's per-segment matching only because of this.
    assert not [k for k in PHRASES if TW2S.split_chars_re.search(k)]


pieces = st.one_of(
    st.sampled_from(PHRASES),
    st.text("著乾於後麼臺灣發展項目設計會議黨委書記乾隆干著名於是後來麼", min_size=1, max_size=6),
    st.sampled_from(["，", "。", " ", "\n", "(", "a1", "—"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=30).map("".join))
def test_generated_text_converts_identically(text):
    assert convert(text, "tw2s") == TW2S.convert(text)
    assert convert(text, "t2s") == T2S.convert(text)


def test_changed_characters_are_what_t2s_makes_of_each_character_alone():
    from curate.clean.opencc_fast import changed_characters

    chars = [chr(c) for start, end in ((0x3400, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20))
             for c in range(start, end)]
    alone = {}
    for i in range(0, len(chars), 1000):  # "\n" separates OpenCC's segments: one character each
        chunk = chars[i: i + 1000]
        alone.update((ord(t), s) for t, s in zip(chunk, T2S.convert("\n".join(chunk)).split("\n"), strict=True)
                     if s != t)
    assert changed_characters("t2s") == alone
    assert len(alone) == 4105
