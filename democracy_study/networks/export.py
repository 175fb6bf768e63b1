"""Export drawn networks for other tools (Gephi, igraph, R): GraphML, GEXF, tables.

Examples
--------
>>> from democracy_study.networks.params import NetworkParams
>>> from democracy_study.networks.model import draw_network
>>> G = draw_network(NetworkParams.from_priors(n_deputies=6, n_stations=2, n_voters=50,
...                  n_voter_blocks=5), seed=0).to_networkx()
>>> node_table(G)["kind"].value_counts()["deputy"]
np.int64(6)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["edge_table", "node_table", "to_gexf", "to_graphml"]


def _plain(v: Any) -> Any:
    if isinstance(v, np.bool_ | bool):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, int | float | str):
        return v
    if v is None:
        return None
    return str(v)


def _serialisable(G):
    """Copy of G whose attributes are plain str/int/float/bool (None dropped)."""
    H = G.__class__()
    H.graph.update({k: _plain(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from(
        (str(n), {k: _plain(v) for k, v in d.items() if v is not None})
        for n, d in G.nodes(data=True)
    )
    H.add_edges_from(
        (str(u), str(v), {k: _plain(x) for k, x in d.items() if x is not None})
        for u, v, d in G.edges(data=True)
    )
    return H


def to_graphml(G, path: str | Path) -> Path:
    """Write ``G`` as GraphML (attributes made serialisable); returns the path.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.Graph(); G.add_node("a", kind="deputy", voters=np.int64(3)); G.add_edge("a", "b", type="works_at")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = to_graphml(G, os.path.join(d, "g.graphml"))
    ...     nx.read_graphml(p).nodes["a"]["voters"]
    3
    """
    import networkx as nx

    path = Path(path)
    nx.write_graphml(_serialisable(G), path)
    return path


def to_gexf(G, path: str | Path) -> Path:
    """Write ``G`` as GEXF (for Gephi); returns the path.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.Graph(); G.add_edge("a", "b", type="visits")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = to_gexf(G, os.path.join(d, "g.gexf"))
    ...     sorted(nx.read_gexf(p).nodes)
    ['a', 'b']
    """
    import networkx as nx

    path = Path(path)
    nx.write_gexf(_serialisable(G), path)
    return path


def node_table(G):
    """One row per node: ``node`` plus its attributes, sorted by node id.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("b", kind="station"); G.add_node("a", kind="deputy")
    >>> node_table(G)["node"].tolist()
    ['a', 'b']
    """
    import pandas as pd

    rows = [{"node": str(n), **d} for n, d in G.nodes(data=True)]
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=["node", "kind"])
    return df.sort_values("node", kind="stable").reset_index(drop=True)


def edge_table(G):
    """One row per edge: ``source``, ``target`` (sorted pair) and attributes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_edge("s", "d", type="refers_to")
    >>> edge_table(G).iloc[0].tolist()
    ['d', 's', 'refers_to']
    """
    import pandas as pd

    rows = []
    for u, v, d in G.edges(data=True):
        a, b = sorted((str(u), str(v)))
        rows.append({"source": a, "target": b, **d})
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=["source", "target", "type"])
    return df.sort_values(["source", "target"], kind="stable").reset_index(drop=True)
