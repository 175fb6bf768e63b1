"""mkdocs hook: expand ``<!-- modules: PACKAGE -->`` into one mkdocstrings block per public module.

The module list comes from the package itself (``pkgutil``), so a new or renamed
module needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

_MARK = re.compile(r"<!-- modules: ([\w.]+) -->")


def _modules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return sorted(
        f"{package}.{m.name}"
        for m in pkgutil.iter_modules(pkg.__path__)
        if not m.name.startswith("_")
    )


def on_page_markdown(markdown: str, **_kwargs) -> str:
    return _MARK.sub(
        lambda m: "\n\n".join(f"::: {name}" for name in _modules(m.group(1))), markdown
    )


class _LiteralRefFilter:
    """Drop autorefs warnings whose "target" is a Python literal from doctest output.

    ``['a', 'b']`` printed by a doctest outside an Examples section reads as a
    Markdown reference link; such a target contains a quote, which no real
    cross-reference target does. Every other warning stays an error (``strict``).
    """

    def filter(self, record) -> bool:
        msg = record.getMessage()
        if "Could not find cross-reference target" not in msg:
            return True
        target = msg.split("target", 1)[1].strip().strip("'")
        return not any(q in target for q in "'\"")


def on_startup(**_kwargs) -> None:
    import logging

    for part in ("plugin", "references"):
        logging.getLogger(f"mkdocs.plugins.mkdocs_autorefs._internal.{part}").addFilter(
            _LiteralRefFilter()
        )
