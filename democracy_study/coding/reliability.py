"""Agreement between the automatic coder and a hand-coded gold matrix.

Both matrices are place × code. Gold cells are 1, 0 or ``'?'`` (ambiguous:
the text does not settle it); ambiguous cells are excluded from every
statistic and listed in :attr:`ReliabilityResult.ambiguous`.

Statistics on the unambiguous cells (all codes pooled): accuracy, Cohen's
kappa, Krippendorff's alpha (nominal, two "coders": the program and the gold
annotator), and per code precision, recall, F1 and support (gold positives).
Cells are not independent (places share writers, codes share cues), so the
bootstrap over places in :meth:`ReliabilityResult.bootstrap` is the honest
uncertainty statement.

Examples
--------
>>> import pandas as pd
>>> coder = pd.DataFrame({"a": [1, 0, 1], "b": [0, 0, 1]}, index=["P", "Q", "R"])
>>> gold = pd.DataFrame({"a": [1, 0, 0], "b": [0, "?", 1]}, index=["P", "Q", "R"])
>>> r = compare_matrices(coder, gold)
>>> r.n_cells, r.n_ambiguous, round(r.accuracy, 3)
(5, 1, 0.8)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "AMBIGUOUS",
    "ReliabilityResult",
    "cohen_kappa",
    "compare_matrices",
    "heldout_matrices",
    "krippendorff_alpha",
    "read_gold_matrix",
]

#: The gold value for an ambiguous cell.
AMBIGUOUS = "?"


def cohen_kappa(a: list[int], b: list[int]) -> float:
    """Cohen's kappa of two equal-length 0/1 sequences (NaN when undefined).

    Examples
    --------
    >>> # hand: po = 3/4; p(a=1)=1/2, p(b=1)=1/4 -> pe = 1/2*1/4 + 1/2*3/4 = 1/2
    >>> cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0])
    0.5
    """
    if len(a) != len(b):
        raise ValueError(f"sequences differ in length: {len(a)} vs {len(b)}")
    n = len(a)
    if n == 0:
        return math.nan
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    cats = sorted(set(a) | set(b))
    pe = sum((a.count(c) / n) * (b.count(c) / n) for c in cats)
    if pe == 1:
        return math.nan
    return (po - pe) / (1 - pe)


def krippendorff_alpha(a: list[int], b: list[int]) -> float:
    """Krippendorff's alpha (nominal) for two coders, via the ``krippendorff`` package.

    NaN when there is no variation at all (one value only).

    See Also
    --------
    democracy_study.coding.agreement.alpha_nominal : any number of coders, missing cells.

    References
    ----------
    .. [1] Krippendorff, K. (2018). *Content Analysis: An Introduction to Its Methodology*,
       4th ed., ch. 12. Thousand Oaks, CA: Sage.
    .. [2] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg
       School for Communication, University of Pennsylvania.

    Examples
    --------
    >>> # hand: pairable values 8; n1=3, n0=5; Do = 2*1/8 = 0.25 (one disagreement,
    >>> # counted both ways, over n=8); De = 2*3*5/(8*7) = 30/56; alpha = 1 - 0.25*56/30
    >>> round(krippendorff_alpha([1, 1, 0, 0], [1, 0, 0, 0]), 4)
    0.5333
    """
    import krippendorff
    import numpy as np

    if len(a) != len(b):
        raise ValueError(f"sequences differ in length: {len(a)} vs {len(b)}")
    if len(set(a) | set(b)) < 2:
        return math.nan
    data = np.array([a, b], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _cell(value: Any, where: str) -> int | str:
    if isinstance(value, str):
        v = value.strip()
        if v == AMBIGUOUS:
            return AMBIGUOUS
        if v in ("0", "1"):
            return int(v)
    elif isinstance(value, bool) or (
        isinstance(value, numbers.Real)
        and not math.isnan(float(value))
        and float(value) in (0.0, 1.0)
    ):
        return int(value)
    raise ValueError(f"{where}: value {value!r} is not 1, 0 or '{AMBIGUOUS}'")


def _as_matrix(df: pd.DataFrame, name: str) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, not {type(df).__name__}")
    if "place" in df.columns:
        df = df.set_index("place")
    df = df.copy()
    df.index = [str(i) for i in df.index]
    df.columns = [str(c) for c in df.columns]
    for dim, labels in (("place", df.index), ("code", df.columns)):
        dup = labels[labels.duplicated()]
        if len(dup):
            raise ValueError(f"{name}: duplicated {dim} {list(dup)[:3]}")
    return df


@dataclass
class ReliabilityResult:
    """Agreement statistics; build with :func:`compare_matrices`.

    Attributes
    ----------
    per_code : DataFrame
        code, tp, fp, fn, tn, n, n_ambiguous, support, precision, recall, f1.
    accuracy, kappa, alpha : float
        On the pooled unambiguous cells.
    n_cells, n_ambiguous : int
    disagreements : DataFrame
        place, code, coder, gold (unambiguous cells only).
    ambiguous : DataFrame
        place, code, coder for the gold ``'?'`` cells.
    """

    per_code: pd.DataFrame
    accuracy: float
    kappa: float
    alpha: float
    n_cells: int
    n_ambiguous: int
    disagreements: pd.DataFrame
    ambiguous: pd.DataFrame
    _pairs: list[tuple[str, str, int, int]] = field(repr=False, default_factory=list)

    def summary_frame(self) -> pd.DataFrame:
        """Overall statistics as a tidy frame (statistic, value, n).

        Examples
        --------
        >>> import pandas as pd
        >>> m = pd.DataFrame({"a": [1, 0]}, index=["P", "Q"])
        >>> compare_matrices(m, m).summary_frame()["statistic"].tolist()
        ['accuracy', 'cohen_kappa', 'krippendorff_alpha', 'micro_precision', 'micro_recall', 'micro_f1', 'ambiguous_cells']
        """
        import pandas as pd

        pc = self.per_code
        tp, fp, fn = int(pc["tp"].sum()), int(pc["fp"].sum()), int(pc["fn"].sum())
        prec = tp / (tp + fp) if tp + fp else math.nan
        rec = tp / (tp + fn) if tp + fn else math.nan
        f1 = 2 * prec * rec / (prec + rec) if tp else (0.0 if fp + fn else math.nan)
        rows = [
            ("accuracy", self.accuracy, self.n_cells),
            ("cohen_kappa", self.kappa, self.n_cells),
            ("krippendorff_alpha", self.alpha, self.n_cells),
            ("micro_precision", prec, tp + fp),
            ("micro_recall", rec, tp + fn),
            ("micro_f1", f1, self.n_cells),
            ("ambiguous_cells", float(self.n_ambiguous), self.n_cells + self.n_ambiguous),
        ]
        return pd.DataFrame(rows, columns=["statistic", "value", "n"])

    def bootstrap(self, n_boot: int = 1000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
        """Percentile bootstrap intervals for accuracy, kappa and alpha, resampling places.

        Examples
        --------
        >>> import pandas as pd
        >>> c = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 1, 0, 0]}, index=list("PQRS"))
        >>> ci = compare_matrices(c, c).bootstrap(n_boot=20)
        >>> ci.loc[ci.statistic == "accuracy", ["low", "high"]].values.tolist()
        [[1.0, 1.0]]
        """
        import numpy as np
        import pandas as pd

        places = sorted({p for p, _, _, _ in self._pairs})
        by_place: dict[str, list[tuple[int, int]]] = {p: [] for p in places}
        for p, _, c, g in self._pairs:
            by_place[p].append((c, g))
        rng = np.random.default_rng(seed)
        stats: dict[str, list[float]] = {
            "accuracy": [],
            "cohen_kappa": [],
            "krippendorff_alpha": [],
        }
        for _ in range(n_boot):
            pick = rng.integers(0, len(places), len(places))
            cells = [cg for i in pick for cg in by_place[places[i]]]
            a = [c for c, _ in cells]
            b = [g for _, g in cells]
            stats["accuracy"].append(
                sum(x == y for x, y in cells) / len(cells) if cells else math.nan
            )
            stats["cohen_kappa"].append(cohen_kappa(a, b))
            stats["krippendorff_alpha"].append(krippendorff_alpha(a, b))
        q = (1 - level) / 2
        rows = []
        point = {
            "accuracy": self.accuracy,
            "cohen_kappa": self.kappa,
            "krippendorff_alpha": self.alpha,
        }
        for k, vals in stats.items():
            arr = np.array([v for v in vals if not math.isnan(v)])
            lo, hi = np.quantile(arr, [q, 1 - q]).tolist() if len(arr) else [math.nan, math.nan]
            rows.append((k, point[k], lo, hi, n_boot, len(places)))
        return pd.DataFrame(
            rows, columns=["statistic", "value", "low", "high", "n_boot", "n_places"]
        )


def compare_matrices(coder: pd.DataFrame, gold: pd.DataFrame) -> ReliabilityResult:
    """Compare a coder matrix with a gold matrix (both place × code).

    Parameters
    ----------
    coder : DataFrame
        0/1 cells; index = places (or a ``place`` column), columns = codes.
    gold : DataFrame
        1, 0 or ``'?'`` cells. The comparison covers gold's places and codes;
        each must be present in *coder* (else ``ValueError`` naming them).

    Returns
    -------
    ReliabilityResult

    Examples
    --------
    >>> import pandas as pd
    >>> coder = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 0, 0]}, index=list("PQRS"))
    >>> gold = pd.DataFrame({"a": [1, 0, 0, 0], "b": [1, 0, 0, "?"]}, index=list("PQRS"))
    >>> r = compare_matrices(coder, gold)
    >>> # hand: 7 cells, 1 disagreement (Q, a); coder 1s: 3, gold 1s: 2
    >>> r.n_cells, round(r.accuracy, 4), round(r.kappa, 4)
    (7, 0.8571, 0.6957)
    >>> r.disagreements.to_dict("records")
    [{'place': 'Q', 'code': 'a', 'coder': 1, 'gold': 0}]
    """
    import pandas as pd

    c = _as_matrix(coder, "coder")
    g = _as_matrix(gold, "gold")
    miss_p = [p for p in g.index if p not in c.index]
    if miss_p:
        raise ValueError(f"coder matrix lacks gold places: {', '.join(miss_p)}")
    miss_c = [k for k in g.columns if k not in c.columns]
    if miss_c:
        raise ValueError(f"coder matrix lacks gold codes: {', '.join(miss_c)}")
    pairs: list[tuple[str, str, int, int]] = []
    amb: list[tuple[str, str, int]] = []
    per: list[dict[str, Any]] = []
    for code in g.columns:
        tp = fp = fn = tn = n_amb = 0
        for place in g.index:
            cv = _cell(c.at[place, code], f"coder[{place}, {code}]")
            if cv == AMBIGUOUS:
                raise ValueError(f"coder[{place}, {code}]: the coder cannot be ambiguous")
            gv = _cell(g.at[place, code], f"gold[{place}, {code}]")
            if gv == AMBIGUOUS:
                n_amb += 1
                amb.append((place, code, int(cv)))
                continue
            pairs.append((place, code, int(cv), int(gv)))
            tp += cv == 1 and gv == 1
            fp += cv == 1 and gv == 0
            fn += cv == 0 and gv == 1
            tn += cv == 0 and gv == 0
        prec = tp / (tp + fp) if tp + fp else math.nan
        rec = tp / (tp + fn) if tp + fn else math.nan
        f1 = 2 * prec * rec / (prec + rec) if tp else (0.0 if fp + fn else math.nan)
        per.append(
            dict(
                code=code,
                tp=tp,
                fp=fp,
                fn=fn,
                tn=tn,
                n=tp + fp + fn + tn,
                n_ambiguous=n_amb,
                support=tp + fn,
                precision=prec,
                recall=rec,
                f1=f1,
            )
        )
    a = [p[2] for p in pairs]
    b = [p[3] for p in pairs]
    n = len(pairs)
    acc = sum(x == y for x, y in zip(a, b, strict=True)) / n if n else math.nan
    dis = pd.DataFrame(
        [(p, k, x, y) for p, k, x, y in pairs if x != y], columns=["place", "code", "coder", "gold"]
    )
    return ReliabilityResult(
        per_code=pd.DataFrame(per),
        accuracy=acc,
        kappa=cohen_kappa(a, b),
        alpha=krippendorff_alpha(a, b),
        n_cells=n,
        n_ambiguous=len(amb),
        disagreements=dis,
        ambiguous=pd.DataFrame(amb, columns=["place", "code", "coder"]),
        _pairs=pairs,
    )


def read_gold_matrix(path: str | Path) -> pd.DataFrame:
    """Read a gold matrix CSV: wide (``place`` + one column per code) or long
    (``place, code, value`` or ``place, code, gold``). Cells stay as strings
    ``'1'``, ``'0'``, ``'?'``; validation happens in :func:`compare_matrices`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.csv"
    >>> _ = p.write_text("place,a,b\\nP,1,?\\n", encoding="utf-8")
    >>> read_gold_matrix(p).to_dict("index")
    {'P': {'a': '1', 'b': '?'}}
    """
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: gold matrix file not found")
    df = pd.read_csv(p, dtype=str, keep_default_na=False, comment="#")
    if "place" not in df.columns:
        raise ValueError(f"{p}: no 'place' column")
    value_col = next((c for c in ("value", "gold", "present") if c in df.columns), None)
    if "code" in df.columns and value_col is not None:
        wide = df.pivot(index="place", columns="code", values=value_col)
        wide.columns.name = None
        wide.index.name = None
        return wide
    out = df.set_index("place")
    out.index.name = None
    return out


def heldout_matrices(path: str | Path, codebook: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Code the held-out texts of a YAML file; return ``(coder, gold)`` item × code matrices.

    The YAML has ``items:``, each with ``id``, ``text`` and the hand-decided
    ``codes`` list. Feed both to :func:`compare_matrices`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.yaml"
    >>> _ = p.write_text("items:\\n- id: a\\n  text: 开展专题询问。\\n  codes: [special_inquiry]\\n", encoding="utf-8")
    >>> coder, gold = heldout_matrices(p)
    >>> int(coder.loc["a", "special_inquiry"]), int(gold.loc["a", "special_inquiry"])
    (1, 1)
    """
    import pandas as pd

    from democracy_study._util import load_yaml
    from democracy_study.coding.codebook import load_codebook
    from democracy_study.coding.coder import code_text

    cb = codebook if codebook is not None else load_codebook()
    items = (load_yaml(path, what="held-out item file") or {}).get("items") or []
    if not items:
        raise ValueError(f"{path}: no items")
    codes = list(cb.code_names)
    coder = pd.DataFrame(0, index=[str(i["id"]) for i in items], columns=codes)
    gold = coder.copy()
    for item in items:
        iid = str(item["id"])
        for hit in code_text(item["text"], cb):
            coder.loc[iid, hit.code] = 1
        for code in item.get("codes") or []:
            if code not in gold.columns:
                raise ValueError(f"{path}: item {iid} has unknown code {code!r}")
            gold.loc[iid, code] = 1
    return coder, gold
