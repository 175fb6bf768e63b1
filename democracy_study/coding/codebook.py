"""The mechanism codebook: loading, validation, lookups and rendering.

The codebook (RESEARCH_DESIGN §4) lives in ``democracy_study/data/codebook.yaml``
and is versioned there. Each entry has a code, a family, Chinese and English
labels, a definition, include/exclude rules, regular-expression cues (each with
an id) and examples from real text. Two shared cue lists veto hits: negation
and future cues, and "elsewhere" cues (experience borrowed from another place).

Examples
--------
>>> cb = load_codebook()
>>> len(cb.codes) >= 32
True
>>> cb.family("special_inquiry"), cb.label("special_inquiry", lang="zh")
('oversight', '专题询问（微询问）')
>>> set(REQUIRED_CODES) <= set(cb.code_names)
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from democracy_study import config
from democracy_study._util import DataFileError, load_yaml

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FAMILIES",
    "REQUIRED_CODES",
    "Code",
    "Codebook",
    "CodebookError",
    "Cue",
    "codebook_from_dict",
    "load_codebook",
]

#: Families in display order (RESEARCH_DESIGN §4).
FAMILIES: tuple[str, ...] = (
    "contact",
    "oversight",
    "suggestions",
    "legislation",
    "governance",
    "development",
    "management",
)

#: The codes every codebook must define (extra codes are allowed).
REQUIRED_CODES: tuple[str, ...] = (
    "liaison_station",
    "sector_station",
    "digital_channel",
    "regular_contact_day",
    "voter_agenda_setting",
    "volunteer_service",
    "deputy_field_research",
    "special_inquiry",
    "department_appraisal",
    "judicial_appraisal",
    "hotline_oversight",
    "law_enforcement_inspection",
    "follow_up_review",
    "satisfaction_vote",
    "third_party_evaluation",
    "joint_oversight",
    "public_disclosure",
    "congress_resolution",
    "key_suggestion_supervision",
    "rapid_response",
    "suggestion_conversion",
    "handling_evaluation",
    "face_to_face_consultation",
    "legislative_contact_point",
    "legislative_proposal",
    "deputy_mediation",
    "investment_promotion",
    "enterprise_service",
    "rural_revitalization",
    "talent_recruitment",
    "deputy_performance_management",
    "township_congress_building",
)

_CODE_FIELDS = (
    "code",
    "family",
    "label_zh",
    "label_en",
    "definition",
    "include",
    "exclude",
    "cues",
    "examples",
)
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_MACRO_RE = re.compile(r"\{\{([A-Z_]+)\}\}")


class CodebookError(ValueError):
    """The codebook file is invalid. The message names the entry and the problem."""


@dataclass(frozen=True)
class Cue:
    """One regular-expression cue.

    ``pattern`` is the expanded pattern (macros substituted); ``source`` the
    pattern as written in the YAML file.
    """

    id: str
    pattern: str
    source: str
    kind: str = "cue"  #: "cue", or for vetoes "negation", "future", "elsewhere"


@dataclass(frozen=True)
class Code:
    """One codebook entry."""

    code: str
    family: str
    label_zh: str
    label_en: str
    definition: str
    include: str
    exclude: str
    cues: tuple[Cue, ...]
    examples: tuple[str, ...]

    def label(self, lang: str = "en") -> str:
        """English (``lang='en'``) or Chinese (``lang='zh'``) label."""
        return _pick_label(self.label_en, self.label_zh, lang)


def _pick_label(en: str, zh: str, lang: str | None) -> str:
    if lang in (None, "en"):
        return en
    if lang == "zh":
        return zh
    raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")


@dataclass(eq=False)
class Codebook:
    """A validated codebook.

    Attributes
    ----------
    version : str
        The ``version`` field of the file.
    codes : tuple of Code
        Entries in file order.
    families : dict
        family → ``{"label_en": ..., "label_zh": ...}`` in display order.
    negation, elsewhere : tuple of Cue
        Shared veto cues.
    path : str
        Where the codebook was read from.
    """

    version: str
    codes: tuple[Code, ...]
    families: dict[str, dict[str, str]]
    negation: tuple[Cue, ...]
    elsewhere: tuple[Cue, ...]
    path: str = ""
    _by_code: dict[str, Code] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code = {c.code: c for c in self.codes}

    @property
    def code_names(self) -> list[str]:
        """Codes in codebook order.

        >>> load_codebook().code_names[:2]
        ['liaison_station', 'sector_station']
        """
        return [c.code for c in self.codes]

    @property
    def n_cues(self) -> int:
        """Number of code cues (vetoes not counted).

        >>> load_codebook().n_cues > 32
        True
        """
        return sum(len(c.cues) for c in self.codes)

    def __getitem__(self, code: str) -> Code:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown mechanism code {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def family(self, code: str) -> str:
        """Family of *code*.

        >>> load_codebook().family("deputy_mediation")
        'governance'
        """
        return self[code].family

    def label(self, code: str, lang: str = "en") -> str:
        """Label of *code* in English or Chinese.

        >>> load_codebook().label("liaison_station")
        'Deputy liaison stations'
        """
        return self[code].label(lang)

    def family_label(self, family: str, lang: str = "en") -> str:
        """Label of *family*.

        >>> load_codebook().family_label("oversight", lang="zh")
        '监督'
        """
        if family not in self.families:
            raise KeyError(f"unknown mechanism family {family!r}")
        f = self.families[family]
        return _pick_label(f["label_en"], f["label_zh"], lang)

    def codes_in(self, family: str) -> list[str]:
        """Codes of *family* in codebook order.

        >>> load_codebook().codes_in("legislation")
        ['legislative_contact_point', 'legislative_proposal']
        """
        if family not in self.families:
            raise KeyError(f"unknown mechanism family {family!r}")
        return [c.code for c in self.codes if c.family == family]

    def to_frame(self) -> pd.DataFrame:
        """One row per code: code, family, labels, definition, rules, cue ids, examples.

        >>> df = load_codebook().to_frame()
        >>> list(df.columns[:4])
        ['code', 'family', 'label_en', 'label_zh']
        """
        import pandas as pd

        rows = [
            {
                "code": c.code,
                "family": c.family,
                "label_en": c.label_en,
                "label_zh": c.label_zh,
                "definition": c.definition,
                "include": c.include,
                "exclude": c.exclude,
                "n_cues": len(c.cues),
                "cues": "; ".join(f"{q.id}: {q.source}" for q in c.cues),
                "examples": " | ".join(c.examples),
            }
            for c in self.codes
        ]
        return pd.DataFrame(rows)

    def render_markdown(self) -> str:
        """The codebook as a Markdown document (what ``docs/codebook.md`` holds).

        >>> md = load_codebook().render_markdown()
        >>> md.startswith("# Mechanism codebook")
        True
        """
        out = [
            "# Mechanism codebook",
            "",
            "<!-- generated by scripts/render_codebook.py from "
            "democracy_study/data/codebook.yaml; do not edit by hand -->",
            "",
            f"Version {self.version}. {len(self.codes)} codes in {len(self.families)} "
            f"families, {self.n_cues} cues. Coding unit: the paragraph, with "
            "sentence-level evidence. A code is present for a place when the report "
            "describes the mechanism as practised there.",
            "",
            "Cues are regular expressions over normalized text (half-width, simplified). "
            "The `rule` column of the mechanisms table is `<code>:<cue id>`.",
            "",
            "## Vetoes",
            "",
            "A negation or future cue vetoes every hit in its clause and every later hit "
            "in its sentence; an elsewhere cue vetoes every hit in its clause.",
            "",
            "| kind | id | pattern |",
            "|---|---|---|",
        ]
        for q in (*self.negation, *self.elsewhere):
            out.append(f"| {q.kind} | `{q.id}` | `{_md_escape(q.source)}` |")
        out += ["", "## Summary", "", "| family | code | label | 中文 |", "|---|---|---|---|"]
        for c in self.codes:
            out.append(f"| {c.family} | `{c.code}` | {c.label_en} | {c.label_zh} |")
        for fam in self.families:
            out += ["", f"## {self.family_label(fam)} ({self.family_label(fam, 'zh')})"]
            for c in self.codes:
                if c.family != fam:
                    continue
                out += [
                    "",
                    f"### `{c.code}` — {c.label_en} / {c.label_zh}",
                    "",
                    f"**Definition.** {c.definition}",
                    "",
                    f"**Include.** {c.include}",
                    "",
                    f"**Exclude.** {c.exclude}",
                    "",
                    "**Cues.**",
                    "",
                ]
                out += [f"- `{q.id}`: `{_md_escape(q.source)}`" for q in c.cues]
                out += ["", "**Examples.**", ""]
                out += [f"> {ex}" for ex in c.examples]
        return "\n".join(out) + "\n"

    def render_text(self, lang: str = "en") -> str:
        """Plain-text summary printed by ``democracy-study codebook``.

        >>> print(load_codebook().render_text().splitlines()[0])  # doctest: +ELLIPSIS
        Mechanism codebook v... codes, ... cues
        """
        lines = [f"Mechanism codebook v{self.version}: {len(self.codes)} codes, {self.n_cues} cues"]
        width = max(len(c.code) for c in self.codes)
        for fam in self.families:
            lines.append("")
            lines.append(f"[{fam}] {self.family_label(fam, lang)}")
            for c in self.codes:
                if c.family == fam:
                    lines.append(f"  {c.code:<{width}}  {c.label(lang)}")
        return "\n".join(lines) + "\n"


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("`", "'")


def _require_str(entry: dict[str, Any], key: str, where: str) -> str:
    if key not in entry or entry[key] is None:
        raise CodebookError(f"{where}: missing required field {key!r}")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise CodebookError(f"{where}: field {key!r} must be a non-empty string")
    return value.strip()


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise CodebookError(f"{where}: unknown macro {{{{{name}}}}}")
        return macros[name]

    return _MACRO_RE.sub(sub, pattern)


def _parse_cue(raw: Any, macros: dict[str, str], where: str, default_kind: str) -> Cue:
    if not isinstance(raw, dict):
        raise CodebookError(f"{where}: a cue must be a mapping with 'id' and 'pattern'")
    cid = _require_str(raw, "id", where)
    if not _ID_RE.match(cid):
        raise CodebookError(f"{where}: cue id {cid!r} must be lower_snake_case")
    where = f"{where} cue {cid!r}"
    source = _require_str(raw, "pattern", where)
    pattern = _expand(source, macros, where)
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise CodebookError(f"{where}: pattern does not compile ({exc}): {source!r}") from None
    if rx.groups:
        raise CodebookError(f"{where}: pattern has capturing groups; use (?:...): {source!r}")
    if rx.fullmatch(""):
        raise CodebookError(f"{where}: pattern matches the empty string: {source!r}")
    kind = raw.get("kind", default_kind)
    if kind not in {"cue", "negation", "future", "elsewhere"}:
        raise CodebookError(f"{where}: unknown cue kind {kind!r}")
    return Cue(id=cid, pattern=pattern, source=source, kind=kind)


def _parse_cues(raw: Any, macros: dict[str, str], where: str, default_kind: str) -> tuple[Cue, ...]:
    if not isinstance(raw, list) or not raw:
        raise CodebookError(f"{where}: 'cues' must be a non-empty list")
    cues = tuple(_parse_cue(r, macros, where, default_kind) for r in raw)
    seen: set[str] = set()
    for q in cues:
        if q.id in seen:
            raise CodebookError(f"{where}: duplicated cue id {q.id!r}")
        seen.add(q.id)
    return cues


def _parse_code(raw: Any, index: int, families: dict[str, Any], macros: dict[str, str]) -> Code:
    if not isinstance(raw, dict):
        raise CodebookError(f"codes[{index}]: entry must be a mapping")
    where = f"code {raw.get('code', f'#{index}')!r}"
    for key in _CODE_FIELDS:
        if key not in raw or raw[key] is None:
            raise CodebookError(f"{where}: missing required field {key!r}")
    code = _require_str(raw, "code", where)
    if not _ID_RE.match(code):
        raise CodebookError(f"{where}: code must be lower_snake_case")
    family = _require_str(raw, "family", where)
    if family not in families:
        raise CodebookError(f"{where}: unknown family {family!r} (known: {', '.join(families)})")
    examples = raw["examples"]
    if isinstance(examples, str):
        examples = [examples]
    if not isinstance(examples, list) or not examples:
        raise CodebookError(f"{where}: 'examples' must be a non-empty list")
    ex: list[str] = []
    for e in examples:
        text = e.get("text") if isinstance(e, dict) else e
        if not isinstance(text, str) or not text.strip():
            raise CodebookError(f"{where}: every example must be a non-empty string")
        ex.append(text.strip())
    return Code(
        code=code,
        family=family,
        label_zh=_require_str(raw, "label_zh", where),
        label_en=_require_str(raw, "label_en", where),
        definition=_require_str(raw, "definition", where),
        include=_require_str(raw, "include", where),
        exclude=_require_str(raw, "exclude", where),
        cues=_parse_cues(raw["cues"], macros, where, "cue"),
        examples=tuple(ex),
    )


def _parse_families(raw: Any) -> dict[str, dict[str, str]]:
    if raw is None:
        return {f: {"label_en": f, "label_zh": f} for f in FAMILIES}
    if not isinstance(raw, list) or not raw:
        raise CodebookError("'families' must be a non-empty list")
    out: dict[str, dict[str, str]] = {}
    for i, f in enumerate(raw):
        if not isinstance(f, dict):
            raise CodebookError(f"families[{i}]: entry must be a mapping")
        name = _require_str(f, "family", f"families[{i}]")
        if name in out:
            raise CodebookError(f"family {name!r}: duplicated")
        out[name] = {
            "label_en": _require_str(f, "label_en", f"family {name!r}"),
            "label_zh": _require_str(f, "label_zh", f"family {name!r}"),
        }
    missing = [f for f in FAMILIES if f not in out]
    if missing:
        raise CodebookError(f"'families' lacks required families: {', '.join(missing)}")
    return out


def codebook_from_dict(data: Any, path: str = "<dict>") -> Codebook:
    """Validate a parsed codebook mapping and build a :class:`Codebook`.

    Raises
    ------
    CodebookError
        Unknown family, duplicated code, a cue that does not compile, a missing
        required field or a missing required code; the message names the entry.

    Examples
    --------
    >>> codebook_from_dict({"version": "0", "codes": []})
    Traceback (most recent call last):
    ...
    democracy_study.coding.codebook.CodebookError: <dict>: 'codes' must be a non-empty list
    """
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: top level must be a mapping")
    if "version" not in data or data["version"] in (None, ""):
        raise CodebookError(f"{path}: missing required field 'version'")
    raw_codes = data.get("codes")
    if not isinstance(raw_codes, list) or not raw_codes:
        raise CodebookError(f"{path}: 'codes' must be a non-empty list")
    macros = data.get("macros") or {}
    if not isinstance(macros, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in macros.items()
    ):
        raise CodebookError(f"{path}: 'macros' must map names to strings")
    try:
        families = _parse_families(data.get("families"))
        codes = [_parse_code(r, i, families, macros) for i, r in enumerate(raw_codes)]
        negation = (
            _parse_cues(data["negation"], macros, "negation", "negation")
            if data.get("negation")
            else ()
        )
        elsewhere = (
            _parse_cues(data["elsewhere"], macros, "elsewhere", "elsewhere")
            if data.get("elsewhere")
            else ()
        )
    except CodebookError as exc:
        raise CodebookError(f"{path}: {exc}") from None
    seen: set[str] = set()
    for c in codes:
        if c.code in seen:
            raise CodebookError(f"{path}: code {c.code!r}: duplicated code")
        seen.add(c.code)
    missing = [c for c in REQUIRED_CODES if c not in seen]
    if missing:
        raise CodebookError(f"{path}: missing required codes: {', '.join(missing)}")
    used = {c.family for c in codes}
    fams = {k: v for k, v in families.items() if k in used or k in FAMILIES}
    return Codebook(
        version=str(data["version"]),
        codes=tuple(codes),
        families=fams,
        negation=negation,
        elsewhere=elsewhere,
        path=path,
    )


_CACHE: dict[tuple[str, float], Codebook] = {}


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook YAML file (default: the shipped codebook).

    The result is cached per (path, modification time), so repeated calls are
    cheap and the coder's compiled regex is reused.

    Parameters
    ----------
    path : str or Path, optional
        A codebook YAML file; ``config.CODEBOOK_FILE`` by default.

    Raises
    ------
    CodebookError
        The file is missing, is not YAML or fails validation.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.version
    '1.1.2'
    >>> load_codebook("/no/such/codebook.yaml")
    Traceback (most recent call last):
    ...
    democracy_study.coding.codebook.CodebookError: /no/such/codebook.yaml: file not found
    """
    p = Path(path) if path is not None else config.CODEBOOK_FILE
    if not p.is_file():
        raise CodebookError(f"{p}: file not found")
    key = (str(p.resolve()), p.stat().st_mtime)
    if key in _CACHE:
        return _CACHE[key]
    try:
        data = load_yaml(p, what="codebook")
    except DataFileError as exc:
        raise CodebookError(str(exc)) from None
    cb = codebook_from_dict(data, path=str(p))
    _CACHE[key] = cb
    return cb
