"""The priors of the network model: loading and checking ``priors.yaml``, defaults.

``democracy_study/data/priors.yaml`` holds every number the model takes from
outside the reports: parameter priors (default, range, source), the Electoral
Law size rule, which reported indicators set which parameter, the funnel
definition and the mechanism effects. What a qualified figure (``240余``) stands
for is not a prior: it is the one rule of :mod:`democracy_study.parse.intervals`.

Examples
--------
>>> pri = load_priors()
>>> sorted(pri)[:3]
['electoral_rule', 'funnel', 'mechanisms']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from democracy_study import config
from democracy_study._util import DataFileError, load_yaml
from democracy_study.networks.params import PARAMETER_FIELDS, MechanismEffect, Provenance

__all__ = [
    "PRIORS_FILE",
    "RECORDED_PRIORS",
    "effects_from_priors",
    "load_priors",
    "prior_values",
    "recorded_priors",
]

#: The priors file shipped with the package.
PRIORS_FILE = config.PACKAGE_DATA / "priors.yaml"
#: Top-level sections every priors file must have.
_SECTIONS = ("priors", "electoral_rule", "reported", "funnel")


@functools.lru_cache(maxsize=4)
def _load_priors_cached(path: str) -> dict:
    data = load_yaml(path, what="priors file")
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: priors file must be a mapping of sections")
    missing = [s for s in _SECTIONS if not isinstance(data.get(s), dict)]
    if missing:
        raise DataFileError(f"{path}: priors file lacks the mapping(s) {missing}")
    for name, spec in data["priors"].items():
        if not isinstance(spec, dict):
            raise DataFileError(f"{path}: prior {name!r} must be a mapping")
        for key in ("default", "low", "high", "source"):
            if key not in spec:
                raise DataFileError(f"{path}: prior {name!r} lacks {key!r}")
        if not spec["low"] <= spec["default"] <= spec["high"]:
            raise DataFileError(f"{path}: prior {name!r} default outside [low, high]")
    return data


def load_priors(path: str | Path | None = None) -> dict:
    """Load a priors file (cached per path) and check its structure.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with the layout of ``democracy_study/data/priors.yaml``
        (default: that file).

    Returns
    -------
    dict
        With keys ``priors``, ``electoral_rule``, ``reported``, ``funnel`` and
        ``mechanisms``. Shared between callers: treat as read-only.

    Raises
    ------
    democracy_study._util.DataFileError
        (a ``ValueError``) naming the file: missing, invalid YAML (with the
        line), a missing section, or a prior without default/low/high/source.

    Examples
    --------
    >>> pri = load_priors()
    >>> pri["priors"]["n_deputies"]["low"], pri["priors"]["n_deputies"]["high"]
    (300, 2500)
    """
    return _load_priors_cached(str(Path(path) if path is not None else PRIORS_FILE))


def effects_from_priors(pri: Mapping) -> tuple[MechanismEffect, ...]:
    """The numeric mechanism effects listed under ``mechanisms:`` in the priors.

    Each carries its ``low``/``high`` (the range ensembles draw it from; the
    point value when the file gives none).

    Examples
    --------
    >>> [(e.parameter, e.value, e.low, e.high)
    ...  for e in effects_from_priors(load_priors()) if e.code == "rapid_response"]
    [('p_on_spot', 2.0, 1.0, 4.0), ('delay_days', 0.3, 0.1, 1.0)]
    """
    out = []
    for code, spec in sorted((pri.get("mechanisms") or {}).items()):
        for eff in spec.get("effects", []) or []:
            kinds = [k for k in ("odds_ratio", "multiplier") if k in eff]
            if len(kinds) != 1 or "parameter" not in eff:
                raise DataFileError(
                    f"priors: mechanism {code!r} effect needs 'parameter' and one of "
                    "odds_ratio/multiplier"
                )
            if eff["parameter"] not in PARAMETER_FIELDS:
                raise DataFileError(
                    f"priors: mechanism {code!r} affects unknown parameter {eff['parameter']!r}"
                )
            value = float(eff[kinds[0]])
            try:
                out.append(
                    MechanismEffect(
                        code,
                        eff["parameter"],
                        kinds[0],
                        value,
                        float(eff.get("low", value)),
                        float(eff.get("high", value)),
                    )
                )
            except ValueError as exc:
                raise DataFileError(f"priors: mechanism {code!r}: {exc}") from None
    return tuple(out)


#: Priors recorded in the parameter table though the graph does not use them as parameters.
RECORDED_PRIORS = ("n_county_deputies", "n_contact_points")


def recorded_priors(pri: Mapping) -> tuple[Provenance, ...]:
    """Provenance of :data:`RECORDED_PRIORS` at their prior defaults (status ``imputed``).

    Examples
    --------
    >>> [(r.parameter, r.value, r.status) for r in recorded_priors(load_priors())]
    [('n_county_deputies', 250.0, 'imputed'), ('n_contact_points', 150.0, 'imputed')]
    """
    out = []
    for name in RECORDED_PRIORS:
        spec = pri["priors"][name]
        out.append(
            Provenance(
                name,
                float(spec["default"]),
                "imputed",
                float(spec["low"]),
                float(spec["high"]),
                _source(spec),
                "recorded only: not a parameter of the graph",
            )
        )
    return tuple(out)


def _source(spec: Mapping) -> str:
    """A prior's source text, with its ``verified: false`` flag spelt out."""
    text = " ".join(str(spec["source"]).split())
    if spec.get("verified") is False and "not verified" not in text.lower():
        text += " (Not verified against the primary publication.)"
    return text


def prior_values(pri: Mapping, mechanisms: frozenset, given: Mapping | None = None):
    """Default values of every parameter from the priors, with their provenance.

    Counts that depend on others (sector stations, voter blocks, referral
    departments) respect the values in ``given``, which the caller then sets.

    Returns
    -------
    values : dict
    provenance : dict of Provenance

    Examples
    --------
    >>> vals, prov = prior_values(load_priors(), frozenset())
    >>> vals["n_sector_stations"], prov["n_deputies"].status
    (0, 'imputed')
    """
    given = dict(given or {})
    pr = pri["priors"]
    vals: dict[str, Any] = {}
    prov: dict[str, Provenance] = {}

    def imp(name: str, prior: str | None = None, value=None, method: str = "") -> None:
        spec = pr[prior or name]
        v = spec["default"] if value is None else value
        vals[name] = v
        prov[name] = Provenance(
            name, float(v), "imputed", spec["low"], spec["high"], _source(spec), method
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
        _source(share),
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
        f"population prior x adult share. {_source(pop)} {_source(adult)}",
        "population x adult_share",
    )
    if given.get("n_voters") is not None:
        vals["n_voter_blocks"] = min(vals["n_voter_blocks"], max(int(given["n_voters"]), 1))
    if given.get("n_departments") is not None:
        vals["n_referral_departments"] = min(
            vals["n_referral_departments"], int(given["n_departments"])
        )
    return vals, prov
