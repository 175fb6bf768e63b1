"""Issue flow: voters raise issues that travel through deputies and stations to
departments and resolution.

Per voter class (the voters of one block using one combination of channels),
issues ~ Poisson(issues_per_voter x voters) are split evenly over the class's
channels. Issues raised at the home
station or with a deputy go to the home station; sector-station issues to the
sector station; platform issues straight to a department. At a station an
issue is settled on the spot with ``p_on_spot``; otherwise it is referred to
one of the station's departments, which resolves it with ``p_dept_resolve``
and an exponential delay of mean ``delay_days``; only issues resolved within
``horizon_days`` count as resolved. Mechanisms act through the effective
parameters (see :meth:`NetworkParams.effective`).

Examples
--------
>>> import numpy as np
>>> from democracy_study.networks.params import NetworkParams
>>> from democracy_study.networks.model import draw_network
>>> p = NetworkParams.from_priors(n_deputies=20, n_stations=4, n_voters=20000,
...                               n_voter_blocks=100, p_visit=0.5, issues_per_voter=0.1)
>>> f = issue_flow(draw_network(p, seed=0), np.random.default_rng(0))
>>> f["issues_resolved"] <= f["issues_received"]
True
"""

from __future__ import annotations

import math

import numpy as np

from democracy_study.networks.metrics import gini
from democracy_study.networks.model import NetworkDraw

__all__ = ["issue_flow"]


def issue_flow(draw: NetworkDraw, rng: np.random.Generator) -> dict[str, float]:
    """Simulate one year of issues on a drawn network.

    Returns
    -------
    dict
        ``issues_received``, ``issues_resolved``, ``resolution_rate``,
        ``on_spot_share`` (of resolved), ``on_spot_rate`` (settled on the spot, of
        received), ``digital_share`` (of received),
        ``department_load_gini``.

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> from democracy_study.networks.model import draw_network
    >>> p = NetworkParams.from_priors(n_deputies=5, n_stations=2, n_voters=100,
    ...                               n_voter_blocks=10, issues_per_voter=0.0)
    >>> issue_flow(draw_network(p, seed=0), np.random.default_rng(0))["issues_received"]
    0.0
    """
    eff = draw.eff
    S, M = draw.n_stations, draw.n_departments
    b = draw.cls_block
    n_home = draw.cls_visit.astype(int) + draw.cls_contact.astype(int)
    sec_ch = draw.cls_sector
    dig_ch = draw.cls_digital & draw.has_platform
    k = n_home + sec_ch.astype(int) + dig_ch.astype(int)  # >= 1 for every class
    issues = rng.poisson(eff["issues_per_voter"] * draw.cls_voters)
    n_dig = rng.binomial(issues, np.where(dig_ch, 1.0 / k, 0.0))
    rest = issues - n_dig
    k_st = np.maximum(k - dig_ch.astype(int), 1)
    n_sec = rng.binomial(rest, np.where(sec_ch, 1.0 / k_st, 0.0))
    n_home_is = rest - n_sec
    at_station = np.zeros(S, dtype=np.int64)
    if S:
        h = (n_home > 0) & (n_home_is > 0)
        np.add.at(at_station, draw.block_home[b[h]], n_home_is[h])
        s = sec_ch & (n_sec > 0)
        np.add.at(at_station, draw.block_sector[b[s]], n_sec[s])
    on_spot = rng.binomial(at_station, eff["p_on_spot"])
    referred = at_station - on_spot
    dept_in = np.zeros(M, dtype=np.int64)
    for st in range(S):
        targets = np.nonzero(draw.referrals[st])[0]
        if referred[st] and targets.size:
            np.add.at(
                dept_in,
                targets,
                rng.multinomial(referred[st], np.full(targets.size, 1.0 / targets.size)),
            )
    total_dig = int(n_dig.sum())
    if total_dig and M:
        dept_in += rng.multinomial(total_dig, np.full(M, 1.0 / M))
    q = 1.0 - math.exp(-eff["horizon_days"] / eff["delay_days"])
    dept_res = rng.binomial(dept_in, eff["p_dept_resolve"] * q)
    received = float(issues.sum())
    resolved = float(on_spot.sum() + dept_res.sum())
    return {
        "issues_received": received,
        "issues_resolved": resolved,
        "resolution_rate": resolved / received if received else float("nan"),
        "on_spot_share": float(on_spot.sum()) / resolved if resolved else float("nan"),
        "on_spot_rate": float(on_spot.sum()) / received if received else float("nan"),
        "digital_share": total_dig / received if received else float("nan"),
        "department_load_gini": gini(dept_in) if M and dept_in.sum() else float("nan"),
    }
