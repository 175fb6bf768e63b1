"""Reading a place's network parameters off a corpus (reported figures, mechanisms).

:func:`params_for_place` fills a :class:`~.params.NetworkParams` from the
non-duplicate quantities of one place and the mechanisms coded for it, using
the rules under ``reported:`` and ``funnel:`` in ``priors.yaml``. Each reported
figure stands for the interval :func:`democracy_study.parse.intervals.qualifier_interval`
gives; an open end (``超150``) is made finite by
:func:`~democracy_study.parse.intervals.finite_bounds` with its default cap,
and the figure's point value is the middle of the finite interval.

Examples
--------
>>> import pandas as pd, types
>>> row = dict(source_file="a.txt", report_id="a#r01", paragraph_id="a#r01.p01",
...     place="丙县", value_max=float("nan"), unit="名", kind="count",
...     indicator="deputies", duplicate=False)
>>> q = pd.DataFrame([{**row, "value": 240.0, "qualifier": "over", "evidence": "240余名",
...                    "char_start": 0, "char_end": 5}])
>>> p = params_for_place("丙县", types.SimpleNamespace(quantities=q, mechanisms=None))
>>> pr = p.provenance_of("n_deputies")
>>> p.n_deputies, pr.low, pr.high  # 240余 -> [240, 250), midpoint 245
(245, 240.0, 250.0)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from democracy_study.networks.calibrate import CHANNEL_PARAMS, calibrate
from democracy_study.networks.params import PARAMETER_FIELDS, NetworkParams, Provenance, Target
from democracy_study.networks.priors import effects_from_priors, load_priors, prior_values
from democracy_study.parse.intervals import interval_table

__all__ = ["params_for_place"]

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


def _bounds(rows) -> list[tuple[float, float]]:
    """Finite (low, high) of each row's qualifier interval (the one rule, default cap)."""
    t = interval_table(rows)
    return list(zip(t["lower"].tolist(), t["upper"].tolist(), strict=True))


def _pick(q, rule: Mapping):
    """Rows of one reported parameter, aggregated by the rule; (lo, hi, rows) or None."""
    rows = q[q["indicator"].isin(rule["indicators"]) & q["kind"].isin(rule["kinds"])]
    rows = rows[rows["value"].notna()]
    if rows.empty:
        return None
    ivs = _bounds(rows)
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
    import pandas as pd

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

    (rec_iv, res_iv) = _bounds(pd.DataFrame([r, s]))
    return r, s, rec_iv, res_iv


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
        got = _pick(q, rules[name])
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
    vals, prov = prior_values(pri, mechs, given=given)
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
    effects = effects_from_priors(pri)
    tdict = {t.name: t.value for t in targets}
    fixed = frozenset(
        n for n in CHANNEL_PARAMS.values() if n != "p_visit" and prov[n].status == "reported"
    )
    vals = calibrate(vals, tdict, mechs, effects, notes, fixed)
    scale = vals.pop("_channel_scale", None)
    if scale is not None:
        for n in CHANNEL_PARAMS.values():
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
            ends.append(calibrate(base_vals, tv, mechs, effects, [], fixed)[pname])
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
