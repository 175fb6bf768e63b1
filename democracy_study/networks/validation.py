"""Out-of-sample funnel validation: calibrate on one reported funnel, predict another.

A report sometimes gives two all-channel funnels for one place (opinions
collected → handled on the spot; suggestions received → problems solved). For
every ordered pair (A, B) of such funnels of one place, the model is
calibrated on A only (:func:`~democracy_study.networks.params_for_place` with
``calibrate_on``), ``n`` networks are simulated, and the simulated resolution
ratio (issues resolved / received; for an on-spot funnel, 即知即办, issues
settled on the spot / received, which calibrates ``p_on_spot``) is compared
with B's reported ratio. A
*hit* is B's reported interval overlapping the simulated central ``level``
interval. Rows for the calibrating funnel itself (``role`` ``in_sample``) are
kept for contrast: they test only the calibration. Places with fewer than two
all-channel funnels give nothing to predict and no row.

With two funnels of the same stage the model has one probability per place,
so a prediction says the second funnel resolves about as much as the first; a miss means the two
funnels of one report differ by more than the model's draws spread.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"rate_low": [0.9], "rate_high": [0.9], "sim_low": [0.6], "sim_high": [0.8]})
>>> bool(_hit(t.iloc[0]))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np

from democracy_study.networks.ensemble import simulate
from democracy_study.networks.from_corpus import FUNNEL_STAGES, params_for_place, place_funnels

__all__ = ["OOS_COLUMNS", "funnel_out_of_sample"]

#: Columns of :func:`funnel_out_of_sample`.
OOS_COLUMNS = [
    "place",
    "role",
    "calibrated_on",
    "predicted",
    "stage",
    "rate_reported",
    "rate_low",
    "rate_high",
    "sim_mean",
    "sim_low",
    "sim_high",
    "hit",
    "n_draws",
    "calibrated_evidence",
    "predicted_evidence",
    "predicted_paragraph_id",
]


def _hit(row) -> bool:
    return bool(row["sim_low"] <= row["rate_high"] and row["rate_low"] <= row["sim_high"])


def funnel_out_of_sample(
    corpus: Any,
    *,
    places: Sequence[str] | None = None,
    n: int = 100,
    seed: int = 0,
    executor: Executor | str | None = "serial",
    level: float = 0.95,
):
    """Calibrate on each all-channel funnel in turn and predict the others of the place.

    Parameters
    ----------
    corpus : Corpus
        Needs ``quantities``, ``mechanisms`` and ``funnels``.
    places : sequence of str, optional
        Default: every place with at least two all-channel funnels.
    n, seed, executor :
        Passed to :func:`~democracy_study.networks.simulate` (one seed per
        calibration, ``seed + k`` for the k-th).
    level : float
        Central interval of the simulated ratio.

    Returns
    -------
    DataFrame with :data:`OOS_COLUMNS`; ``role`` is ``out_of_sample`` or
    ``in_sample``; ``stage`` is the predicted funnel's (``on_spot``: compared
    with the simulated on-spot rate, ``resolved``: with the resolution rate); ``calibrated_on`` and ``predicted`` are funnels'
    ``from_quantity_id``.
    """
    import pandas as pd

    funnels_of = {}
    candidates = places
    if candidates is None:
        f = getattr(corpus, "funnels", None)
        candidates = (
            [] if f is None or len(f) == 0 else sorted(set(f["place"].dropna().astype(str)))
        )
    for pl in candidates:
        alls = [x for x in place_funnels(pl, corpus) if x["role"] in ("calibrate", "holdout")]
        if len(alls) >= 2:
            funnels_of[pl] = sorted(alls, key=lambda x: x["from_quantity_id"])
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    rows = []
    k = 0
    for pl in sorted(funnels_of):
        fs = funnels_of[pl]
        for a in fs:
            p = params_for_place(pl, corpus, calibrate_on=a["from_quantity_id"])
            res = simulate({pl: p}, n=n, seed=seed + k, executor=executor, progress=False)
            k += 1
            d = res.draws
            for b in fs:
                metric = FUNNEL_STAGES[b.get("stage", "resolved")][0]
                rate = d.loc[d["metric"] == metric, "value"].dropna().to_numpy()
                s_lo, s_hi = (
                    (float(np.quantile(rate, lo_q)), float(np.quantile(rate, hi_q)))
                    if rate.size
                    else (float("nan"), float("nan"))
                )
                lo, hi = b["ratio_low"], b["ratio_high"]
                row = {
                    "place": pl,
                    "role": "in_sample" if b is a else "out_of_sample",
                    "calibrated_on": a["from_quantity_id"],
                    "predicted": b["from_quantity_id"],
                    "stage": b.get("stage", "resolved"),
                    "rate_reported": (lo + hi) / 2,
                    "rate_low": lo,
                    "rate_high": hi,
                    "sim_mean": float(rate.mean()) if rate.size else float("nan"),
                    "sim_low": s_lo,
                    "sim_high": s_hi,
                    "n_draws": int(rate.size),
                    "calibrated_evidence": a["evidence"],
                    "predicted_evidence": b["evidence"],
                    "predicted_paragraph_id": b["paragraph_id"],
                }
                row["hit"] = _hit(row) if rate.size else False
                rows.append(row)
    return pd.DataFrame(rows, columns=OOS_COLUMNS)
