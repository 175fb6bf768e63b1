"""The data contract: every table's columns and the Frictionless descriptor.

:data:`TABLE_COLUMNS` fixes the columns (and their order) of every table that
:func:`democracy_study.corpus.parse_reports` produces; ``data/schema.yaml``
describes each field, each table's primary and foreign keys, and which
columns hold a closed vocabulary (taken from the code's constants, see
:func:`enum_values`). :func:`datapackage` turns both into the
``datapackage.json`` written beside the tables (RESEARCH_DESIGN §3), which
``frictionless validate`` checks (types, keys, enums) for CSV output.

Examples
--------
>>> from democracy_study.schema import TABLE_COLUMNS, field_description
>>> TABLE_COLUMNS["quantities"][:3]
['source_file', 'report_id', 'paragraph_id']
>>> field_description("quantities", "value")["type"]
'number'
>>> primary_key("mechanisms")
['paragraph_id', 'code']
>>> enum_values("quantities", "qualifier")[:3]
('exact', 'over', 'at_least')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from democracy_study._util import load_package_yaml

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TABLE_COLUMNS",
    "admin_levels",
    "datapackage",
    "enum_values",
    "field_description",
    "foreign_keys",
    "primary_key",
    "table_fields",
]

TABLE_COLUMNS: dict[str, list[str]] = {
    "sources": [
        "source_file",
        "encoding",
        "sha256",
        "n_bytes",
        "n_chars",
        "format",
        "title",
        "published",
        "outlet",
        "author",
        "title_char_start",
        "title_char_end",
        "n_reports",
        "n_captions",
    ],
    "reports": [
        "report_id",
        "source_file",
        "kind",
        "place",
        "place_as_written",
        "admin_code",
        "admin_level",
        "place_en",
        "prefecture",
        "province",
        "place_match",
        "year",
        "headline",
        "correspondents",
        "n_paragraphs",
        "heading_char_start",
        "heading_char_end",
        "char_start",
        "char_end",
        "copy_of",
    ],
    "paragraphs": [
        "report_id",
        "paragraph_id",
        "source_file",
        "place",
        "position",
        "role",
        "theme",
        "text",
        "n_pieces",
        "spans",
        "flags",
        "char_start",
        "char_end",
        "page",
    ],
    "quantities": [
        "source_file",
        "report_id",
        "paragraph_id",
        "place",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "kind",
        "indicator",
        "evidence",
        "char_start",
        "char_end",
        "duplicate",
        # semantics (issue 11; democracy_study.parse.semantics)
        "quantity_id",
        "counted",
        "actor",
        "action",
        "scope",
        "period",
        "channel",
        "channel_entity",
        "part_of",
        "rate_of",
        "value_low",
        "value_high",
        "subject_place",
    ],
    "mechanisms": [
        "source_file",
        "report_id",
        "paragraph_id",
        "place",
        "code",
        "family",
        "evidence",
        "char_start",
        "char_end",
        "rule",
        "duplicate",
    ],
    "entities": [
        "source_file",
        "report_id",
        "paragraph_id",
        "type",
        "name",
        "evidence",
        "char_start",
        "char_end",
    ],
    "quality": [
        "source_file",
        "report_id",
        "paragraph_id",
        "issue",
        "detail",
        "evidence",
        "char_start",
        "char_end",
    ],
    # reported flows (issue 11; democracy_study.parse.relations.FUNNEL_COLUMNS)
    "funnels": [
        "funnel_id",
        "source_file",
        "report_id",
        "paragraph_id",
        "place",
        "flow",
        "channel",
        "channel_entity",
        "period",
        "from_quantity_id",
        "to_quantity_id",
        "from_indicator",
        "to_indicator",
        "from_value",
        "to_value",
        "ratio_low",
        "ratio_high",
        "evidence",
        "char_start",
        "char_end",
    ],
}

_PANDAS_TYPES = {"int64": "integer", "Int64": "integer", "float64": "number", "bool": "boolean"}
#: pandas dtypes that cannot hold a missing value: their columns are ``required`` in the descriptor.
_NOT_NULL_DTYPES = ("int64", "bool")

#: Resource attributes by output format (``profile`` of the package, then of each resource).
_FORMAT_META: dict[str, dict[str, Any]] = {
    "csv": {
        "package_profile": "tabular-data-package",
        "resource": {
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
        },
    },
    "parquet": {
        "package_profile": "data-package",
        "resource": {"format": "parquet", "mediatype": "application/vnd.apache.parquet"},
    },
    "stata": {
        "package_profile": "data-package",
        "resource": {"format": "dta", "mediatype": "application/x-stata-dta"},
    },
}


def _schema() -> dict[str, Any]:
    return load_package_yaml("schema.yaml")


def admin_levels() -> tuple[str, ...]:
    """Every ``admin_level`` the gazetteer can assign, sorted (from ``gazetteer_rules.yaml``).

    Examples
    --------
    >>> {"county", "district", "county-level city"} <= set(admin_levels())
    True
    """
    rules = load_package_yaml("gazetteer_rules.yaml")
    levels = {r["level"] for key in ("county_suffixes", "prefecture_suffixes", "province_suffixes",
                                     "township_suffixes") for r in rules.get(key) or ()}  # fmt: skip
    levels |= {r["level"] for r in (rules.get("level_by_code") or {}).values()}
    return tuple(sorted(levels))


def enum_values(table: str, column: str) -> tuple[str, ...] | None:
    """The closed vocabulary of *column* in *table*, or ``None`` if it is open.

    ``schema.yaml`` names the constant (``enum: module:NAME``); the values come
    from the code that produces the column, so the descriptor cannot drift from it.
    """
    import importlib

    spec = field_description(table, column)
    ref = spec.get("enum")
    if not ref:
        return None
    module, _, name = ref.partition(":")
    value = getattr(importlib.import_module(module), name)
    return tuple(value() if callable(value) else value)


def primary_key(table: str) -> list[str]:
    """The primary key columns of *table* (``schema.yaml``)."""
    return list(_schema()["tables"][table].get("primary_key") or [])


def foreign_keys(table: str) -> list[dict[str, Any]]:
    """Foreign keys of *table* in Frictionless form (``fields``, ``reference``)."""
    return [
        {"fields": list(fk["fields"]), "reference": dict(fk["reference"])}
        for fk in _schema()["tables"][table].get("foreign_keys") or []
    ]


def table_fields(name: str, df: pd.DataFrame) -> list[dict[str, Any]]:
    """The descriptor's field entries for table *name* as written from *df*.

    Each has ``name``, ``type``, ``description`` and, where they apply,
    ``constraints`` (``required`` for columns that cannot be missing, ``enum``).
    """
    schema = _schema()
    table = schema["tables"][name]
    out = []
    for col in df.columns:
        spec = table["fields"].get(col) or schema["common"].get(col)
        if spec is None:
            if name in ("place_mechanisms", "place_indicators"):
                kind = _PANDAS_TYPES.get(str(df[col].dtype), "string")
                what = (
                    "mechanism code (0/1)"
                    if name == "place_mechanisms"
                    else "indicator (largest reported value)"
                )
                spec = {
                    "type": kind,
                    "description": f"Column for {what}: {col}." if col != "place" else "",
                }
            else:
                raise ValueError(
                    f"table {name!r}: column {col!r} has no description in schema.yaml"
                )
        field: dict[str, Any] = {
            "name": col,
            "type": spec["type"],
            "description": spec["description"],
        }
        constraints: dict[str, Any] = {}
        if str(df[col].dtype) in _NOT_NULL_DTYPES:
            constraints["required"] = True
        if spec.get("enum"):
            constraints["enum"] = list(enum_values(name, col) or ())
        if constraints:
            field["constraints"] = constraints
        out.append(field)
    return out


def datapackage(
    tables: dict[str, pd.DataFrame | list[dict[str, Any]]],
    files: dict[str, tuple[str, str] | list[tuple[str, str, int]]],
    fmt: str,
) -> dict[str, Any]:
    """The ``datapackage.json`` content for written *tables*.

    *files* maps table name to ``(file name, sha256)``, or for a table written
    in parts (:func:`democracy_study.io.tables.write_partitioned`) to a list of
    ``(file name, sha256, rows)``: its resource then has a list ``path`` (a
    Frictionless multipart resource, parts in order) and a ``parts`` list with
    each part's ``hash`` and ``rows``. A value of *tables* is the DataFrame
    written, or the field list already made (:func:`table_fields`). *fmt* is
    ``csv``, ``parquet`` or ``stata``. Every table gets its primary key and
    foreign keys (to tables present in *tables*); closed vocabularies become
    ``enum`` constraints and columns that cannot be missing ``required`` ones.
    """
    if fmt not in _FORMAT_META:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(_FORMAT_META)}")
    schema = _schema()
    resources = []
    for name, df in tables.items():
        fields = df if isinstance(df, list) else table_fields(name, df)
        entry = files[name]
        res: dict[str, Any] = {"name": name}
        if isinstance(entry, list):
            res["path"] = [f for f, _, _ in entry]
            res["description"] = schema["tables"][name]["description"]
            res["parts"] = [{"path": f, "hash": f"sha256:{d}", "rows": n} for f, d, n in entry]
        else:
            res["path"] = entry[0]
            res["description"] = schema["tables"][name]["description"]
            res["hash"] = f"sha256:{entry[1]}"
        res["schema"] = {"fields": fields}
        pk = primary_key(name)
        if pk:
            res["schema"]["primaryKey"] = pk
        fks = [fk for fk in foreign_keys(name) if fk["reference"]["resource"] in tables]
        if fks:
            res["schema"]["foreignKeys"] = fks
        res.update(_FORMAT_META[fmt]["resource"])
        resources.append(res)
    return {
        "profile": _FORMAT_META[fmt]["package_profile"],
        "name": "democracy-study-corpus",
        "title": "County people's congress reports: provenance-tracked tables",
        "description": "Produced by democracy-study from data/raw. Every row from text carries source_file, "
        "char_start and char_end into the decoded source.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 (tables; source texts keep their own rights)",
            }
        ],
        "resources": resources,
    }


def field_description(table: str, column: str) -> dict[str, str]:
    """The schema entry (``type``, ``description``) of *column* in *table*."""
    schema = _schema()
    spec = schema["tables"][table]["fields"].get(column) or schema["common"].get(column)
    if spec is None:
        raise KeyError(f"table {table!r}: column {column!r} has no description in schema.yaml")
    return spec
