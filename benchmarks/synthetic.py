"""A synthetic corpus of county people's congress reports, for benchmarks only.

Never mix its output with real data: files are written to a directory you
name (a temporary one in the benchmarks), their names start with ``syn_`` and
every text says it is synthetic. Places come from the package gazetteer
(county-level units); sentences are templates written for this generator
(not taken from any report), filled with drawn numbers and phrases. A few
dozen templates cannot keep reports apart: two reports often share a 14-character
run (a template with the same drawn number, or the end of one template and the
start of the next), so a file of many reports has many "duplicate passages"
between its reports, as a compilation of formulaic real reports would; a run in
more than ``DUPLICATE_MAX_COPIES`` reports counts as a stock phrase. Layouts vary: one report
per file or several, with or without a title line, paragraphs cut by page
breaks, full-width digits. A share of reports is republished verbatim in a
second file under another outlet (syndicated copies).

    python benchmarks/synthetic.py OUT_DIR [--reports 1000] [--per-file 1] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

__all__ = ["make_report", "write_corpus"]

_OPEN = [
    "{p}人大常委会{d}组织{n}名代表{a}，",
    "今年以来，{p}{d}安排{n}位人大代表{a}，",
    "{p}第{k}片区代表联络站{d}邀请{n}名代表{a}，",
]
_BODY = [
    "共收集群众意见建议{n}条，其中{m}条已经交{o}办理，",
    "{o}现场答复问题{m}个，剩余{r}个限期{w}天内办结，",
    "投入资金约{n}万元，{w}个村的{o}得到改善，",
    "代表们分{m}个小组{a}，走访企业{r}家、农户{n}户，",
    "{o}负责人{d}到站接待选民{n}人次，",
    "{k}月份专题询问会上，{m}位代表就{o}提出质询，",
    "选民通过扫码平台反映问题{n}件，满意率达到{r}%，",
]
_CLOSE = [
    "下一步将把{o}纳入年度监督计划。",
    "{p}将继续推进{a}常态化。",
    "相关情况已向{p}人大常委会书面报告。",
]
_ACTS = [
    "走访调研",
    "视察民生实事项目",
    "开展集中接待活动",
    "进站履职",
    "参加满意度测评",
    "开展执法检查",
    "察看农村饮水工程",
    "了解营商环境",
]
_ORGS = [
    "县住建局",
    "镇政府",
    "县教育局",
    "交通运输部门",
    "卫健系统",
    "街道办事处",
    "水务公司",
    "县市场监管局",
]
_WHEN = ["近日", "上周", "月初", "日前", "本季度", "年初以来"]
_OUTLETS = ["县融媒体中心", "市日报", "省人大网"]


def _fill(tpl: str, rng: random.Random, place: str) -> str:
    return tpl.format(
        p=place,
        d=rng.choice(_WHEN),
        n=rng.randint(3, 9999),
        m=rng.randint(2, 99),
        r=rng.randint(1, 99),
        w=rng.randint(3, 60),
        k=rng.randint(1, 12),
        a=rng.choice(_ACTS),
        o=rng.choice(_ORGS),
    )


def make_report(rng: random.Random, place: str, *, paragraphs: int = 4) -> str:
    """One report: a heading naming *place* and a few paragraphs of filled templates."""
    head = f"## {place}：{rng.choice(_ACTS)}{rng.randint(1, 999)}次"
    paras = []
    for j in range(paragraphs):
        parts = [_fill(rng.choice(_OPEN if j == 0 else _BODY), rng, place)]
        parts += [_fill(rng.choice(_BODY), rng, place) for _ in range(rng.randint(2, 5))]
        text = "".join(parts)[:-1] + "。" + _fill(rng.choice(_CLOSE), rng, place)
        if rng.random() < 0.15:  # a page break inside the paragraph
            cut = rng.randint(5, len(text) - 5)
            text = text[:cut] + "\n\n" + text[cut:]
        if rng.random() < 0.1:  # full-width digits
            text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
        paras.append(text)
    return head + "\n\n" + "\n\n".join(paras) + "\n"


def write_corpus(
    out: str | Path,
    n_reports: int = 1000,
    *,
    per_file: int = 1,
    syndicated: float = 0.05,
    seed: int = 0,
    paragraphs: int = 4,
) -> list[Path]:
    """Write *n_reports* synthetic reports into *out*; return the files written (sorted).

    A share *syndicated* of the reports is also written, verbatim, into a
    ``syn_copy_*.txt`` file (another outlet republishing it).
    """
    from democracy_study.parse.gazetteer import list_units

    rng = random.Random(seed)
    places = sorted({u.name for u in list_units("county") if u.name})
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    reports = [
        make_report(rng, rng.choice(places), paragraphs=paragraphs) for _ in range(n_reports)
    ]
    for f, start in enumerate(range(0, n_reports, per_file)):
        body = reports[start : start + per_file]
        title = (
            "" if rng.random() < 0.5 else f"# 合成测试版 第{f + 1}期（{rng.choice(_OUTLETS)}）\n\n"
        )
        p = out / f"syn_{f:06d}.txt"
        p.write_text(title + "\n".join(body), encoding="utf-8")
        files.append(p)
    n_copies = round(syndicated * n_reports)
    for c, i in enumerate(sorted(rng.sample(range(n_reports), n_copies))):
        p = out / f"syn_copy_{c:06d}.txt"
        p.write_text(f"# 合成测试版 转载（{_OUTLETS[-1]}）\n\n" + reports[i], encoding="utf-8")
        files.append(p)
    return sorted(files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--per-file", type=int, default=1)
    ap.add_argument("--syndicated", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    files = write_corpus(
        args.out, args.reports, per_file=args.per_file, syndicated=args.syndicated, seed=args.seed
    )
    size = sum(p.stat().st_size for p in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
