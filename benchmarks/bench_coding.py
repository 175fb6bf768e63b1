"""Benchmark: code the seed corpus's paragraphs repeatedly; print paragraphs/s and MB/s.

Run from the project root::

    python benchmarks/bench_coding.py [--repeat 100]

Uses the project's parser (``democracy_study.corpus.parse_reports``) for the
paragraphs; if it cannot run, paragraphs are approximated by splitting the
source on blank lines. Only coding is timed (parsing is done once, outside the
timer). Numbers depend on the machine; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from democracy_study.coding.codebook import load_codebook  # noqa: E402
from democracy_study.coding.coder import code_corpus, code_text, compile_codebook  # noqa: E402
from democracy_study.io.sources import read_source  # noqa: E402

DEFAULT = ROOT / "data" / "raw" / "weifang_2024_county_congress_highlights.txt"


def _approximate(path: Path):
    import pandas as pd

    src = read_source(path)
    rows = []
    for i, m in enumerate(re.finditer(r"\S[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*", src.text)):
        rows.append(
            {
                "source_file": src.name,
                "report_id": "r",
                "paragraph_id": f"r.p{i:03d}",
                "place": "",
                "spans": json.dumps([[m.start(), m.end()]]),
                "flags": "",
            }
        )
    quality = pd.DataFrame(columns=["source_file", "report_id", "issue", "char_start", "char_end"])
    return types.SimpleNamespace(
        paragraphs=pd.DataFrame(rows), texts={src.name: src.text}, quality=quality
    ), "blank-line split"


def _corpus(path: Path):
    try:
        from democracy_study.corpus import parse_reports

        return parse_reports([path], code_mechanisms=False), "parse_reports"
    except Exception as exc:
        print(
            f"parser unavailable ({type(exc).__name__}: {exc}); using blank-line split",
            file=sys.stderr,
        )
        return _approximate(path)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the numbers."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=100)
    args = ap.parse_args(argv)

    cb = load_codebook()
    t0 = time.perf_counter()
    compile_codebook(cb)
    t_compile = time.perf_counter() - t0
    corpus, how = _corpus(args.path)
    n_par = len(corpus.paragraphs)
    texts = []
    for sf, spans in zip(corpus.paragraphs["source_file"], corpus.paragraphs["spans"], strict=True):
        text = corpus.texts[sf]
        texts.append("".join(text[s:e] for s, e in json.loads(spans)))
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)

    code_corpus(corpus, cb)  # warm-up
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        m = code_corpus(corpus, cb)
    t_corpus = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for t in texts:
            code_text(t, cb)
    t_text = time.perf_counter() - t0

    mb = n_bytes * args.repeat / 1e6
    print(f"paragraphs: {n_par} ({how}), {n_bytes / 1e3:.1f} kB UTF-8, repeat x{args.repeat}")
    print(
        f"codebook: {len(cb.codes)} codes, {cb.n_cues} cues; one combined regex compiled in {t_compile * 1e3:.1f} ms"
    )
    print(
        f"code_corpus (mechanisms table, {len(m)} rows): {t_corpus:.2f} s -> "
        f"{n_par * args.repeat / t_corpus:,.0f} paragraphs/s, {mb / t_corpus:.2f} MB/s"
    )
    print(
        f"code_text only:                        {t_text:.2f} s -> "
        f"{n_par * args.repeat / t_text:,.0f} paragraphs/s, {mb / t_text:.2f} MB/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
