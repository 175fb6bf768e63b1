"""Parsing: from a source text to structured, provenance-tracked facts.

:mod:`~.structure` (headings, paragraphs, reports), :mod:`~.numerals` and
:mod:`~.quantities` (number expressions), :mod:`~.intervals` (the one rule for what
a qualified figure stands for), :mod:`~.gazetteer` (places), :mod:`~.entities`,
:mod:`~.quality` (defects of the source) and :mod:`~.evaluation` (against gold).

Names load on first use, so importing the package is cheap.

Examples
--------
>>> from democracy_study.parse import parse_number
>>> callable(parse_number)
True
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "BIG_UNITS": "democracy_study.parse.numerals",
    "Block": "democracy_study.parse.structure",
    "DIGITS": "democracy_study.parse.numerals",
    "Defect": "democracy_study.parse.quality",
    "Document": "democracy_study.parse.structure",
    "ENTITY_TYPES": "democracy_study.parse.entities",
    "Entity": "democracy_study.parse.entities",
    "FACT_KINDS": "democracy_study.parse.quantities",
    "INDICATORS": "democracy_study.parse.quantities",
    "Interval": "democracy_study.parse.intervals",
    "IntervalError": "democracy_study.parse.intervals",
    "KINDS": "democracy_study.parse.quantities",
    "MATCH_KINDS": "democracy_study.parse.gazetteer",
    "MatchResult": "democracy_study.parse.evaluation",
    "Paragraph": "democracy_study.parse.structure",
    "PlaceMatch": "democracy_study.parse.gazetteer",
    "PlaceMention": "democracy_study.parse.gazetteer",
    "QUALIFIERS": "democracy_study.parse.quantities",
    "QUANTITY_COLUMNS": "democracy_study.parse.quantities",
    "Quantity": "democracy_study.parse.quantities",
    "Report": "democracy_study.parse.structure",
    "SMALL_UNITS": "democracy_study.parse.numerals",
    "compare_defects": "democracy_study.parse.evaluation",
    "compare_paragraphs": "democracy_study.parse.evaluation",
    "compare_quantities": "democracy_study.parse.evaluation",
    "detect_doubled_characters": "democracy_study.parse.quality",
    "detect_doubled_in_name": "democracy_study.parse.quality",
    "detect_duplicates": "democracy_study.parse.quality",
    "detect_lost_text": "democracy_study.parse.quality",
    "ends_sentence": "democracy_study.parse.structure",
    "extract_quantities": "democracy_study.parse.quantities",
    "find_entities": "democracy_study.parse.entities",
    "find_place_mentions": "democracy_study.parse.gazetteer",
    "find_prefecture": "democracy_study.parse.gazetteer",
    "find_quantities": "democracy_study.parse.quantities",
    "finite_bounds": "democracy_study.parse.intervals",
    "gazetteer_info": "democracy_study.parse.gazetteer",
    "given_name_length": "democracy_study.parse.entities",
    "interval_table": "democracy_study.parse.intervals",
    "last_digit_unit": "democracy_study.parse.intervals",
    "list_units": "democracy_study.parse.gazetteer",
    "match_place_prefix": "democracy_study.parse.gazetteer",
    "match_spans": "democracy_study.parse.evaluation",
    "parse_approximate": "democracy_study.parse.numerals",
    "parse_document": "democracy_study.parse.structure",
    "parse_number": "democracy_study.parse.numerals",
    "qualifier_interval": "democracy_study.parse.intervals",
    "find_numerals": "democracy_study.parse.quantities",
    "resolve_place": "democracy_study.parse.gazetteer",
    "split_blocks": "democracy_study.parse.structure",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
