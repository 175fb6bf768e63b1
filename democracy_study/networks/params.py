"""Parameters of the deputy–station–voter network model and their provenance.

A :class:`NetworkParams` is a frozen, validated parameter set. Every field that
matters is tagged ``reported`` (read off a report's quantities, with the
evidence and its character offsets) or ``imputed`` (taken from a prior in
``democracy_study/data/priors.yaml``, with the prior's range and source);
:func:`parameter_table` lists them. Priors are read by :mod:`~.priors`,
calibration is in :mod:`~.calibrate` and reading a corpus in :mod:`~.from_corpus`.

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
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from democracy_study.networks._effects import apply_effects

__all__ = [
    "COUNT_FIELDS",
    "MECHANISM_SWITCHES",
    "PARAMETER_FIELDS",
    "PROB_FIELDS",
    "MechanismEffect",
    "NetworkParams",
    "Provenance",
    "Target",
    "parameter_table",
]

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

#: Whole-number parameters.
COUNT_FIELDS = (
    "n_deputies",
    "n_stations",
    "n_sector_stations",
    "n_departments",
    "n_referral_departments",
    "n_voters",
    "n_voter_blocks",
)
#: Probability parameters.
PROB_FIELDS = (
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
PARAMETER_FIELDS = (*COUNT_FIELDS, *PROB_FIELDS, *_POSITIVE_FIELDS, *_RATE_FIELDS)


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
    """A numeric mechanism effect: ``kind`` is ``odds_ratio`` or ``multiplier``.

    ``low``/``high`` is the range an ensemble draws the effect size from
    (priors.yaml ``mechanisms:``; both default to ``value``: not varied).

    Examples
    --------
    >>> e = MechanismEffect("rapid_response", "p_on_spot", "odds_ratio", 2.0, 1.0, 4.0)
    >>> e.name, (e.low, e.high)
    ('rapid_response:p_on_spot', (1.0, 4.0))
    """

    code: str
    parameter: str
    kind: str
    value: float
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        lo = self.value if self.low is None else float(self.low)
        hi = self.value if self.high is None else float(self.high)
        if not lo <= self.value <= hi:
            raise ValueError(
                f"effect {self.name}: value {self.value} outside its range [{lo}, {hi}]"
            )
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)

    @property
    def name(self) -> str:
        """``code:parameter``, the effect's column in the sensitivity table."""
        return f"{self.code}:{self.parameter}"


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
    #: reported station counts by type (residential, sector, mediation, legislative), sorted
    station_types: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    #: counts recorded in the parameter table that the graph does not use as such:
    #: ``n_county_deputies``, ``n_contact_points`` and ``stations_<type>``
    recorded: tuple[Provenance, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        for name in COUNT_FIELDS:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | float) or v != v:
                raise ValueError(f"{name} must be a whole number, got {v!r}")
            if v < 0:
                raise ValueError(f"{name} must not be negative, got {v}")
            if v != int(v):
                raise ValueError(f"{name} must be a whole number, got {v}")
            object.__setattr__(self, name, int(v))
        for name in PROB_FIELDS:
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
        from democracy_study.networks.priors import (
            effects_from_priors,
            load_priors,
            prior_values,
            recorded_priors,
        )

        pri = load_priors(priors)
        mech = frozenset(mechanisms)
        vals, prov = prior_values(pri, mech, given=values)
        for name, v in values.items():
            if name in PARAMETER_FIELDS:
                prov[name] = Provenance(name, float(v), "reported", v, v, "given by caller")
        extra = {k: v for k, v in values.items() if k not in PARAMETER_FIELDS}
        vals.update({k: v for k, v in values.items() if k in PARAMETER_FIELDS})
        return cls(
            **vals,
            mechanisms=mech,
            place=place,
            effects=effects_from_priors(pri),
            provenance=tuple(prov[n] for n in PARAMETER_FIELDS),
            recorded=recorded_priors(pri),
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
        return apply_effects(self.values(), self.mechanisms, self.effects)

    def provenance_of(self, name: str) -> Provenance:
        """The provenance record of one parameter."""
        for p in self.provenance:
            if p.parameter == name:
                return p
        raise KeyError(f"no provenance recorded for parameter {name!r}")


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
