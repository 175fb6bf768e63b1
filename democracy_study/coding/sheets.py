"""Tools for human coders: blind coding sheets and a concordance.

:func:`coding_sheet` makes a *blind* sheet for a second (third …) coder: one
row per paragraph in a seeded random order, the paragraph's id, place,
offsets and text, a ``done`` and a ``note`` column, and one blank column per
codebook code. Nothing the automatic coder found is shown: no codes, no cue
matches, no rule ids; the companion file (:func:`codebook_sheet_notes`)
gives the codebook's definitions, include/exclude rules and examples but not
its cue patterns. :mod:`democracy_study.coding.agreement` reads the filled
sheets back.

:func:`concordance` (``Corpus.kwic``) lists every match of a pattern with its
context and source offsets, so a coder can check a cue across the corpus.

Examples
--------
>>> import types, pandas as pd
>>> paras = pd.DataFrame({"source_file": ["a.txt"], "report_id": ["a#r01"],
...     "paragraph_id": ["a#r01.p01"], "place": ["某县"], "text": ["代表进站接待选民。"],
...     "spans": ["[[0, 9]]"], "char_start": [0], "char_end": [9]})
>>> corpus = types.SimpleNamespace(paragraphs=paras, texts={"a.txt": "代表进站接待选民。"})
>>> sheet = coding_sheet(corpus, "li")
>>> list(sheet.columns[:8]), sheet["liaison_station"].tolist()
(['coder', 'paragraph_id', 'place', 'char_start', 'char_end', 'text', 'done', 'note'], [''])
>>> concordance(corpus, "接待", window=2)[["left", "match", "right", "char_start"]].to_dict("records")
[{'left': '进站', 'match': '接待', 'right': '选民', 'char_start': 4}]
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study._util import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from democracy_study.coding.codebook import Codebook

__all__ = [
    "CONCORDANCE_COLUMNS",
    "SHEET_COLUMNS",
    "codebook_sheet_notes",
    "coding_sheet",
    "concordance",
    "notes_path",
    "write_coding_sheet",
]

#: The columns of a coding sheet before the code columns (one per codebook code, blank).
SHEET_COLUMNS = ("coder", "paragraph_id", "place", "char_start", "char_end", "text", "done", "note")
#: Columns of :func:`concordance`.
CONCORDANCE_COLUMNS = (
    "source_file",
    "report_id",
    "paragraph_id",
    "place",
    "left",
    "match",
    "right",
    "char_start",
    "char_end",
)


def coding_sheet(
    corpus: Any, coder: str, *, seed: int = 0, codebook: Codebook | None = None
) -> pd.DataFrame:
    """A blind coding sheet: one row per paragraph of *corpus*, in a seeded random order.

    Parameters
    ----------
    corpus : object
        With a ``paragraphs`` DataFrame (paragraph_id, place, text,
        char_start, char_end), e.g. :class:`democracy_study.corpus.Corpus`.
    coder : str
        The coder's name, written in every row (the agreement report uses it).
    seed : int
        Seed of the row order (same seed, same order).
    codebook : Codebook, optional
        Default: the shipped codebook; one blank column per code.

    Returns
    -------
    DataFrame
        :data:`SHEET_COLUMNS` followed by the codes; every code, ``done`` and
        ``note`` cell is empty.
    """
    import numpy as np
    import pandas as pd

    from democracy_study.coding.codebook import load_codebook

    name = str(coder).strip()
    if not name:
        raise ValueError("coding sheet: --coder must be a non-empty name")
    cb = codebook if codebook is not None else load_codebook()
    p = corpus.paragraphs
    order = np.random.default_rng(seed).permutation(len(p))
    rows = p.iloc[order]
    out = pd.DataFrame(
        {
            "coder": name,
            "paragraph_id": rows["paragraph_id"].astype(str).to_numpy(),
            "place": rows["place"].fillna("").astype(str).to_numpy(),
            "char_start": rows["char_start"].astype("int64").to_numpy(),
            "char_end": rows["char_end"].astype("int64").to_numpy(),
            "text": rows["text"].astype(str).to_numpy(),
            "done": "",
            "note": "",
        }
    )
    blank = pd.DataFrame("", index=out.index, columns=cb.code_names)
    return pd.concat([out, blank], axis=1)


def notes_path(sheet: str | Path) -> Path:
    """The companion file of a sheet: ``SHEET.csv`` → ``SHEET.codebook.md``.

    >>> notes_path("out/li.csv").name
    'li.codebook.md'
    """
    p = Path(sheet)
    return p.with_name(p.stem + ".codebook.md")


def codebook_sheet_notes(
    codebook: Codebook | None = None, *, coder: str = "", seed: int = 0, n: int = 0
) -> str:
    """The companion file: how to fill the sheet and every code's definition (no cue patterns).

    >>> text = codebook_sheet_notes(coder="li")
    >>> text.startswith("# Coding sheet instructions"), "liaison_station" in text
    (True, True)
    """
    from democracy_study.coding.codebook import load_codebook

    cb = codebook if codebook is not None else load_codebook()
    out = [
        "# Coding sheet instructions",
        "",
        f"Coder: {coder}. Paragraphs: {n}, in a random order (seed {seed}). "
        f"Codebook version {cb.version}: {len(cb.codes)} codes.",
        "",
        "Read each paragraph's `text` and decide, for every code below, whether the paragraph "
        "describes that mechanism as practised in the place. In the code's column write",
        "",
        "- `1`: present; `0`: absent; `?`: cannot tell from the text (counted as missing);",
        "- leave a cell blank if you have not decided yet (missing).",
        "",
        "When a paragraph is finished, write `1` in `done`: in a done row every blank code cell "
        "counts as `0`, so you only need to mark the codes that are present. Use `note` for "
        "anything the adjudicator should know. Do not change `coder`, `paragraph_id`, "
        "`char_start`, `char_end` or `text`, and do not look at the automatic codes "
        "(data/processed/mechanisms.csv) while coding.",
        "",
        "## Codes",
    ]
    for fam in cb.families:
        out += ["", f"### {cb.family_label(fam)} ({cb.family_label(fam, 'zh')})"]
        for c in cb.codes:
            if c.family != fam:
                continue
            out += [
                "",
                f"#### `{c.code}`: {c.label_en} / {c.label_zh}",
                "",
                f"**Definition.** {c.definition}",
                "",
                f"**Include.** {c.include}",
                "",
                f"**Exclude.** {c.exclude}",
            ]
            if c.examples:
                out += ["", "**Examples.**", ""] + [f"> {ex}" for ex in c.examples]
    return "\n".join(out) + "\n"


def write_coding_sheet(
    corpus: Any,
    coder: str,
    out: str | Path,
    *,
    seed: int = 0,
    codebook: Codebook | None = None,
) -> tuple[Path, Path]:
    """Write the sheet (UTF-8 with BOM, so spreadsheets read the Chinese) and its companion file.

    Returns the paths of the sheet and of the companion ``.codebook.md``.
    """
    from democracy_study.coding.codebook import load_codebook

    cb = codebook if codebook is not None else load_codebook()
    sheet = coding_sheet(corpus, coder, seed=seed, codebook=cb)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    body = sheet.to_csv(index=False, lineterminator="\n")
    atomic_write_bytes(out, ("\ufeff" + body).encode("utf-8"))
    notes = notes_path(out)
    atomic_write_text(
        notes, codebook_sheet_notes(cb, coder=str(coder).strip(), seed=seed, n=len(sheet))
    )
    return out, notes


def concordance(corpus: Any, pattern: str, window: int = 20) -> pd.DataFrame:
    """Every match of *pattern* in the paragraphs of *corpus*, with context and offsets.

    Parameters
    ----------
    corpus : object
        With ``paragraphs`` (source_file, report_id, paragraph_id, place,
        spans) and ``texts``.
    pattern : str
        A regular expression, matched like the codebook's cues on the
        normalised text (half-width, simplified); write punctuation half-width.
        Traditional characters in the pattern are simplified, so ``進站``
        finds ``进站``.
    window : int
        Characters of context on each side (within the paragraph).

    Returns
    -------
    DataFrame
        :data:`CONCORDANCE_COLUMNS`; ``match`` is the exact source text
        (``texts[source_file][char_start:char_end] == match``), ``left`` and
        ``right`` are taken from the joined paragraph text.
    """
    import pandas as pd

    from democracy_study.text import JoinedText, to_simplified

    if window < 0:
        raise ValueError(f"window must be >= 0, not {window}")
    try:
        rx = re.compile(to_simplified(pattern))
    except re.error as exc:
        raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    p = corpus.paragraphs
    rows: list[dict[str, Any]] = []
    cols = ["source_file", "report_id", "paragraph_id", "place", "spans"]
    for sf, rid, pid, place, spans in zip(*(p[c] for c in cols), strict=True):
        jt = JoinedText(corpus.texts[str(sf)], [tuple(s) for s in json.loads(spans)])
        for m in rx.finditer(jt.normalized):
            if m.end() == m.start():
                continue
            ev, cs, ce = jt.evidence(m.start(), m.end())
            rows.append(
                {
                    "source_file": str(sf),
                    "report_id": str(rid),
                    "paragraph_id": str(pid),
                    "place": "" if pd.isna(place) else str(place),
                    "left": jt.text[max(0, m.start() - window) : m.start()],
                    "match": ev,
                    "right": jt.text[m.end() : m.end() + window],
                    "char_start": cs,
                    "char_end": ce,
                }
            )
    out = pd.DataFrame(rows, columns=list(CONCORDANCE_COLUMNS))
    for c in ("char_start", "char_end"):
        out[c] = out[c].astype("int64")
    return out
