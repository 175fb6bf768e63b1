"""Gazetteer rules and the place-name romaniser (private; re-exported by :mod:`.gazetteer`).

:func:`pinyin_name` is public through :mod:`democracy_study.parse.gazetteer`.
"""

from __future__ import annotations

import functools

from democracy_study import config
from democracy_study._util import load_yaml

__all__ = ["RULES_FILE", "pinyin_name"]

RULES_FILE = config.PACKAGE_DATA / "gazetteer_rules.yaml"


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    rules = load_yaml(RULES_FILE, what="gazetteer rules file")
    for key in ("county_suffixes", "prefecture_suffixes", "province_suffixes", "ethnic_groups"):
        if not rules.get(key):
            raise ValueError(f"{RULES_FILE}: missing or empty section {key!r}")
    return rules


@functools.lru_cache(maxsize=8192)
def pinyin_name(stem: str) -> str:
    """Romanise a place-name stem as one capitalised word of toneless Hanyu Pinyin.

    The project's one romaniser: it writes the gazetteer's ``place_en`` and the
    pinyin fallback of :func:`democracy_study.plots.labels.place_label`, so a
    place is spelt the same in tables and figures. Pass the stem without the
    generic suffix (绿春, not 绿春县); the caller adds the English type word.

    Convention: Hanyu Pinyin as used for official place-name romanisation,
    i.e. the Scheme for the Chinese Phonetic Alphabet (1958) with the orthography
    of GB/T 16159-2012 as the Ministry of Civil Affairs applies it to place names
    (中国地名汉语拼音字母拼写规则（汉语地名部分）, 1984; GB 17733-2008 for
    place-name signs): no tone marks; the syllables of a name joined into one
    word with a capital initial; ``ü`` kept after ``l`` and ``n`` (吕梁 Lüliang),
    because plain ``u`` spells other syllables (lu 路 vs lü 绿) and ``v`` is only
    the keyboard stand-in for ``ü`` (and ``yu`` the passport convention for
    personal names, GB/T 28039-2011), neither place-name orthography; an
    apostrophe before a syllable starting with a, o or e that follows another
    syllable (西安 Xi'an, two syllables, not xian). Readings of polyphonic
    characters come from ``data/gazetteer_rules.yaml`` (``pinyin_stems`` for whole
    stems, then ``pinyin_chars`` per character) before pypinyin's dictionary.
    Names from minority languages are spelt from their Chinese characters
    (阿尔山 A'ershan), not transliterated from the original language (Arxan).
    Characters that are not Chinese are kept as written.

    Parameters
    ----------
    stem : str
        Chinese name stem (simplified script, as in the official names).

    Returns
    -------
    str
        The romanised stem; ``''`` for an empty stem.

    Examples
    --------
    >>> pinyin_name("绿春"), pinyin_name("吕梁"), pinyin_name("女")
    ('Lüchun', 'Lüliang', 'Nü')
    >>> pinyin_name("西安"), pinyin_name("天峨")
    ("Xi'an", "Tian'e")
    >>> pinyin_name("长子")  # place-name reading from gazetteer_rules.yaml, not chang
    'Zhangzi'
    """
    if not isinstance(stem, str):
        raise TypeError(f"pinyin_name needs a str, got {type(stem).__name__}")
    if not stem:
        return ""
    rules = _rules()
    override = (rules.get("pinyin_stems") or {}).get(stem)
    if override:
        return override
    from pypinyin import Style, lazy_pinyin

    chars = rules.get("pinyin_chars") or {}
    # errors="default": characters without a reading (Latin letters, digits) pass through
    sylls = lazy_pinyin(stem, style=Style.NORMAL, v_to_u=True, errors="default")
    if len(sylls) == len(stem):
        sylls = [chars.get(ch, s) for ch, s in zip(stem, sylls, strict=True)]
    out = ""
    for i, s in enumerate(sylls):
        if i and s[:1] in ("a", "o", "e") and out[-1:].isalpha():
            out += "'"
        out += s
    return out[:1].upper() + out[1:]
