"""Every figure the build writes: name, caption, notebook, drawing function.

Figure names are stable (papers cite them); add new figures with new numbers.
"""

from __future__ import annotations

from .pipeline import FigureSpec

__all__ = ["FIGURE_SPECS"]

FIGURE_SPECS: list[FigureSpec] = []
