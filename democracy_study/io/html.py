"""Saved web pages: the article body as a text view that keeps the file's offsets.

A researcher saves a page from a people's-congress or government site and
cites characters in that file. :func:`html_view` therefore never builds a new,
shorter text: it returns a *view* of the decoded HTML of exactly the same
length, in which

- the characters of the article body are the file's own characters, at the
  file's own offsets (entities such as ``&nbsp;`` stay as written);
- every tag, comment, script, style and attribute, and every text node outside
  the article body (navigation, footer, share buttons, scripts), is blanked:
  replaced by spaces, with line breaks where a block element (``<p>``,
  ``<div>``, ``<br>``, ``<li>`` ...) begins or ends, and ``#`` marks where a
  heading element (``<h1>``–``<h6>``) begins, so the structure parser sees
  headings and paragraphs;
- inline tags inside a paragraph (``<span>``, ``<strong>``) are blanked too,
  and listed in :attr:`HtmlView.markup` so that the structure parser joins the
  text on both sides (``走访<b>300</b>人`` is read as 走访300人).

What was left out is recorded, never dropped silently: :attr:`HtmlView.furniture`
lists each skipped text region with the reason, and the page's metadata (title,
publish date, outlet, author) goes to :attr:`HtmlView.meta`.

The article body is the element whose text has the most CJK characters
outside links, after page furniture (``<nav>``, ``<footer>``, elements whose
class or id says ``menu``, ``share``, ``copyright`` ...; see
``data/html_rules.yaml``) is removed. Third-party extractors (trafilatura,
readability-lxml) were evaluated and not used: they return new text without
offsets into the file (``docs/DEPENDENCIES.md``).

Examples
--------
>>> page = ('<html><head><title>甲县人大</title></head><body>'
...         '<div class="nav">首页 | 新闻</div>'
...         '<div class="article"><h2>甲县：代表进站</h2>'
...         '<p>代表走访<b>300</b>人，收集建议12条。</p></div>'
...         '<div class="footer">电话：0574-65512345</div></body></html>')
>>> v = html_view(page)
>>> len(v.text) == len(page)
True
>>> [line.strip() for line in v.text.splitlines() if line.strip()]
['## 甲县：代表进站', '代表走访   300    人，收集建议12条。']
>>> s = page.index("300")
>>> v.text[s:s + 3] == page[s:s + 3]
True
>>> sorted({f.reason for f in v.furniture})
['footer', 'nav']
>>> v.meta["title"]
'甲县人大'
"""

from __future__ import annotations

import functools
import html as _html
import re
from dataclasses import dataclass, field

from democracy_study._util import load_package_yaml

__all__ = ["Furniture", "HtmlView", "html_view", "looks_like_html"]

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^>]*>|<\?[^>]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_ATTR = re.compile(r"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = re.compile(r"[A-Za-z]+")
_HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>])", re.I
)


@dataclass(frozen=True)
class Furniture:
    """A text region of the page left out of the article body."""

    start: int
    end: int
    reason: str  #: the element or class word that marked it (``nav``, ``footer``, ``script`` ...)
    text: str  #: its visible text, whitespace collapsed (for the quality table)


@dataclass
class HtmlView:
    """The article body of a page as a same-length text view (see module docs)."""

    text: str
    markup: list[tuple[int, int]] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    body_found: bool = True


@dataclass
class _Node:
    tag: str
    start: int  # offset of the start tag
    attrs: dict[str, str]
    parent: _Node | None
    end: int = -1  # offset after the end tag (or of the parent's end)
    children: list[_Node] = field(default_factory=list)
    texts: list[tuple[int, int]] = field(default_factory=list)  # own text nodes
    cjk: int = 0  # CJK characters in the subtree, outside links
    link_cjk: int = 0


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_package_yaml("html_rules.yaml")
    return {
        "drop": frozenset(r["drop_elements"]),
        "void": frozenset(r["void_elements"]),
        "block": frozenset(r["block_elements"]),
        "table_cells": frozenset(r["table_cells"]),
        "table_rows": frozenset(r["table_rows"]),
        "furniture": frozenset(w.lower() for w in r["furniture_words"]),
        "body": frozenset(w.lower() for w in r["body_words"]),
        "meta_labels": r["meta_labels"],
        "meta_tags": {k: [v.lower() for v in vs] for k, vs in r["meta_tags"].items()},
    }


def looks_like_html(text: str) -> bool:
    """True if *text* starts like an HTML document (doctype, ``<html>``, ``<head>`` ...).

    >>> looks_like_html("<!DOCTYPE html><html>"), looks_like_html("## 甲县\\n<p>正文</p>")
    (True, False)
    """
    return bool(_HTML_START.match(text[:2000]))


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        v = m.group(2) or ""
        if v[:1] in "\"'":
            v = v[1:-1]
        out.setdefault(m.group(1).lower(), _html.unescape(v))
    return out


def _furniture_word(node: _Node, rules: dict) -> str:
    if node.tag in rules["drop"]:
        return node.tag
    words = {
        w.lower()
        for key in ("class", "id", "role")
        for w in _WORDS.findall(node.attrs.get(key, ""))
    }
    hit = sorted(words & rules["furniture"])
    if hit and not (words & rules["body"]):
        return hit[0]
    return ""


def _tree(text: str, rules: dict) -> tuple[_Node, list[tuple[int, int, str, str]]]:
    """Parse into a tolerant element tree; also return every tag token (s, e, tag, kind)."""
    root = _Node("#root", 0, {}, None)
    cur = root
    tags: list[tuple[int, int, str, str]] = []
    pos = 0
    raw_until: re.Pattern[str] | None = None
    for m in _TOKEN.finditer(text):
        if m.start() < pos:
            continue
        if raw_until is not None:  # inside <script>/<style>: skip to its end tag
            end = raw_until.search(text, pos)
            stop = end.start() if end else len(text)
            if stop > pos and cur.tag not in ("script", "style"):
                cur.texts.append((pos, stop))
            pos = stop
            raw_until = None
            if end is None:
                break
            m = _TOKEN.match(text, end.start())
            if m is None:  # pragma: no cover - the search found an end tag
                break
        if m.start() > pos:
            cur.texts.append((pos, m.start()))
        pos = m.end()
        closing, name = m.group(1), (m.group(2) or "").lower()
        if not name:
            tags.append((m.start(), m.end(), "", "other"))
            continue
        if closing:
            tags.append((m.start(), m.end(), name, "end"))
            n = cur
            while n is not None and n.tag != name:
                n = n.parent
            if n is not None and n is not root:  # close it and everything left open inside
                c = cur
                while c is not n.parent:
                    c.end = m.end()
                    c = c.parent  # type: ignore[assignment]
                cur = n.parent  # type: ignore[assignment]
            continue
        tags.append((m.start(), m.end(), name, "start"))
        node = _Node(name, m.start(), _attrs(m.group(3) or ""), cur)
        cur.children.append(node)
        if name in rules["void"] or (m.group(3) or "").rstrip().endswith("/"):
            node.end = m.end()
            continue
        cur = node
        if name in ("script", "style", "textarea", "title"):
            raw_until = re.compile(rf"</{name}\s*>", re.I)
    if pos < len(text) and raw_until is None:
        cur.texts.append((pos, len(text)))
    n = cur
    while n is not None:
        if n.end < 0:
            n.end = len(text)
        n = n.parent
    return root, tags


def _walk(node: _Node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def _score(root: _Node, text: str) -> None:
    """CJK characters per subtree (post-order), with the share inside links."""
    order = list(_walk(root))
    for n in reversed(order):
        own = sum(len(_CJK.findall(text, s, e)) for s, e in n.texts)
        n.cjk = own + sum(c.cjk for c in n.children)
        n.link_cjk = n.cjk if n.tag == "a" else sum(c.link_cjk for c in n.children)


def _body(root: _Node, text: str, rules: dict) -> tuple[_Node | None, dict[int, str]]:
    """The article body element, and the furniture subtrees (id → reason)."""
    furniture: dict[int, str] = {}
    for n in _walk(root):
        if n.parent is not None and id(n.parent) in furniture:
            furniture[id(n)] = furniture[id(n.parent)]
            continue
        word = _furniture_word(n, rules)
        if word:
            furniture[id(n)] = word

    def clean(n: _Node) -> int:  # CJK outside links and furniture
        if id(n) in furniture:
            return 0
        own = sum(len(_CJK.findall(text, s, e)) for s, e in n.texts) if n.tag != "a" else 0
        return own + sum(clean(c) for c in n.children)

    best, best_score = None, 0.0
    for n in _walk(root):
        if id(n) in furniture or n.tag in ("#root", "html", "a"):
            continue
        c = clean(n)
        if c == 0:
            continue
        # paragraphs directly inside n count more than text deep in nested boxes
        direct = sum(
            clean(ch)
            for ch in n.children
            if ch.tag in ("p", "br", "span", "strong", "b", "font", "section")
        )
        direct += sum(len(_CJK.findall(text, s, e)) for s, e in n.texts)
        words = {w.lower() for key in ("class", "id") for w in _WORDS.findall(n.attrs.get(key, ""))}
        bonus = 1.25 if words & rules["body"] else 1.0
        score = (direct + 0.3 * c) * bonus
        if score > best_score:
            best, best_score = n, score
    # widen to the enclosing article box while that adds little text of its own
    # (its title, a metadata line): the rest of the page is furniture or links
    while best is not None and best.parent is not None and best.parent.tag not in ("#root", "html"):
        parent = best.parent
        extra = clean(parent) - clean(best)
        if id(parent) in furniture or extra > 0.3 * clean(best):
            break
        best = parent
    return best, furniture


def _own_headline(body: _Node, furniture: dict[int, str]) -> list[_Node]:
    """The article's own headline when the chosen body box leaves it out.

    A page often sets the headline (``<h1>``, which names the issuing body of
    a circular) in the article box and the text in a content box inside it.
    The first ``<h1>`` that precedes the body inside the body's enclosing boxes
    (at most two levels up, never furniture) heads the report.
    """
    up = body.parent
    for _ in range(2):
        if up is None or up.tag in ("#root", "html", "body") or id(up) in furniture:
            return []
        for n in _walk(up):
            if n.tag == "h1" and n.start < body.start and id(n) not in furniture and n.texts:
                return [n]
        up = up.parent
    return []


def _meta(root: _Node, text: str, rules: dict) -> dict[str, str]:
    meta: dict[str, str] = {}
    for n in _walk(root):
        if n.tag in ("title", "h1") and n.tag not in meta and n.texts:
            seen = "".join(text[s:e] for m in _walk(n) for s, e in m.texts)
            meta[n.tag] = " ".join(_html.unescape(seen).split())
        if n.tag == "meta":
            key = (n.attrs.get("property") or n.attrs.get("name") or "").lower()
            for field_, keys in rules["meta_tags"].items():
                if key in keys and n.attrs.get("content") and f"meta:{field_}" not in meta:
                    meta[f"meta:{field_}"] = " ".join(n.attrs["content"].split())
    # the headline: a title meta tag, else the first <h1>, else <title> (often with the site name)
    title = meta.pop("meta:title", "") or meta.pop("h1", "") or meta.get("title", "")
    meta.pop("h1", None)
    if meta.get("title") and meta["title"] != title:
        meta["page_title"] = meta["title"]
    if title:
        meta["title"] = title
    for k in ("published", "outlet", "author"):
        if f"meta:{k}" in meta and k not in meta:
            meta[k] = meta[f"meta:{k}"]
        meta.pop(f"meta:{k}", None)
    return meta


@functools.lru_cache(maxsize=1)
def _meta_field_re() -> re.Pattern[str]:
    labels = _rules()["meta_labels"]
    alt = "|".join(sorted((w for ws in labels.values() for w in ws), key=len, reverse=True))
    return re.compile(rf"({alt})\s*[:：]\s*(.*?)(?=[\s　]*(?:{alt})\s*[:：]|[\s　]*$)")


def _meta_fields(line: str, rules: dict) -> tuple[dict[str, str], str]:
    """Metadata fields of a ``label：value`` line, and what is left of the line besides them."""
    out: dict[str, str] = {}
    rest = line
    for m in _meta_field_re().finditer(line):
        for key, words in rules["meta_labels"].items():
            if m.group(1) in words and m.group(2).strip():
                out.setdefault(key, m.group(2).strip())
        rest = rest.replace(m.group(0), "", 1)
    return out, rest.strip(" \t\u3000|｜")


def html_view(text: str) -> HtmlView:
    """The article body of the decoded page *text* as a same-length view.

    Parameters
    ----------
    text : str
        The decoded HTML file (see :func:`democracy_study.io.sources.read_source`).

    Returns
    -------
    HtmlView
        ``len(view.text) == len(text)``; every character of the article body
        is ``text``'s own character at the same offset.
    """
    rules = _rules()
    root, tags = _tree(text, rules)
    _score(root, text)
    body, furniture = _body(root, text, rules)
    keep = bytearray(len(text))  # 1: a character of the article body
    heading_at: dict[int, int] = {}
    furn: list[Furniture] = []
    meta = _meta(root, text, rules)
    kept = [body, *_own_headline(body, furniture)] if body is not None else []
    for top in kept:
        for n in _walk(top):
            if id(n) in furniture:
                continue
            for s, e in n.texts:
                keep[s:e] = b"\x01" * (e - s)
            if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                heading_at[n.start] = int(n.tag[1])
    for n in _walk(root):
        reason = furniture.get(id(n))
        parent_reason = furniture.get(id(n.parent)) if n.parent is not None else None
        if reason and reason != parent_reason and reason not in ("script", "style", "head"):
            seen = " ".join(
                " ".join(text[s:e].split()) for m in _walk(n) for s, e in m.texts
            ).strip()
            if seen:
                furn.append(Furniture(n.start, n.end, reason, _html.unescape(seen)[:200]))
    if body is not None:  # visible text outside both the body and the furniture
        inside = {id(n) for top in kept for n in _walk(top)}
        for n in _walk(root):
            if id(n) in inside or id(n) in furniture or n.tag in ("title", "script", "style"):
                continue
            for s, e in n.texts:
                seen = " ".join(text[s:e].split())
                if seen:
                    furn.append(Furniture(s, e, "outside_body", _html.unescape(seen)[:200]))
    out = [ch if keep[i] or ch in "\r\n" else " " for i, ch in enumerate(text)]
    block = rules["block"]
    markup: list[tuple[int, int]] = []
    cells, rows = set(rules["table_cells"]), set(rules["table_rows"])
    b0, b1 = (body.start, body.end) if body is not None else (0, 0)
    row_open = -1
    for s, _e, name, kind in tags:  # a table row of the body stays on one line
        if b0 <= s < b1 and name in rows:
            if kind == "start":
                row_open = s
            elif kind == "end" and row_open >= 0:
                for i in range(row_open, s):
                    if out[i] in "\r\n":
                        out[i] = " "
                row_open = -1
    for s, e, name, kind in tags:
        if b0 <= s < b1 and name in cells:
            if kind == "start":
                out[s] = "|"  # a cell begins: the row reads as a markdown row (issue 18)
        elif b0 <= s < b1 and name in rows and kind == "end" and e - s >= 2:
            out[s], out[s + 1] = "|", "\n"
        elif name in block or name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out[s] = "\n"
            if kind == "start" and s in heading_at and e - s >= 2 + heading_at[s] - 1:
                level = min(heading_at[s], 6)
                for j in range(1, 1 + level):
                    out[s + j] = "#"
                if e - s > level + 1:
                    out[s + level + 1] = " "
        elif kind != "other":
            markup.append((s, e))
    # metadata lines inside the body ("来源：… 发布时间：…") are page metadata, not report text
    view = "".join(out)
    pos = 0
    for n_line, line in enumerate(view.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if n_line > 400 or not line.strip():
            continue
        found, rest = _meta_fields(line, rules)
        if found and not rest:
            for k, v in found.items():
                meta.setdefault(k, v)
            s = start + len(line) - len(line.lstrip())
            e = start + len(line.rstrip())
            furn.append(Furniture(s, e, "page_metadata", " ".join(line.split())))
            out[s:e] = [" "] * (e - s)
    view = "".join(out)
    furn.sort(key=lambda f: (f.start, f.end))
    return HtmlView(view, sorted(markup), furn, meta, body is not None)
