"""Applying mechanism effects to parameter values (internal to :mod:`~.networks`).

A :class:`~.params.MechanismEffect` multiplies the odds of a probability or
multiplies a rate; :func:`apply_effects` applies every switched-on one and
:func:`inverse_effect` finds the base value that gives a wanted effective value.

Examples
--------
>>> round(odds_scale(0.5, 2.0), 4)  # odds 1 x 2 -> 2/3
0.6667
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["apply_effects", "inverse_effect", "odds_scale"]


def odds_scale(p: float, ratio: float) -> float:
    """Probability ``p`` with its odds multiplied by ``ratio`` (0 and 1 stay put).

    Examples
    --------
    >>> odds_scale(0.2, 2.0)  # odds 0.25 -> 0.5 -> p = 1/3
    0.3333333333333333
    >>> odds_scale(1.0, 0.5), odds_scale(0.0, 3.0)
    (1.0, 0.0)
    """
    if p >= 1.0:
        return 1.0
    if p <= 0.0:
        return 0.0
    odds = p / (1.0 - p) * ratio
    return odds / (1.0 + odds)


def apply_effects(values: Mapping, mechanisms: frozenset, effects: Iterable[Any]) -> dict:
    """Effective values: the switched-on effects applied, plus the structural flags.

    Adds ``sector_on`` and ``digital_on``; ``n_sector_stations`` becomes 0
    unless ``sector_station`` is on.
    """
    out = dict(values)
    for eff in effects:
        if eff.code not in mechanisms:
            continue
        if eff.kind == "odds_ratio":
            out[eff.parameter] = odds_scale(out[eff.parameter], eff.value)
        else:
            out[eff.parameter] = out[eff.parameter] * eff.value
    out["sector_on"] = "sector_station" in mechanisms and out["n_sector_stations"] > 0
    if not out["sector_on"]:
        out["n_sector_stations"] = 0
    out["digital_on"] = "digital_channel" in mechanisms
    return out


def inverse_effect(
    name: str, target: float, mechanisms: frozenset, effects: Iterable[Any]
) -> float:
    """Base value of ``name`` whose effective value (under ``mechanisms``) is ``target``.

    Examples
    --------
    >>> import types
    >>> eff = [types.SimpleNamespace(code="m", parameter="x", kind="multiplier", value=2.0)]
    >>> inverse_effect("x", 3.0, frozenset({"m"}), eff)
    1.5
    """
    v = target
    for eff in reversed(list(effects)):
        if eff.code not in mechanisms or eff.parameter != name:
            continue
        v = odds_scale(v, 1.0 / eff.value) if eff.kind == "odds_ratio" else v / eff.value
    return v
