"""Graphs of the parsed reports for Gephi and networkx users (GraphML and GEXF).

Two graphs of the *real* data (not the simulated networks of
:mod:`democracy_study.networks`):

- :func:`mechanism_graph`: mechanism codes as nodes (``family``,
  ``n_places``), an edge between two codes reported by the same place, with
  ``weight`` = the number of places reporting both (the co-occurrence graph of
  notebook 02, :func:`democracy_study.coding.patterns.cooccurrence_graph`).
- :func:`place_entity_graph`: a bipartite graph of places (``bipartite=0``)
  and the stations, platforms and departments their reports name
  (``bipartite=1``); edge ``weight`` = number of mentions. Personal names
  (deputies, correspondents) are left out by default.

:func:`export_graphs` writes both as GraphML and GEXF. Nodes and edges are
added in sorted order and the GEXF date stamp is removed, so the bytes depend
only on the data (and the networkx version named in the GEXF header).

Examples
--------
>>> import pandas as pd
>>> reports = pd.DataFrame({"report_id": ["a#r01"], "place": ["甲县"], "admin_code": ["1"],
...                         "place_en": ["Jia County"], "kind": ["report"]})
>>> entities = pd.DataFrame({"report_id": ["a#r01", "a#r01", "a#r01"],
...                          "type": ["station", "station", "deputy"],
...                          "name": ["甲站", "甲站", "张三"]})
>>> g = place_entity_graph(reports, entities)
>>> sorted(g.nodes), g.edges["place:甲县", "station:甲站"]["weight"]
(['place:甲县', 'station:甲站'], 2)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from democracy_study.corpus import Corpus

from democracy_study.networks.cooccurrence import (
    LIFT_COLUMNS,
    cooccurrence_lift,
    dendrogram_support,
)

__all__ = [
    "GRAPH_ENTITY_TYPES",
    "LIFT_COLUMNS",
    "cooccurrence_lift",
    "dendrogram_support",
    "export_graphs",
    "lift_graph",
    "mechanism_graph",
    "place_entity_graph",
    "write_gexf",
    "write_graphml",
]

#: Entity types in the place–entity graph by default: the institutions reports name.
GRAPH_ENTITY_TYPES = ("station", "platform", "department")
_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')


def mechanism_graph(corpus: Corpus) -> nx.Graph:
    """The mechanism co-occurrence graph of *corpus* (places' codes, duplicates excluded)."""
    from democracy_study.coding.patterns import cooccurrence_graph

    g = cooccurrence_graph(corpus.place_mechanisms)
    g.graph["name"] = "mechanism co-occurrence"
    return g


def place_entity_graph(
    reports: pd.DataFrame,
    entities: pd.DataFrame,
    types: Sequence[str] = GRAPH_ENTITY_TYPES,
) -> nx.Graph:
    """Bipartite graph: places and the entities of *types* their reports name.

    Place nodes are ``place:<name>`` (attributes ``kind='place'``, ``bipartite=0``,
    ``admin_code``, ``place_en``); entity nodes ``<type>:<name>`` (``kind``
    the entity type, ``bipartite=1``, ``name``). Entities in reports with no
    resolved place are left out.
    """
    import networkx as nx

    r = reports[reports["place"] != ""].set_index("report_id")
    e = entities[entities["type"].isin(list(types)) & entities["report_id"].isin(r.index)]
    g = nx.Graph(name="place-entity")
    places = r.drop_duplicates("place").sort_values("place")
    for row in places.itertuples():
        g.add_node(
            f"place:{row.place}",
            kind="place",
            bipartite=0,
            name=row.place,
            admin_code=row.admin_code,
            place_en=row.place_en,
        )
    pairs = (
        e.assign(place=r.loc[e["report_id"], "place"].to_numpy())
        .groupby(["place", "type", "name"], sort=True)
        .size()
    )
    for type_, name in sorted({(t, n) for _p, t, n in pairs.index}):
        g.add_node(f"{type_}:{name}", kind=type_, bipartite=1, name=name)
    for (place, type_, name), n in pairs.items():
        g.add_edge(f"place:{place}", f"{type_}:{name}", weight=int(n))
    return g


def write_graphml(g: nx.Graph, path: str | Path) -> Path:
    """Write *g* as GraphML (attributes made plain by :func:`~democracy_study.networks.export.to_graphml`)."""
    from democracy_study.networks.export import to_graphml

    return to_graphml(g, path)


def write_gexf(g: nx.Graph, path: str | Path) -> Path:
    """Write *g* as GEXF 1.2 without the writer's date stamp (deterministic bytes)."""
    from democracy_study._util import atomic_write_bytes
    from democracy_study.networks.export import to_gexf

    path = Path(path)
    to_gexf(g, path)
    atomic_write_bytes(path, _GEXF_DATE.sub(b"", path.read_bytes()))
    return path


def export_graphs(
    corpus: Corpus, out_dir: str | Path, types: Sequence[str] = GRAPH_ENTITY_TYPES
) -> list[Path]:
    """Write both graphs of *corpus* as GraphML and GEXF into *out_dir*; return the paths.

    Files: ``mechanism_cooccurrence.{graphml,gexf}``, ``place_entity.{graphml,gexf}``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graphs = {
        "mechanism_cooccurrence": mechanism_graph(corpus),
        "place_entity": place_entity_graph(corpus.reports, corpus.entities, types),
    }
    paths = []
    for name, g in graphs.items():
        paths.append(write_graphml(g, out / f"{name}.graphml"))
        paths.append(write_gexf(g, out / f"{name}.gexf"))
    return paths


def lift_graph(
    place_mechanisms: pd.DataFrame, table: pd.DataFrame, *, max_p: float = 1.0
) -> nx.Graph:
    """The co-occurrence graph with edge ``weight`` = ``log2(excess)`` for over-represented pairs.

    Nodes as :func:`democracy_study.coding.patterns.cooccurrence_graph`; an edge
    only where ``n_both`` exceeds the null mean (``excess > 1``) and
    ``p_greater <= max_p``; attributes ``n_both``, ``lift``, ``phi``, ``p_greater``.
    """
    import math

    from democracy_study.coding.patterns import cooccurrence_graph

    g = cooccurrence_graph(place_mechanisms)
    g.remove_edges_from(list(g.edges))
    for r in table.itertuples(index=False):
        if r.excess == r.excess and r.excess > 1 and r.p_greater <= max_p:
            g.add_edge(
                r.code_a,
                r.code_b,
                weight=math.log2(r.excess),
                n_both=int(r.n_both),
                lift=float(r.lift),
                phi=float(r.phi),
                p_greater=float(r.p_greater),
            )
    return g
