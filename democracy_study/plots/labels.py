"""Figure labels in English or Chinese, category orders and place names.

Figures are English by default; ``set_language("zh")`` is the one-line switch to
Chinese. :func:`label` reads ``data/labels.yaml`` (and the mechanism codebook for
mechanism codes); :func:`category_order` gives the fixed display order of a
category; :func:`place_label` renders a place name: the official Chinese name,
or its English name (given, looked up, or romanised with the project's one
romaniser, :func:`democracy_study.parse.gazetteer.pinyin_name`).

Examples
--------
>>> label("kind.money", lang="zh")
'金额'
>>> place_label("绿春县", lang="en")
'Lüchun County'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from democracy_study._util import load_package_yaml
from democracy_study.config import PACKAGE_DATA

__all__ = [
    "LABELS_FILE",
    "LANGUAGES",
    "category_order",
    "check_language",
    "get_language",
    "label",
    "place_label",
    "set_language",
]

LANGUAGES = ("en", "zh")
LABELS_FILE = PACKAGE_DATA / "labels.yaml"

_state: dict[str, Any] = {"lang": "en"}


# ---------------------------------------------------------------------------
# language
# ---------------------------------------------------------------------------


def set_language(lang: str) -> None:
    """Set the language of figure labels for the session: ``'en'`` or ``'zh'``.

    Parameters
    ----------
    lang : str
        ``'en'`` (default at import) or ``'zh'``.

    Raises
    ------
    ValueError
        If *lang* is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("en")
    """
    _state["lang"] = check_language(lang)


def get_language() -> str:
    """Return the current label language (``'en'`` unless :func:`set_language` changed it).

    Examples
    --------
    >>> get_language() in LANGUAGES
    True
    """
    return _state["lang"]


def check_language(lang: str | None) -> str:
    """Return *lang* if it is one of :data:`LANGUAGES`; ``None`` means the current language.

    Raises
    ------
    ValueError
        If *lang* is neither ``None`` nor one of :data:`LANGUAGES`.

    Examples
    --------
    >>> check_language("zh"), check_language(None) == get_language()
    ('zh', True)
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: language must be one of ('en', 'zh'), got 'fr'
    """
    if lang is None:
        return _state["lang"]
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {lang!r}")
    return lang


# ---------------------------------------------------------------------------
# labels
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _label_data() -> dict[str, Any]:
    data = load_package_yaml(LABELS_FILE.name)
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
        raise ValueError(f"{LABELS_FILE}: expected a mapping with a 'labels' mapping")
    for key, entry in data["labels"].items():
        if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
            raise ValueError(f"{LABELS_FILE}: label {key!r} must have exactly keys {LANGUAGES}")
    return data


_MISSING = object()


def label(key: str, lang: str | None = None, default: Any = _MISSING, **fields: Any) -> str:
    """Return the display label for *key* in *lang* (default: the current language).

    Keys are looked up in ``data/labels.yaml`` first; a key not found there is
    looked up as a mechanism code in the codebook
    (``democracy_study.coding.codebook.load_codebook()``) when that module exists.

    Parameters
    ----------
    key : str
        Label key, e.g. ``'kind.money'`` or ``'axis.place'``, or a mechanism code.
    lang : str, optional
        ``'en'`` or ``'zh'``; default :func:`get_language`.
    default : str, optional
        Returned when the key is unknown (instead of raising).
    **fields
        Values substituted into ``{placeholders}`` of the label.

    Raises
    ------
    KeyError
        If the key is unknown and no *default* is given.

    Examples
    --------
    >>> label("axis.place")
    'Place'
    >>> label("axis.place", lang="zh")
    '地区'
    >>> label("title.quantities_by_place", n=12, n_duplicate=2)
    'Extracted quantities by place (n = 12; 2 in duplicated passages excluded)'
    >>> label("kind.unheard_of", default="unheard_of")
    'unheard_of'
    """
    lang = check_language(lang)
    entry = _label_data()["labels"].get(key)
    text = entry[lang] if entry is not None else _codebook_label(key, lang)
    if text is None:
        if default is _MISSING:
            raise KeyError(f"no label for key {key!r} in {LABELS_FILE.name} or the codebook")
        return default
    return text.format(**fields) if fields else text


def _codebook_label(code: str, lang: str) -> str | None:
    """Label of a mechanism code from the codebook, or None if there is none.

    Accepted codebook shapes: a mapping ``code -> entry``, an object with a
    ``codes`` mapping or sequence (and optionally a ``families`` mapping of
    family labels), or a DataFrame with a ``code`` column. An
    entry gives its label as ``label_en``/``label_zh``, ``label: {en, zh}``, or
    ``en``/``zh`` (attributes or keys).
    """
    try:
        from democracy_study.coding import codebook
    except ImportError:
        return None
    loader = getattr(codebook, "load_codebook", None)
    if loader is None:
        return None
    book = loader()
    entry = _find_code(book, code)
    if entry is None:  # a mechanism family (``families: {family: {label_en, label_zh}}``)
        families = getattr(book, "families", None)
        entry = families.get(code) if isinstance(families, Mapping) else None
    if entry is None:
        return None
    for getter in (
        lambda e: _get(e, f"label_{lang}"),
        lambda e: _get(_get(e, "label"), lang),
        lambda e: _get(e, lang),
    ):
        value = getter(entry)
        if isinstance(value, str) and value:
            return value
    return None


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _find_code(book: Any, code: str) -> Any:
    if hasattr(book, "columns") and "code" in getattr(book, "columns", ()):
        rows = book[book["code"] == code]
        return rows.iloc[0].to_dict() if len(rows) else None
    codes = getattr(book, "codes", book)
    if isinstance(codes, Mapping):
        return codes.get(code)
    if isinstance(codes, list | tuple):
        for entry in codes:
            if _get(entry, "code") == code:
                return entry
    return None


def category_order(name: str) -> list[str]:
    """Return the fixed display order of a category (from ``labels.yaml`` ``orders``).

    Examples
    --------
    >>> category_order("quantity_kind")[:3]
    ['count', 'money', 'percent']
    """
    orders = _label_data().get("orders", {})
    if name not in orders:
        raise KeyError(f"no order {name!r} in {LABELS_FILE.name}; known: {sorted(orders)}")
    return list(orders[name])


# ---------------------------------------------------------------------------
# places
# ---------------------------------------------------------------------------


def place_label(
    name_zh: str,
    place_en: str | None = None,
    lang: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> str:
    """Render a place: official Chinese name in ``'zh'``, English name in ``'en'``.

    In English the name is taken from *place_en*, else from *mapping*
    (``{name_zh: place_en}``, e.g. built from the reports table's ``place_en``
    column), else built from pinyin: the generic administrative suffix
    (``labels.yaml`` ``admin_suffixes``; the name is first put in simplified script) becomes an
    English word and the stem is romanised by
    :func:`democracy_study.parse.gazetteer.pinyin_name`, the same function that
    writes the gazetteer's ``place_en`` (Hanyu Pinyin with ü and apostrophes,
    place-name readings of polyphonic characters). Prefer the gazetteer's
    ``place_en`` where there is one: it also knows the official English type
    word of the unit.

    Parameters
    ----------
    name_zh : str
        Official Chinese name.
    place_en : str, optional
        English name, used as is when given and not empty.
    lang : str, optional
        ``'en'`` or ``'zh'``; default :func:`get_language`.
    mapping : Mapping[str, str], optional
        Chinese name to English name.

    Raises
    ------
    ValueError
        If *name_zh* is empty or not a string.

    Examples
    --------
    >>> place_label("西安区")
    "Xi'an District"
    >>> place_label("西安区", lang="zh")
    '西安区'
    >>> place_label("某某县", place_en="Moumou")
    'Moumou'
    """
    lang = check_language(lang)
    if not isinstance(name_zh, str) or not name_zh.strip():
        raise ValueError(f"place name must be a non-empty string, got {name_zh!r}")
    name_zh = name_zh.strip()
    if lang == "zh":
        return name_zh
    if isinstance(place_en, str) and place_en.strip():
        return place_en.strip()
    if mapping is not None:
        mapped = mapping.get(name_zh)
        if isinstance(mapped, str) and mapped.strip():
            return mapped.strip()
    return _romanised_name(name_zh)


@functools.lru_cache(maxsize=4096)
def _romanised_name(name_zh: str) -> str:
    from democracy_study.parse.gazetteer import pinyin_name
    from democracy_study.text import to_simplified

    # 區 -> 区: suffixes (and the gazetteer's reading overrides) are in simplified script
    name_zh = to_simplified(name_zh)
    suffixes = _label_data().get("admin_suffixes", {})
    stem, word = name_zh, ""
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            stem, word = name_zh[: -len(suffix)], suffixes[suffix]
            break
    out = pinyin_name(stem)
    return f"{out} {word}" if word else out
