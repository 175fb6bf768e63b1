"""Every path the package uses, defined once.

The project layout follows Cookiecutter Data Science: ``data/raw`` is immutable
input, ``data/processed`` is produced by the pipeline, ``figures`` holds exported
figures. Paths are resolved against the project root, which is the current
working directory if it looks like a democracy-study checkout (has ``data/raw``)
and the repository containing this package otherwise. Set the environment
variable ``DEMOCRACY_STUDY_ROOT`` to point elsewhere.

Examples
--------
>>> from democracy_study import config
>>> config.DATA_RAW.name
'raw'
>>> config.PACKAGE_DATA.name
'data'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "CODEBOOK_FILE",
    "DATA_ANNOTATIONS",
    "DATA_PROCESSED",
    "DATA_RAW",
    "DATA_RESULTS",
    "FIGURES",
    "FIGURE_MANIFEST",
    "GOLD_DIR",
    "PACKAGE_DATA",
    "PROJECT_ROOT",
    "project_root",
]

PACKAGE_DIR = Path(__file__).resolve().parent
#: Data files shipped inside the package (codebook, gazetteer, priors, lexicons).
PACKAGE_DATA = PACKAGE_DIR / "data"


def project_root() -> Path:
    """Return the project root used for ``data/`` and ``figures/``."""
    env = os.environ.get("DEMOCRACY_STUDY_ROOT")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if (candidate / "data" / "raw").is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    return PACKAGE_DIR.parent


PROJECT_ROOT = project_root()
DATA_RAW = PROJECT_ROOT / "data" / "raw"
DATA_PROCESSED = PROJECT_ROOT / "data" / "processed"
#: Result tables of the analyses (written by the build).
DATA_RESULTS = PROJECT_ROOT / "data" / "results"
#: Human corrections applied by the build (see ``democracy_study.annotations``).
DATA_ANNOTATIONS = PROJECT_ROOT / "data" / "annotations"
FIGURES = PROJECT_ROOT / "figures"
FIGURE_MANIFEST = FIGURES / "manifest.csv"
CODEBOOK_FILE = PACKAGE_DATA / "codebook.yaml"
#: Hand-made gold annotations of the seed corpus (made before the rules were tuned).
GOLD_DIR = PROJECT_ROOT / "tests" / "data"
