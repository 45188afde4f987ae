"""BibTeX in, as Zotero, Mendeley, JabRef and Better BibTeX write it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .references import (
    _KIND_BY_BIBTEX,
    _KIND_BY_GENRE,
    _MONTH_MACROS,
    MESSAGES,
    REPORT,
    Author,
    CitationFileError,
    CorporateAuthor,
    ParseResult,
    Person,
    Reference,
    _check_title,
    _decode,
    _make_date,
    _month,
    _year,
    normalise_doi,
)

_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)\s*([{(])")
_SPACE = re.compile(r"\s*")
_KEY = re.compile(r"([^\s,{}()=\"#%'~]*)\s*")
_FIELD_NAME = re.compile(r"([A-Za-z_][\w:.+-]*)\s*=\s*")
_WORD = re.compile(r"[A-Za-z_][\w:.+-]*|\d+")
_BRACES = re.compile(r"\\[{}\\]|[{}]")
_QUOTED = re.compile(r'\\[{}\\"]|[{}"]')


class _BibtexSyntax(Exception):
    def __init__(self, code: str, position: int, field: str = ""):
        self.code, self.position, self.field = code, position, field


def _closing_brace(text: str, position: int) -> int:
    """Index of the "}" matching the "{" just before `position` (escaped braces don't count)."""
    end = text.find("}", position)
    if end >= 0 and "{" not in text[position:end] and "\\" not in text[position:end]:
        return end  # most values: no inner braces
    depth = 1
    for match in _BRACES.finditer(text, position):
        token = match.group()
        if token == "{":  # noqa: S105
            depth += 1
        elif token == "}":  # noqa: S105
            depth -= 1
            if depth == 0:
                return match.start()
    raise _BibtexSyntax("bib_unclosed", position)


def _closing_quote(text: str, position: int) -> int:
    depth = 0
    for match in _QUOTED.finditer(text, position):
        token = match.group()
        if token == "{":  # noqa: S105
            depth += 1
        elif token == "}":  # noqa: S105
            depth -= 1
        elif token == '"' and depth <= 0:  # noqa: S105
            return match.start()
    raise _BibtexSyntax("bib_unclosed", position)


def parse_bibtex(data: str | bytes) -> ParseResult:
    """Every entry of a BibTeX file (Zotero, Mendeley, JabRef, Better BibTeX), with
    @string macros expanded and LaTeX decoded, or CitationFileError."""
    text = _decode(data)
    macros = {macro: str(number) for number, macro in enumerate(_MONTH_MACROS, start=1)}
    refs: list[Reference] = []
    position = 0
    while True:
        match = _ENTRY_START.search(text, position)
        if not match:
            break
        entry_type, opener = match.group(1).lower(), match.group(2)
        body_start = match.end()
        closer = "}" if opener == "{" else ")"
        number = len(refs) + 1
        try:
            if entry_type in ("comment", "preamble"):
                position = _skip_group(text, body_start, closer) + 1
                continue
            if entry_type == "string":
                fields, position = _bib_fields(text, body_start, closer, macros)
                macros.update(fields)
                continue
            key_match = _KEY.match(text, _SPACE.match(text, body_start).end())
            key = key_match.group(1)
            after_key = key_match.end()
            if after_key < len(text) and text[after_key] == closer:
                fields, position = {}, after_key + 1
            elif after_key < len(text) and text[after_key] == ",":
                if not key:
                    raise _BibtexSyntax("bib_no_key", body_start)
                fields, position = _bib_fields(text, after_key + 1, closer, macros)
            elif after_key >= len(text):
                raise _BibtexSyntax("bib_unclosed", body_start)
            else:
                problem = "bib_no_key" if not key or text[after_key] == "=" else "bib_field_name"
                raise _BibtexSyntax(problem, after_key)
        except _BibtexSyntax as problem:
            key = _KEY.match(text, _SPACE.match(text, body_start).end()).group(1)
            line = text.count("\n", 0, match.start()) + 1
            if problem.code != "bib_unclosed":
                line = text.count("\n", 0, problem.position) + 1
            raise CitationFileError(
                MESSAGES[problem.code],
                code=problem.code,
                record=number,
                name=key or "—",
                line=line,
                field=problem.field,
            ) from None
        ref = _bibtex_reference(entry_type, key, fields)
        if not ref.title:  # the line is counted only then: counting each time is quadratic
            _check_title(ref, number, text.count("\n", 0, match.start()) + 1)
        refs.append(ref)
    if not refs:
        raise CitationFileError(MESSAGES["empty"], code="empty")
    return ParseResult(format="bibtex", references=refs)


def _skip_group(text: str, position: int, closer: str) -> int:
    if closer == "}":
        return _closing_brace(text, position)
    end = text.find(")", position)
    if end < 0:
        raise _BibtexSyntax("bib_unclosed", position)
    return end


def _bib_fields(
    text: str, position: int, closer: str, macros: Mapping[str, str] | None = None
) -> tuple[dict[str, str], int]:
    """Fields of one entry as raw (still LaTeX) strings, and the position after its closer."""
    macros = macros or {}
    fields: dict[str, str] = {}
    length = len(text)
    while True:
        position = _SPACE.match(text, position).end()
        if position >= length:
            raise _BibtexSyntax("bib_unclosed", position)
        if text[position] == closer:
            return fields, position + 1
        name_match = _FIELD_NAME.match(text, position)
        if not name_match:
            raise _BibtexSyntax("bib_field_name", position)
        name = name_match.group(1).lower()
        position = name_match.end()
        parts = []
        while True:
            if position >= length:
                raise _BibtexSyntax("bib_unclosed", position)
            char = text[position]
            if char == "{":
                end = _closing_brace(text, position + 1)
                parts.append(text[position + 1 : end])
                position = end + 1
            elif char == '"':
                end = _closing_quote(text, position + 1)
                parts.append(text[position + 1 : end])
                position = end + 1
            else:
                word = _WORD.match(text, position)
                if not word:
                    raise _BibtexSyntax("bib_field_value", position, name)
                value = word.group()
                parts.append(value if value.isdigit() else macros.get(value.lower(), ""))
                position = word.end()
            value_end = position
            position = _SPACE.match(text, position).end()
            if position < length and text[position] == "#":
                position = _SPACE.match(text, position + 1).end()
                continue
            break
        fields.setdefault(name, "".join(parts))
        if position >= length:
            raise _BibtexSyntax("bib_unclosed", position)
        if text[position] == ",":
            position += 1
        elif text[position] != closer:
            raise _BibtexSyntax("bib_comma", value_end, name)


# LaTeX as reference managers write it: accents in any bracing, named letters and symbols,
# text-formatting commands whose argument stays.
_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_ACCENT_RE = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
    r"|\\([uvHckrdb])(?:\s*\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])?\s*\}|\s+(\\[ij](?![A-Za-z])|[A-Za-z]))"
)
_SYMBOLS = {
    "i": "ı",
    "j": "ȷ",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "ss": "ß",
    "l": "ł",
    "L": "Ł",
    "textendash": "–",
    "textemdash": "—",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbackslash": "\\",
    "textbraceleft": "\ue000",
    "textbraceright": "\ue001",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "texteuro": "€",
    "euro": "€",
    "textdegree": "°",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textunderscore": "_",
    "textpercent": "%",
    "textdollar": "$",
    "textsterling": "£",
    "pounds": "£",
    "S": "§",
    "P": "¶",
    "textbullet": "•",
    "textperiodcentered": "·",
    "nobreakspace": "\u00a0",
}
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "\ue000", "}": "\ue001"}
_PLACEHOLDERS = str.maketrans({"\ue000": "{", "\ue001": "}", "\ue002": "~"})
_TIE_OR_MATH = re.compile(r"(?<!\\)[~$]")
_COMMAND_RE = re.compile(r"\\([A-Za-z]+)\s*(?:\{\}|(?=[^A-Za-z]))?|\\([&%$#_{}\\ ,;!])")
_URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\{([^{}]*)\})?")


def _accent(match: re.Match) -> str:
    command = match.group(1) or match.group(4)
    letter = match.group(2) or match.group(3) or match.group(5) or match.group(6) or ""
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    if not letter:
        return {"~": "\ue002", "^": "^", "'": "’", "`": "‘"}.get(command, "")
    return unicodedata.normalize("NFC", letter + _ACCENTS[command])


def _command(match: re.Match) -> str:
    name, escaped = match.group(1), match.group(2)
    if escaped is not None:
        if escaped == "\\":
            return " "
        return _ESCAPED.get(escaped, " ")
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    return ""  # \emph{x}, \textit{x}, \mkbibquote{x}, \LaTeX: the argument (or nothing) stays


def latex_to_text(value: str) -> str:
    """Plain text from a BibTeX field value: accents, escapes and commands decoded, case
    braces removed, white space collapsed."""
    if "\\" in value or "{" in value or "~" in value or "-" in value or "$" in value:
        if "\\" in value:
            value = _URL_COMMAND.sub(lambda m: m.group(2) or m.group(1), value)
            value = _ACCENT_RE.sub(_accent, value)
        value = _TIE_OR_MATH.sub(lambda m: " " if m.group() == "~" else "", value)
        value = value.replace("---", "—").replace("--", "–")
        value = value.replace("``", "“").replace("''", "”")
        if "\\" in value:
            value = _COMMAND_RE.sub(_command, value)
            value = value.replace("{", "").replace("}", "").translate(_PLACEHOLDERS)
        else:
            value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def _latex_url(value: str) -> str:
    """A URL or DOI field: Mendeley escapes "_" and "%" in them ({\\_}, \\%)."""
    value = _URL_COMMAND.sub(lambda m: m.group(1), value)
    value = re.sub(r"\\([_%&#$~])", r"\1", value)
    urls = value.replace("{", "").replace("}", "").split()
    return urls[0] if urls else ""  # Mendeley puts several, space-separated


def _split_top_level(value: str, separator: re.Pattern) -> list[str]:
    """Split at `separator` matches outside braces."""
    if "{" not in value:
        return separator.split(value)
    parts, depth, start = [], 0, 0
    position = 0
    length = len(value)
    while position < length:
        char = value[position]
        if char == "\\" and position + 1 < length:
            position += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            match = separator.match(value, position)
            if match:
                parts.append(value[start:position])
                start = position = match.end()
                continue
        position += 1
    parts.append(value[start:])
    return parts


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r",")
_WHITE = re.compile(r"\s+")


def _bibtex_names(value: str) -> list[Author]:
    authors: list[Author] = []
    if not value.strip():
        return authors
    names = _split_top_level(value.strip(), _AND) if " " in value else [value]
    for raw in names:
        raw = raw.strip()
        if not raw or raw.lower() == "others":
            continue
        if raw.startswith("{") and raw.endswith("}") and _closing_brace(raw, 1) == len(raw) - 1:
            authors.append(CorporateAuthor(latex_to_text(raw[1:-1])))
            continue
        parts = [p.strip() for p in _split_top_level(raw, _COMMA)]
        if len(parts) >= 2:
            family = latex_to_text(parts[0])
            given = latex_to_text(parts[-1])
            if len(parts) >= 3 and parts[1]:  # von Last, Jr, First
                family = f"{family} {latex_to_text(parts[1])}"
            authors.append(Person(family=family, given=given))
            continue
        words = [w for w in _split_top_level(raw, _WHITE) if w]
        if len(words) == 1:
            authors.append(Person(family=latex_to_text(words[0])))
            continue
        von = next(
            (
                i
                for i, w in enumerate(words[:-1])
                if i > 0 and not w.startswith("{") and latex_to_text(w)[:1].islower()
            ),
            len(words) - 1,
        )
        authors.append(
            Person(
                family=latex_to_text(" ".join(words[von:])),
                given=latex_to_text(" ".join(words[:von])),
            )
        )
    return authors


def _bibtex_reference(entry_type: str, key: str, fields: dict[str, str]) -> Reference:
    def get(*names: str) -> str:
        for name in names:
            value = fields.get(name)
            if value and value.strip():
                return latex_to_text(value)
        return ""

    genre = get("type")
    kind = _KIND_BY_GENRE.get(genre.casefold()) or _KIND_BY_BIBTEX.get(entry_type, REPORT)
    date_field = get("date", "issued")
    year = _year(get("year")) or _year(date_field)
    month = _month(get("month")) if get("month") else None
    day = get("day") or None
    iso = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", date_field)
    if iso:
        month = month or _month(iso.group(2))
        day = day or iso.group(3)
    doi = _latex_url(fields.get("doi", ""))
    url = _latex_url(fields.get("url", ""))
    if not url:
        howpublished = fields.get("howpublished", "")
        if "\\url" in howpublished:
            url = _latex_url(howpublished)
    keywords = [k.strip() for k in re.split(r"[,;]", get("keywords", "keyword")) if k.strip()]
    countries = [c.strip() for c in get("countries").split(",") if c.strip()]
    container = get("journal", "journaltitle", "booktitle")
    if not container and "\\url" not in fields.get("howpublished", ""):
        container = get("howpublished")
    return Reference(
        title=get("title"),
        kind=kind,
        authors=_bibtex_names(fields.get("author", "")),
        year=year,
        month=month,
        date=_make_date(year, month, day),
        publisher=get("publisher", "institution", "organization", "school"),
        doi=normalise_doi(doi),
        url=url,
        abstract=get("abstract"),
        keywords=keywords,
        language=get("language", "langid"),
        countries=countries,
        container=container,
        volume=get("volume"),
        issue=get("issue") or (get("number") if entry_type != "techreport" else ""),
        pages=re.sub(r"\s*[-–—]+\s*", "-", get("pages")),
        report_number=get("number") if entry_type == "techreport" else "",
        note=get("note"),
        source_key=key,
    )
