"""Parameters of the deputy–station–voter network model and their provenance.

A :class:`NetworkParams` is a frozen, validated parameter set. Every field that
matters is tagged ``reported`` (read off a report's quantities, with the
evidence and its character offsets) or ``imputed`` (taken from a prior in
``democracy_study/data/priors.yaml``, with the prior's range and source).

Examples
--------
>>> p = NetworkParams.from_priors(n_deputies=200, n_stations=12)
>>> p.n_deputies, p.n_stations
(200, 12)
>>> parameter_table(p).set_index("parameter").loc["n_deputies", "status"]
'reported'
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from democracy_study import config

__all__ = [
    "MECHANISM_SWITCHES",
    "PRIORS_FILE",
    "NetworkParams",
    "Provenance",
    "Target",
    "expected_funnel",
    "load_priors",
    "parameter_table",
    "params_for_place",
    "qualifier_interval",
]

#: The priors file shipped with the package.
PRIORS_FILE = config.PACKAGE_DATA / "priors.yaml"

#: Mechanism codes that change the model (structure or parameters).
MECHANISM_SWITCHES = (
    "deputy_mediation",
    "digital_channel",
    "face_to_face_consultation",
    "key_suggestion_supervision",
    "liaison_station",
    "rapid_response",
    "regular_contact_day",
    "sector_station",
    "voter_agenda_setting",
)

_COUNT_FIELDS = (
    "n_deputies",
    "n_stations",
    "n_sector_stations",
    "n_departments",
    "n_referral_departments",
    "n_voters",
    "n_voter_blocks",
)
_PROB_FIELDS = (
    "p_visit",
    "p_contact",
    "p_sector_member",
    "p_digital",
    "p_second_station",
    "p_on_spot",
    "p_dept_resolve",
)
_POSITIVE_FIELDS = ("catchment_concentration", "delay_days", "horizon_days")
_RATE_FIELDS = ("issues_per_voter",)
#: Model parameters (in table order); all come from priors unless reported.
PARAMETER_FIELDS = (*_COUNT_FIELDS, *_PROB_FIELDS, *_POSITIVE_FIELDS, *_RATE_FIELDS)
_TARGETS = ("voters_reached", "issues_received", "resolution_rate")


@functools.lru_cache(maxsize=4)
def _load_priors_cached(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or "priors" not in data:
        raise ValueError(f"priors file {path}: missing top-level 'priors' mapping")
    for name, spec in data["priors"].items():
        for key in ("default", "low", "high", "source"):
            if key not in spec:
                raise ValueError(f"priors file {path}: prior {name!r} lacks {key!r}")
        if not spec["low"] <= spec["default"] <= spec["high"]:
            raise ValueError(f"priors file {path}: prior {name!r} default outside [low, high]")
    return data


def load_priors(path: str | Path | None = None) -> dict:
    """Load the priors file (cached) and check its structure.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with the layout of ``democracy_study/data/priors.yaml``.

    Returns
    -------
    dict
        With keys ``priors``, ``electoral_rule``, ``reported``, ``funnel``,
        ``qualifiers`` and ``mechanisms``.

    Examples
    --------
    >>> pri = load_priors()
    >>> pri["priors"]["n_deputies"]["low"], pri["priors"]["n_deputies"]["high"]
    (140, 450)
    """
    return _load_priors_cached(str(Path(path) if path is not None else PRIORS_FILE))


@dataclass(frozen=True)
class Provenance:
    """Where one parameter value comes from.

    ``status`` is ``reported`` (from a report's figures, possibly through a
    stated derivation) or ``imputed`` (from a prior). ``low``/``high`` is the
    qualifier interval of a reported figure or the prior's range.
    """

    parameter: str
    value: float
    status: str
    low: float
    high: float
    source: str
    method: str = ""
    evidence: str = ""
    source_file: str = ""
    report_id: str = ""
    paragraph_id: str = ""
    char_start: int | None = None
    char_end: int | None = None


@dataclass(frozen=True)
class Target:
    """A reported figure the model is calibrated to reproduce (point and interval)."""

    name: str
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class MechanismEffect:
    """A numeric mechanism effect: ``kind`` is ``odds_ratio`` or ``multiplier``."""

    code: str
    parameter: str
    kind: str
    value: float


def _odds_scale(p: float, ratio: float) -> float:
    if p >= 1.0:
        return 1.0
    if p <= 0.0:
        return 0.0
    odds = p / (1.0 - p) * ratio
    return odds / (1.0 + odds)


@dataclass(frozen=True)
class NetworkParams:
    """Validated parameters of one place's representation network.

    Counts: ``n_deputies``, ``n_stations`` (physical stations, sector ones
    included), ``n_sector_stations`` (of those, organised by sector; used only
    when ``sector_station`` is among ``mechanisms``), ``n_departments``,
    ``n_referral_departments`` (departments each station refers to),
    ``n_voters`` (electorate) and ``n_voter_blocks`` (villages/communities the
    voters are grouped into). Probabilities per block and year: ``p_visit``,
    ``p_contact``, ``p_sector_member``, ``p_digital``; per deputy:
    ``p_second_station``; per issue: ``p_on_spot``, ``p_dept_resolve``.
    ``issues_per_voter`` is a yearly rate, ``delay_days`` a mean delay and
    ``horizon_days`` the reporting period. Probability fields hold *base*
    values; :meth:`effective` applies the switched-on mechanisms.

    Raises
    ------
    ValueError
        Naming the parameter, for negative counts, probabilities outside
        [0, 1], non-positive durations, more sector stations than stations,
        more referral departments than departments, or more stations than
        deputies when ``require_deputy_per_station`` is set.

    Examples
    --------
    >>> p = NetworkParams.from_priors(n_deputies=5, n_stations=3)
    >>> p.without("digital_channel").mechanisms
    frozenset()
    >>> NetworkParams.from_priors(p_visit=1.5)
    Traceback (most recent call last):
    ...
    ValueError: p_visit must be a probability in [0, 1], got 1.5
    """

    n_deputies: int
    n_stations: int
    n_sector_stations: int
    n_departments: int
    n_referral_departments: int
    n_voters: int
    n_voter_blocks: int
    p_visit: float
    p_contact: float
    p_sector_member: float
    p_digital: float
    p_second_station: float
    p_on_spot: float
    p_dept_resolve: float
    catchment_concentration: float
    delay_days: float
    horizon_days: float
    issues_per_voter: float
    require_deputy_per_station: bool = True
    mechanisms: frozenset[str] = frozenset()
    place: str = ""
    targets: tuple[Target, ...] = ()
    calibrated_with: frozenset[str] | None = None
    effects: tuple[MechanismEffect, ...] = ()
    provenance: tuple[Provenance, ...] = field(default=(), compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in _COUNT_FIELDS:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | float) or v != v:
                raise ValueError(f"{name} must be a whole number, got {v!r}")
            if v < 0:
                raise ValueError(f"{name} must not be negative, got {v}")
            if v != int(v):
                raise ValueError(f"{name} must be a whole number, got {v}")
            object.__setattr__(self, name, int(v))
        for name in _PROB_FIELDS:
            v = getattr(self, name)
            if not isinstance(v, int | float) or not 0.0 <= float(v) <= 1.0:
                raise ValueError(f"{name} must be a probability in [0, 1], got {v}")
        for name in _POSITIVE_FIELDS:
            v = getattr(self, name)
            if not isinstance(v, int | float) or not float(v) > 0 or math.isinf(v):
                raise ValueError(f"{name} must be a positive finite number, got {v}")
        for name in _RATE_FIELDS:
            v = getattr(self, name)
            if not isinstance(v, int | float) or not float(v) >= 0 or math.isinf(v):
                raise ValueError(f"{name} must be a non-negative finite rate, got {v}")
        if self.n_sector_stations > self.n_stations:
            raise ValueError(
                f"n_sector_stations ({self.n_sector_stations}) exceeds n_stations "
                f"({self.n_stations})"
            )
        if self.n_referral_departments > self.n_departments:
            raise ValueError(
                f"n_referral_departments ({self.n_referral_departments}) exceeds "
                f"n_departments ({self.n_departments})"
            )
        if self.n_voters > 0 and self.n_voter_blocks == 0:
            raise ValueError("n_voter_blocks must be at least 1 when n_voters > 0")
        if self.n_voter_blocks > max(self.n_voters, 1):
            raise ValueError(
                f"n_voter_blocks ({self.n_voter_blocks}) exceeds n_voters ({self.n_voters})"
            )
        if self.require_deputy_per_station and self.n_stations > self.n_deputies:
            raise ValueError(
                f"n_stations ({self.n_stations}) exceeds n_deputies ({self.n_deputies}) "
                "but require_deputy_per_station is set (every station needs a deputy)"
            )
        object.__setattr__(self, "mechanisms", frozenset(self.mechanisms))
        if self.calibrated_with is not None:
            object.__setattr__(self, "calibrated_with", frozenset(self.calibrated_with))

    # ------------------------------------------------------------------ build
    @classmethod
    def from_priors(
        cls,
        *,
        mechanisms: Iterable[str] = (),
        place: str = "",
        priors: str | Path | None = None,
        **values: Any,
    ) -> NetworkParams:
        """Build parameters from the priors, overriding any field by keyword.

        Overridden model parameters are tagged ``reported`` (source
        "given by caller"); the others ``imputed`` from the prior.

        Examples
        --------
        >>> p = NetworkParams.from_priors(n_deputies=300, mechanisms=["digital_channel"])
        >>> p.n_deputies, sorted(p.mechanisms)
        (300, ['digital_channel'])
        """
        pri = load_priors(priors)
        mech = frozenset(mechanisms)
        vals, prov = _prior_values(pri, mech, given=values)
        for name, v in values.items():
            if name in PARAMETER_FIELDS:
                prov[name] = Provenance(name, float(v), "reported", v, v, "given by caller")
        extra = {k: v for k, v in values.items() if k not in PARAMETER_FIELDS}
        vals.update({k: v for k, v in values.items() if k in PARAMETER_FIELDS})
        return cls(
            **vals,
            mechanisms=mech,
            place=place,
            effects=_effects_from_priors(pri),
            provenance=tuple(prov[n] for n in PARAMETER_FIELDS),
            **extra,
        )

    # -------------------------------------------------------------- mechanisms
    def without(self, *codes: str) -> NetworkParams:
        """Return the same place with the given mechanisms switched off.

        Base parameter values are kept (no recalibration), so the difference to
        the original is the mechanism's modelled effect.

        Examples
        --------
        >>> p = NetworkParams.from_priors(n_deputies=5, n_stations=3,
        ...                               mechanisms=["digital_channel", "rapid_response"])
        >>> sorted(p.without("digital_channel").mechanisms)
        ['rapid_response']
        """
        unknown = [c for c in codes if not isinstance(c, str)]
        if unknown:
            raise ValueError(f"mechanism codes must be strings, got {unknown!r}")
        return dataclasses.replace(self, mechanisms=self.mechanisms - frozenset(codes))

    def with_mechanisms(self, *codes: str) -> NetworkParams:
        """Return the same place with the given mechanisms switched on.

        Examples
        --------
        >>> p = NetworkParams.from_priors(n_deputies=5, n_stations=3)
        >>> sorted(p.with_mechanisms("rapid_response").mechanisms)
        ['rapid_response']
        """
        return dataclasses.replace(self, mechanisms=self.mechanisms | frozenset(codes))

    def values(self) -> dict[str, float]:
        """The model parameters as a plain dict (base values)."""
        return {n: getattr(self, n) for n in PARAMETER_FIELDS}

    def effective(self) -> dict[str, float]:
        """Parameter values after applying the switched-on mechanisms.

        Adds ``sector_on`` and ``digital_on`` flags; ``n_sector_stations`` is 0
        unless ``sector_station`` is on.

        Examples
        --------
        >>> p = NetworkParams.from_priors(p_on_spot=0.5, mechanisms=["rapid_response"])
        >>> round(p.effective()["p_on_spot"], 3)  # odds 1 x 2.0 -> 2/3
        0.667
        """
        return _effective(self.values(), self.mechanisms, self.effects)

    def provenance_of(self, name: str) -> Provenance:
        """The provenance record of one parameter."""
        for p in self.provenance:
            if p.parameter == name:
                return p
        raise KeyError(f"no provenance recorded for parameter {name!r}")


def _effects_from_priors(pri: Mapping) -> tuple[MechanismEffect, ...]:
    out = []
    for code, spec in sorted((pri.get("mechanisms") or {}).items()):
        for eff in spec.get("effects", []) or []:
            kinds = [k for k in ("odds_ratio", "multiplier") if k in eff]
            if len(kinds) != 1 or "parameter" not in eff:
                raise ValueError(
                    f"priors: mechanism {code!r} effect needs 'parameter' and one of "
                    "odds_ratio/multiplier"
                )
            if eff["parameter"] not in PARAMETER_FIELDS:
                raise ValueError(
                    f"priors: mechanism {code!r} affects unknown parameter {eff['parameter']!r}"
                )
            out.append(MechanismEffect(code, eff["parameter"], kinds[0], float(eff[kinds[0]])))
    return tuple(out)


def _effective(values: Mapping, mechanisms: frozenset, effects: Iterable[MechanismEffect]) -> dict:
    out = dict(values)
    for eff in effects:
        if eff.code not in mechanisms:
            continue
        if eff.kind == "odds_ratio":
            out[eff.parameter] = _odds_scale(out[eff.parameter], eff.value)
        else:
            out[eff.parameter] = out[eff.parameter] * eff.value
    out["sector_on"] = "sector_station" in mechanisms and out["n_sector_stations"] > 0
    if not out["sector_on"]:
        out["n_sector_stations"] = 0
    out["digital_on"] = "digital_channel" in mechanisms
    return out


def _inverse_effect(name: str, target: float, mechanisms, effects) -> float:
    """Base value whose effective value (under ``mechanisms``) is ``target``."""
    v = target
    for eff in reversed(list(effects)):
        if eff.code not in mechanisms or eff.parameter != name:
            continue
        v = _odds_scale(v, 1.0 / eff.value) if eff.kind == "odds_ratio" else v / eff.value
    return v


# ------------------------------------------------------------------ expectations
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
    import itertools

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


_CHANNEL_PARAMS = {
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
    eff = _effective(values, mechanisms, effects)
    probs = _channel_probs(eff)
    free = [c for c in probs if _CHANNEL_PARAMS[c] not in fixed]
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
        name = _CHANNEL_PARAMS[ch]
        if probs[ch] > 0:
            target = min(c * probs[ch], 1.0)
            values[name] = min(max(_inverse_effect(name, target, mechanisms, effects), 0.0), 1.0)
        else:  # channel switched off here: scale its base value for counterfactuals
            values[name] = min(c * values[name], 1.0)
    values["_channel_scale"] = c


def _calibrate(
    values: dict,
    targets: Mapping[str, float],
    mechanisms: frozenset,
    effects,
    notes: list,
    fixed: frozenset[str] = frozenset(),
) -> dict:
    """Set channel probabilities, issues_per_voter and p_dept_resolve to hit targets.

    ``fixed`` names channel probabilities that come from their own reported
    figures and are not rescaled to match the reported reach.
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
        eff = _effective(values, mechanisms, effects)
        reach = _reach_share(eff) * values["n_voters"]
        if reach <= 0:
            notes.append("issues received reported but no voters reached; rate left at prior")
        else:
            rate = targets["issues_received"] / reach
            values["issues_per_voter"] = _inverse_effect(
                "issues_per_voter", rate, mechanisms, effects
            )
    if "resolution_rate" in targets:
        eff = _effective(values, mechanisms, effects)
        a, b = _resolution_coefficients(eff)
        r = targets["resolution_rate"]
        pd = (r - a) / b if b > 0 else 0.0
        if not 0.0 <= pd <= 1.0:
            notes.append(
                f"reported resolution rate {r:.3f} is outside what the model reaches "
                f"([{a:.3f}, {a + b:.3f}]); department resolution clipped"
            )
        pd = min(max(pd, 0.0), 1.0)
        values["p_dept_resolve"] = _inverse_effect("p_dept_resolve", pd, mechanisms, effects)
    return values


def _prior_values(pri: Mapping, mechanisms: frozenset, given: Mapping | None = None):
    """Default values from the priors, with provenance; honours already-given values."""
    given = dict(given or {})
    pr = pri["priors"]
    vals: dict[str, Any] = {}
    prov: dict[str, Provenance] = {}

    def imp(name: str, prior: str | None = None, value=None, method: str = "") -> None:
        spec = pr[prior or name]
        v = spec["default"] if value is None else value
        vals[name] = v
        prov[name] = Provenance(
            name, float(v), "imputed", spec["low"], spec["high"], spec["source"].strip(), method
        )

    for name in PARAMETER_FIELDS:
        if name in pr:
            imp(name)
    n_st = given.get("n_stations", vals["n_stations"])
    share = pr["sector_station_share"]
    if "sector_station" in mechanisms:
        n_sec = min(n_st, max(1, round(share["default"] * n_st)))
    else:
        n_sec = 0
    vals["n_sector_stations"] = n_sec
    on = "sector_station" in mechanisms
    prov["n_sector_stations"] = Provenance(
        "n_sector_stations",
        float(n_sec),
        "imputed",
        float(min(n_st, max(1, round(share["low"] * n_st)))) if on else 0.0,
        float(min(n_st, max(1, round(share["high"] * n_st)))) if on else 0.0,
        share["source"].strip(),
        "sector_station_share x n_stations (0 when sector_station is not coded)",
    )
    pop, adult = pr["population"], pr["adult_share"]
    n_voters = round(pop["default"] * adult["default"])
    vals["n_voters"] = n_voters
    prov["n_voters"] = Provenance(
        "n_voters",
        float(n_voters),
        "imputed",
        pop["low"] * adult["low"],
        pop["high"] * adult["high"],
        f"population prior x adult share. {pop['source'].strip()} {adult['source'].strip()}",
        "population x adult_share",
    )
    if given.get("n_voters") is not None:
        vals["n_voter_blocks"] = min(vals["n_voter_blocks"], max(int(given["n_voters"]), 1))
    if given.get("n_departments") is not None:
        vals["n_referral_departments"] = min(
            vals["n_referral_departments"], int(given["n_departments"])
        )
    return vals, prov


# ------------------------------------------------------------------ qualifiers
def qualifier_interval(
    value: float, qualifier: str, value_max: float | None = None, priors: Mapping | None = None
) -> tuple[float, float]:
    """Interval a qualified figure stands for (RESEARCH_DESIGN §6).

    Parameters
    ----------
    value : float
        The figure as normalised (``1万余`` -> 10000).
    qualifier : str
        ``exact``, ``over``, ``at_least``, ``nearly``, ``approx`` or ``range``.
    value_max : float, optional
        Upper end for ``range``.
    priors : dict, optional
        Loaded priors (default: the package's); rules under ``qualifiers``.

    Examples
    --------
    >>> qualifier_interval(240, "over")      # 240余: tens place
    (240.0, 250.0)
    >>> qualifier_interval(10000, "over")    # 1万余
    (10000.0, 20000.0)
    >>> qualifier_interval(4, "range", 6)
    (4.0, 6.0)
    >>> qualifier_interval(100, "approx")
    (90.0, 110.0)
    """
    pri = priors if priors is not None else load_priors()
    rules = pri["qualifiers"]
    if qualifier not in rules:
        raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {sorted(rules)}")
    if value is None or value != value:
        raise ValueError(f"quantity value is missing for qualifier {qualifier!r}")
    v = float(value)
    rule = rules[qualifier]
    kind = rule["rule"]
    if kind == "point":
        return v, v
    if kind == "next_place":
        if v <= 0 or v != int(v):
            return v, v
        iv, zeros = int(v), 0
        while iv % 10 == 0:
            iv //= 10
            zeros += 1
        return v, v + 10.0**zeros
    if kind == "relative":
        return v + v * rule["low"], v + v * rule["high"]
    if kind == "value_max":
        if value_max is None or value_max != value_max:
            raise ValueError(f"qualifier 'range' needs value_max (value {v:g})")
        return v, float(value_max)
    raise ValueError(f"priors: unknown qualifier rule {kind!r} for {qualifier!r}")


# ------------------------------------------------------------------ corpus
_QCOLS = (
    "place",
    "value",
    "value_max",
    "qualifier",
    "kind",
    "indicator",
    "evidence",
    "char_start",
    "char_end",
    "duplicate",
)


def _quantities(corpus: Any):
    q = getattr(corpus, "quantities", None)
    if q is None:
        raise ValueError("corpus has no 'quantities' table")
    missing = [c for c in _QCOLS if c not in q.columns]
    if missing:
        raise ValueError(f"corpus.quantities lacks columns {missing}")
    dup = q["duplicate"].astype("boolean")
    if dup.isna().any():
        raise ValueError("corpus.quantities.duplicate has missing values")
    return q[~dup.astype(bool)]


def _place_mechanisms(corpus: Any, place: str) -> frozenset[str] | None:
    """Codes present for ``place``; None when the corpus has no mechanism table."""
    pm = getattr(corpus, "place_mechanisms", None)
    if pm is not None and "code" not in getattr(pm, "columns", []):
        wide = pm.set_index("place") if "place" in pm.columns else pm
        if place not in wide.index:
            return frozenset()
        row = wide.loc[place]
        return frozenset(str(c) for c, v in row.items() if v == v and int(v) > 0)
    long = pm if pm is not None else getattr(corpus, "mechanisms", None)
    if long is None:
        return None
    for col in ("place", "code"):
        if col not in long.columns:
            raise ValueError(f"corpus mechanism table lacks column {col!r}")
    if "duplicate" in long.columns:
        long = long[~long["duplicate"].astype("boolean").fillna(False).astype(bool)]
    return frozenset(str(c) for c in long.loc[long["place"] == place, "code"].unique())


def _row_provenance(name: str, row, lo: float, hi: float, method: str, source: str) -> Provenance:
    def opt(col):
        return str(row[col]) if col in row.index and row[col] == row[col] else ""

    return Provenance(
        parameter=name,
        value=(lo + hi) / 2.0,
        status="reported",
        low=lo,
        high=hi,
        source=source,
        method=method,
        evidence=str(row["evidence"]),
        source_file=opt("source_file"),
        report_id=opt("report_id"),
        paragraph_id=opt("paragraph_id"),
        char_start=int(row["char_start"]),
        char_end=int(row["char_end"]),
    )


def _pick(q, rule: Mapping, pri: Mapping):
    """Rows of one reported parameter, aggregated by the rule; (lo, hi, rows) or None."""
    rows = q[q["indicator"].isin(rule["indicators"]) & q["kind"].isin(rule["kinds"])]
    rows = rows[rows["value"].notna()]
    if rows.empty:
        return None
    ivs = [
        qualifier_interval(
            r["value"],
            r["qualifier"],
            r["value_max"] if r["value_max"] == r["value_max"] else None,
            pri,
        )
        for _, r in rows.iterrows()
    ]
    agg = rule.get("aggregate", "max")
    if agg == "max":
        # the row with the largest point value; ties: first in table order
        mids = [(lo + hi) / 2 for lo, hi in ivs]
        i = max(range(len(mids)), key=lambda k: (mids[k], -k))
        return ivs[i][0], ivs[i][1], rows.iloc[[i]]
    if agg == "sum":
        return sum(lo for lo, _ in ivs), sum(hi for _, hi in ivs), rows
    raise ValueError(f"priors: unknown aggregate {agg!r}")


def _find_funnel(q, pri: Mapping):
    """The (received row, resolved row, intervals) pair used as the place's funnel."""
    spec = pri["funnel"]
    q = q[q["kind"].isin(spec["kinds"]) & q["value"].notna()]
    if "paragraph_id" not in q.columns:
        return None
    best = None
    rec = q[q["indicator"].isin(spec["received"])]
    res = q[q["indicator"].isin(spec["resolved"])]
    for _, r in rec.iterrows():
        for _, s in res[res["paragraph_id"] == r["paragraph_id"]].iterrows():
            if s["value"] > r["value"]:
                continue
            if best is None or r["value"] > best[0]["value"]:
                best = (r, s)
    if best is None:
        return None
    r, s = best

    def iv(row):
        vmax = row["value_max"] if row["value_max"] == row["value_max"] else None
        return qualifier_interval(row["value"], row["qualifier"], vmax, pri)

    return r, s, iv(r), iv(s)


def params_for_place(place: str, corpus: Any, *, priors: str | Path | None = None) -> NetworkParams:
    """Fill a place's network parameters from its reported figures and mechanisms.

    Reported figures (non-duplicate rows only) set deputies, stations, the
    calibration targets for voters reached (or, failing that, activities x
    voters per activity), deputy visits (-> ``p_contact``), and a funnel of
    issues received -> resolved in one paragraph (-> ``issues_per_voter`` and
    ``p_dept_resolve``). Everything else comes from the priors file. A place
    with no usable figures is modelled from priors alone and a note says so.

    Parameters
    ----------
    place : str
        Value of the ``place`` column.
    corpus : object
        With ``quantities`` and ``place_mechanisms`` (wide or long) or
        ``mechanisms`` (long: place, code[, duplicate]).
    priors : path, optional
        Another priors file.

    Returns
    -------
    NetworkParams

    Raises
    ------
    ValueError
        If the place does not occur in the corpus or a table lacks columns.

    Examples
    --------
    >>> import pandas as pd, types
    >>> q = pd.DataFrame([dict(source_file="a.txt", report_id="a#r01", paragraph_id="a#r01.p02",
    ...     place="甲县", value=210.0, value_max=float("nan"), unit="名", qualifier="exact",
    ...     kind="count", indicator="deputies", evidence="210名", char_start=5, char_end=9,
    ...     duplicate=False)])
    >>> m = pd.DataFrame({"place": ["甲县"], "code": ["digital_channel"]})
    >>> p = params_for_place("甲县", types.SimpleNamespace(quantities=q, mechanisms=m))
    >>> p.n_deputies, p.provenance_of("n_deputies").status, sorted(p.mechanisms)
    (210, 'reported', ['digital_channel'])
    """
    pri = load_priors(priors)
    q_all = _quantities(corpus)
    mechs = _place_mechanisms(corpus, place)
    q = q_all[q_all["place"] == place]
    known = set(q_all["place"].dropna().astype(str))
    reports = getattr(corpus, "reports", None)
    if reports is not None and "place" in getattr(reports, "columns", []):
        known |= set(reports["place"].dropna().astype(str))
    if mechs:
        known.add(place)
    if place not in known:
        raise ValueError(f"place {place!r} does not occur in the corpus")
    mechs = mechs or frozenset()
    notes: list[str] = []
    rules = pri["reported"]
    reported: dict[str, tuple] = {}
    for name in ("n_deputies", "n_stations", "voters_reached", "activities", "deputy_visits"):
        got = _pick(q, rules[name], pri)
        if got is not None:
            reported[name] = got
    funnel = _find_funnel(q, pri)

    given: dict[str, Any] = {}
    prov_over: dict[str, Provenance] = {}
    src = "reported figure"
    for name in ("n_deputies", "n_stations"):
        if name in reported:
            lo, hi, rows = reported[name]
            given[name] = max(round((lo + hi) / 2), 1 if name == "n_deputies" else 0)
            prov_over[name] = _row_provenance(
                name, rows.iloc[0], lo, hi, f"{rules[name]['aggregate']} of reported rows", src
            )
    vals, prov = _prior_values(pri, mechs, given=given)
    vals.update(given)
    prov.update(prov_over)
    require = True
    if vals["n_stations"] > vals["n_deputies"]:
        require = False
        notes.append("more stations than deputies: not every station can have a deputy")
    if "sector_station" in mechs:
        share = pri["priors"]["sector_station_share"]["default"]
        vals["n_sector_stations"] = min(
            vals["n_stations"], max(1, round(share * vals["n_stations"]))
        )

    # electorate from the Electoral Law size rule when deputies are reported
    er = pri["electoral_rule"]
    if "n_deputies" in reported and er["base_deputies"] < vals["n_deputies"] <= er["max_deputies"]:
        adult = pri["priors"]["adult_share"]
        pop = (vals["n_deputies"] - er["base_deputies"]) * er["residents_per_extra_deputy"]
        vals["n_voters"] = max(round(pop * adult["default"]), 1)
        lo_d, hi_d = prov["n_deputies"].low, prov["n_deputies"].high
        prov["n_voters"] = dataclasses.replace(
            prov["n_deputies"],
            parameter="n_voters",
            value=float(vals["n_voters"]),
            status="imputed",
            low=max(
                (lo_d - er["base_deputies"]) * er["residents_per_extra_deputy"] * adult["low"], 1.0
            ),
            high=(hi_d - er["base_deputies"]) * er["residents_per_extra_deputy"] * adult["high"],
            source=f"{er['source']} {adult['source'].strip()}",
            method="(deputies - base) x residents per extra deputy x adult share",
        )
    vals["n_voter_blocks"] = min(vals["n_voter_blocks"], vals["n_voters"])

    targets: list[Target] = []
    reach_src = None
    fallbacks = (
        ("voters_reached", None, "reported voters reached"),
        ("activities", "voters_per_activity", "reported activities x voters_per_activity prior"),
        (
            "deputy_visits",
            "voters_per_deputy_visit",
            "reported deputy visits x voters_per_deputy_visit prior",
        ),
    )
    for name, per, what in fallbacks:
        if name in reported:
            lo, hi, rows = reported[name]
            k = pri["priors"][per]["default"] if per else 1.0
            reach_src = (
                lo * k,
                hi * k,
                rows,
                f"channel probabilities (prior mix) scaled by one factor so that expected "
                f"reach equals {what}",
            )
            break
    if reach_src is not None:
        lo, hi, rows, method = reach_src
        targets.append(Target("voters_reached", (lo + hi) / 2, lo, hi))
        prov["p_visit"] = _row_provenance("p_visit", rows.iloc[0], lo, hi, method, src)
    if funnel is not None:
        r, s, (rlo, rhi), (slo, shi) = funnel
        targets.append(Target("issues_received", (rlo + rhi) / 2, rlo, rhi))
        rate_lo, rate_hi = slo / rhi if rhi else 0.0, min(shi / rlo, 1.0) if rlo else 1.0
        rate = min(((slo + shi) / 2) / ((rlo + rhi) / 2), 1.0)
        targets.append(Target("resolution_rate", rate, rate_lo, rate_hi))
        prov["issues_per_voter"] = _row_provenance(
            "issues_per_voter", r, rlo, rhi, "issues received / expected voters reached", src
        )
        prov["p_dept_resolve"] = dataclasses.replace(
            _row_provenance("p_dept_resolve", s, rate_lo, rate_hi, "", src),
            evidence=f"{r['evidence']} → {s['evidence']}",
            method="solved so the expected resolved/received ratio equals the reported one",
        )
    if not reported and funnel is None:
        notes.append("no usable reported figures: modelled from priors alone")
    effects = _effects_from_priors(pri)
    tdict = {t.name: t.value for t in targets}
    fixed = frozenset(
        n for n in _CHANNEL_PARAMS.values() if n != "p_visit" and prov[n].status == "reported"
    )
    vals = _calibrate(vals, tdict, mechs, effects, notes, fixed)
    scale = vals.pop("_channel_scale", None)
    if scale is not None:
        for n in _CHANNEL_PARAMS.values():
            if n != "p_visit" and n not in fixed:
                prov[n] = dataclasses.replace(
                    prov[n],
                    method=f"prior x {scale:.4g}: channel probabilities scaled jointly so "
                    "expected reach equals the reported voters reached",
                )
    # calibrated parameters: interval from calibrating at the target's ends
    base_vals = {k: v for k, v in vals.items() if k != "_channel_scale"}
    for t in targets:
        pname = {"voters_reached": "p_visit", "issues_received": "issues_per_voter"}.get(
            t.name, "p_dept_resolve"
        )
        ends = []
        for end in (t.low, t.high):
            tv = dict(tdict, **{t.name: end})
            ends.append(_calibrate(base_vals, tv, mechs, effects, [], fixed)[pname])
        prov[pname] = dataclasses.replace(prov[pname], low=min(ends), high=max(ends))
    # record calibrated values in provenance
    final = []
    for name in PARAMETER_FIELDS:
        p = prov[name]
        final.append(dataclasses.replace(p, value=float(vals[name])))
    return NetworkParams(
        **{k: vals[k] for k in PARAMETER_FIELDS},
        require_deputy_per_station=require,
        mechanisms=mechs,
        place=place,
        targets=tuple(targets),
        calibrated_with=mechs,
        effects=effects,
        provenance=tuple(final),
        notes=tuple(notes),
    )


def parameter_table(params: NetworkParams):
    """One row per parameter: value, status, interval, source, evidence, offsets.

    Examples
    --------
    >>> t = parameter_table(NetworkParams.from_priors(n_deputies=180))
    >>> list(t.columns[:5])
    ['place', 'parameter', 'value', 'status', 'low']
    >>> t.loc[t.parameter == "p_visit", "status"].item()
    'imputed'
    """
    import pandas as pd

    rows = []
    for p in params.provenance:
        d = dataclasses.asdict(p)
        d["value"] = float(getattr(params, p.parameter))
        rows.append({"place": params.place, **d})
    cols = ["place", *[f.name for f in dataclasses.fields(Provenance)]]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("char_start", "char_end"):
        df[c] = df[c].astype("Int64")
    return df
