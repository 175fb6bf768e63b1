"""Parallel parsing: any concurrent.futures executor gives the serial tables, byte for byte."""

from __future__ import annotations

import io
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from democracy_study.corpus import parse_reports

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import write_corpus


def _csv_bytes(corpus) -> dict[str, bytes]:
    out = {}
    for name, t in corpus.tables().items():
        buf = io.StringIO()
        t.to_csv(buf, index=False)
        out[name] = buf.getvalue().encode("utf-8")
    return out


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("syn")
    write_corpus(d, 12, per_file=2, syndicated=0.25, seed=3)
    return d


@pytest.fixture(scope="module")
def serial(corpus_dir):
    return _csv_bytes(parse_reports([corpus_dir]))


def test_thread_pool_matches_serial(corpus_dir, serial):
    with ThreadPoolExecutor(2) as ex:
        assert _csv_bytes(parse_reports([corpus_dir], executor=ex)) == serial


def test_process_pool_matches_serial(corpus_dir, serial):
    with ProcessPoolExecutor(2) as ex:
        assert _csv_bytes(parse_reports([corpus_dir], executor=ex)) == serial


def test_cache_gives_the_same_tables_and_parses_only_new_files(corpus_dir, serial, tmp_path):
    from democracy_study import _parse_one

    cache = tmp_path / "cache"
    assert _csv_bytes(parse_reports([corpus_dir], cache=cache)) == serial  # cold
    calls = []
    real = _parse_one.parse_source

    def counting(src, code_mechanisms=True):
        calls.append(src.name)
        return real(src, code_mechanisms)

    _parse_one.parse_source = counting
    try:
        assert _csv_bytes(parse_reports([corpus_dir], cache=cache)) == serial  # warm
        assert calls == []
        (corpus_dir / "zz_new.txt").write_text(
            "## 昌乐县：新增\n\n开展活动3次。\n", encoding="utf-8"
        )
        parse_reports([corpus_dir], cache=cache)
        assert calls == ["zz_new.txt"]  # one new file: one parse
    finally:
        _parse_one.parse_source = real
        (corpus_dir / "zz_new.txt").unlink()


@pytest.mark.parametrize("arrow", [True, False])
def test_cache_without_snapshots_parses_only_new_files_too(
    corpus_dir, serial, tmp_path, monkeypatch, caplog, arrow
):
    # without pyarrow (no parquet extra) there is no snapshot; the per-source cache still
    # spares the parse of unchanged files and the tables are the same
    import logging

    from democracy_study import _parse_one, _snapshot

    if arrow and not _snapshot.available():
        pytest.skip("pyarrow not installed")
    monkeypatch.setattr(_snapshot, "available", lambda: arrow)
    cache = tmp_path / "cache"
    with caplog.at_level(logging.INFO, logger="democracy_study.corpus"):
        assert _csv_bytes(parse_reports([corpus_dir], cache=cache)) == serial
    assert ("pyarrow is not installed" in caplog.text) is not arrow
    assert (cache / "snapshots").exists() is arrow
    calls = []
    real = _parse_one.parse_source
    monkeypatch.setattr(
        _parse_one, "parse_source", lambda src, cm=True: (calls.append(src.name), real(src, cm))[1]
    )
    assert _csv_bytes(parse_reports([corpus_dir], cache=cache)) == serial
    assert calls == []


def test_bad_executor_is_a_clear_error(corpus_dir):
    with pytest.raises(ValueError, match="executor must be"):
        parse_reports([corpus_dir], executor="threads")


def test_a_changed_rule_file_misses_the_cache(corpus_dir, tmp_path, monkeypatch):
    # the cache key holds a digest of the package's code and rule files: rows made by other
    # rules (an edited indicators.yaml) are parsed again, not reused
    from democracy_study import _cache, _parse_one

    cache = tmp_path / "cache"
    parse_reports([corpus_dir], cache=cache)
    calls = []
    real = _parse_one.parse_source
    monkeypatch.setattr(
        _parse_one, "parse_source", lambda src, cm=True: (calls.append(src.name), real(src, cm))[1]
    )
    parse_reports([corpus_dir], cache=cache)
    assert calls == []
    monkeypatch.setattr(_cache, "code_digest", lambda: "0" * 64)  # as if a rule had changed
    parse_reports([corpus_dir], cache=cache)
    assert sorted(calls) == sorted(p.name for p in corpus_dir.iterdir())
