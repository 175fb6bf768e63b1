"""Parse Chinese, Arabic and full-width numerals into numbers.

:func:`parse_number` reads one number expression written in any mix of
Arabic digits (half- or full-width, comma-grouped, decimal), Chinese numerals
(``一二三``, ``两``, ``零``/``〇``, ``十百千``, ``万亿兆`` compounds), financial
forms (``壹贰叁 … 拾佰仟``), traditional forms (``萬 億 兩 陸 貳 參 點 負 …``),
mixed forms (``1.5万``, ``7万5千4百``), simple fractions (``三分之一``,
``3/5``, ``一又二分之一``) and the approximation markers ``余``, ``多`` and
``几`` (the number then is the lower bound the text gives). Whitespace inside
the expression is ignored (``7 万5 千4 百``).

:func:`parse_approximate` also says which marker was present.

Examples
--------
>>> parse_number("两千四百五")
2450
>>> parse_number("１，２３４.５")
1234.5
>>> parse_number("4.78萬億")
4780000000000
>>> parse_approximate("1400多万")
(14000000, 'over')
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "BIG_UNITS",
    "CONTRACTED_TENS",
    "DIGITS",
    "SMALL_UNITS",
    "parse_approximate",
    "parse_number",
]

#: Chinese digit characters (simplified, traditional and financial) → value.
DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2,
    "三": 3, "叁": 3, "參": 3, "参": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
#: Units below ten thousand.
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: Contracted tens: 廿 = 二十, 卅 = 三十, 卌 = 四十 (expanded before parsing: 廿三 → 23).
CONTRACTED_TENS: dict[str, str] = {"廿": "二十", "卅": "三十", "卌": "四十"}
#: Myriad units (they may stack: 万万 = 亿, 万亿 = 兆).
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
_POINT = {"点", "點", "."}
_MINUS = {"负", "負", "-", "－", "−", "﹣"}  # ASCII, full-width, U+2212, small hyphen-minus
_APPROX = {"余": "over", "餘": "over", "多": "over", "几": "approx", "幾": "approx"}

_ARABIC = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_MIXED_SLASH = re.compile(r"^\s*(-?\d+)\s+(\d+\s*/\s*\d+)\s*$")
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")


def _clean(s: str) -> str:
    if not isinstance(s, str):
        raise TypeError(f"parse_number expects a str, got {type(s).__name__}")
    t = s.translate(_FULLWIDTH)
    if any(ch in t for ch in CONTRACTED_TENS):
        t = "".join(CONTRACTED_TENS.get(ch, ch) for ch in t)
    t = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), t)
    return "".join(t.split())


def _to_number(d: Decimal | Fraction) -> int | float:
    if d == int(d):
        return int(d)
    return float(d)


def _tokens(s: str, whole: str) -> list[tuple[str, object]]:
    """Split a cleaned integer/decimal expression into typed tokens."""
    out: list[tuple[str, object]] = []
    i = 0
    while i < len(s):
        ch = s[i]
        m = _ARABIC.match(s, i) if ch.isdigit() or ch == "." else None
        if m and (ch != "." or m.end() > i + 1):
            out.append(("num", Decimal(m.group(0).rstrip(".") or "0")))
            i = m.end()
            continue
        if ch in DIGITS:
            out.append(("digit", DIGITS[ch]))
        elif ch in SMALL_UNITS:
            out.append(("small", SMALL_UNITS[ch]))
        elif ch in BIG_UNITS:
            out.append(("big", BIG_UNITS[ch]))
        elif ch in _POINT:
            out.append(("point", None))
        elif ch in _APPROX:
            out.append(("approx", _APPROX[ch]))
        else:
            raise ValueError(f"not a number: {whole!r} (unexpected character {ch!r})")
        i += 1
    return out


def _parse_integer(tokens: list[tuple[str, object]], whole: str) -> tuple[Decimal, str]:
    """Evaluate digits, units and approximation markers (no decimal point)."""
    if not tokens:
        raise ValueError(f"not a number: {whole!r} (no digits)")
    qualifier = "exact"
    if len(tokens) > 1 and tokens[0] == ("approx", "approx") and tokens[1][0] == "small":
        # 几十, 几百: "some tens" -> the unit itself, approximate
        tokens = [("digit", 1), *tokens[1:]]
        qualifier = "approx"
    kinds = [k for k, _ in tokens if k != "approx"]
    if "num" not in kinds and "digit" not in kinds and "small" not in kinds:
        raise ValueError(f"not a number: {whole!r} (units without digits)")
    # Positional reading: only Chinese digits, e.g. 二〇二四 → 2024.
    if kinds and all(k == "digit" for k in kinds) and len(kinds) > 1:
        if any(k == "approx" for k, _ in tokens):
            raise ValueError(f"not a number: {whole!r} (marker inside a digit string)")
        return Decimal("".join(str(v) for _, v in tokens)), qualifier
    total = Decimal(0)  # completed myriad sections
    top_big = 0  # largest myriad unit applied to total
    section = Decimal(0)  # value below the current myriad
    pending: Decimal | None = None  # digit not yet multiplied by a unit
    last_small = 0  # last small unit in this section (for 两千四百五 → 50)
    last_unit = 0  # last unit of any kind (for 一万三 → 3000)
    zero = False  # a 零 since the last unit disables the abbreviation
    prev = ""
    for kind, val in tokens:
        if kind == "approx":
            if prev in ("", "approx"):
                raise ValueError(f"not a number: {whole!r} (marker {val!r} before any digit)")
            qualifier = str(val) if qualifier == "exact" else qualifier
            if val == "approx":  # 几 stands in for a digit
                if pending is not None and not (zero and pending == 0):
                    raise ValueError(f"not a number: {whole!r} (digit before 几)")
                pending = Decimal(0)
                zero = True
            prev = kind
            continue
        if kind in ("digit", "num"):
            if pending is not None:
                if pending == 0 and prev == "digit" and val != 0:
                    pending = Decimal(val)  # 零五 → 5
                    prev = kind
                    continue
                raise ValueError(f"not a number: {whole!r} (two digits in a row)")
            if kind == "digit" and val == 0:
                zero = True
                pending = Decimal(0)
                prev = "digit"
                continue
            pending = Decimal(val)
        elif kind == "small":
            unit = int(val)
            if last_small and unit >= last_small and prev != "big":
                raise ValueError(f"not a number: {whole!r} (unit order)")
            if pending is None:
                pending = Decimal(1)  # 十五, 百三, 千人: a bare unit counts once
            section += pending * unit
            pending = None
            last_small = unit
            last_unit = unit
            zero = False
        elif kind == "big":
            unit = int(val)
            x = section + (pending or 0)
            if x == 0:
                if prev != "big" or total == 0:
                    raise ValueError(f"not a number: {whole!r} (myriad unit without digits)")
                total *= unit
                top_big *= unit
            elif total == 0 or unit > top_big:
                total = (total + x) * unit
                top_big = unit
            else:
                total += x * unit
            section = Decimal(0)
            pending = None
            last_small = 0
            last_unit = unit
            zero = False
        prev = kind
    if pending is not None:
        if last_unit and not zero and prev == "digit" and pending == int(pending):
            # abbreviated trailing digit: 两千四百五 = 2450, 一万三 = 13000
            section += pending * (last_unit // 10)
        else:
            section += pending
    return total + section, qualifier


def _parse_decimal(s: str, whole: str) -> tuple[Decimal, str]:
    tokens = _tokens(s, whole)
    points = [i for i, (k, _) in enumerate(tokens) if k == "point"]
    if not points:
        return _parse_integer(tokens, whole)
    if len(points) > 1:
        raise ValueError(f"not a number: {whole!r} (more than one decimal point)")
    p = points[0]
    left, right = tokens[:p], tokens[p + 1 :]
    after_point = re.split(r"[点點.]", s, maxsplit=1)[1][:1]
    if after_point in "两兩俩倆" and after_point:
        raise ValueError(f"not a number: {whole!r} ({after_point} is not a decimal digit)")
    frac_digits = []
    j = 0
    while j < len(right) and right[j][0] == "digit":
        frac_digits.append(str(right[j][1]))
        j += 1
    if j < len(right) and right[j][0] == "num" and not frac_digits:
        if "." in str(right[j][1]):
            raise ValueError(f"not a number: {whole!r} (more than one decimal point)")
        frac_digits.append(str(right[j][1]))
        j += 1
    if not frac_digits:
        raise ValueError(f"not a number: {whole!r} (no digits after the decimal point)")
    rest = right[j:]
    if any(k not in ("big", "approx") for k, _ in rest):
        raise ValueError(f"not a number: {whole!r} (units after decimal digits)")
    int_part, qualifier = _parse_integer(left, whole)
    value = int_part + Decimal("0." + "".join(frac_digits))
    for k, v in rest:
        if k == "big":
            value *= int(v)
        elif qualifier == "exact":
            qualifier = str(v)
    return value, qualifier


def _parse_signed(s: str, whole: str) -> tuple[Fraction, str]:
    neg = False
    while s and s[0] in _MINUS:
        neg = not neg
        s = s[1:]
    if not s:
        raise ValueError(f"not a number: {whole!r} (sign without digits)")
    value, qualifier = _parse_decimal(s, whole)
    f = Fraction(value)
    return (-f if neg else f), qualifier


def parse_approximate(s: str) -> tuple[int | float, str]:
    """Parse a number expression and report its approximation marker.

    Parameters
    ----------
    s : str
        One number expression (see module docstring).

    Returns
    -------
    value : int or float
        The number; for ``余``/``多``/``几`` the lower bound the text states.
    qualifier : str
        ``"exact"``, ``"over"`` (``余``, ``多``) or ``"approx"`` (``几``).

    Raises
    ------
    ValueError
        If *s* is not one number expression.

    Examples
    --------
    >>> parse_approximate("十 余 万")
    (100000, 'over')
    >>> parse_approximate("二十几万")
    (200000, 'approx')
    >>> parse_approximate("三分之一")
    (0.3333333333333333, 'exact')
    """
    if not isinstance(s, str):
        raise TypeError(f"parse_number expects a str, got {type(s).__name__}")
    m = _MIXED_SLASH.match(s.translate(_FULLWIDTH))
    t = _clean(f"{m.group(1)}又{m.group(2)}" if m else s)
    if not t:
        raise ValueError(f"not a number: {s!r} (empty)")
    # mixed number: A又B分之C
    whole_part = Fraction(0)
    if "又" in t:
        a, _, t = t.partition("又")
        whole_part, _ = _parse_signed(a, s)
    neg_whole = whole_part < 0
    if "分之" in t:
        den_s, _, num_s = t.partition("分之")
        den, q1 = _parse_signed(den_s, s)
        num, q2 = _parse_signed(num_s, s)
        if den == 0:
            raise ValueError(f"not a number: {s!r} (denominator is zero)")
        frac = num / den
        qualifier = q1 if q1 != "exact" else q2
    elif "/" in t:
        num_s, _, den_s = t.partition("/")
        num, _ = _parse_signed(num_s, s)
        den, _ = _parse_signed(den_s, s)
        if den == 0:
            raise ValueError(f"not a number: {s!r} (denominator is zero)")
        frac, qualifier = num / den, "exact"
    else:
        if whole_part:
            raise ValueError(f"not a number: {s!r} (又 without a fraction)")
        frac, qualifier = _parse_signed(t, s)
    value = whole_part - frac if neg_whole else whole_part + frac
    return _to_number(value), qualifier


def parse_number(s: str) -> int | float:
    """Parse one number expression into an ``int`` (if integral) or ``float``.

    Parameters
    ----------
    s : str
        Arabic, full-width, comma-grouped, Chinese, financial, traditional or
        mixed numerals; fractions; optional sign (``-``, ``负``) and
        approximation markers (``余``, ``多``, ``几``: the lower bound is
        returned). Whitespace is ignored.

    Returns
    -------
    int or float

    Raises
    ------
    ValueError
        Naming the input and the problem, e.g. ``万`` (no digits) or
        ``一二十`` (two digits in a row).

    Examples
    --------
    >>> parse_number("壹佰伍拾")
    150
    >>> parse_number("四亿五千六百四十二万零一十五")
    456420015
    >>> parse_number("7 万5 千4 百")
    75400
    >>> parse_number("2400万余")
    24000000
    >>> parse_number("负十五点七")
    -15.7
    >>> parse_number("廿三"), parse_number("卅")
    (23, 30)
    >>> parse_number("万")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '万' (units without digits)
    """
    return parse_approximate(s)[0]
