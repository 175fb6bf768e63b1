"""Fuzz: random bytes and random Unicode never crash ``parse`` or ``extract_quantities``.

Properties (issue 16): the CLI exits 0 or 2 and prints no traceback; after a
failed run the previous output is byte for byte intact; after a good run
every span indexes its evidence; ``extract_quantities`` returns rows whose
evidence is ``text[char_start:char_end]``. Examples are bounded so the file
runs in well under 30 s.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from democracy_study.cli import main
from democracy_study.parse.quantities import extract_quantities

HEAD = "## 昌乐县：标题\n\n"
#: Characters that make numbers and their edges: digits, Chinese numerals, units, breaks,
#: invisible and narrow spaces, minus signs, entities, control characters.
ALPHABET = st.sampled_from(
    [
        *"0123456789０１２３一二三十百千万亿余多几点分之/%‰人次件名元万元，。、\n\r\t -−－&#;",
        *("\u200b", "\u202f", "\u2009", "\ufeff", "\u3000", "\x0c", "\x01", "&#51;", "9" * 320),
    ]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # deterministic: the same examples on every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(text=st.one_of(TEXTS, st.text(max_size=80)))
def test_extract_quantities_never_crashes_and_keeps_provenance(text):
    df = extract_quantities(text)
    for s, e, ev in zip(df["char_start"], df["char_end"], df["evidence"], strict=True):
        assert text[s:e] == ev


@FUZZ
@given(text=TEXTS)
def test_extract_quantities_across_breaks(text):
    from democracy_study.parse.quantities import find_quantities, number_notes

    breaks = [i for i in range(1, len(text)) if i % 7 == 0]
    for q in find_quantities(text, breaks):
        assert text[q.start : q.end] == q.evidence
    for _issue, _detail, s, e in number_notes(text, breaks):
        assert 0 <= s < e <= len(text)


_WORK = Path(tempfile.mkdtemp(prefix="fuzz-parse-"))
_OUT = _WORK / "out"


def _previous_output() -> dict[str, bytes]:
    if not _OUT.exists():
        good = _WORK / "good.txt"
        good.write_text(HEAD + "开展活动3次。\n", encoding="utf-8")
        assert main(["parse", str(good), "--out", str(_OUT), "--no-mechanisms"]) == 0
    return {p.name: p.read_bytes() for p in _OUT.iterdir()}


def _run(data: bytes, capsys) -> None:
    before = _previous_output()
    src = _WORK / "in.txt"
    src.write_bytes(data)
    capsys.readouterr()
    code = main(["parse", str(src), "--out", str(_OUT), "--no-mechanisms"])
    err = capsys.readouterr().err
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert "in.txt" in err or str(_OUT) in err, err
        assert {p.name: p.read_bytes() for p in _OUT.iterdir()} == before
    else:
        from democracy_study.io.read import validate_output

        problems, _ = validate_output(_OUT, raw=_WORK)
        assert problems == [], problems
        shutil.rmtree(_OUT)  # the next example starts from the good output again


#: The CLI runs are the slow part (a parse and a validated write each): fewer of them.
CLI_FUZZ = settings(FUZZ, max_examples=30)


@CLI_FUZZ
@given(data=st.binary(max_size=200))
def test_parse_random_bytes(data, capsys):
    _run(data, capsys)


@CLI_FUZZ
@given(
    text=st.one_of(TEXTS, st.text(max_size=120)),
    enc=st.sampled_from(["utf-8", "utf-16", "gb18030"]),
)
def test_parse_random_unicode_report(text, enc, capsys):
    _run((HEAD + text).encode(enc, errors="replace"), capsys)
