"""Human corrections of the parsed tables, with provenance (``data/annotations/``).

:mod:`~.files` reads and checks the annotation files (and adopts filled
adjudication templates); :mod:`~.apply` applies them to a corpus's tables and
reads the provenance back. The three files and the provenance column are
described in :mod:`~.apply`.

Examples
--------
>>> from democracy_study.annotations import annotate_corpus, read_annotations
>>> read_annotations(None)
[]
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "ANNOTATED_TABLES": "democracy_study.annotations.files",
    "ANNOTATION_COLUMN": "democracy_study.annotations.files",
    "FILE_COLUMNS": "democracy_study.annotations.files",
    "Annotation": "democracy_study.annotations.files",
    "AnnotationError": "democracy_study.annotations.files",
    "adopt_adjudication": "democracy_study.annotations.files",
    "annotate_corpus": "democracy_study.annotations.apply",
    "annotation_changes": "democracy_study.annotations.apply",
    "annotation_summary": "democracy_study.annotations.apply",
    "parse_present": "democracy_study.annotations.files",
    "read_annotations": "democracy_study.annotations.files",
    "removed_mechanisms": "democracy_study.annotations.apply",
    "revert_annotations": "democracy_study.annotations.apply",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
