"""The one place-name romaniser (parse.gazetteer.pinyin_name) and its two users.

Expected spellings are written by hand from the Hanyu Pinyin scheme as used for
official place names (GB/T 16159-2012; MCA place-name rules): ü kept after l/n,
apostrophe before a, o, e after another syllable, no tones. The names are common
Chinese words and place names chosen for the rules they exercise, not taken from
the corpus.
"""

from __future__ import annotations

import pytest

from democracy_study.parse.gazetteer import pinyin_name, resolve_place
from democracy_study.plots.labels import place_label


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("绿春", "Lüchun"),  # lǜ: ü after l, not Lv (keyboard) or Lu (another syllable)
        ("吕梁", "Lüliang"),
        ("女", "Nü"),  # ü after n
        ("略阳", "Lüeyang"),  # üe after l
        ("西安", "Xi'an"),  # two syllables xi+an, not one (xian)
        ("天峨", "Tian'e"),  # apostrophe before e
        ("建瓯", "Jian'ou"),  # apostrophe before o
        ("平遥", "Pingyao"),  # y-initial: no apostrophe
        ("长子", "Zhangzi"),  # whole-stem reading from gazetteer_rules.yaml
        ("长安", "Chang'an"),  # per-character reading of 长 in place names
        ("", ""),
    ],
)
def test_pinyin_name_by_hand(stem, expected):
    assert pinyin_name(stem) == expected


def test_pinyin_name_keeps_non_chinese_characters():
    # hand: "A" passes through; an apostrophe follows only a letter-final syllable
    assert pinyin_name("A安") == "A'an"
    assert pinyin_name("3安") == "3an"


def test_pinyin_name_rejects_non_strings():
    with pytest.raises(TypeError, match="pinyin_name needs a str, got int"):
        pinyin_name(3)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("绿春县", "Lüchun County"),
        ("吕梁市", "Lüliang City"),  # place_label's generic word for 市 (labels.yaml)
        ("西安区", "Xi'an District"),
        ("女县", "Nü County"),  # an invented name: the suffix still becomes an English word
        ("綠春縣", "Lüchun County"),  # traditional script is simplified first
    ],
)
def test_place_label_uses_the_same_romaniser(name, expected):
    assert place_label(name, lang="en") == expected


@pytest.mark.parametrize(("name", "expected"), [("绿春县", "Lüchun County"), ("吕梁市", "Lüliang")])
def test_gazetteer_and_place_label_spell_the_stem_alike(name, expected):
    # the gazetteer gives the official type word (a prefecture-level city has none);
    # the romanised stem is the same string as place_label's
    m = resolve_place(name)
    assert m.place_en == expected
    assert place_label(name, lang="en").startswith(expected.split(" ")[0])
