"""Mechanism coding: the codebook, the automatic coder and its reliability.

:mod:`~.codebook` (loading and checking ``data/codebook.yaml``), :mod:`~.coder`
(cue matching over paragraphs, place × code tables), :mod:`~.patterns`
(co-occurrence and clustering of places by their codes), :mod:`~.reliability`
(agreement with hand coding), :mod:`~.sheets` (blind coding sheets for a
second coder, concordance), :mod:`~.agreement` (agreement between coders,
adjudication).

Names load on first use, so importing the package is cheap.

Examples
--------
>>> from democracy_study.coding import load_codebook
>>> callable(load_codebook)
True
"""

from __future__ import annotations

from democracy_study._util import lazy_exports

_LAZY = {
    "AMBIGUOUS": "democracy_study.coding.reliability",
    "Code": "democracy_study.coding.codebook",
    "Codebook": "democracy_study.coding.codebook",
    "CodebookError": "democracy_study.coding.codebook",
    "CompiledCodebook": "democracy_study.coding.coder",
    "Cue": "democracy_study.coding.codebook",
    "FAMILIES": "democracy_study.coding.codebook",
    "Hit": "democracy_study.coding.coder",
    "MECHANISM_COLUMNS": "democracy_study.coding.coder",
    "REQUIRED_CODES": "democracy_study.coding.codebook",
    "PlaceClusters": "democracy_study.coding.patterns",
    "ReliabilityResult": "democracy_study.coding.reliability",
    "check_place_matrix": "democracy_study.coding.patterns",
    "code_corpus": "democracy_study.coding.coder",
    "code_text": "democracy_study.coding.coder",
    "codebook_from_dict": "democracy_study.coding.codebook",
    "codes_in_order": "democracy_study.coding.patterns",
    "cohen_kappa": "democracy_study.coding.reliability",
    "compare_matrices": "democracy_study.coding.reliability",
    "compile_codebook": "democracy_study.coding.coder",
    "cooccurrence_graph": "democracy_study.coding.patterns",
    "family_counts": "democracy_study.coding.coder",
    "heldout_matrices": "democracy_study.coding.reliability",
    "krippendorff_alpha": "democracy_study.coding.reliability",
    "load_codebook": "democracy_study.coding.codebook",
    "paragraph_codes": "democracy_study.coding.coder",
    "place_clusters": "democracy_study.coding.patterns",
    "place_mechanisms": "democracy_study.coding.coder",
    "place_order": "democracy_study.coding.patterns",
    "read_gold_matrix": "democracy_study.coding.reliability",
    "ADJUDICATION_COLUMNS": "democracy_study.coding.agreement",
    "AUTO_CODER": "democracy_study.coding.agreement",
    "RARE_PREVALENCE": "democracy_study.coding.agreement",
    "AgreementResult": "democracy_study.coding.agreement",
    "Sheet": "democracy_study.coding.agreement",
    "SheetError": "democracy_study.coding.agreement",
    "agreement": "democracy_study.coding.agreement",
    "alpha_nominal": "democracy_study.coding.agreement",
    "auto_sheet": "democracy_study.coding.agreement",
    "gwet_ac1": "democracy_study.coding.agreement",
    "read_sheet": "democracy_study.coding.agreement",
    "write_adjudication": "democracy_study.coding.agreement",
    "CONCORDANCE_COLUMNS": "democracy_study.coding.sheets",
    "SHEET_COLUMNS": "democracy_study.coding.sheets",
    "codebook_sheet_notes": "democracy_study.coding.sheets",
    "coding_sheet": "democracy_study.coding.sheets",
    "concordance": "democracy_study.coding.sheets",
    "notes_path": "democracy_study.coding.sheets",
    "write_coding_sheet": "democracy_study.coding.sheets",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
