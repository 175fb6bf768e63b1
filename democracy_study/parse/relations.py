"""Relations between figures: parts of a total, rates of a figure, and funnels.

* ``part_of`` (:func:`find_part_of`): after a part marker (``其中``, ``包括``; list in
  ``data/indicators.yaml``) the count figures of the same sentence are parts of the
  last figure written before the marker (``提出245条意见建议，其中即知即办171条，
  74条作为代表建议提出``: 171 and 74 are parts of 245). A marker that opens a sentence
  (``…186件建议已全部办复。其中，已解决的112件，…``) points back to the sentence
  before it: its last figure of the same kind is the total.
* ``rate_of`` (:func:`find_rate_of`): a percentage right after a share marker (``占``)
  is the share of the figure before it; after a rate word (``办结率``) it is the rate
  of the nearest earlier figure of the rate's kind in the sentence (the resolved
  figure for 解决率/办结率), else of the noun the rate names; satisfaction rates
  are rates of the judgement (``满意``).
* :func:`funnels`: one row per reported flow, a ``from`` figure (received,
  collected, suggested) and a later ``to`` figure (resolved, answered, mediated) of
  the same sentence, channel and period, never two parts of the same total, with the
  interval of the ratio.

Examples
--------
>>> from democracy_study.parse.quantities import find_quantities
>>> qs = find_quantities("收到问题1234个，办结1216个，办结率98.5%")
>>> qs[2].rate_of_index, qs[2].indicator
(1, 'issues_resolved_rate')
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any

from democracy_study.parse.intervals import qualifier_interval

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["FUNNEL_COLUMNS", "find_part_of", "find_rate_of", "funnel_ratio", "funnels"]

#: Columns of :func:`funnels`, in order.
FUNNEL_COLUMNS = [
    "funnel_id",
    "source_file",
    "report_id",
    "paragraph_id",
    "place",
    "flow",
    "channel",
    "channel_entity",
    "period",
    "from_quantity_id",
    "to_quantity_id",
    "from_indicator",
    "to_indicator",
    "from_value",
    "to_value",
    "ratio_low",
    "ratio_high",
    "evidence",
    "char_start",
    "char_end",
]


def find_part_of(
    text: str,
    qs: Sequence[Any],
    facts: Sequence[int],
    sent: Mapping[int, tuple[int, int]],
    marker_re: re.Pattern[str],
    bare: Set[int] = frozenset(),
) -> dict[int, int]:
    """Index of the total each count figure is part of (only figures that have one).

    A list of parts may run on past a semicolon (``其中…解决的196件；逐步解决的87件；
    暂时不能解决的38件。``): a figure of the sentence after one ending in ``；`` whose
    parts had a total is a part of the same total when it has no noun of its own
    (in *bare*), is of the same kind and unit as the total and no marker of its own.

    Parameters
    ----------
    text : str
    qs : sequence of Quantity
    facts : sequence of int
        Indices of the fact quantities in *qs*.
    sent : mapping
        Fact index → (start, end) of its sentence.
    marker_re : re.Pattern
        Part markers.
    bare : set of int
        Fact indices whose clause names no counted noun.

    Returns
    -------
    dict
        Part index → total index.
    """
    out: dict[int, int] = {}
    for i in facts:
        q = qs[i]
        if q.kind not in ("count", "money"):
            continue
        ss, _ = sent[i]
        marks = [m for m in marker_re.finditer(text, ss, q.start)]
        if not marks:
            after_semicolon = ss > 0 and text[ss - 1] in "；;"
            run_on = [j for j in out if sent[j][1] == ss] if after_semicolon else []
            total = out[run_on[-1]] if run_on else None
            if (
                total is not None
                and i in bare
                and qs[total].kind == q.kind
                and qs[total].unit == q.unit
            ):
                out[i] = total  # the list of parts runs on past the semicolon
            continue
        mk = marks[-1]
        before = [j for j in facts if j < i and sent[j] == sent[i] and qs[j].end <= mk.start()]
        if not before and not text[ss : mk.start()].strip():  # 。其中，…: the sentence before
            before = [j for j in facts if j < i and sent[j][1] == ss]
        before = [j for j in before if qs[j].kind == q.kind]
        if before:
            out[i] = before[-1]
    return out


def find_rate_of(
    text: str,
    qs: Sequence[Any],
    facts: Sequence[int],
    sent: Mapping[int, tuple[int, int]],
    inds: Mapping[int, str],
    lx: Any,
) -> dict[int, tuple[str, int | None, str]]:
    """For each percentage: (indicator or "", base figure index or None, base noun).

    ``indicator`` is empty when the percentage is neither a share nor a named rate
    (the count rules then decide, e.g. a change in complaints).
    """
    out: dict[int, tuple[str, int | None, str]] = {}
    figure_of = {v: k for k, v in lx.share_ind.items()}  # rate indicator -> figure indicator
    for i in facts:
        q = qs[i]
        if q.kind != "percent":
            continue
        ss, _ = sent[i]
        earlier = [j for j in facts if j < i and sent[j] == sent[i] and qs[j].kind != "percent"]
        clause_lo = ss
        for m in lx.clause_re.finditer(text, ss, q.start):
            clause_lo = m.end()
        said = text[clause_lo : q.start]
        satisfied = lx.satisfaction_noun in said and "不" + lx.satisfaction_noun not in said
        if satisfied and lx.share_re.search(text, clause_lo, q.start):  # 表示满意的占97.3%
            out[i] = (lx.rate_ind["satisfaction"], None, lx.satisfaction_noun)
            continue
        if lx.share_re.search(text, clause_lo, q.start) and earlier:
            base = earlier[-1]
            out[i] = (lx.share_ind.get(inds.get(base, ""), ""), base, "")
            continue
        rm = None
        for rm in lx.rate_re.finditer(text, clause_lo, q.start):  # noqa: B007
            pass
        if rm is None:
            out[i] = ("", None, "")
            continue
        cls = lx.rate_cls[rm.group()]
        ind = lx.rate_ind[cls]
        if cls == "satisfaction":
            out[i] = (ind, None, lx.satisfaction_noun)
            continue
        alt = lx.rate_alt.get(ind)
        bases = [j for j in earlier if inds.get(j) in (figure_of.get(ind), figure_of.get(alt))]
        if bases:
            b = bases[-1]
            out[i] = (alt if alt and inds.get(b) == figure_of.get(alt) else ind, b, "")
            continue
        toks = [m.group() for m in lx.noun_re.finditer(text, clause_lo, rm.start())]
        out[i] = (ind, None, toks[-1] if toks else "")  # "": annotate looks further back
    return out


def funnel_ratio(
    from_value: float,
    from_qualifier: str,
    to_value: float,
    to_qualifier: str,
    from_max: float | None = None,
    to_max: float | None = None,
) -> tuple[float, float]:
    """Interval of ``to / from`` from the two figures' intervals (the one rule).

    The low end is ``to.low / from.high``, the high end ``to.high / from.low``,
    capped at 1 (what is resolved is part of what was received).

    Examples
    --------
    >>> funnel_ratio(2300, "over", 2100, "over")   # 2300余 -> 2100余
    (0.875, 0.9565217391304348)
    >>> funnel_ratio(1234, "exact", 1216, "exact")
    (0.9854132901134521, 0.9854132901134521)
    """
    a = qualifier_interval(from_value, from_qualifier, from_max)
    b = qualifier_interval(to_value, to_qualifier, to_max)
    lo = 0.0 if math.isinf(a.high) or a.high == 0 else b.low / a.high
    hi = 1.0 if a.low == 0 or math.isinf(b.high) else min(1.0, b.high / a.low)
    return min(lo, 1.0), hi


def _between_has(text: str, s: int, e: int, delims: str) -> bool:
    return any(ch in delims for ch in text[s:e])


#: Quantity columns :func:`funnels` reads.
_FUNNEL_INPUTS = (
    "source_file",
    "report_id",
    "paragraph_id",
    "place",
    "quantity_id",
    "indicator",
    "channel",
    "channel_entity",
    "period",
    "part_of",
    "value",
    "value_max",
    "value_low",
    "value_high",
    "qualifier",
    "char_start",
    "char_end",
)


def _paragraph_funnels(
    pid: str,
    recs: list[dict[str, Any]],
    texts: Mapping[str, str],
    lx: Any,
    flows: Sequence[tuple[str, str, str]],
    froms: set[str],
) -> list[dict[str, Any]]:
    """Funnel rows of one paragraph from its count quantities (records, any order).

    Plain records, not DataFrame rows: per-paragraph pandas indexing cost more
    than everything else in a parse (issue 15).
    """
    recs = sorted(recs, key=lambda r: r["char_start"])
    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    for k, b in enumerate(recs):
        ok_from = {f[1]: f[0] for f in flows if f[2] == b["indicator"]}
        if not ok_from:
            continue
        text = texts[b["source_file"]]
        for a in reversed(recs[:k]):
            if _between_has(text, int(a["char_end"]), int(b["char_start"]), lx.sent_delims):
                break
            if a["indicator"] not in froms or a["indicator"] not in ok_from:
                continue
            if a["quantity_id"] in used:
                continue
            if a["part_of"] and a["part_of"] == b["part_of"]:
                continue  # two parts of one total are not a flow
            if (a["channel"], a["period"]) != (b["channel"], b["period"]):
                continue
            lo, hi = funnel_ratio(
                a["value"], a["qualifier"], b["value"], b["qualifier"],
                _num(a["value_max"]), _num(b["value_max"]),
            )  # fmt: skip
            if b["value_low"] > a["value_high"]:
                continue
            used.add(a["quantity_id"])
            cs, ce = int(a["char_start"]), int(b["char_end"])
            rows.append(
                {
                    "source_file": b["source_file"],
                    "report_id": b["report_id"],
                    "paragraph_id": pid,
                    "place": b["place"],
                    "flow": ok_from[a["indicator"]],
                    "channel": b["channel"],
                    "channel_entity": b["channel_entity"],
                    "period": b["period"],
                    "from_quantity_id": a["quantity_id"],
                    "to_quantity_id": b["quantity_id"],
                    "from_indicator": a["indicator"],
                    "to_indicator": b["indicator"],
                    "from_value": float(a["value"]),
                    "to_value": float(b["value"]),
                    "ratio_low": lo,
                    "ratio_high": hi,
                    "evidence": text[cs:ce],
                    "char_start": cs,
                    "char_end": ce,
                }
            )
            break
    return rows


def funnels(quantities: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    """The funnels table: one row per reported flow (see the module docstring).

    Parameters
    ----------
    quantities : pandas.DataFrame
        The corpus quantities table (with ``quantity_id``, ``indicator``,
        ``channel``, ``period``, ``part_of`` …).
    texts : mapping
        ``source_file`` → decoded text (sentence boundaries between two figures).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FUNNEL_COLUMNS`.

    Examples
    --------
    >>> from democracy_study.corpus import parse_reports
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "x.txt").write_text("## 沛县：测试\\n\\n平台累计收到问题1234个，办结1216个。", encoding="utf-8")
    >>> f = parse_reports(d, code_mechanisms=False).funnels
    >>> f[["flow", "from_value", "to_value"]].values.tolist()
    [['issues_resolved', 1234.0, 1216.0]]
    """
    import pandas as pd

    from democracy_study.parse.semantics import lexicon

    lx = lexicon()
    flows = lx.funnels
    froms = {f[1] for f in flows}
    rows: list[dict[str, Any]] = []
    q = quantities
    if len(q) == 0:
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    q = q[q["kind"].isin(["count"]) & ~q["duplicate"].astype(bool)]
    cols = [c for c in _FUNNEL_INPUTS if c in q.columns]
    columns = [q[c].tolist() for c in cols]
    recs = [dict(zip(cols, vals, strict=True)) for vals in zip(*columns, strict=True)]
    by_par: dict[str, list[dict[str, Any]]] = {}
    for r in recs:  # one pass over plain records (no per-paragraph pandas indexing)
        by_par.setdefault(r["paragraph_id"], []).append(r)
    for pid in sorted(by_par):
        rows.extend(_paragraph_funnels(pid, by_par[pid], texts, lx, flows, froms))
    out = pd.DataFrame(rows, columns=FUNNEL_COLUMNS)
    ids = [
        f"{p}.f{k + 1:02d}"
        for p, k in zip(out["paragraph_id"], out.groupby("paragraph_id").cumcount(), strict=True)
    ]
    out["funnel_id"] = pd.Series(ids, index=out.index, dtype=out["paragraph_id"].dtype)
    for c in ("char_start", "char_end"):
        out[c] = out[c].astype("int64")
    for c in FUNNEL_COLUMNS:
        if c not in ("char_start", "char_end", "from_value", "to_value", "ratio_low", "ratio_high"):
            out[c] = out[c].astype(str)  # the dtype a read-back string column has, even when empty
    for c in ("from_value", "to_value", "ratio_low", "ratio_high"):
        out[c] = out[c].astype("float64")
    return out.reset_index(drop=True)


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v
