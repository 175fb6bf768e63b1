"""Linear cost and bounded memory: the index-based duplicate finder and clipped evidence."""

from __future__ import annotations

import random

import pytest

from democracy_study.coding.coder import MAX_EVIDENCE_CHARS, code_text
from democracy_study.parse.quality import detect_duplicates, shared_grams
from democracy_study.text import JoinedText


def _pairwise_shared(strings, k):
    """The definition, by brute force: grams in two or more strings."""
    grams = {}
    for u, s in enumerate(strings):
        for i in range(len(s) - k + 1):
            grams.setdefault(s[i : i + k], {}).setdefault(u, []).append(i)
    return sorted(g for g, by in grams.items() if len(by) > 1)


def test_shared_grams_equals_brute_force():
    rng = random.Random(5)
    strings = ["".join(rng.choice("甲乙丙丁") for _ in range(60)) for _ in range(5)]
    got = sorted(g for g, _ in shared_grams(strings, 6))
    assert got == _pairwise_shared(strings, 6)


def _shared_by_definition(strings, k, max_per_string=8, max_strings=None):
    """shared_grams's whole output by brute force: each gram in two or more strings (and in
    at most max_strings), its first positions per string, ordered by first occurrence."""
    grams = {}
    for u, s in enumerate(strings):
        for i in range(len(s) - k + 1):
            grams.setdefault(s[i : i + k], {}).setdefault(u, []).append(i)
    out = [
        (g, [(u, v[:max_per_string]) for u, v in sorted(by.items())])
        for g, by in grams.items()
        if len(by) > 1 and (max_strings is None or len(by) <= max_strings)
    ]
    return sorted(out, key=lambda t: (t[1][0][0], t[1][0][1][0], t[0]))


@pytest.mark.parametrize("weak_hash", [False, True])
def test_shared_grams_positions_and_limits_equal_the_definition(monkeypatch, weak_hash):
    # empty and short strings between the others, every limit, hashes compared in blocks
    # of 7 sorted grams; with weak_hash, five hash values for all grams, so most equal
    # hashes are collisions that the string comparison must reject (max_strings is then
    # not tested: it counts the strings of a hash value, which with 64-bit hashes are the
    # strings of one gram)
    import numpy as np

    from democracy_study.parse import quality

    monkeypatch.setattr(quality, "_SORT_BLOCK", 7)
    if weak_hash:
        strong = quality._gram_hashes
        monkeypatch.setattr(quality, "_gram_hashes", lambda s, k: strong(s, k) % np.uint64(5))
    rng = random.Random(11)
    for _ in range(300):
        alphabet = rng.choice(["ab", "甲乙丙", "甲乙丙丁戊"])
        strings = [
            "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 4, 12, 40])))
            for _ in range(rng.randint(0, 6))
        ]
        k, ms, mp = rng.randint(1, 5), rng.choice([None, 1, 2, 3]), rng.choice([1, 2, 8])
        ms = None if weak_hash else ms
        got = shared_grams(strings, k, max_per_string=mp, max_strings=ms)
        assert got == _shared_by_definition(strings, k, mp, ms), (strings, k, ms, mp)


def test_detect_duplicates_on_a_passage_in_three_reports():
    # three reports sharing one 16-character passage: each later copy pairs with the first
    p = "乡村振兴工作站服务农户三百余户"
    src = f"甲县建成{p}。\n乙县另有{p}。\n丙县同样{p}。"
    ds = detect_duplicates(src, _units_of(src), min_chars=10)
    assert sum(d.issue == "duplicate_passage" for d in ds) == 2
    assert all(src[d.char_start : d.char_end] == d.evidence for d in ds)


def test_long_line_without_punctuation_has_bounded_evidence():
    filler = "代表走访" * 50_000  # 200,000 characters, no sentence end
    text = filler + "开展专题询问" + filler
    hits = code_text(text)
    assert hits
    for h in hits:
        assert h.sentence_end - h.sentence_start <= MAX_EVIDENCE_CHARS
        assert h.sentence_start <= h.start and h.end <= h.sentence_end


def test_joined_text_maps_offsets_without_a_per_character_list():
    src = "ab\n\ncd\n\nef"
    jt = JoinedText(src, [(0, 2), (4, 6), (8, 10)])
    assert [jt.to_source(i) for i in range(6)] == [0, 1, 4, 5, 8, 9]
    assert jt.source_index == [0, 1, 4, 5, 8, 9]
    assert jt.evidence(1, 5) == ("b\n\ncd\n\ne", 1, 9)


def _shared_counts_by_hand(reports, max_postings, boilerplate=(), involving=None):
    """The definition, one fingerprint at a time (the pre-NumPy implementation)."""
    from collections import Counter, defaultdict

    index = defaultdict(list)
    for i, r in enumerate(reports):
        for h in dict.fromkeys(r.fingerprint):
            index[h].append(i)
    shared = Counter()
    for h, posting in index.items():
        if len(posting) < 2 or len(posting) > max_postings or h in set(boilerplate):
            continue
        for x in range(len(posting)):
            for y in range(x + 1, len(posting)):
                i, j = posting[x], posting[y]
                if involving is not None and i not in involving and j not in involving:
                    continue
                if reports[i].key[0] != reports[j].key[0]:
                    shared[(i, j)] += 1
    return sorted(shared.items())


@pytest.mark.parametrize("seed", range(6))
def test_shared_fingerprint_counts_equal_the_definition(seed):
    import random

    from democracy_study.parse.quality import Report, _shared_counts

    rng = random.Random(seed)
    pool = [rng.getrandbits(64) for _ in range(60)]  # few distinct hashes: many shared
    reports = [
        Report(
            (f"f{rng.randrange(8)}", f"r{i}"),
            (i,),
            sorted(set(rng.sample(pool, rng.randrange(0, 15)))),
        )
        for i in range(40)
    ]
    for cap in (2, 5, 32):
        boiler = set(rng.sample(pool, 5))
        involving = set(rng.sample(range(40), 6))
        assert _shared_counts(reports, cap) == _shared_counts_by_hand(reports, cap)
        assert _shared_counts(reports, cap, boiler, involving) == _shared_counts_by_hand(
            reports, cap, boiler, involving
        )


def _units_of(src):
    units, pos = [], 0
    for line in src.split("\n"):
        units.append([JoinedText(src, [(pos, pos + len(line))])])
        pos += len(line) + 1
    return units


def test_a_stock_phrase_in_many_reports_is_not_a_misplaced_copy():
    # the same 16-character formula in five reports of one compilation: more copies than
    # DUPLICATE_MAX_COPIES (4), so no report is flagged and no figure is marked duplicate
    p = "坚持以人民为中心的发展思想不动摇"
    src = "\n".join(
        f"{c}县{filler}{p}。" for c, filler in zip("甲乙丙丁戊", "一二三四五", strict=True)
    )
    assert detect_duplicates(src, _units_of(src), min_chars=10) == []
    # without the cap every later copy pairs with the first: four misplaced copies
    got = detect_duplicates(src, _units_of(src), min_chars=10, max_copies=None)
    assert sum(d.issue == "duplicate_passage" for d in got) == 4


def test_fit_scores_equal_their_definition():
    """The NumPy fit equals summed IDF over a passage's bigram set ∩ the rest of its host."""
    import math
    import re

    rng = random.Random(11)
    shared = "联络站收集意见建议并转交部门办理"
    reports = []
    for u in range(6):
        body = "".join(rng.choice("代表选民走访接待联络站意见群众") for _ in range(40))
        reports.append(f"{body}{shared}" if u in (1, 4) else body)
    src = "\n".join(reports)
    units = _units_of(src)
    ds = detect_duplicates(src, units, min_chars=10)
    assert sorted(d.issue for d in ds) == ["duplicate_passage", "duplicate_passage_source"]
    # by hand: the run is the shared passage (plus any accidental extension) in units 1 and 4
    d = next(d for d in ds if d.issue == "duplicate_passage")
    n_run = d.char_end - d.char_start
    rest = []
    for u, r in enumerate(reports):
        spans = [m.span() for m in re.finditer(re.escape(d.evidence), r)] if u in (1, 4) else []
        parts, pos = [], 0
        for a, b in spans:
            parts.append(r[pos:a])
            pos = b
        parts.append(r[pos:])
        rest.append({x[j : j + 2] for x in parts for j in range(len(x) - 1)})
    df = {b: sum(b in s for s in rest) for s in rest for b in s}

    def fit(u):
        r = reports[u]
        i = r.index(d.evidence)
        passage = {r[j : j + 2] for j in range(i, i + n_run - 1)}
        return sum(math.log(7 / (1 + df[b])) for b in passage & rest[u])

    scores = [float(x) for x in re.findall(r"fit (-?[\d.]+) vs (-?[\d.]+)", d.detail)[0]]
    assert scores == [round(fit(d.unit), 1), round(fit(5 - d.unit), 1)]


def test_a_short_shared_formula_with_the_same_figure_is_counted_in_both_reports(tmp_path):
    # written for this test: two counties of one compilation both held 3 inspections and say so
    # in the same 19-character formula (shorter than DUPLICATE_MIN_CHARS = 30): two facts, not a
    # layout copy. A 40-character block of the first report printed again inside the second
    # (a layout error) is still found, and its figure counted once.
    from democracy_study.corpus import parse_reports
    from democracy_study.parse.quality import DUPLICATE_MIN_CHARS

    formula = "常委会组成人员开展专题视察3次，形成报告"
    assert len(formula) < DUPLICATE_MIN_CHARS
    block = "龙泉驿区人大常委会组织代表深入24个社区开展入户走访，收集群众意见并逐条登记转交办理"
    assert len(block) >= DUPLICATE_MIN_CHARS
    text = (
        f"## 金堂县：专题视察\n\n金堂县人大{formula}。全县代表联络站接待群众近千人次。\n\n"
        f"## 蒲江县：专题视察\n\n蒲江县人大{formula}。乡镇人大主席团同步开展评议。\n\n"
        f"## 龙泉驿区：入户走访\n\n{block}。\n\n"
        f"## 新津区：代表活动\n\n新津区人大常委会推进代表之家建设，{block}。\n"
    )
    (tmp_path / "compilation.txt").write_text(text, encoding="utf-8")
    c = parse_reports([tmp_path])
    q = c.quantities
    threes = q[(q["value"] == 3) & (q["unit"] == "次")]
    assert len(threes) == 2 and not threes["duplicate"].any()
    issues = c.quality.loc[c.quality["issue"] == "duplicate_passage", "evidence"].tolist()
    assert len(issues) == 1 and "24个社区" in issues[0]
    assert q.loc[q["evidence"] == "24个", "duplicate"].sum() == 1
