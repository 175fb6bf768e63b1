"""Patterns in a place × code matrix: which codes co-occur, which places resemble each other.

The input is the 0/1 place × mechanism-code table of
:func:`democracy_study.coding.coder.place_mechanisms` (one row per place, one
column per code, 1 = the report describes the mechanism as practised).
:func:`cooccurrence_graph` links codes reported by the same places;
:func:`place_clusters` groups places by the Jaccard distance between their
sets of codes; :func:`place_order` gives a row order for tables and figures.
The figures that draw these results are in :mod:`democracy_study.plots.mechanisms`.

The matrices describe what the reports *say*: self-selected highlights written
by the committees' own correspondents, about a dozen places. Absence of a code
means "not reported", not "not practised"; the clustering is descriptive only.

Examples
--------
>>> import pandas as pd
>>> pm = pd.DataFrame({"liaison_station": [1, 1, 0], "special_inquiry": [1, 0, 1]},
...                   index=pd.Index(["甲县", "乙县", "丙县"], name="place"))
>>> g = cooccurrence_graph(pm)
>>> g.edges["liaison_station", "special_inquiry"]["weight"]  # hand: only 甲县 reports both
1
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from democracy_study.coding.codebook import Codebook, load_codebook

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import numpy as np
    import pandas as pd

__all__ = [
    "PlaceClusters",
    "check_place_matrix",
    "codes_in_order",
    "cooccurrence_graph",
    "place_clusters",
    "place_order",
]


def check_place_matrix(place_mechanisms: pd.DataFrame) -> pd.DataFrame:
    """Check that *place_mechanisms* is a non-empty 0/1 place × code table; return it as int.

    Raises
    ------
    TypeError
        If it is not a DataFrame.
    ValueError
        If it is empty, has missing values or holds anything but 0 and 1 (the
        message names the offending columns).

    Examples
    --------
    >>> import pandas as pd
    >>> check_place_matrix(pd.DataFrame({"a": [True, False]}))["a"].tolist()
    [1, 0]
    >>> check_place_matrix(pd.DataFrame({"a": [1, 2]}))
    Traceback (most recent call last):
    ...
    ValueError: place_mechanisms must hold 0/1 only; bad columns: ['a']
    """
    import pandas as pd

    if not isinstance(place_mechanisms, pd.DataFrame):
        raise TypeError(
            f"place_mechanisms must be a DataFrame, not {type(place_mechanisms).__name__}"
        )
    pm = place_mechanisms
    if pm.empty:
        raise ValueError("place_mechanisms is empty")
    bad = [c for c in pm.columns if not set(pm[c].dropna().astype(int).unique()) <= {0, 1}]
    if bad or pm.isna().any().any():
        raise ValueError(
            f"place_mechanisms must hold 0/1 only; bad columns: {bad or 'missing values'}"
        )
    return pm.astype(int)


def codes_in_order(place_mechanisms: pd.DataFrame, codebook: Codebook) -> list[str]:
    """The matrix's code columns in codebook order.

    Raises
    ------
    ValueError
        If a column is not a code of *codebook* (the message lists them).

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"special_inquiry": [1], "liaison_station": [0]})
    >>> cb = load_codebook()
    >>> codes_in_order(pm, cb) == [c for c in cb.code_names if c in pm.columns]
    True
    >>> codes_in_order(pd.DataFrame({"no_such_code": [1]}), cb)
    Traceback (most recent call last):
    ...
    ValueError: place_mechanisms has columns not in the codebook: no_such_code
    """
    unknown = [c for c in place_mechanisms.columns if c not in codebook]
    if unknown:
        raise ValueError(
            f"place_mechanisms has columns not in the codebook: {', '.join(map(str, unknown))}"
        )
    return [c for c in codebook.code_names if c in place_mechanisms.columns]


@dataclass
class PlaceClusters:
    """Hierarchical clustering of places on Jaccard distance between code sets.

    Attributes
    ----------
    places : list of str
        Places in matrix order.
    distance : DataFrame
        Place × place Jaccard distance (two places with no codes: 0).
    linkage : ndarray
        SciPy linkage matrix (None with fewer than two places).
    order : list of str
        Places in dendrogram leaf order.
    method : str
        SciPy linkage method.
    """

    places: list[str]
    distance: pd.DataFrame
    linkage: np.ndarray | None
    order: list[str]
    method: str


def place_clusters(place_mechanisms: pd.DataFrame, method: str = "average") -> PlaceClusters:
    """Cluster places by the Jaccard distance between their sets of codes.

    Parameters
    ----------
    place_mechanisms : DataFrame
        Place × code, 0/1.
    method : str
        SciPy linkage method (``average`` by default; Ward is not meaningful
        for Jaccard distances). Leaves are put in optimal order
        (``optimal_ordering=True``), so the result is deterministic.

    Returns
    -------
    PlaceClusters

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"a": [1, 1, 0], "b": [1, 1, 0], "c": [0, 0, 1]}, index=["P", "Q", "R"])
    >>> pc = place_clusters(pm)
    >>> # hand: P and Q share both codes (distance 0), R shares none (distance 1)
    >>> float(pc.distance.loc["P", "Q"]), float(pc.distance.loc["P", "R"])
    (0.0, 1.0)
    >>> set(pc.order[1:]) == {"P", "Q"}  # hand: P and Q merge first, so they are adjacent
    True
    """
    import numpy as np
    import pandas as pd
    from scipy.cluster import hierarchy
    from scipy.spatial.distance import pdist, squareform

    pm = check_place_matrix(place_mechanisms)
    places = [str(p) for p in pm.index]
    x = pm.to_numpy(dtype=bool)
    n = len(places)
    if n < 2:
        dist = pd.DataFrame(np.zeros((n, n)), index=places, columns=places)
        return PlaceClusters(places, dist, None, places, method)
    # two places without any code: scipy gives 0 (or NaN in old versions) -> 0
    condensed = np.nan_to_num(pdist(x, metric="jaccard"), nan=0.0)
    dist = pd.DataFrame(squareform(condensed), index=places, columns=places)
    link = hierarchy.linkage(condensed, method=method, optimal_ordering=True)
    leaves = hierarchy.leaves_list(link)
    return PlaceClusters(places, dist, link, [places[i] for i in leaves], method)


def place_order(
    place_mechanisms: pd.DataFrame, how: str = "cluster", codebook: Codebook | None = None
) -> list[str]:
    """A meaningful row order: dendrogram leaves (``cluster``) or ``total`` codes (desc).

    Parameters
    ----------
    place_mechanisms : DataFrame
        Place × code, 0/1.
    how : {'cluster', 'total'}
        ``cluster``: the leaf order of :func:`place_clusters`; ``total``: most
        codes first, ties by name.
    codebook : Codebook, optional
        Unused; accepted for symmetry with the other functions.

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"liaison_station": [0, 1], "special_inquiry": [0, 1]}, index=["P", "Q"])
    >>> place_order(pm, how="total")
    ['Q', 'P']
    """
    pm = check_place_matrix(place_mechanisms)
    if how == "cluster":
        return place_clusters(pm).order
    if how == "total":
        totals = pm.sum(axis=1)
        return sorted(totals.index.astype(str), key=lambda p: (-int(totals[p]), p))
    raise ValueError(f"how must be 'cluster' or 'total', not {how!r}")


def cooccurrence_graph(
    place_mechanisms: pd.DataFrame, codebook: Codebook | None = None
) -> nx.Graph:
    """Code co-occurrence graph: nodes are codes reported by at least one place.

    Node attributes: ``family``, ``n_places``. Edge ``weight``: the number of
    places reporting both codes (edges with weight 0 are absent). Nodes are
    added in codebook order.

    Examples
    --------
    >>> import pandas as pd
    >>> pm = pd.DataFrame({"liaison_station": [1, 1], "special_inquiry": [1, 1],
    ...                    "deputy_mediation": [0, 0]}, index=["P", "Q"])
    >>> g = cooccurrence_graph(pm)
    >>> sorted(g.nodes), g.edges["liaison_station", "special_inquiry"]["weight"]
    (['liaison_station', 'special_inquiry'], 2)
    """
    import networkx as nx

    cb = codebook if codebook is not None else load_codebook()
    pm = check_place_matrix(place_mechanisms)
    codes = [c for c in codes_in_order(pm, cb) if pm[c].sum() > 0]
    g = nx.Graph()
    for c in codes:
        g.add_node(c, family=cb.family(c), n_places=int(pm[c].sum()))
    x = pm[codes].to_numpy()
    both = x.T @ x
    for i, a in enumerate(codes):
        for j in range(i + 1, len(codes)):
            w = int(both[i, j])
            if w > 0:
                g.add_edge(a, codes[j], weight=w)
    return g
