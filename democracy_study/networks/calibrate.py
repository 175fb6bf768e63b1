"""Calibrating the network model to a place's reported figures.

The model's expected voters reached, issues received and resolution rate
(:func:`expected_funnel`) are computed in closed form from the parameters;
:func:`calibrate` solves the channel probabilities, ``issues_per_voter`` and
``p_dept_resolve`` so that these expectations equal the reported targets.

Examples
--------
>>> from democracy_study.networks.params import NetworkParams
>>> p = NetworkParams.from_priors(p_visit=0.5, p_contact=0.0, n_voters=1000,
...                               n_voter_blocks=10, issues_per_voter=0.1)
>>> expected_funnel(p)["voters_reached"]
500.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from democracy_study.networks._effects import apply_effects, inverse_effect
from democracy_study.networks.params import NetworkParams

__all__ = ["CHANNEL_PARAMS", "calibrate", "expected_funnel"]


def _channel_probs(eff: Mapping) -> dict[str, float]:
    """Per-block probability of each contact channel (effective values)."""
    return {
        "visit": eff["p_visit"],
        "contact": eff["p_contact"] if eff["n_stations"] > 0 else 0.0,
        "sector": eff["p_sector_member"] if eff["sector_on"] else 0.0,
        "digital": eff["p_digital"] if eff["digital_on"] else 0.0,
    }


def _reach_share(eff: Mapping) -> float:
    if eff["n_stations"] == 0:
        return eff["p_digital"] if eff["digital_on"] else 0.0
    miss = 1.0
    for p in _channel_probs(eff).values():
        miss *= 1.0 - p
    return 1.0 - miss


def _resolution_coefficients(eff: Mapping) -> tuple[float, float]:
    """Expected resolved/received = a + b * p_dept_resolve (effective values)."""
    probs = _channel_probs(eff)
    if eff["n_stations"] == 0:
        probs = {k: (v if k == "digital" else 0.0) for k, v in probs.items()}
    q = 1.0 - math.exp(-eff["horizon_days"] / eff["delay_days"])
    ps = eff["p_on_spot"]
    total = a = b = 0.0
    names = sorted(probs)
    for combo in itertools.product((0, 1), repeat=len(names)):
        k = sum(combo)
        if k == 0:
            continue
        w = 1.0
        for on, name in zip(combo, names, strict=True):
            w *= probs[name] if on else 1.0 - probs[name]
        dig = combo[names.index("digital")] / k
        total += w
        a += w * (1.0 - dig) * ps
        b += w * (dig * q + (1.0 - dig) * (1.0 - ps) * q)
    if total == 0:
        return 0.0, 0.0
    return a / total, b / total


def _clip(p: float, notes: list[str], why: str) -> float:
    """*p* clipped to [0, 1]; *why* is added to *notes* when it had to be."""
    if not 0.0 <= p <= 1.0:
        notes.append(why)
    return min(max(p, 0.0), 1.0)


def expected_funnel(params: NetworkParams) -> dict[str, float]:
    """Expected voters reached, issues received and resolution rate.

    Examples
    --------
    >>> p = NetworkParams.from_priors(p_visit=0.5, p_contact=0.0, n_voters=1000,
    ...                               n_voter_blocks=10, issues_per_voter=0.1)
    >>> e = expected_funnel(p)
    >>> e["voters_reached"], round(e["issues_received"], 6)  # hand: 1000*0.5, *0.1
    (500.0, 50.0)
    """
    eff = params.effective()
    reach = _reach_share(eff) * eff["n_voters"]
    a, b = _resolution_coefficients(eff)
    return {
        "voters_reached": reach,
        "issues_received": reach * eff["issues_per_voter"],
        "resolution_rate": a + b * eff["p_dept_resolve"],
    }


#: Contact channel -> its probability parameter.
CHANNEL_PARAMS = {
    "visit": "p_visit",
    "contact": "p_contact",
    "sector": "p_sector_member",
    "digital": "p_digital",
}


def _scale_channels(values: dict, share: float, mechanisms, effects, fixed, notes: list) -> None:
    """Scale the free channel probabilities by one factor so expected reach = share.

    The prior (or drawn) mix of channels is kept; channels in ``fixed`` (set from
    their own reported figures) are not scaled. Solved by bisection (reach is
    increasing in the factor).
    """
    eff = apply_effects(values, mechanisms, effects)
    probs = _channel_probs(eff)
    free = [c for c in probs if CHANNEL_PARAMS[c] not in fixed]
    if "visit" not in free:
        free.append("visit")

    def reach(c: float) -> float:
        miss = 1.0
        for ch, p in probs.items():
            miss *= 1.0 - (min(c * p, 1.0) if ch in free else p)
        return 1.0 - miss

    active = [probs[ch] for ch in free if probs[ch] > 0]
    if not active:  # nothing to scale: put the whole reach on visits
        probs["visit"] = 1.0
        active = [1.0]
        free = ["visit"]
    if reach(0.0) > share:
        notes.append(
            "reported reach is below what the fixed (reported) channels alone give; "
            "free channels set to 0"
        )
        c = 0.0
    else:
        lo, hi = 0.0, 1.0 / min(active)
        for _ in range(100):
            mid = (lo + hi) / 2
            if reach(mid) < share:
                lo = mid
            else:
                hi = mid
        c = (lo + hi) / 2
    for ch in free:
        name = CHANNEL_PARAMS[ch]
        if probs[ch] > 0:
            target = min(c * probs[ch], 1.0)
            values[name] = min(max(inverse_effect(name, target, mechanisms, effects), 0.0), 1.0)
        else:  # channel switched off here: scale its base value for counterfactuals
            values[name] = min(c * values[name], 1.0)
    values["_channel_scale"] = c


def calibrate(
    values: dict,
    targets: Mapping[str, float],
    mechanisms: frozenset,
    effects,
    notes: list,
    fixed: frozenset[str] = frozenset(),
) -> dict:
    """Set channel probabilities, issues_per_voter and p_dept_resolve to hit targets.

    Parameters
    ----------
    values : dict
        Base parameter values (not changed; a new dict is returned).
    targets : mapping
        Any of ``voters_reached``, ``issues_received``, ``on_spot_rate`` (sets
        ``p_on_spot``), ``resolution_rate`` (sets ``p_dept_resolve``).
    mechanisms : frozenset
        Mechanisms switched on while calibrating.
    effects : iterable of MechanismEffect
    notes : list
        Receives a sentence for every target that cannot be met exactly.
    fixed : frozenset of str
        Channel probabilities that come from their own reported figures and
        are not rescaled to match the reported reach.

    Returns
    -------
    dict
        The calibrated values; ``_channel_scale`` is the common factor applied
        to the free channel probabilities (when reach was a target).

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> p = NetworkParams.from_priors(p_visit=0.2, p_contact=0.0, n_voters=1000,
    ...                               n_voter_blocks=10)
    >>> v = calibrate(p.values(), {"voters_reached": 500.0}, frozenset(), (), [])
    >>> round(v["p_visit"], 6), round(v["_channel_scale"], 6)  # hand: 0.2 x 2.5 = 0.5
    (0.5, 2.5)
    """
    values = dict(values)
    if "voters_reached" in targets:
        reached = targets["voters_reached"]
        if reached > values["n_voters"]:
            notes.append(
                f"reported voters reached ({reached:g}) exceed the electorate "
                f"({values['n_voters']}); electorate raised to match (coverage 1)"
            )
            values["n_voters"] = math.ceil(reached)
            values["n_voter_blocks"] = min(values["n_voter_blocks"], values["n_voters"])
        share = reached / values["n_voters"] if values["n_voters"] else 0.0
        _scale_channels(values, share, mechanisms, effects, fixed - {"p_visit"}, notes)
    if "issues_received" in targets:
        eff = apply_effects(values, mechanisms, effects)
        reach = _reach_share(eff) * values["n_voters"]
        if reach <= 0:
            notes.append("issues received reported but no voters reached; rate left at prior")
        else:
            rate = targets["issues_received"] / reach
            values["issues_per_voter"] = inverse_effect(
                "issues_per_voter", rate, mechanisms, effects
            )
    if "on_spot_rate" in targets:
        # expected settled-on-the-spot / received = p_on_spot x (share of issues raised
        # at a station or with a deputy: platform issues have no on-spot step)
        eff = apply_effects(dict(values, p_on_spot=1.0), mechanisms, effects)
        share, _ = _resolution_coefficients(eff)
        r = targets["on_spot_rate"]
        ps = _clip(
            r / share if share > 0 else 0.0,
            notes,
            f"reported on-spot rate {r:.3f} exceeds the share of issues raised at "
            f"stations ({share:.3f}); on-spot probability clipped",
        )
        values["p_on_spot"] = inverse_effect("p_on_spot", ps, mechanisms, effects)
    if "resolution_rate" in targets:
        eff = apply_effects(values, mechanisms, effects)
        a, b = _resolution_coefficients(eff)
        r = targets["resolution_rate"]
        pd = _clip(
            (r - a) / b if b > 0 else 0.0,
            notes,
            f"reported resolution rate {r:.3f} is outside what the model reaches "
            f"([{a:.3f}, {a + b:.3f}]); department resolution clipped",
        )
        values["p_dept_resolve"] = inverse_effect("p_dept_resolve", pd, mechanisms, effects)
    return values
