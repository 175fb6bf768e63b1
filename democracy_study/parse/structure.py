"""Document structure: headings, paragraph pieces, captions, reports.

A newspaper page is split into *blocks* (runs of non-blank lines). Blocks
are classified as headings (markdown ``#``, HTML ``<h1>``–``<h6>``, bracketed
``【地名】`` lines, or a short unpunctuated line followed by a lead),
work-report sections (a short line, or a heading inside a report, numbered
``一、`` / ``第一部分`` (level 2) or ``（一）`` (level 3): a paragraph of role
``section`` inside its report, never a new report), photo captions
(``△``/``▲``, with their ``… 摄`` credit line) and paragraph pieces. Text
before any report heading belongs to a report headed by the page title when
there is one (a work report, a PDF or Word file with a title), else to a report
flagged ``no_heading``. Pieces that end without sentence-final punctuation continue in the
next piece (a page or column break cut them); a closing quote alone does not
end a sentence. Captions inside a cut paragraph are skipped over.

Genres beyond newspaper pages (issue 18): a markdown table row (``| 甲县 | 4 |``) is one
paragraph of role ``table``, never joined to its neighbours; a line that starts with a
list or outline number (``1.``, ``（3）``, ``（二）``) starts a new paragraph; a line of
page furniture (a page number ``— 2 —``, a read/like bar, a follow prompt; see
:func:`~democracy_study.parse.nonfacts.furniture_lines`) is left out of every paragraph,
recorded in :attr:`Document.furniture`, and a paragraph cut by it continues after it
(a word broken across a page-number line is joined); an editor's note (``编者按``,
``编者的话``, ``导语``) with the page head before it is a unit of kind ``editorial``, not a
report, and a short unpunctuated line after it heads the next report.

Nothing is dropped: every non-whitespace character of the source lies in a
heading, paragraph, caption or furniture span.

Examples
--------
>>> doc = parse_document("## 甲县：标题\\n\\n**本报讯**（通讯员 张三）甲县人大\\n\\n常委会开展活动。\\n")
>>> [(r.place_as_written, r.headline, r.correspondents) for r in doc.reports]
[('甲县', '标题', ['张三'])]
>>> [(p.role, p.n_pieces) for p in doc.reports[0].paragraphs]
[('lead', 2)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from democracy_study.text import iter_lines, normalize

__all__ = [
    "REPORT_KINDS",
    "ROLES",
    "Block",
    "Document",
    "Paragraph",
    "Report",
    "ends_sentence",
    "parse_document",
    "section_level",
    "split_blocks",
]

#: ``kind`` of a report: a report, a photo caption, or an editorial part (编者按, page head).
REPORT_KINDS = ("report", "caption", "editorial")
#: ``role`` of a paragraph (the closed vocabulary of paragraphs.role); ``section`` is the
#: numbered section heading of a work report (``一、…``, ``（二）…``) inside its report.
ROLES = ("lead", "body", "caption", "section", "table")

_BLANK = re.compile(r"^[\s\u3000\u00a0]*$")
_TAG = re.compile(r"<[^<>\n]{0,200}>")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])[^>]*>", re.I)
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s*")
_CAPTION = re.compile(r"^\s*(?:<[^>]+>\s*)*[△▲]")
_CREDIT = re.compile(
    r"^\s*(?:(?:通讯员|记者|摄影|图)\s*[:：]?\s*)?((?:[\u4e00-\u9fff·]{2,5}\s*)+)\s*摄\s*$"
)
_LEAD = re.compile(
    r"^[\s*_]*(?:<[^>]+>\s*)*[*_]*\s*(?:本报讯|本报[\u4e00-\u9fff]{1,6}讯|新华社|[\u4e00-\u9fff]{2,8}讯\s*[（(])"
)
_BYLINE = re.compile(r"[（(]\s*((?:通讯员|记者|实习生|特约)[^）)]{0,80})[）)]")
_ROLE_WORDS = re.compile(r"通讯员|记者|实习生|特约|[:：]")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
_SEPARATORS = "：:｜|丨—"
_BRACKET_HEADING = re.compile(r"^\s*[【\[]([^】\]]{1,20})[】\]]\s*(.*)$")
_FINAL = set("。！？!?…；;")
_CLOSERS = set("”’」』）)》】\"'")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_DATED = re.compile(r"((?:19|20)\d\d)\s*(?:年|[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2})")
_CN_NUM = "一二三四五六七八九十"
#: a work report's section number at the start of a line: level 2 一、 第一部分; level 3 （一）
_SECTION = re.compile(
    rf"^[\s*_]*(?:(?P<l2>[{_CN_NUM}]{{1,3}}\s*、|第[{_CN_NUM}]{{1,3}}\s*(?:部分|章|节)[\s、:：]?)"
    rf"|(?P<l3>[（(]\s*[{_CN_NUM}]{{1,3}}\s*[）)]))\s*\S"
)
#: a list or outline number at the start of a line: 1. 2、 （3） (4) 一、 （二）
_LIST_START = re.compile(
    rf"^[\s*_#]*(?:\d{{1,2}}\s*[.．、](?!\d)|[（(]\s*(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[）)]|[{_CN_NUM}]{{1,3}}\s*、)"
)
#: a markdown table row
_TABLE_ROW = re.compile(r"^[ \t\u3000]*\|")
#: front matter between a work report's title and its first section: a dateline
#: (——2025年12月18日在…会议上, （2026年1月9日…）) or a salutation (各位代表：)
_FRONT_MATTER = re.compile(
    r"^\s*(?:[—－-]{1,2}\s*\S.{0,60}|[（(][^（）()\n]{4,60}[）)]"
    r"|(?:各位[^\s，。,：:]{1,6}|同志们|代表们|朋友们)[：:])\s*$"
)
#: a byline of a pasted WeChat or news page under its title: an account or outlet, the
#: date of publication, perhaps a time and a province (原创 某某人大 2026-05-20 08:30 江西)
_BYLINE_LINE = re.compile(
    r"^\s*(?:原创\s*)?(?:[^\s，。,]{1,20}\s+){0,3}(?:19|20)\d\d\s*[-./年]\s*\d{1,2}\s*[-./月]"
    r"\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2})?(?:\s+[^\s，。,]{1,8})?\s*$"
)
#: an editor's note or lead-in of a page (its own kind of unit)
_EDITORIAL = re.compile(
    r"^[\s*_【\[]*(?:编者按语?|编者的话|编后语?|导语|编辑手记)[】\]*_\s]*[:：】\]]"
)


def ends_sentence(piece: str) -> bool:
    """True if *piece* ends with sentence-final punctuation.

    A closing quote or bracket ends a sentence only when final punctuation
    stands before it.

    >>> ends_sentence("认真办理代表建议。"), ends_sentence("提升一个领域，实")
    (True, False)
    >>> ends_sentence("“一法一条例”"), ends_sentence("“民生之盼”变成“群众之赞”。")
    (False, True)
    >>> ends_sentence("他说：“好。”")
    True
    """
    s = _TAG.sub("", piece).rstrip().rstrip("*_ ").rstrip()
    if not s:
        return True
    i = len(s) - 1
    while i >= 0 and s[i] in _CLOSERS:
        i -= 1
    return i >= 0 and s[i] in _FINAL


@dataclass
class Block:
    """A run of non-blank lines: ``kind`` is heading, caption or piece.

    ``glued`` marks a piece that continues the previous one on the same line,
    across markup that a source reader blanked (an inline HTML tag).
    """

    start: int
    end: int
    kind: str  # heading, section, caption, piece, table or furniture
    level: int = 0
    glued: bool = False
    reason: str = ""  # why a furniture block is furniture, when the block rules said so


@dataclass
class Paragraph:
    """A logical paragraph: one or more pieces joined across breaks."""

    spans: list[tuple[int, int]]
    role: str  # lead, body or caption
    position: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def n_pieces(self) -> int:
        return len(self.spans)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass
class Report:
    """One report (``kind='report'``) or photo caption (``kind='caption'``)."""

    kind: str
    start: int
    end: int
    heading: tuple[int, int] | None
    place_as_written: str
    headline: str
    correspondents: list[str]
    paragraphs: list[Paragraph] = field(default_factory=list)
    year: int | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class Document:
    """The parsed structure of one source text."""

    text: str
    title: tuple[int, int] | None
    title_text: str
    reports: list[Report]
    blocks: list[Block]
    unfinished: list[tuple[int, int]]  # pieces cut off at a heading or the end
    headings_found: bool
    furniture: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, reason)

    def spans(self) -> list[tuple[int, int]]:
        """Every heading, paragraph and caption span (for the nothing-lost check)."""
        out = [self.title] if self.title else []
        out.extend((s, e) for s, e, _ in self.furniture)
        for r in self.reports:
            if r.heading:
                out.append(r.heading)
            out.extend(s for p in r.paragraphs for s in p.spans)
        return sorted(set(out))


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _cut_at_markup(
    s: int, e: int, markup: list[tuple[int, int]], text: str
) -> list[tuple[int, int]]:
    """Split the piece ``[s, e)`` at blanked markup gaps that lie inside it."""
    import bisect

    i = bisect.bisect_left(markup, (s, s))
    if i > 0 and markup[i - 1][1] > s:
        i -= 1
    out, cur = [], s
    while i < len(markup) and markup[i][0] < e:
        ms, me = markup[i]
        ps, pe = _strip_span(text, cur, min(ms, e))
        if ps < pe:
            out.append((ps, pe))
        cur = max(cur, me)
        i += 1
    ps, pe = _strip_span(text, cur, e)
    if ps < pe:
        out.append((ps, pe))
    return out


def split_blocks(text: str, markup: list[tuple[int, int]] | None = None) -> list[Block]:
    """Split *text* into blocks: headings, captions (with their credit line) and one piece per line.

    *markup* lists blanked spans (sorted) inside which a line continues: the
    parts of a line on both sides of such a span are pieces of one paragraph.

    >>> t = "# 题\\n## 甲县：好\\n正文一\\n正文二\\n\\n△图\\n张三 摄"
    >>> [(b.kind, t[b.start:b.end]) for b in split_blocks(t)]
    [('heading', '# 题'), ('heading', '## 甲县：好'), ('piece', '正文一'), ('piece', '正文二'), ('caption', '△图\\n张三 摄')]
    """
    from democracy_study.parse.nonfacts import furniture_lines

    furn = {s: (e, why) for s, e, why in furniture_lines(text)}
    raw: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    single: dict[int, str] = {}  # start of a one-line group -> its kind (table, furniture)
    for s, e in iter_lines(text):
        line = text[s:e]
        if _BLANK.match(line):
            if current:
                raw.append(current)
                current = []
            continue
        ps, _ = _strip_span(text, s, e)
        if ps in furn or _TABLE_ROW.match(line):
            if current:
                raw.append(current)
            raw.append([(s, e)])
            single[s] = "furniture" if ps in furn else "table"
            current = []
            continue
        if _MD_HEADING.match(line) or _HTML_HEADING.match(line):
            if current:
                raw.append(current)
            raw.append([(s, e)])
            current = []
            continue
        current.append((s, e))
    if current:
        raw.append(current)

    blocks: list[Block] = []
    for lines in raw:
        s, e = _strip_span(text, lines[0][0], lines[-1][1])
        first = text[lines[0][0] : lines[0][1]]
        md, html = _MD_HEADING.match(first), _HTML_HEADING.match(first)
        if lines[0][0] in single:
            blocks.append(Block(s, e, single[lines[0][0]]))
        elif md and len(lines) == 1:
            blocks.append(Block(s, e, "heading", len(md.group(1))))
        elif html and len(lines) == 1:
            blocks.append(Block(s, e, "heading", int(html.group(1))))
        elif _CAPTION.match(first):
            blocks.append(Block(s, e, "caption"))
        elif blocks and blocks[-1].kind == "caption" and _CREDIT.match(_TAG.sub("", text[s:e])):
            blocks[-1].end = e  # a credit line separated from its caption by a blank line
        else:
            # one piece per line: sources that separate paragraphs by a single line end are
            # split correctly, and lines that end mid-sentence are joined again below
            for ls, le in lines:
                ps, pe = _strip_span(text, ls, le)
                if ps >= pe:
                    continue
                parts = _cut_at_markup(ps, pe, markup, text) if markup else [(ps, pe)]
                for k, (qs, qe) in enumerate(parts):
                    blocks.append(Block(qs, qe, "piece", glued=k > 0))
    _promote_plain_headings(text, blocks)
    return blocks


def _clean(s: str) -> str:
    return _TAG.sub("", s).replace("*", "").strip()


def _is_lead(text: str) -> bool:
    return bool(_LEAD.match(_TAG.sub("", text)))


def _promote_plain_headings(text: str, blocks: list[Block]) -> None:
    """Recognise headings without markdown: 【地名】 lines and short lines before a lead."""
    for i, b in enumerate(blocks):
        if b.kind != "piece":
            continue
        content = _clean(text[b.start : b.end])
        if "\n" in content or len(content) > 40 or ends_sentence(content):
            continue
        sec = section_level(content)
        # a run-in heading with text after its full stop ("（三）加强建设。主席团…") is
        # the start of a body paragraph, cut at the line end (a page-number line)
        run_in = any(ch in _FINAL for ch in content[:-1])
        if sec and not run_in and not b.glued and not (i + 1 < len(blocks) and blocks[i + 1].glued):
            b.kind, b.level = "section", sec
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        followed_by_lead = (
            nxt is not None and nxt.kind == "piece" and _is_lead(text[nxt.start : nxt.end])
        )
        bracketed = bool(_BRACKET_HEADING.match(content)) and nxt is not None
        if followed_by_lead or bracketed:
            b.kind, b.level = "heading", 2
    # a short unpunctuated first line directly before a heading, or before the first
    # numbered section of a work report (一、…), is the page title. Front matter under
    # it (a dateline ——…会议上, a byline 原创 某某 2026-05-20, a salutation 各位选民：)
    # makes it the title whatever follows, and is page furniture (reason front_matter)
    j, fronted = 1, False
    while j < min(len(blocks), 5) and blocks[j].kind in ("piece", "furniture"):
        if blocks[j].kind == "piece":
            line = _clean(text[blocks[j].start : blocks[j].end])
            if blocks[j].glued or "\n" in line:
                break
            if not (_BYLINE_LINE.match(line) or _FRONT_MATTER.match(line)):
                break
            fronted = True
        j += 1
    if (
        j < len(blocks)
        and blocks[0].kind == "piece"
        and (fronted or blocks[j].kind in ("heading", "section"))
    ):
        content = _clean(text[blocks[0].start : blocks[0].end])
        if "\n" not in content and len(content) <= 40 and not ends_sentence(content):
            blocks[0].kind, blocks[0].level = "heading", 1
            for b in blocks[1:j]:
                if b.kind == "piece":
                    b.kind, b.reason = "furniture", "front_matter"


def section_level(line: str) -> int:
    """The outline level of a work-report section heading line, 0 if it is none.

    ``一、…`` and ``第一部分…`` are level 2, ``（一）…`` level 3.

    >>> section_level("一、过去一年的主要工作"), section_level("（二）强化监督"), section_level("一是加强")
    (2, 3, 0)
    """
    m = _SECTION.match(line)
    if not m:
        return 0
    return 2 if m.group("l2") else 3


#: the end of a unit's name (a segment of a heading ending so is its place)
_PLACE_END = re.compile(r"(?:县|区|市|镇|乡|旗|州|盟|街道)$")


def _split_heading(content: str) -> tuple[str, str]:
    """``(place as written, headline)`` of a heading line.

    The place is the text before the first separator; when that text is no place
    and a later segment is (a column name first: ``基层实践｜某县：…``), that segment.

    >>> _split_heading("德清县：服务企业"), _split_heading("基层实践｜万载县：码上议")
    (('德清县', '服务企业'), ('万载县', '码上议'))
    """
    m = _BRACKET_HEADING.match(content)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    cuts = [i for i, ch in enumerate(content) if ch in _SEPARATORS and i > 0]
    first = next((i for i in cuts if i <= 20), None)
    if first is None:
        return "", content.strip()
    if not _PLACE_END.search(content[:first].strip()):
        for a, b in itertools.pairwise(cuts):
            seg = content[a + 1 : b].strip()
            if 1 < len(seg) <= 20 and _PLACE_END.search(seg):
                return seg, content[b + 1 :].strip()
    return content[:first].strip(), content[first + 1 :].strip()


def _heading_content(text: str, b: Block) -> str:
    raw = text[b.start : b.end]
    raw = _MD_HEADING.sub("", raw, count=1)
    return _clean(raw)


def _name_spans(s: str) -> list[tuple[int, int]]:
    """Offsets in *s* of correspondent names (byline bracket or credit line); *s* normalised."""
    m = _BYLINE.search(s[:200])
    if m:
        seg_start, seg = m.start(1), m.group(1)
    else:
        seg_start, seg = -1, ""
        pos = 0
        for line in s.split("\n"):
            c = _CREDIT.match(_TAG.sub("", line))
            if c and not _TAG.search(line):
                seg_start, seg = pos + c.start(1), c.group(1)
            pos += len(line) + 1
        if seg_start < 0:
            return []
    blanked = _ROLE_WORDS.sub(lambda x: " " * len(x.group()), seg)
    return [(seg_start + n.start(), seg_start + n.end()) for n in _NAME.finditer(blanked)]


def correspondents_of(lead_or_caption: str) -> list[str]:
    """Names from a lead's byline bracket or a caption's credit line, as written.

    >>> correspondents_of("**本报讯**（通讯员 张三 李四四）某县")
    ['张三', '李四四']
    >>> correspondents_of("△图为会场。\\n记者 王五 摄")
    ['王五']
    >>> correspondents_of("本報訊（通訊員 林小華）某縣")
    ['林小華']
    """
    norm = normalize(lead_or_caption)
    return [lead_or_caption[s:e] for s, e in _name_spans(norm)]


def _year_of(*texts: str) -> int | None:
    for t in texts:
        years = [int(y) for y in _YEAR.findall(normalize(t))]
        if years:
            return max(years)
    return None


def _covered_year(text: str, r: Report) -> int | None:
    """The latest year the report's text mentions outside its plan sections.

    A plan for next year (``二、2026年工作安排``) is not the year a report covers.
    When only plan sections name a year, a plan section headed by a year is the next
    year's plan of an annual report, which covers the year before it; otherwise the
    latest year mentioned.

    >>> d = parse_document("一、过去一年的工作\\n\\n建成联络站3个。\\n\\n二、2026年工作安排\\n\\n2026年新建2个。")
    >>> d.reports[0].year
    2025
    """
    done = "".join(
        text[s:e] for p in r.paragraphs if "plan_section" not in p.flags for s, e in p.spans
    )
    year = _year_of(done)
    if year is not None:
        return year
    headed = [
        text[p.start : p.end]
        for p in r.paragraphs
        if p.role == "section" and "plan_section" in p.flags
    ]
    planned = _year_of(*headed)
    return planned - 1 if planned is not None else _year_of(text[r.start : r.end])


def parse_document(text: str, markup: list[tuple[int, int]] | None = None) -> Document:
    """Parse the structure of one decoded source text.

    Parameters
    ----------
    text : str
        The decoded source (see :func:`democracy_study.io.sources.read_source`).
    markup : list of (start, end), optional
        Blanked markup spans inside lines (from a source reader such as
        :func:`democracy_study.io.html.html_view`): text on both sides of one
        belongs to the same paragraph.

    Returns
    -------
    Document
        Reports (and captions) with their paragraphs; places are as written,
        not yet resolved (see :mod:`democracy_study.corpus`).
    """
    raw = text
    text = normalize(
        text
    )  # same length: classify on the normalised text, report strings from the raw one
    blocks = split_blocks(text, sorted(markup) if markup else None)
    title: tuple[int, int] | None = None
    title_text = ""
    reports: list[Report] = []
    captions: list[Report] = []
    unfinished: list[tuple[int, int]] = []
    headings_found = any(b.kind == "heading" for b in blocks)

    current: Report | None = None
    pending: Paragraph | None = None
    furniture: list[tuple[int, int, str]] = []

    def close_pending(reason: str) -> None:
        nonlocal pending
        if pending is not None:
            if not ends_sentence(text[pending.spans[-1][0] : pending.spans[-1][1]]):
                pending.flags.append(reason)
                unfinished.append(pending.spans[-1])
            pending = None

    def open_report(b: Block) -> Report:
        # text before any report heading: under the page title if there is one, else flagged
        if title is not None and not reports:
            place, headline = _split_heading(title_text)
            return Report("report", title[0], b.end, title, place, headline, [])
        r = Report("report", b.start, b.end, None, "", "", [])
        r.flags.append("no_heading")
        return r

    for b in blocks:
        if b.kind == "furniture":  # left out; a paragraph cut by it continues after it
            furniture.append((b.start, b.end, _furniture_reason(text, b)))
            continue
        if b.kind == "table":
            pending = None  # a table ends the paragraph before it (often "如下：")
            if current is None:
                current = open_report(b)
                reports.append(current)
            current.paragraphs.append(
                Paragraph([(b.start, b.end)], "table", len(current.paragraphs) + 1)
            )
            current.end = max(current.end, b.end)
            continue
        if b.kind == "piece" and not b.glued:
            piece = text[b.start : b.end]
            if _EDITORIAL.match(piece):
                pending = None
                if (
                    current is not None
                    and not any(ends_sentence(text[p.start : p.end]) for p in current.paragraphs)
                    and current.heading is None
                ):
                    current.kind = "editorial"  # the page head before the note belongs to it
                    current.flags = [f for f in current.flags if f != "no_heading"]
                else:
                    current = Report("editorial", b.start, b.end, None, "", "", [])
                    if title is not None and not reports:
                        current.start, current.heading = title[0], title
                    reports.append(current)
            elif pending is None and current is not None and current.kind == "editorial":
                content = _clean(piece)
                if (
                    current.paragraphs
                    and "\n" not in content
                    and len(content) <= 40
                    and not ends_sentence(content)
                ):
                    place, headline = _split_heading(content)
                    current = Report(
                        "report", b.start, b.end, (b.start, b.end), place, headline, []
                    )
                    reports.append(current)
                    continue
                current = Report("report", b.start, b.end, None, "", "", [], flags=["no_heading"])
                reports.append(current)
            elif pending is not None and _LIST_START.match(piece):
                pending = None  # a list item starts a new paragraph
        numbered = b.kind == "heading" and b.level > 1 and section_level(_heading_content(raw, b))
        if numbered and (current is not None or title is not None):
            b.kind = "section"  # a numbered heading inside a work report: a section of it
        if b.kind == "section":
            close_pending("unfinished_at_heading")
            if current is None:
                current = open_report(b)
                reports.append(current)
            md = _MD_HEADING.match(text[b.start : b.end])  # the '#' marks are structure
            s0 = b.start + md.end() if md and b.start + md.end() < b.end else b.start
            current.paragraphs.append(
                Paragraph([(s0, b.end)], "section", len(current.paragraphs) + 1)
            )
            current.end = max(current.end, b.end)
            continue
        if b.kind == "heading":
            content = _heading_content(raw, b)
            place, headline = _split_heading(content)
            if b.level == 1 or (not place and current is None and not reports):
                close_pending("unfinished_at_heading")
                if title is None and b.level == 1:
                    title, title_text = (b.start, b.end), content
                    continue
            close_pending("unfinished_at_heading")
            current = Report("report", b.start, b.end, (b.start, b.end), place, headline, [])
            reports.append(current)
            continue
        if b.kind == "caption":
            body = raw[b.start : b.end]
            cap = Report("caption", b.start, b.end, None, "", "", correspondents_of(body))
            cap.paragraphs.append(Paragraph([(b.start, b.end)], "caption", 1))
            captions.append(cap)
            if current is not None:
                current.end = max(current.end, b.end)
            continue
        # a paragraph piece
        if current is None:
            current = open_report(b)
            reports.append(current)
        if b.glued and current.paragraphs:  # the same line, across blanked markup
            para = current.paragraphs[-1]
            para.spans.append((b.start, b.end))
            if "joined_across_markup" not in para.flags:
                para.flags.append("joined_across_markup")
            current.end = max(current.end, b.end)
            pending = None if ends_sentence(text[b.start : b.end]) else para
            continue
        if pending is not None:
            pending.spans.append((b.start, b.end))
            gap = text[pending.spans[-2][1] : b.start]
            flag = (
                "joined_across_break"
                if gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1
                else "joined_across_line"
            )
            if flag not in pending.flags:
                pending.flags.append(flag)
        else:
            role = "lead" if not current.paragraphs and _is_lead(text[b.start : b.end]) else "body"
            pending = Paragraph([(b.start, b.end)], role, len(current.paragraphs) + 1)
            current.paragraphs.append(pending)
            if role == "lead":
                current.correspondents = correspondents_of(raw[b.start : b.end])
        current.end = max(current.end, b.end)
        if ends_sentence(text[b.start : b.end]):
            pending = None
    close_pending("unfinished_at_end")
    _mark_plan_sections(text, reports)

    page_year = _year_of(title_text) if title_text else None
    # a page's dateline or byline (front matter) dates it when nothing else names a year
    front = [text[fs:fe] for fs, fe, why in furniture if why == "front_matter"]
    front_year = max((int(m.group(1)) for t in front for m in _DATED.finditer(t)), default=None)
    for r in reports:
        r.year = page_year or _year_of(r.headline) or _covered_year(text, r) or front_year
    for c in captions:
        c.year = page_year or _year_of(text[c.start : c.end])
    ordered = sorted(reports + captions, key=lambda r: (r.start, r.kind))
    return Document(raw, title, title_text, ordered, blocks, unfinished, headings_found, furniture)


def _mark_plan_sections(text: str, reports: list[Report]) -> None:
    """Flag ``plan_section`` on a section that states plans and on its paragraphs.

    A section heading holding a plan word (``下一步工作``, ``2025年工作安排``;
    ``plan_headings`` in ``data/nonfacts.yaml``) opens a plan section; it runs to the
    next section heading of the same or a higher outline level. Its paragraphs say
    what will be done, not what was done: the mechanism coder skips them.

    >>> t = "二、主要做法\\n\\n建立联络站。\\n\\n三、下一步工作\\n\\n1.推动结果公开。"
    >>> d = parse_document(t)
    >>> [(p.role, "plan_section" in p.flags) for p in d.reports[0].paragraphs]
    [('section', False), ('body', False), ('section', True), ('body', True)]
    """
    from democracy_study._util import load_package_yaml

    words = load_package_yaml("nonfacts.yaml")["plan_headings"]
    for r in reports:
        level = 0
        for p in r.paragraphs:
            if p.role == "section":
                content = _clean(text[p.start : p.end])
                lv = section_level(content) or 2
                if level and lv <= level:
                    level = 0
                if not level and any(w in content for w in words):
                    level = lv
                    p.flags.append("plan_section")
                continue
            if level and "plan_section" not in p.flags:
                p.flags.append("plan_section")


def _furniture_reason(text: str, b: Block) -> str:
    from democracy_study.parse.nonfacts import furniture_lines

    if b.reason:
        return b.reason
    return next((why for s, _, why in furniture_lines(text[b.start : b.end])), "furniture")


def theme_of(paragraph_text: str, max_len: int = 40) -> str:
    """The opening theme sentence of a body paragraph, if it is short.

    >>> theme_of("聚焦数字赋能，代表履职更加精准高效。利用数字视频技术……")
    '聚焦数字赋能，代表履职更加精准高效。'
    >>> theme_of("没有主题句的很长很长的段落" * 5)
    ''
    >>> theme_of("“数据怎么用？”代表们问。")
    ''
    """
    m = re.search(r"[。！？!?]", paragraph_text)
    if not m or m.end() > max_len:
        return ""
    first = paragraph_text[: m.end()]
    # quoted speech ("“……？”") opens some paragraphs: that is not a theme sentence
    if paragraph_text[m.end() : m.end() + 1] in ("”", '"', "’"):
        return ""
    return first
