"""Agreement between independent coders of the blind sheets, and adjudication.

:func:`read_sheet` reads a filled sheet (:mod:`democracy_study.coding.sheets`);
:func:`agreement` compares two or more sheets (and, optionally, the automatic
coder as one more coder) paragraph by paragraph and code by code:

* Krippendorff's alpha (nominal), per code and overall (all paragraph × code
  cells pooled), with missing cells allowed, from the ``krippendorff``
  package (:func:`alpha_nominal`; the two-coder version used against the
  gold matrix is :func:`democracy_study.coding.reliability.krippendorff_alpha`);
* Gwet's AC1 (:func:`gwet_ac1`), which stays interpretable for rare codes,
  where alpha and kappa collapse even when coders almost always agree
  (prevalence below :data:`RARE_PREVALENCE` is flagged ``rare``);
* the disagreements, which :func:`write_adjudication` turns into a template;
  its filled rows become ``data/annotations/mechanisms.csv`` entries with
  :func:`democracy_study.annotations.adopt_adjudication`.

Examples
--------
>>> import numpy as np
>>> # two coders, four paragraphs, one disagreement (hand: see tests/test_agreement.py)
>>> data = np.array([[1, 0, 0, 0], [1, 1, 0, 0]], dtype=float)
>>> round(alpha_nominal(data), 4), round(gwet_ac1(data), 4)
(0.5333, 0.5294)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study._util import atomic_write_bytes
from democracy_study.coding.sheets import SHEET_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from democracy_study.coding.codebook import Codebook

__all__ = [
    "ADJUDICATION_COLUMNS",
    "AUTO_CODER",
    "RARE_PREVALENCE",
    "AgreementResult",
    "Sheet",
    "SheetError",
    "agreement",
    "alpha_nominal",
    "auto_sheet",
    "gwet_ac1",
    "read_sheet",
    "write_adjudication",
]

#: Name of the automatic coder when it takes part (``--auto``).
AUTO_CODER = "auto"
#: Codes whose share of 1s among the coded cells is below this are flagged ``rare``.
RARE_PREVALENCE = 0.1
#: Columns of the adjudication template: the ``mechanisms.csv`` columns, then context.
ADJUDICATION_COLUMNS = (
    "report_id",
    "code",
    "present",
    "coder",
    "date",
    "reason",
    "char_start",
    "char_end",
    "paragraph_id",
    "place",
    "votes",
    "text",
)
_MECHANISM_FILE_COLUMNS = ADJUDICATION_COLUMNS[:8]
_YES = ("1", "x", "yes", "true", "y")


class SheetError(ValueError):
    """A coding sheet (or adjudication template) is malformed; the message names the file."""


@dataclass
class Sheet:
    """A filled coding sheet.

    Attributes
    ----------
    path : str
    coder : str
    codes : DataFrame
        paragraph_id × code: 1.0, 0.0 or NaN (missing).
    meta : DataFrame
        paragraph_id → place, char_start, char_end, text.
    """

    path: str
    coder: str
    codes: pd.DataFrame
    meta: pd.DataFrame


def read_sheet(path: str | Path, codebook: Codebook | None = None) -> Sheet:
    """Read a filled coding sheet; cells are ``1``, ``0``, ``?`` or blank (see the companion file).

    In a row whose ``done`` cell is 1 (or ``x``, ``yes``), blank code cells are
    0; otherwise blank is missing. ``?`` is always missing.

    Raises
    ------
    SheetError
        The file is missing or not UTF-8, lacks a column, has a column that
        is not a codebook code, repeats a paragraph, has several coder names,
        or a cell other than 1/0/?/blank (the message names file, line, column).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_text("coder,paragraph_id,place,char_start,char_end,text,done,note,"
    ...     "liaison_station,special_inquiry\\nli,a#r01.p01,X,0,5,t,1,,1,\\nli,a#r01.p02,X,5,9,u,,,?,\\n",
    ...     encoding="utf-8")
    >>> s = read_sheet(p)
    >>> s.coder, s.codes.to_dict("index")
    ('li', {'a#r01.p01': {'liaison_station': 1.0, 'special_inquiry': 0.0}, 'a#r01.p02': {'liaison_station': nan, 'special_inquiry': nan}})
    """
    import pandas as pd

    from democracy_study.coding.codebook import load_codebook

    cb = codebook if codebook is not None else load_codebook()
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SheetError(f"{p}: coding sheet not found") from None
    except UnicodeDecodeError as exc:
        raise SheetError(
            f"{p}: not UTF-8 (byte {exc.start}); save the sheet as UTF-8 CSV"
        ) from None
    except OSError as exc:
        raise SheetError(f"{p}: cannot be read ({exc.strerror})") from None
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SheetError(f"{p}: empty file, not a coding sheet") from None
    except csv.Error as exc:
        raise SheetError(f"{p}: not a CSV file ({exc})") from None
    missing = [c for c in ("coder", "paragraph_id", "done") if c not in header]
    if missing:
        raise SheetError(f"{p}: not a coding sheet: missing column(s) {', '.join(missing)}")
    fixed = set(SHEET_COLUMNS)
    unknown = [c for c in header if c not in fixed and c not in cb]
    if unknown:
        raise SheetError(f"{p}: column(s) {', '.join(unknown)} are not codebook codes")
    codes = [c for c in header if c in cb]
    if not codes:
        raise SheetError(f"{p}: no code columns")
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise SheetError(f"{p}: repeated column(s) {', '.join(dup)}")
    coders: set[str] = set()
    values: dict[str, dict[str, float]] = {}
    meta: dict[str, dict[str, Any]] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise SheetError(
                    f"{p} line {line}: {len(cells)} cells, the header has {len(header)}"
                )
            row = dict(zip(header, (c.strip() for c in cells), strict=True))
            pid = row["paragraph_id"]
            if not pid:
                raise SheetError(f"{p} line {line}: empty paragraph_id")
            if pid in values:
                raise SheetError(f"{p} line {line}: paragraph {pid} appears twice")
            if row["coder"]:
                coders.add(row["coder"])
            done = row["done"].lower() in _YES
            if row["done"] and not done and row["done"] != "0":
                raise SheetError(f"{p} line {line}, column done: {row['done']!r} is not 1 or blank")
            vals: dict[str, float] = {}
            for c in codes:
                v = row[c]
                if v in ("1", "0"):
                    vals[c] = float(v)
                elif v == "?":
                    vals[c] = math.nan
                elif v == "":
                    vals[c] = 0.0 if done else math.nan
                else:
                    raise SheetError(f"{p} line {line}, column {c}: {v!r} is not 1, 0, ? or blank")
            values[pid] = vals
            meta[pid] = {k: row.get(k, "") for k in ("place", "char_start", "char_end", "text")}
    except csv.Error as exc:
        raise SheetError(f"{p}: not a valid CSV file ({exc})") from None
    if not values:
        raise SheetError(f"{p}: no paragraphs")
    if len(coders) != 1:
        raise SheetError(
            f"{p}: the coder column must hold one name, found "
            + (", ".join(sorted(coders)) if coders else "none")
        )
    df = pd.DataFrame.from_dict(values, orient="index", columns=codes).astype("float64")
    return Sheet(str(p), coders.pop(), df, pd.DataFrame.from_dict(meta, orient="index"))


def auto_sheet(
    corpus: Any, paragraph_ids: Sequence[str], codebook: Codebook | None = None
) -> Sheet:
    """The automatic coder's codes for *paragraph_ids* as a :class:`Sheet` named :data:`AUTO_CODER`.

    Every cue hit counts (also in passages flagged as misplaced duplicates:
    a human coding the paragraph sees the same words). A paragraph id that
    *corpus* does not have raises ``ValueError``.
    """
    import pandas as pd

    from democracy_study.coding.codebook import load_codebook

    cb = codebook if codebook is not None else load_codebook()
    paras = corpus.paragraphs.set_index("paragraph_id", drop=False)
    lost = [pid for pid in paragraph_ids if pid not in paras.index]
    if lost:
        raise ValueError(
            f"--auto: paragraph(s) {', '.join(lost[:3])} are not in the parsed sources "
            "(wrong --sources, or the parser changed since the sheet was made)"
        )
    df = pd.DataFrame(0.0, index=list(paragraph_ids), columns=cb.code_names)
    m = corpus.mechanisms
    for pid, code in zip(m["paragraph_id"].astype(str), m["code"].astype(str), strict=True):
        if pid in df.index:
            df.at[pid, code] = 1.0
    meta = paras.loc[list(paragraph_ids), ["place", "char_start", "char_end", "text"]]
    return Sheet("<automatic coder>", AUTO_CODER, df, meta)


# ----------------------------------------------------------------------------------------------
# statistics


def alpha_nominal(data: np.ndarray) -> float:
    """Krippendorff's alpha for nominal data; *data* is coders × units, NaN = missing.

    NaN when undefined (fewer than two values in the pairable cells, or fewer
    than two pairable values).

    See Also
    --------
    democracy_study.coding.reliability.krippendorff_alpha : two coders, no missing cells.

    References
    ----------
    .. [1] Krippendorff, K. (2018). *Content Analysis: An Introduction to Its Methodology*,
       4th ed., ch. 12. Thousand Oaks, CA: Sage.

    Examples
    --------
    >>> import numpy as np
    >>> alpha_nominal(np.array([[1, 1, 0], [1, 1, 0]], dtype=float))
    1.0
    """
    import krippendorff
    import numpy as np

    d = np.asarray(data, dtype=float)
    pairable = d[:, (~np.isnan(d)).sum(axis=0) >= 2]
    vals = pairable[~np.isnan(pairable)]
    if len(set(vals.tolist())) < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=pairable, level_of_measurement="nominal"))


def gwet_ac1(data: np.ndarray, categories: Sequence[float] = (0.0, 1.0)) -> float:
    """Gwet's AC1 for any number of coders with missing cells (Gwet 2014, ch. 4).

    *data* is coders × units (NaN = missing). With ``r_i`` ratings of unit
    ``i`` and ``r_ik`` of them in category ``k`` (``q`` categories):
    ``pa`` = mean over units with ``r_i >= 2`` of
    ``sum_k r_ik (r_ik - 1) / (r_i (r_i - 1))``; ``pi_k`` = mean over units with
    ``r_i >= 1`` of ``r_ik / r_i``; ``pe = sum_k pi_k (1 - pi_k) / (q - 1)``;
    ``AC1 = (pa - pe) / (1 - pe)``. NaN if no unit has two ratings.

    Examples
    --------
    >>> import numpy as np
    >>> gwet_ac1(np.array([[0, 0, 0], [0, 0, 0]], dtype=float))  # all agree, one category
    1.0
    """
    import numpy as np

    d = np.asarray(data, dtype=float)
    q = len(categories)
    if q < 2:
        raise ValueError("gwet_ac1 needs at least two categories")
    seen = set(d[~np.isnan(d)].tolist())
    extra = seen - {float(c) for c in categories}
    if extra:
        raise ValueError(f"values {sorted(extra)} are not among the categories {list(categories)}")
    counts = np.stack([(d == c).sum(axis=0) for c in categories], axis=1).astype(float)
    r = counts.sum(axis=1)
    two = r >= 2
    if not two.any():
        return math.nan
    pa = float(np.mean((counts[two] * (counts[two] - 1)).sum(axis=1) / (r[two] * (r[two] - 1))))
    one = r >= 1
    pi = (counts[one] / r[one, None]).mean(axis=0)
    pe = float((pi * (1 - pi)).sum() / (q - 1))
    if pe == 1:
        return math.nan
    return (pa - pe) / (1 - pe)


@dataclass
class AgreementResult:
    """The output of :func:`agreement`.

    Attributes
    ----------
    coders : list of str
    per_code : DataFrame
        code, alpha, ac1, n_units (paragraphs coded by at least two coders),
        n_values (pairable values), prevalence (share of 1s), rare.
    overall : dict
        alpha, ac1, n_units (paragraph × code cells), n_values, over all codes pooled.
    disagreements : DataFrame
        paragraph_id, code, one column per coder (1/0/NaN), place, text.
    """

    coders: list[str]
    per_code: pd.DataFrame
    overall: dict[str, float]
    disagreements: pd.DataFrame

    def render(self, max_disagreements: int = 50) -> str:
        """A plain-text report (what ``democracy-study agreement`` prints)."""
        lines = [
            f"coders: {', '.join(self.coders)}",
            "",
            f"{'code':<28} {'alpha':>7} {'AC1':>7} {'n':>5} {'prev':>6}",
        ]

        def f(x: float) -> str:
            return "     --" if x != x else f"{x:7.3f}"

        for row in self.per_code.itertuples(index=False):
            flag = "  rare: read AC1" if row.rare else ""
            lines.append(
                f"{row.code:<28} {f(row.alpha)} {f(row.ac1)} {row.n_units:>5} "
                f"{row.prevalence:6.3f}{flag}"
            )
        o = self.overall
        lines.append(
            f"{'overall (cells pooled)':<28} {f(o['alpha'])} {f(o['ac1'])} {int(o['n_units']):>5}"
        )
        lines += [
            "",
            f"n: paragraphs coded by at least two coders; disagreements: {len(self.disagreements)}",
        ]
        for rec in self.disagreements.head(max_disagreements).to_dict("records"):
            votes = " ".join(f"{c}={_vote(rec[c])}" for c in self.coders)
            lines.append(f"  {rec['paragraph_id']}  {rec['code']}  {votes}")
        if len(self.disagreements) > max_disagreements:
            lines.append(f"  ... {len(self.disagreements) - max_disagreements} more")
        return "\n".join(lines) + "\n"


def _vote(v: float) -> str:
    return "." if v != v else str(int(v))


def agreement(sheets: Sequence[Sheet], *, codes: Sequence[str] | None = None) -> AgreementResult:
    """Per-code and overall agreement of two or more sheets.

    Units are the paragraphs of any sheet; a paragraph a coder did not code
    is missing for that coder. Codes: those of every sheet (or *codes*).

    Raises
    ------
    ValueError
        Fewer than two sheets, or two sheets by the same coder.

    Examples
    --------
    >>> import pandas as pd
    >>> mk = lambda who, v: Sheet(who, who, pd.DataFrame({"special_inquiry": v},
    ...     index=["p1", "p2", "p3", "p4"], dtype=float), pd.DataFrame())
    >>> r = agreement([mk("li", [1, 0, 0, 0]), mk("wang", [1, 1, 0, 0])])
    >>> r.disagreements[["paragraph_id", "code", "li", "wang"]].to_dict("records")
    [{'paragraph_id': 'p2', 'code': 'special_inquiry', 'li': 0.0, 'wang': 1.0}]
    """
    import numpy as np
    import pandas as pd

    if len(sheets) < 2:
        raise ValueError(
            "agreement needs at least two coders (two sheets, or one sheet and --auto)"
        )
    names = [s.coder for s in sheets]
    seen: dict[str, str] = {}
    for s in sheets:
        if s.coder in seen:
            raise ValueError(f"{seen[s.coder]} and {s.path} are both by coder {s.coder!r}")
        seen[s.coder] = s.path
    if codes is None:
        common = set.intersection(*(set(s.codes.columns) for s in sheets))
        codes = [c for c in sheets[0].codes.columns if c in common]
    units = list(dict.fromkeys(pid for s in sheets for pid in s.codes.index))
    order = sorted(units)
    cube = np.stack(
        [s.codes.reindex(index=order, columns=list(codes)).to_numpy(dtype=float) for s in sheets]
    )  # coders × units × codes
    per = []
    for k, code in enumerate(codes):
        d = cube[:, :, k]
        n_units = int(((~np.isnan(d)).sum(axis=0) >= 2).sum())
        pairable = d[:, (~np.isnan(d)).sum(axis=0) >= 2]
        vals = pairable[~np.isnan(pairable)]
        prev = float(vals.mean()) if len(vals) else math.nan
        per.append(
            {
                "code": code,
                "alpha": alpha_nominal(d),
                "ac1": gwet_ac1(d),
                "n_units": n_units,
                "n_values": len(vals),
                "prevalence": prev,
                "rare": bool(len(vals) and min(prev, 1 - prev) < RARE_PREVALENCE),
            }
        )
    flat = cube.reshape(len(sheets), -1)
    n_flat = int(((~np.isnan(flat)).sum(axis=0) >= 2).sum())
    overall = {
        "alpha": alpha_nominal(flat),
        "ac1": gwet_ac1(flat),
        "n_units": n_flat,
        "n_values": int((~np.isnan(flat[:, (~np.isnan(flat)).sum(axis=0) >= 2])).sum()),
    }
    metas = [s.meta for s in sheets if len(s.meta)]
    meta = pd.concat(metas) if metas else pd.DataFrame()
    meta = meta[~meta.index.duplicated()]
    dis = []
    for u, pid in enumerate(order):
        for k, code in enumerate(codes):
            v = cube[:, u, k]
            got = v[~np.isnan(v)]
            if len(got) >= 2 and len(set(got.tolist())) > 1:
                row: dict[str, Any] = {"paragraph_id": pid, "code": code}
                row.update({n: float(x) for n, x in zip(names, v, strict=True)})
                for c in ("place", "char_start", "char_end", "text"):
                    row[c] = meta.at[pid, c] if pid in meta.index and c in meta.columns else ""
                dis.append(row)
    cols = ["paragraph_id", "code", *names, "place", "char_start", "char_end", "text"]
    return AgreementResult(names, pd.DataFrame(per), overall, pd.DataFrame(dis, columns=cols))


def write_adjudication(result: AgreementResult, out: str | Path) -> Path:
    """Write the disagreements as an adjudication template (UTF-8 with BOM).

    One row per disagreement: :data:`ADJUDICATION_COLUMNS`, with ``present``,
    ``coder``, ``date`` and ``reason`` blank for the adjudicator; ``votes``
    shows each coder's value. Offsets are the paragraph's, so a filled row is
    a paragraph-level ``mechanisms.csv`` entry (:func:`democracy_study.annotations.adopt_adjudication`).
    """
    import pandas as pd

    rows = []
    for r in result.disagreements.to_dict("records"):
        rows.append(
            {
                "report_id": str(r["paragraph_id"]).rsplit(".p", 1)[0],
                "code": r["code"],
                "present": "",
                "coder": "",
                "date": "",
                "reason": "",
                "char_start": r["char_start"],
                "char_end": r["char_end"],
                "paragraph_id": r["paragraph_id"],
                "place": r["place"],
                "votes": "; ".join(f"{c}={_vote(r[c])}" for c in result.coders),
                "text": r["text"],
            }
        )
    df = pd.DataFrame(rows, columns=list(ADJUDICATION_COLUMNS))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(
        out, ("\ufeff" + df.to_csv(index=False, lineterminator="\n")).encode("utf-8")
    )
    return out


def _csv_text(rows: list[list[str]]) -> str:
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()
