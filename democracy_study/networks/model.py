"""Drawing one random representation network from a parameter set.

A draw is kept in array form (:class:`NetworkDraw`): deputies, stations (sector
stations and, with a digital channel, one virtual station, the platform),
departments, and voter blocks carrying their number of voters as a weight.
:meth:`NetworkDraw.to_networkx` turns it into a typed ``networkx.Graph``:

- node attribute ``kind``: ``deputy``, ``station``, ``platform``, ``department``, ``voter``
- edge attribute ``type``: ``works_at`` (deputy–station), ``visits`` (voter–station
  or platform), ``contacts`` (voter–deputy), ``refers_to`` (station–department).

Examples
--------
>>> from democracy_study.networks.params import NetworkParams
>>> p = NetworkParams.from_priors(n_deputies=20, n_stations=4, n_departments=6,
...                               n_referral_departments=2, n_voters=2000, n_voter_blocks=40)
>>> d = draw_network(p, seed=1)
>>> G = d.to_networkx()
>>> sorted({k for _, k in G.nodes(data="kind")})
['department', 'deputy', 'station', 'voter']
>>> sum(d["voters"] for _, d in G.nodes(data=True) if d["kind"] == "voter")
2000
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from democracy_study.networks.params import NetworkParams

__all__ = [
    "EDGE_TYPES",
    "NODE_KINDS",
    "NetworkDraw",
    "draw_network",
    "fallback_visit",
]

NODE_KINDS = ("deputy", "station", "platform", "department", "voter")
EDGE_TYPES = ("works_at", "visits", "contacts", "refers_to")


@dataclass(frozen=True)
class NetworkDraw:
    """One network in array form.

    Stations are indexed 0..n_stations-1 (physical; ``station_sector`` marks
    sector stations); with a platform it has index ``n_stations`` in
    ``referrals``. Voter-block arrays use -1 for "none".
    """

    params: NetworkParams
    eff: dict
    membership: np.ndarray  # (n_deputies, n_stations) bool: works_at
    station_sector: np.ndarray  # (n_stations,) bool
    referrals: np.ndarray  # (n_stations + has_platform, n_departments) bool: refers_to
    block_voters: np.ndarray  # (n_blocks,) int voters per block
    block_home: np.ndarray  # home station (catchment) or -1
    block_sector: np.ndarray  # the block's sector station or -1
    block_deputy: np.ndarray  # the deputy responsible for the block (at home station) or -1
    # voter classes: the voters of one block with one combination of channels
    cls_block: np.ndarray  # (n_classes,) block of the class
    cls_voters: np.ndarray  # voters in the class (> 0)
    cls_visit: np.ndarray  # bool: visit the home station
    cls_sector: np.ndarray  # bool: visit the block's sector station
    cls_contact: np.ndarray  # bool: contact the block's deputy
    cls_digital: np.ndarray  # bool: use the platform

    @property
    def n_deputies(self) -> int:
        return self.membership.shape[0]

    @property
    def n_stations(self) -> int:
        return self.membership.shape[1]

    @property
    def has_platform(self) -> bool:
        return self.referrals.shape[0] > self.n_stations

    @property
    def n_departments(self) -> int:
        return self.referrals.shape[1]

    @property
    def n_blocks(self) -> int:
        return self.block_voters.shape[0]

    # ----------------------------------------------------------- core indexing
    def core_index(self) -> dict[str, np.ndarray]:
        """Indices of deputies, stations (+platform) and departments in the core graph."""
        d, s = self.n_deputies, self.referrals.shape[0]
        return {
            "deputy": np.arange(d),
            "station": np.arange(d, d + s),
            "department": np.arange(d + s, d + s + self.n_departments),
        }

    def class_entries(self) -> np.ndarray:
        """(n_classes, 4) core-node indices each voter class is linked to, -1 for none.

        Columns: home station (visit), sector station, contacted deputy, platform.
        """
        d = self.n_deputies
        b = self.cls_block
        out = np.full((b.size, 4), -1, dtype=np.int64)
        out[self.cls_visit, 0] = d + self.block_home[b[self.cls_visit]]
        out[self.cls_sector, 1] = d + self.block_sector[b[self.cls_sector]]
        out[self.cls_contact, 2] = self.block_deputy[b[self.cls_contact]]
        if self.has_platform:
            out[self.cls_digital, 3] = d + self.n_stations
        return out

    def block_channel_voters(self) -> dict[str, np.ndarray]:
        """Voters of each block using each channel (visit, sector, contact, digital)."""
        out = {}
        for name in ("visit", "sector", "contact", "digital"):
            m = getattr(self, f"cls_{name}")
            out[name] = np.bincount(
                self.cls_block[m], weights=self.cls_voters[m], minlength=self.n_blocks
            ).astype(np.int64)
        return out

    # ---------------------------------------------------------------- export
    def node_ids(self) -> dict[str, list[str]]:
        """Stable string node ids per kind (zero-padded, so they sort)."""

        def ids(prefix: str, n: int) -> list[str]:
            width = max(len(str(max(n - 1, 0))), 1)
            return [f"{prefix}:{i:0{width}d}" for i in range(n)]

        return {
            "deputy": ids("deputy", self.n_deputies),
            "station": ids("station", self.n_stations),
            "platform": ["platform"] if self.has_platform else [],
            "department": ids("department", self.n_departments),
            "voter": ids("voter", self.n_blocks),
        }

    def to_networkx(self):
        """The typed graph (voters as weighted blocks; attribute ``voters``).

        Examples
        --------
        >>> from democracy_study.networks.params import NetworkParams
        >>> p = NetworkParams.from_priors(n_deputies=6, n_stations=2, n_departments=3,
        ...     n_referral_departments=1, n_voters=100, n_voter_blocks=5,
        ...     mechanisms=["digital_channel"])
        >>> G = draw_network(p, seed=0).to_networkx()
        >>> G.nodes["platform"]["kind"], G.degree("platform")  >= 3
        ('platform', True)
        """
        import networkx as nx

        ids = self.node_ids()
        G = nx.Graph(place=self.params.place or "")
        G.add_nodes_from((n, {"kind": "deputy"}) for n in ids["deputy"])
        sec = self.station_sector.tolist()
        G.add_nodes_from(
            (n, {"kind": "station", "sector": bool(sec[i])}) for i, n in enumerate(ids["station"])
        )
        if self.has_platform:
            G.add_node("platform", kind="platform", sector=False)
        G.add_nodes_from((n, {"kind": "department"}) for n in ids["department"])
        w = self.block_voters.tolist()
        home = self.block_home.tolist()
        ch = self.block_channel_voters()
        reached = np.bincount(
            self.cls_block, weights=self.cls_voters, minlength=self.n_blocks
        ).astype(np.int64)
        G.add_nodes_from(
            (
                n,
                {
                    "kind": "voter",
                    "voters": int(w[i]),
                    "voters_reached": int(reached[i]),
                    "home_station": int(home[i]),
                },
            )
            for i, n in enumerate(ids["voter"])
        )
        dep, st, vo, de = ids["deputy"], ids["station"], ids["voter"], ids["department"]
        st_all = st + ids["platform"]
        r, c = np.nonzero(self.membership)
        G.add_edges_from(
            (dep[i], st[j], {"type": "works_at"})
            for i, j in zip(r.tolist(), c.tolist(), strict=True)
        )
        r, c = np.nonzero(self.referrals)
        G.add_edges_from(
            (st_all[i], de[j], {"type": "refers_to"})
            for i, j in zip(r.tolist(), c.tolist(), strict=True)
        )
        for chan, target, etype in (
            ("visit", self.block_home, "visits"),
            ("sector", self.block_sector, "visits"),
            ("contact", self.block_deputy, "contacts"),
        ):
            cnt = ch[chan]
            b = np.nonzero(cnt > 0)[0]
            names = dep if chan == "contact" else st
            G.add_edges_from(
                (vo[i], names[t], {"type": etype, "voters": int(k)})
                for i, t, k in zip(b.tolist(), target[b].tolist(), cnt[b].tolist(), strict=True)
            )
        if self.has_platform:
            cnt = ch["digital"]
            b = np.nonzero(cnt > 0)[0]
            G.add_edges_from(
                (vo[i], "platform", {"type": "visits", "voters": int(k)})
                for i, k in zip(b.tolist(), cnt[b].tolist(), strict=True)
            )
        return G


def _channel_vector(eff: dict, n_stations: int) -> np.ndarray:
    """Channel probabilities (visit, sector, contact, digital) a draw uses."""
    return np.array(
        [
            eff["p_visit"] if n_stations > 0 else 0.0,
            eff["p_sector_member"] if eff["n_sector_stations"] > 0 and n_stations > 0 else 0.0,
            eff["p_contact"],
            eff["p_digital"] if eff["digital_on"] else 0.0,
        ]
    )


def fallback_visit(p_on: np.ndarray, p_off: np.ndarray, fallback: float) -> float:
    """Visit probability when a share ``fallback`` of lost channel users visit instead.

    ``p_on`` and ``p_off`` are (visit, sector, contact, digital) probabilities
    with and without the removed mechanisms.

    Examples
    --------
    >>> import numpy as np
    >>> on = np.array([0.2, 0.0, 0.0, 0.5]); off = np.array([0.2, 0.0, 0.0, 0.0])
    >>> round(fallback_visit(on, off, 1.0), 6)  # hand: 1 - 0.8 * 0.5 = 0.6
    0.6
    >>> round(fallback_visit(on, off, 0.0), 6)
    0.2
    """
    lost = np.clip(np.asarray(p_on[1:], float) - np.asarray(p_off[1:], float), 0.0, 1.0)
    return float(1.0 - (1.0 - p_off[0]) * np.prod(1.0 - fallback * lost))


def _as_rng(seed: Any) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def draw_network(
    params: NetworkParams,
    seed: int | np.random.SeedSequence | np.random.Generator | None = None,
    *,
    mechanisms_off: Iterable[str] = (),
    fallback: float = 0.0,
) -> NetworkDraw:
    """Draw one network.

    Deputies are spread over stations in proportion to station catchments
    (each station first gets one deputy when ``require_deputy_per_station``);
    each deputy works at a second station with ``p_second_station``. Voter
    blocks (equal shares of ``n_voters``) get a home station by catchment
    share (Dirichlet(``catchment_concentration``)), visit it with ``p_visit``,
    contact one of its deputies with ``p_contact``, join a sector station with
    ``p_sector_member`` and use the platform with ``p_digital`` (effective
    values under the switched-on mechanisms). Each station refers to
    ``n_referral_departments`` departments; the platform to all.

    Parameters
    ----------
    params : NetworkParams
    seed : int, SeedSequence or Generator, optional
    mechanisms_off : iterable of str
        Mechanisms switched off for this draw (counterfactual).
    fallback : float
        Assumption about the users of a channel that ``mechanisms_off`` removes
        or weakens (platform, sector stations, contact): a share ``fallback`` of
        them visit their home station instead, i.e. the visit probability becomes
        ``1 - (1 - p_visit) * prod(1 - fallback * lost_c)`` with ``lost_c`` the
        drop in channel ``c``'s probability (:func:`fallback_visit`). 0 (default):
        nobody falls back; 1: every lost user does (reach is then kept in
        expectation when visits are possible).

    Returns
    -------
    NetworkDraw

    Examples
    --------
    >>> from democracy_study.networks.params import NetworkParams
    >>> p = NetworkParams.from_priors(n_deputies=30, n_stations=5, n_voters=500,
    ...                               n_voter_blocks=50)
    >>> d = draw_network(p, seed=3)
    >>> bool(d.membership.any(axis=0).all())  # every station has a deputy
    True
    >>> (draw_network(p, seed=3).block_home == d.block_home).all()
    np.True_
    """
    eff_on = None
    if mechanisms_off:
        eff_on = params.effective() if fallback else None
        params = params.without(*mechanisms_off)
    rng = _as_rng(seed)
    eff = params.effective()
    D, S, M = params.n_deputies, params.n_stations, params.n_departments
    n_sec = eff["n_sector_stations"]
    B = params.n_voter_blocks if params.n_voters > 0 else 0
    station_sector = np.zeros(S, dtype=bool)
    station_sector[S - n_sec :] = True
    residence = np.nonzero(~station_sector)[0]
    pool = residence if residence.size else np.arange(S)
    if S > 0:
        catch = rng.dirichlet(np.full(pool.size, eff["catchment_concentration"]))
    else:
        catch = np.zeros(0)
    # --- deputies
    membership = np.zeros((D, S), dtype=bool)
    if S > 0 and D > 0:
        home = rng.choice(pool, size=D, p=catch)
        if params.require_deputy_per_station:
            first = rng.permutation(D)[:S]
            home[first] = np.arange(S)
        membership[np.arange(D), home] = True
        if S > 1:
            second = rng.random(D) < eff["p_second_station"]
            other = rng.integers(0, S - 1, size=D)
            other = other + (other >= home)  # any station but the home one
            membership[np.nonzero(second)[0], other[second]] = True
    # --- referrals
    has_platform = bool(eff["digital_on"])
    referrals = np.zeros((S + int(has_platform), M), dtype=bool)
    k = eff["n_referral_departments"]
    if M > 0 and k > 0:
        for s in range(S):
            referrals[s, rng.choice(M, size=k, replace=False)] = True
        if has_platform:
            referrals[S, :] = True
    # --- voter blocks: home station, sector station, responsible deputy
    voters = np.full(B, params.n_voters // B if B else 0, dtype=np.int64)
    if B:
        voters[: params.n_voters % B] += 1
    block_home = np.full(B, -1, dtype=np.int64)
    block_deputy = np.full(B, -1, dtype=np.int64)
    if S > 0 and B:
        block_home = rng.choice(pool, size=B, p=catch).astype(np.int64)
        pick = rng.random(B)
        for s in range(S):
            deps = np.nonzero(membership[:, s])[0]
            sel = block_home == s
            if deps.size and sel.any():
                block_deputy[sel] = deps[(pick[sel] * deps.size).astype(np.int64)]
    block_sector = np.full(B, -1, dtype=np.int64)
    if n_sec > 0 and B:
        block_sector = rng.choice(np.nonzero(station_sector)[0], size=B).astype(np.int64)
    # --- voters: independent channels, aggregated per block into 16 classes
    p_ch = _channel_vector(eff, S)
    if eff_on is not None and S > 0 and pool.size:
        p_ch[0] = fallback_visit(_channel_vector(eff_on, S), p_ch, fallback)
    combos = ((np.arange(16)[:, None] >> np.arange(4)[None, :]) & 1).astype(bool)  # (16, 4)
    counts = np.zeros((B, 16), dtype=np.int64)
    for has_dep in (True, False):
        sel = (block_deputy >= 0) == has_dep
        if not sel.any():
            continue
        p = p_ch.copy()
        if not has_dep:
            p[2] = 0.0
        probs = np.prod(np.where(combos, p[None, :], 1.0 - p[None, :]), axis=1)
        probs = probs / probs.sum()
        counts[sel] = rng.multinomial(voters[sel], probs)
    counts[:, 0] = 0  # combo 0 = no channel: not reached, no class
    cb, cc = np.nonzero(counts)
    return NetworkDraw(
        params=params,
        eff=eff,
        membership=membership,
        station_sector=station_sector,
        referrals=referrals,
        block_voters=voters,
        block_home=block_home,
        block_sector=block_sector,
        block_deputy=block_deputy,
        cls_block=cb.astype(np.int64),
        cls_voters=counts[cb, cc],
        cls_visit=combos[cc, 0],
        cls_sector=combos[cc, 1],
        cls_contact=combos[cc, 2],
        cls_digital=combos[cc, 3],
    )
