"""The data contract: every table's columns and the Frictionless descriptor.

:data:`TABLE_COLUMNS` fixes the columns (and their order) of every table that
:func:`democracy_study.corpus.parse_reports` produces; ``data/schema.yaml``
describes each field. :func:`datapackage` turns both into the
``datapackage.json`` written beside the tables (RESEARCH_DESIGN §3).

Examples
--------
>>> from democracy_study.schema import TABLE_COLUMNS, field_description
>>> TABLE_COLUMNS["quantities"][:3]
['source_file', 'report_id', 'paragraph_id']
>>> field_description("quantities", "value")["type"]
'number'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from democracy_study._util import load_package_yaml

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLE_COLUMNS", "datapackage", "field_description"]

TABLE_COLUMNS: dict[str, list[str]] = {
    "sources": [
        "source_file",
        "encoding",
        "sha256",
        "n_bytes",
        "n_chars",
        "title",
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
}

_PANDAS_TYPES = {"int64": "integer", "Int64": "integer", "float64": "number", "bool": "boolean"}


def _schema() -> dict[str, Any]:
    return load_package_yaml("schema.yaml")


def _fields(name: str, df: pd.DataFrame) -> list[dict[str, str]]:
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
        out.append({"name": col, "type": spec["type"], "description": spec["description"]})
    return out


def datapackage(
    tables: dict[str, pd.DataFrame], files: dict[str, tuple[str, str]], fmt: str
) -> dict[str, Any]:
    """The ``datapackage.json`` content for written *tables*.

    *files* maps table name to ``(file name, sha256)``.
    """
    schema = _schema()
    resources = []
    for name, df in tables.items():
        path, digest = files[name]
        res: dict[str, Any] = {
            "name": name,
            "path": path,
            "description": schema["tables"][name]["description"],
            "hash": f"sha256:{digest}",
            "schema": {"fields": _fields(name, df)},
        }
        if fmt == "csv":
            res.update(
                {
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                }
            )
        else:
            res.update({"format": "parquet", "mediatype": "application/vnd.apache.parquet"})
        resources.append(res)
    return {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
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
