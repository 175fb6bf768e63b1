"""Comparing parser output with a hand-made gold annotation.

The gold files live in ``tests/data/`` (see ``tests/data/GOLD_README.md``):
they were written by reading the source, before the rules were tuned. Rows
are matched by overlapping source offsets within the same source, so small
differences in where an evidence string starts (``超150万元`` vs
``150万元``) do not hide a match.

Examples
--------
>>> import pandas as pd
>>> pred = pd.DataFrame({"char_start": [0, 10], "char_end": [4, 12], "value": [5.0, 7.0]})
>>> gold = pd.DataFrame({"char_start": [1, 20], "char_end": [4, 22], "value": [5.0, 9.0]})
>>> r = match_spans(pred, gold)
>>> r.precision, r.recall
(0.5, 0.5)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MatchResult",
    "compare_defects",
    "compare_paragraphs",
    "compare_quantities",
    "match_spans",
    "read_gold",
]

FACT_KINDS = ("count", "money", "percent")


@dataclass
class MatchResult:
    """Span-matched comparison of predicted rows with gold rows."""

    pairs: pd.DataFrame  #: matched rows: gold columns suffixed _gold, predicted _pred
    missed: pd.DataFrame  #: gold rows with no overlapping prediction
    spurious: pd.DataFrame  #: predicted rows with no overlapping gold row
    n_pred: int
    n_gold: int
    field_accuracy: dict[str, float] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return (self.n_pred - len(self.spurious)) / self.n_pred if self.n_pred else float("nan")

    @property
    def recall(self) -> float:
        return (self.n_gold - len(self.missed)) / self.n_gold if self.n_gold else float("nan")

    def summary_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            ("n_gold", self.n_gold),
            ("n_pred", self.n_pred),
            ("precision", self.precision),
            ("recall", self.recall),
        ]
        rows += [(f"accuracy_{k}", v) for k, v in self.field_accuracy.items()]
        return pd.DataFrame(rows, columns=["statistic", "value"])


def match_spans(
    pred: pd.DataFrame, gold: pd.DataFrame, fields: tuple[str, ...] = ()
) -> MatchResult:
    """Match rows whose ``[char_start, char_end)`` overlap (greedy, by largest overlap).

    ``fields`` are compared on matched pairs (numbers with a relative tolerance
    of 1e-9; empty and NaN are equal).
    """
    import math

    import pandas as pd

    cand = []
    for i, (ps, pe) in enumerate(zip(pred["char_start"], pred["char_end"], strict=True)):
        for j, (gs, ge) in enumerate(zip(gold["char_start"], gold["char_end"], strict=True)):
            ov = min(pe, ge) - max(ps, gs)
            if ov > 0:
                cand.append((-ov, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in sorted(cand):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    p = pred.reset_index(drop=True)
    g = gold.reset_index(drop=True)
    matched = pd.concat(
        [
            g.loc[[j for _, j in pairs]].reset_index(drop=True).add_suffix("_gold"),
            p.loc[[i for i, _ in pairs]].reset_index(drop=True).add_suffix("_pred"),
        ],
        axis=1,
    )

    def same(a, b) -> bool:
        a_na = a is None or (isinstance(a, float) and math.isnan(a)) or a == ""
        b_na = b is None or (isinstance(b, float) and math.isnan(b)) or b == ""
        if a_na or b_na:
            return a_na and b_na
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9)
        except (TypeError, ValueError):
            return str(a) == str(b)

    acc = {}
    for f in fields:
        if len(matched):
            ok = [
                same(a, b) for a, b in zip(matched[f"{f}_gold"], matched[f"{f}_pred"], strict=True)
            ]
            matched[f"{f}_ok"] = ok
            acc[f] = sum(ok) / len(ok)
    return MatchResult(
        pairs=matched,
        missed=g.drop(index=list(used_g)).reset_index(drop=True),
        spurious=p.drop(index=list(used_p)).reset_index(drop=True),
        n_pred=len(p),
        n_gold=len(g),
        field_accuracy=acc,
    )


def compare_quantities(
    quantities: pd.DataFrame, gold: pd.DataFrame, *, facts_only: bool = True
) -> MatchResult:
    """Compare extracted quantities with ``gold_quantities.csv``.

    With ``facts_only`` (default), precision and recall are over count, money
    and percent expressions (the facts about results); otherwise over every
    number expression. Field accuracy covers value, value_max, unit, qualifier,
    kind, indicator and duplicate on matched pairs.
    """
    q = quantities.copy()
    g = gold.copy()
    g["duplicate"] = g["duplicate"].astype(bool)
    if facts_only:
        q = q[q["kind"].isin(FACT_KINDS)]
        g = g[g["kind"].isin(FACT_KINDS)]
    return match_spans(
        q, g, ("value", "value_max", "unit", "qualifier", "kind", "indicator", "duplicate")
    )


def compare_defects(
    quality: pd.DataFrame, gold: pd.DataFrame, issues: tuple[str, ...] | None = None
) -> MatchResult:
    """Compare the ``quality`` table with ``gold_defects.csv`` on the issue types both use."""
    if issues is None:
        issues = (
            "duplicate_passage",
            "text_lost_at_break",
            "place_suffix_mismatch",
            "doubled_character",
        )
    q = quality[quality["issue"].isin(issues)]
    g = gold[gold["issue"].isin(issues)]
    return match_spans(q, g, ("issue",))


def compare_paragraphs(paragraphs: pd.DataFrame, gold: pd.DataFrame) -> MatchResult:
    """Compare logical paragraphs with ``gold_paragraphs.csv`` (matched on their first piece)."""
    import pandas as pd

    g = gold.copy()
    first = g["spans"].str.split(";").str[0].str.split("-")
    last = g["spans"].str.split(";").str[-1].str.split("-")
    g["char_start"] = first.str[0].astype(int)
    g["char_end"] = last.str[1].astype(int)
    p = paragraphs.copy()
    p["theme"] = p["theme"].fillna("")
    g["theme"] = g["theme"].fillna("")
    res = match_spans(p, g, ("n_pieces", "role", "char_end", "theme", "position"))
    res.pairs = pd.DataFrame(res.pairs)
    return res


def read_gold(name: str, gold_dir=None) -> pd.DataFrame:
    """A hand-made gold table (``gold_<name>.csv``), empty cells as missing, nothing else.

    Parameters
    ----------
    name : str
        ``quantities``, ``paragraphs``, ``defects``, ``reports``, ``funnels`` ...
    gold_dir : path, optional
        Default :data:`democracy_study.config.GOLD_DIR` (``tests/data``).

    Examples
    --------
    >>> g = read_gold("paragraphs")
    >>> {"report_place", "position", "spans"} <= set(g.columns)
    True
    """
    import pandas as pd

    from democracy_study import config

    d = config.GOLD_DIR if gold_dir is None else gold_dir
    return pd.read_csv(f"{d}/gold_{name}.csv", keep_default_na=False, na_values=[""])
