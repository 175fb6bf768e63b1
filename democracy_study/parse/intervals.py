"""The one rule for the interval a qualified figure stands for (issue 11).

A report rarely gives an exact figure: ``240余次``, ``超150万元``, ``近3万人``. The
quantity parser (:mod:`~democracy_study.parse.quantities`) records the number as
written (``value``, and ``value_max`` for a range) and a ``qualifier`` code; this
module says, once for the whole package, which values the figure admits. The
networks (calibration targets, parameter sampling) and the outcome tables
(lower and upper bounds) both read figures through it.

The rule works on the *precision of the written figure*: one unit of its last
non-zero digit, :func:`last_digit_unit` (240 → 10, 100 → 100, 2.5万 = 25000 →
1000, 1400万 → 1000000, 0.3 → 0.1).

==========  =====================================  ===========================
qualifier   interval for value X (unit u)          written as
==========  =====================================  ===========================
exact       [X, X]                                 the number alone
over        [X, X + u)                             X余, X多 ("X-odd")
at_least    [X, ∞)                                 超/超过/逾/以上/不少于/至少
nearly      [X − u, X)                             近, 将近, 接近
approx      [X − u, X + u]                         约, 左右, 上千, 上万
at_most     [0, X]                                 以下/不超过/不到/最多
range       [X, value_max]                         X至Y (ends sorted); 数十, 几百
                                                   (the parser writes [2u, 9u])
==========  =====================================  ===========================

Why these readings:

* ``over``: "240余" is 240 and some, never as much as the next step at the
  precision written (250): [240, 250). "100余" is written at the hundreds, so
  it runs to 200; "2.5万余" is written at the thousands, so to 26000.
* ``nearly``: the mirror image of ``over``, below X by at most one unit.
* ``approx``: a band of one unit either side, i.e. the hull of "近X" and "X余".
  "About X" claims no more than either of them, so its interval should contain
  both; a fixed percentage (±5 %) would instead make "约100" *more* precise than
  "100余" and ignore the precision the writer chose.
* ``at_least`` and ``at_most`` are open on one side: the text gives one bound
  only. Values are non-negative magnitudes, so ``at_most`` runs down to 0.
  The qualifier code does not record whether the word was strict (超过, 不到)
  or inclusive (不少于, 以下), so the end at X is taken closed (both readings).

An analysis that needs a finite number for an open end (an upper bound of
``at_least``) must say so through :func:`finite_bounds`, whose ``open_cap``
makes the treatment explicit; nothing else in the package turns ∞ into a
number.

Examples
--------
>>> qualifier_interval(240, "over")
Interval(low=240.0, high=250.0, low_closed=True, high_closed=False)
>>> finite_bounds(qualifier_interval(150, "at_least"))  # cap: read 以上 like 余
(150.0, 160.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = [
    "DEFAULT_OPEN_CAP",
    "QUALIFIERS",
    "Interval",
    "IntervalError",
    "finite_bounds",
    "interval_table",
    "last_digit_unit",
    "qualifier_interval",
]

#: Qualifier codes this rule knows (the same vocabulary as
#: :data:`democracy_study.parse.quantities.QUALIFIERS`; a test checks they agree).
QUALIFIERS = ("exact", "over", "at_least", "nearly", "approx", "at_most", "range")

#: Treatment of an open upper end by :func:`finite_bounds`: ``"unit"`` caps it
#: at X + one unit of X's last non-zero digit (``超150`` read like ``150余``).
DEFAULT_OPEN_CAP = "unit"


class IntervalError(ValueError):
    """A figure cannot be turned into an interval (the message names the problem)."""


@dataclass(frozen=True)
class Interval:
    """The set of values a qualified figure admits.

    ``low``/``high`` may be infinite (an open-ended qualifier); ``low_closed``
    and ``high_closed`` say whether each end belongs to the interval.

    Examples
    --------
    >>> iv = Interval(240.0, 250.0, True, False)
    >>> 240 in iv, 249.9 in iv, 250 in iv, iv.width, iv.bounded
    (True, True, False, 10.0, True)
    """

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = True

    def __post_init__(self) -> None:
        if math.isnan(self.low) or math.isnan(self.high) or self.low > self.high:
            raise IntervalError(f"interval needs low <= high, got [{self.low}, {self.high}]")

    def __contains__(self, x: object) -> bool:
        v = float(x)  # type: ignore[arg-type]
        above = v > self.low or (self.low_closed and v == self.low)
        below = v < self.high or (self.high_closed and v == self.high)
        return above and below

    @property
    def bounded(self) -> bool:
        """True when both ends are finite."""
        return math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def width(self) -> float:
        """``high - low`` (infinite for an open-ended interval)."""
        return self.high - self.low


#: Significant digits a figure is read to: more than any report writes, fewer than
#: float noise (1.1 * 10000 = 11000.000000000002 is read as 11000).
_SIGNIFICANT = 12


def _decimal(value: float) -> Decimal:
    """The figure as a decimal, to :data:`_SIGNIFICANT` significant digits."""
    return Decimal(f"{float(value):.{_SIGNIFICANT}g}")


def last_digit_unit(value: float) -> float:
    """One unit of the last non-zero digit of ``value`` as written in decimal.

    Zero has no non-zero digit; its unit is taken as 1. The figure is read to
    12 significant digits, so float noise (``0.7000000000000001``) does not
    count as a digit.

    Parameters
    ----------
    value : float
        A finite number (its sign is ignored).

    Returns
    -------
    float

    Examples
    --------
    >>> last_digit_unit(240), last_digit_unit(100), last_digit_unit(10000)
    (10.0, 100.0, 10000.0)
    >>> last_digit_unit(25000), last_digit_unit(1.4e7), last_digit_unit(0.3)
    (1000.0, 1000000.0, 0.1)
    >>> last_digit_unit(1.1 * 10000)  # 11000.000000000002: float noise ignored
    1000.0
    """
    v = float(value)
    if not math.isfinite(v):
        raise IntervalError(f"value must be a finite number, got {value!r}")
    if v == 0:
        return 1.0
    exponent = _decimal(abs(v)).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(int(exponent)))


def _shift(value: float, units: int) -> float:
    """``value + units * last_digit_unit(value)`` in exact decimal arithmetic."""
    d = _decimal(value)
    unit = Decimal(1).scaleb(int(d.normalize().as_tuple().exponent)) if value else Decimal(1)
    return float(d + units * unit)


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def qualifier_interval(value: float, qualifier: str, value_max: float | None = None) -> Interval:
    """The interval a figure with a qualifier stands for (rule in the module docstring).

    Parameters
    ----------
    value : float
        The number as written and normalised (``1万余`` → 10000).
    qualifier : str
        One of :data:`QUALIFIERS`.
    value_max : float, optional
        The other end of a ``range``; ignored for other qualifiers.

    Returns
    -------
    Interval

    Raises
    ------
    IntervalError
        (a ``ValueError``) for an unknown qualifier, a missing or non-finite
        value, a negative value with ``at_most``, or a range without
        ``value_max``.

    Examples
    --------
    >>> def show(v, q, m=None):
    ...     iv = qualifier_interval(v, q, m)
    ...     return "[" if iv.low_closed else "(", iv.low, iv.high, "]" if iv.high_closed else ")"
    >>> show(240, "over")        # 240余
    ('[', 240.0, 250.0, ')')
    >>> show(100, "over")        # 100余: written at the hundreds
    ('[', 100.0, 200.0, ')')
    >>> show(10000, "over")      # 1万余
    ('[', 10000.0, 20000.0, ')')
    >>> show(1.4e7, "over")      # 1400多万
    ('[', 14000000.0, 15000000.0, ')')
    >>> show(25000, "over")      # 2.5万余
    ('[', 25000.0, 26000.0, ')')
    >>> show(150, "at_least")    # 超150, 150以上, 逾150
    ('[', 150.0, inf, ')')
    >>> show(3000, "nearly")     # 近3000
    ('[', 2000.0, 3000.0, ')')
    >>> show(240, "approx")      # 约240, 240左右
    ('[', 230.0, 250.0, ']')
    >>> show(50, "at_most")      # 50以下, 不超过50
    ('[', 0.0, 50.0, ']')
    >>> show(4, "range", 6)      # 4至6
    ('[', 4.0, 6.0, ']')
    >>> show(7, "exact")
    ('[', 7.0, 7.0, ']')
    """
    if qualifier not in QUALIFIERS:
        raise IntervalError(f"unknown qualifier {qualifier!r}; expected one of {list(QUALIFIERS)}")
    if _missing(value):
        raise IntervalError(f"quantity value is missing (qualifier {qualifier!r})")
    v = float(value)
    if not math.isfinite(v):
        raise IntervalError(f"quantity value must be finite, got {v} (qualifier {qualifier!r})")
    if qualifier == "exact":
        return Interval(v, v)
    if qualifier == "over":
        return Interval(v, _shift(v, 1), True, False)
    if qualifier == "at_least":
        return Interval(v, math.inf, True, False)
    if qualifier == "nearly":
        return Interval(_shift(v, -1), v, True, False)
    if qualifier == "approx":
        return Interval(_shift(v, -1), _shift(v, 1))
    if qualifier == "at_most":
        if v < 0:
            raise IntervalError(f"qualifier 'at_most' needs a non-negative value, got {v}")
        return Interval(0.0, v)
    # range
    if _missing(value_max):
        raise IntervalError(f"range quantity {v:g} has no value_max")
    hi = float(value_max)  # type: ignore[arg-type]
    if not math.isfinite(hi):
        raise IntervalError(f"range quantity {v:g} has a non-finite value_max {hi}")
    return Interval(min(v, hi), max(v, hi))


def finite_bounds(
    interval: Interval, open_cap: str | float = DEFAULT_OPEN_CAP
) -> tuple[float, float]:
    """Finite ``(low, high)`` of an interval, with an explicit treatment of open ends.

    Bounded intervals are returned as they are. An infinite upper end (only
    ``at_least`` produces one) is replaced according to ``open_cap``:

    * ``"unit"`` (default): ``low + one unit of low's last non-zero digit``,
      i.e. "超X/X以上" is read like "X余" — the narrowest reading that still
      admits more than X, at the precision the writer chose. Analyses that use
      this cap assume the text would have named a higher round figure had
      there been one.
    * a number ``f > 1``: ``f × low`` (e.g. 2.0 for "at most double"), for a
      sensitivity analysis of that assumption.

    An infinite lower end cannot arise from the rule (values are non-negative)
    and raises.

    Parameters
    ----------
    interval : Interval
    open_cap : {"unit"} or float, default "unit"

    Returns
    -------
    tuple of float

    Examples
    --------
    >>> finite_bounds(qualifier_interval(30, "at_least"))       # 30以上 -> [30, 40]
    (30.0, 40.0)
    >>> finite_bounds(qualifier_interval(30, "at_least"), 2.0)  # sensitivity: double
    (30.0, 60.0)
    >>> finite_bounds(qualifier_interval(240, "over"))          # bounded: unchanged
    (240.0, 250.0)
    """
    low, high = float(interval.low), float(interval.high)
    if not math.isfinite(low):
        raise IntervalError(f"interval [{low}, {high}] has no finite lower end")
    if math.isfinite(high):
        return low, high
    if isinstance(open_cap, str):
        if open_cap != "unit":
            raise IntervalError(f"open_cap must be 'unit' or a number > 1, got {open_cap!r}")
        return low, _shift(low, 1)
    f = float(open_cap)
    if not (math.isfinite(f) and f > 1):
        raise IntervalError(f"open_cap must be 'unit' or a number > 1, got {open_cap!r}")
    return low, (f * low if low > 0 else _shift(low, 1))


def interval_table(quantities: Any, *, open_cap: str | float | None = DEFAULT_OPEN_CAP) -> Any:
    """The interval of every row of a quantities table, as columns.

    Parameters
    ----------
    quantities : pandas.DataFrame
        With columns ``value``, ``value_max`` and ``qualifier``.
    open_cap : {"unit"}, float or None, default "unit"
        With a cap (see :func:`finite_bounds`), also give finite ``lower`` and
        ``upper``; with None, only the exact interval.

    Returns
    -------
    pandas.DataFrame
        Same index as ``quantities``; columns ``low``, ``high`` (may be
        infinite), ``low_closed``, ``high_closed`` and, unless ``open_cap`` is
        None, ``lower`` and ``upper`` (finite).

    Raises
    ------
    IntervalError
        Naming the row (its index label) whose figure has no interval.

    Examples
    --------
    >>> import pandas as pd
    >>> q = pd.DataFrame({"value": [240.0, 150.0, 4.0], "value_max": [None, None, 6.0],
    ...                   "qualifier": ["over", "at_least", "range"]})
    >>> interval_table(q).to_numpy().tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[240.0, 250.0, True, False, 240.0, 250.0],
     [150.0, inf, True, False, 150.0, 160.0],
     [4.0, 6.0, True, True, 4.0, 6.0]]
    """
    import pandas as pd

    missing = [c for c in ("value", "value_max", "qualifier") if c not in quantities.columns]
    if missing:
        raise IntervalError(f"quantities table lacks column(s) {missing}")
    rows = []
    cols = ["low", "high", "low_closed", "high_closed"]
    if open_cap is not None:
        cols += ["lower", "upper"]
    triples = zip(
        quantities["value"], quantities["value_max"], quantities["qualifier"], strict=True
    )
    for label, (v, vmax, qual) in zip(quantities.index, triples, strict=True):
        try:
            iv = qualifier_interval(v, str(qual), None if _missing(vmax) else vmax)
            row = [iv.low, iv.high, iv.low_closed, iv.high_closed]
            if open_cap is not None:
                row += list(finite_bounds(iv, open_cap))
        except IntervalError as exc:
            raise IntervalError(f"quantities row {label!r}: {exc}") from None
        rows.append(row)
    out = pd.DataFrame(rows, index=quantities.index, columns=cols)
    for c in cols:
        out[c] = out[c].astype(bool if c.endswith("_closed") else float)
    return out
