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
from democracy_study.networks.priors import (
    effects_from_priors,
    load_priors,
    prior_values,
    recorded_priors,
)
from democracy_study.parse.intervals import interval_table

__all__ = [
    "FUNNEL_STAGES",
    "funnel_stage",
    "params_for_place",
    "place_funnels",
    "pool_priors",
    "station_type",
]

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


def _deputy_nouns() -> frozenset[str]:
    from democracy_study._util import load_package_yaml

    return frozenset(load_package_yaml("indicators.yaml")["nouns"]["deputy"])


def _blank(v) -> bool:
    return v is None or v != v or str(v).strip() == ""


def _filter_rule(rows, rule: Mapping):
    """Rows passing a rule's ``counted_category`` and ``no_channel`` conditions."""
    if rule.get("counted_category") == "deputy" and "counted" in rows.columns:
        nouns = _deputy_nouns()
        ok = rows["counted"].map(
            lambda c: not _blank(c) and all(h in nouns for h in str(c).split("、"))
        )
        rows = rows[ok.astype(bool)]
    if rule.get("no_channel") and "channel" in rows.columns:
        rows = rows[rows["channel"].map(_blank).astype(bool)]
    return rows


def _pick(q, rule: Mapping):
    """Rows of one reported parameter, aggregated by the rule; (lo, hi, rows) or None."""
    rows = q[q["indicator"].isin(rule["indicators"]) & q["kind"].isin(rule["kinds"])]
    rows = _filter_rule(rows[rows["value"].notna()], rule)
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


def station_type(sentence: str, types: Mapping[str, list]) -> str:
    """Type of a station count from its sentence (up to the end of the figure's clause).

    The first type (in the order of ``types``) one of whose words occurs wins;
    no type word gives ``residential``.

    Examples
    --------
    >>> t = {"mediation": ["调解"], "sector": ["行业"], "residential": ["社区"]}
    >>> station_type("依托社区建设8个行业代表之家", t), station_type("建成联络站5个", t)
    ('sector', 'residential')
    """
    for name, words in types.items():
        if any(w in sentence for w in words):
            return str(name)
    return "residential"


_CLAUSE_END = "，,；;。！？\n"
_SENTENCE_END = "。！？\n"


def _sentence_upto_clause(text: str, start: int, end: int) -> str:
    """The figure's sentence from its start to the end of the figure's clause."""
    a = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    ends = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
    return text[a : min(ends) if ends else len(text)]


def _station_rows(q, corpus: Any, rule: Mapping, types: Mapping):
    """Reported station rows (not nested in another selected one) with their type."""
    rows = q[q["indicator"].isin(rule["indicators"]) & q["kind"].isin(rule["kinds"])]
    rows = rows[rows["value"].notna()].copy()
    if rows.empty:
        return rows
    if "part_of" in rows.columns and "quantity_id" in rows.columns:
        ids = set(rows["quantity_id"].astype(str))
        rows = rows[~rows["part_of"].astype(str).isin(ids)].copy()
    paras = getattr(corpus, "paragraphs", None)
    texts: dict[str, tuple[str, int]] = {}
    if paras is not None and {"paragraph_id", "text", "char_start"} <= set(paras.columns):
        for pid, txt, cs in zip(
            paras["paragraph_id"], paras["text"], paras["char_start"], strict=True
        ):
            texts[str(pid)] = (str(txt), int(cs))
    kinds = []
    for _, r in rows.iterrows():
        pid = str(r.get("paragraph_id", ""))
        if pid in texts:
            txt, cs = texts[pid]
            # paragraph text offsets: the evidence is searched near its file offset
            pos = txt.find(str(r["evidence"]), max(int(r["char_start"]) - cs - 40, 0))
            if pos < 0:
                pos = txt.find(str(r["evidence"]))
            sent = (
                _sentence_upto_clause(txt, pos, pos + len(str(r["evidence"])))
                if pos >= 0
                else str(r.get("counted", ""))
            )
        else:
            sent = f"{r.get('counted', '')} {r.get('channel', '')}"
        kinds.append(station_type(sent, types))
    rows["station_type"] = kinds
    return rows


#: What a funnel's ratio is, by stage: the metric it is compared with and the parameter
#: it calibrates.
FUNNEL_STAGES = {
    "on_spot": ("on_spot_rate", "p_on_spot"),
    "resolved": ("resolution_rate", "p_dept_resolve"),
}


def funnel_stage(evidence: str, on_spot_words) -> str:
    """``on_spot`` when the funnel's evidence names settling on the spot, else ``resolved``.

    The words are priors.yaml ``funnel: on_spot``.

    Examples
    --------
    >>> funnel_stage("245条意见建议，其中即知即办171条", ["即知即办"])
    'on_spot'
    >>> funnel_stage("213条，解决群众身边问题196件", ["即知即办"])
    'resolved'
    """
    return "on_spot" if any(w and w in evidence for w in on_spot_words) else "resolved"


def place_funnels(place: str, corpus: Any, *, priors: str | Path | None = None) -> list[dict]:
    """The place's reported funnels (corpus ``funnels`` table), with their role.

    Only funnels whose flow is in ``funnel:`` of the priors file are kept. A
    funnel with no channel is about all channels: the one with the largest
    *from* figure gets role ``calibrate``, the others ``holdout`` (validation
    only). A funnel of a named channel (a platform) gets role ``channel``.

    Returns
    -------
    list of dict
        Keys: role, channel, from_low, from_high, to_low, to_high, ratio_low,
        ratio_high, evidence, stage (:func:`funnel_stage`), from_quantity_id,
        to_quantity_id, paragraph_id.
    """
    pri = load_priors(priors)
    spec = pri["funnel"]
    f = getattr(corpus, "funnels", None)
    q = _quantities(corpus)
    if f is None or len(f) == 0 or "from_quantity_id" not in getattr(f, "columns", []):
        return []
    f = f[(f["place"] == place) & f["from_indicator"].isin(spec["from"])]
    f = f[f["to_indicator"].isin(spec["to"])]
    if f.empty or "quantity_id" not in q.columns:
        return []
    byid = q.set_index(q["quantity_id"].astype(str))
    on_spot_words = tuple(spec.get("on_spot", ()) or ())
    out = []
    for _, r in f.iterrows():
        a, b = str(r["from_quantity_id"]), str(r["to_quantity_id"])
        if a not in byid.index or b not in byid.index:
            continue
        (flo, fhi), (tlo, thi) = _bounds(byid.loc[[a, b]])
        out.append(
            {
                "role": "all" if _blank(r.get("channel")) else "channel",
                "channel": "" if _blank(r.get("channel")) else str(r["channel"]),
                "from_low": flo,
                "from_high": fhi,
                "to_low": tlo,
                "to_high": thi,
                "ratio_low": tlo / fhi if fhi else 0.0,
                "ratio_high": min(thi / flo, 1.0) if flo else 1.0,
                "evidence": str(r["evidence"]),
                "stage": funnel_stage(str(r["evidence"]), on_spot_words),
                "from_quantity_id": a,
                "to_quantity_id": b,
                "paragraph_id": str(r["paragraph_id"]),
                "_from_row": byid.loc[a],
                "_to_row": byid.loc[b],
            }
        )
    alls = [i for i, x in enumerate(out) if x["role"] == "all"]
    if alls:
        best = max(alls, key=lambda i: (out[i]["from_low"] + out[i]["from_high"], -i))
        for i in alls:
            out[i]["role"] = "calibrate" if i == best else "holdout"
    return out


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


def params_for_place(
    place: str,
    corpus: Any,
    *,
    priors: str | Path | None = None,
    calibrate_on: str | None = None,
) -> NetworkParams:
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
    calibrate_on : str, optional
        ``from_quantity_id`` of the all-channel funnel to calibrate on instead of
        the default one (out-of-sample validation swaps them); the other
        funnels are not used.

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
    for name in ("n_deputies", "n_county_deputies", "voters_reached"):
        if name in rules:
            got = _pick(q, rules[name])
            if got is not None:
                reported[name] = got
    funnels = place_funnels(place, corpus, priors=priors)
    if calibrate_on is None:
        funnel = next((f for f in funnels if f["role"] == "calibrate"), None)
    else:
        funnel = next(
            (
                f
                for f in funnels
                if f["role"] != "channel" and f["from_quantity_id"] == calibrate_on
            ),
            None,
        )
        if funnel is None:
            raise ValueError(f"place {place!r} has no all-channel funnel from {calibrate_on!r}")
    if funnel is None and getattr(corpus, "funnels", None) is None:
        funnel = _find_funnel(q, pri)  # tables without a funnels table: same paragraph
    for f in funnels:
        if f["role"] == "channel":
            notes.append(
                f"funnel of channel {f['channel']} ({f['evidence']}) is that channel's, "
                "not used as the all-channel funnel"
            )

    given: dict[str, Any] = {}
    prov_over: dict[str, Provenance] = {}
    src = "reported figure"
    if "n_deputies" in reported:
        lo, hi, rows = reported["n_deputies"]
        level = (
            "all levels"
            if rows.iloc[0]["indicator"] == "deputies_all_levels"
            else "level not stated"
        )
        given["n_deputies"] = max(round((lo + hi) / 2), 1)
        prov_over["n_deputies"] = _row_provenance(
            "n_deputies",
            rows.iloc[0],
            lo,
            hi,
            f"largest figure counting deputies only, not tied to one channel ({level})",
            src,
        )
    # stations: summed across types, kept by type
    st_rows = _station_rows(q, corpus, rules["n_stations"], pri.get("station_types", {}))
    by_type: dict[str, list[float]] = {}
    for (lo, hi), t in zip(
        _bounds(st_rows) if len(st_rows) else [], st_rows.get("station_type", []), strict=True
    ):
        acc = by_type.setdefault(t, [0.0, 0.0])
        acc[0] += lo
        acc[1] += hi
    by_type.pop("digital", None)  # the platform is modelled by digital_channel, not as a station
    pr_st = pri["priors"]["n_stations"]
    if by_type:
        lo = sum(v[0] for v in by_type.values())
        hi = sum(v[1] for v in by_type.values())
        status, method, plo, phi = "reported", "sum of reported station counts by type", lo, hi
        if "residential" not in by_type:
            # only sector / mediation / legislative posts reported: township stations from the prior
            lo, hi = lo + pr_st["low"], hi + pr_st["high"]
            by_type["residential (prior)"] = [float(pr_st["default"])] * 2
            status, method = (
                "derived",
                (
                    "reported stations by type + residential stations from the n_stations prior "
                    "(the report names no township/community station)"
                ),
            )
        total = sum((v[0] + v[1]) / 2 for v in by_type.values())
        given["n_stations"] = max(round(total), 0)
        prov_over["n_stations"] = dataclasses.replace(
            _row_provenance("n_stations", st_rows.iloc[0], lo, hi, method, src),
            status=status,
            evidence=" + ".join(str(e) for e in st_rows["evidence"]),
        )
        if "sector" in by_type:
            slo, shi = by_type["sector"]
            given["n_sector_stations"] = round((slo + shi) / 2)
            sec_rows = st_rows[st_rows["station_type"] == "sector"]
            prov_over["n_sector_stations"] = dataclasses.replace(
                _row_provenance(
                    "n_sector_stations",
                    sec_rows.iloc[0],
                    slo,
                    shi,
                    "sum of reported sector station counts",
                    src,
                ),
                evidence=" + ".join(str(e) for e in sec_rows["evidence"]),
            )
            if "sector_station" not in mechs:
                notes.append(
                    "sector stations reported but sector_station not coded: not switched on"
                )
        _ = plo, phi
    station_types = tuple(sorted((t, round((v[0] + v[1]) / 2)) for t, v in by_type.items()))
    recorded = {r.parameter: r for r in recorded_priors(pri)}
    if "n_county_deputies" in reported:
        lo_c, hi_c, rows_c = reported["n_county_deputies"]
        recorded["n_county_deputies"] = _row_provenance(
            "n_county_deputies",
            rows_c.iloc[0],
            lo_c,
            hi_c,
            "largest figure whose scope names the county congress (inverted to n_voters)",
            src,
        )
    for t, (tlo, thi) in sorted(by_type.items()):
        name = "stations_" + t.replace(" ", "_").replace("(", "").replace(")", "")
        if t == "residential (prior)":
            recorded[name] = Provenance(
                name,
                float(round((tlo + thi) / 2)),
                "imputed",
                float(pr_st["low"]),
                float(pr_st["high"]),
                " ".join(str(pr_st["source"]).split()),
                "residential stations from the n_stations prior (no township or community "
                "station named)",
            )
            continue
        t_rows = st_rows[st_rows["station_type"] == t]
        recorded[name] = dataclasses.replace(
            _row_provenance(
                name,
                t_rows.iloc[0],
                tlo,
                thi,
                f"sum of the reported {t} station counts (priors.yaml station_types)",
                src,
            ),
            value=float(round((tlo + thi) / 2)),
            evidence=" + ".join(str(e) for e in t_rows["evidence"]),
        )
    vals, prov = prior_values(
        pri, mechs, given={k: v for k, v in given.items() if k != "n_sector_stations"}
    )
    vals.update(given)
    prov.update(prov_over)
    require = True
    if vals["n_stations"] > vals["n_deputies"]:
        require = False
        notes.append("more stations than deputies: not every station can have a deputy")
    if "sector_station" in mechs and "n_sector_stations" not in given:
        share = pri["priors"]["sector_station_share"]["default"]
        vals["n_sector_stations"] = min(
            vals["n_stations"], max(1, round(share * vals["n_stations"]))
        )
    vals["n_sector_stations"] = min(vals["n_sector_stations"], vals["n_stations"])

    # electorate from the Electoral Law size rule, only from the county congress's own count
    er = pri["electoral_rule"]
    if "n_county_deputies" in reported:
        lo_d, hi_d, rows = reported["n_county_deputies"]
        mid = (lo_d + hi_d) / 2
        if er["base_deputies"] < mid <= er["max_deputies"]:
            adult = pri["priors"]["adult_share"]
            pop = (mid - er["base_deputies"]) * er["residents_per_extra_deputy"]
            vals["n_voters"] = max(round(pop * adult["default"]), 1)
            prov["n_voters"] = dataclasses.replace(
                _row_provenance("n_voters", rows.iloc[0], lo_d, hi_d, "", src),
                value=float(vals["n_voters"]),
                status="derived",
                low=max(
                    (lo_d - er["base_deputies"]) * er["residents_per_extra_deputy"] * adult["low"],
                    1.0,
                ),
                high=(hi_d - er["base_deputies"])
                * er["residents_per_extra_deputy"]
                * adult["high"],
                source=f"{er['source']} {adult['source'].strip()}",
                method="(county deputies - base) x residents per extra deputy x adult share",
            )
    vals["n_voter_blocks"] = min(vals["n_voter_blocks"], vals["n_voters"])

    targets: list[Target] = []
    if "voters_reached" in reported:
        lo, hi, rows = reported["voters_reached"]
        targets.append(Target("voters_reached", (lo + hi) / 2, lo, hi))
        prov["p_visit"] = _row_provenance(
            "p_visit",
            rows.iloc[0],
            lo,
            hi,
            "channel probabilities (prior mix) scaled by one factor so that expected reach "
            "equals the reported distinct voters reached",
            src,
        )
    if funnel is not None:
        if isinstance(funnel, dict):
            r, s_ = funnel["_from_row"], funnel["_to_row"]
            rlo, rhi, slo, shi = (
                funnel["from_low"],
                funnel["from_high"],
                funnel["to_low"],
                funnel["to_high"],
            )
        else:
            r, s_, (rlo, rhi), (slo, shi) = funnel
        stage = funnel.get("stage", "resolved") if isinstance(funnel, dict) else "resolved"
        metric, pname = FUNNEL_STAGES[stage]
        targets.append(Target("issues_received", (rlo + rhi) / 2, rlo, rhi))
        rate_lo, rate_hi = slo / rhi if rhi else 0.0, min(shi / rlo, 1.0) if rlo else 1.0
        rate = min(((slo + shi) / 2) / ((rlo + rhi) / 2), 1.0)
        targets.append(Target(metric, rate, rate_lo, rate_hi))
        prov["issues_per_voter"] = _row_provenance(
            "issues_per_voter", r, rlo, rhi, "issues received / expected voters reached", src
        )
        what = "settled on the spot" if stage == "on_spot" else "resolved"
        prov[pname] = dataclasses.replace(
            _row_provenance(pname, s_, rate_lo, rate_hi, "", src),
            evidence=f"{r['evidence']} → {s_['evidence']}",
            method=f"solved so the expected {what}/received ratio equals the reported one",
        )
    if not reported and funnel is None and not by_type:
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
                # the value was rescaled from the prior: so is its range, and it is no
                # longer the prior itself (status derived, like every rescaled value)
                prov[n] = dataclasses.replace(
                    prov[n],
                    status="derived",
                    low=min(prov[n].low * scale, 1.0),
                    high=min(prov[n].high * scale, 1.0),
                    method=f"prior x {scale:.4g} (range too): channel probabilities scaled "
                    "jointly so expected reach equals the reported voters reached",
                )
    # calibrated parameters: interval from calibrating at the target's ends
    base_vals = {k: v for k, v in vals.items() if k != "_channel_scale"}
    for t in targets:
        pname = {
            "voters_reached": "p_visit",
            "issues_received": "issues_per_voter",
            "on_spot_rate": "p_on_spot",
        }.get(t.name, "p_dept_resolve")
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
        station_types=station_types,
        recorded=tuple(recorded.values()),
    )


def pool_priors(params: Mapping[str, NetworkParams], *, priors: str | Path | None = None) -> dict:
    """Replace poolable priors of uncalibrated places by the calibrated places' values.

    For every prior marked ``pool: true`` in the priors file (the channel
    probabilities ``p_visit``, ``p_contact``, ``p_sector_member``,
    ``p_digital``): the places calibrated to a reported reach (a
    ``voters_reached`` target) give the pooled value (geometric mean) and range
    (the calibrated interval where the parameter was solved for, else the
    prior's relative spread around the calibrated value); every other place where
    the parameter is still a prior gets them, with status ``pooled``. Without a
    calibrated place nothing changes.

    Examples
    --------
    >>> a = NetworkParams.from_priors(p_visit=0.001)
    >>> a = dataclasses.replace(a, targets=(Target("voters_reached", 400.0, 400.0, 400.0),),
    ...     provenance=tuple(
    ...     dataclasses.replace(p, status="reported", low=0.0008, high=0.0012)
    ...     if p.parameter == "p_visit" else p for p in a.provenance))
    >>> b = NetworkParams.from_priors()
    >>> out = pool_priors({"甲": a, "乙": b})
    >>> round(out["乙"].p_visit, 6), out["乙"].provenance_of("p_visit").status
    (0.001, 'pooled')
    """
    import math

    pri = load_priors(priors)
    out = dict(params)
    for name, spec in sorted(pri["priors"].items()):
        if not spec.get("pool") or name not in PARAMETER_FIELDS:
            continue
        cal = sorted(
            (pl, p.provenance_of(name))
            for pl, p in params.items()
            if any(t.name == "voters_reached" for t in p.targets)
        )
        if not cal:
            continue
        vals = [max(float(getattr(params[pl], name)), 1e-12) for pl, _ in cal]
        value = math.exp(sum(math.log(v) for v in vals) / len(vals))
        # a calibrated interval where there is one, else the prior's relative spread
        # around the calibrated value (the prior range itself is what calibration rescaled)
        rel_lo, rel_hi = spec["low"] / spec["default"], spec["high"] / spec["default"]
        ends = [
            (pr.low, pr.high) if pr.status in ("reported", "derived") else (v * rel_lo, v * rel_hi)
            for (_, pr), v in zip(cal, vals, strict=True)
        ]
        low = min(min(e[0] for e in ends), min(vals))
        high = min(max(max(e[1] for e in ends), max(vals)), 1.0)
        names = ", ".join(pl for pl, _ in cal)
        how_many = (
            f"the only calibrated place ({names}): one place's value, not a pooled estimate"
            if len(cal) == 1
            else f"the {len(cal)} calibrated places ({names})"
        )
        for pl, p in list(out.items()):
            pr = p.provenance_of(name)
            if pr.status != "imputed" or any(t.name == "voters_reached" for t in p.targets):
                continue
            new = dataclasses.replace(
                pr,
                value=value,
                status="pooled",
                low=low,
                high=high,
                source=f"pooled from {how_many}; prior: {pr.source}",
                method=f"geometric mean and range of the values of {len(cal)} calibrated "
                f"place(s) ({names})",
            )
            out[pl] = dataclasses.replace(
                p,
                **{name: value},
                provenance=tuple(new if x.parameter == name else x for x in p.provenance),
            )
    return out
