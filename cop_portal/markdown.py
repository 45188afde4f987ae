"""The one Markdown renderer for everything members write (posts, profiles, suggestions,
notes). Text is rendered once, when it is saved, and the stored HTML is what pages show.

Two layers: raw HTML in the source is never passed through (it shows as text), and the
rendered HTML is then cleaned by nh3 against an allow-list, so no script, event handler,
inline style, or javascript:/data: link can reach a page.

Bounded: the parser is markdown-it-py (CommonMark), whose inline parsing stays linear on
the bracket, backtick and emphasis runs that made Python-Markdown take minutes; a source
longer than COP_MARKDOWN_MAX_LENGTH is shown as plain text, and structure nested deeper
than MAX_NESTING levels is shown as text rather than parsed (or raising RecursionError).
Forms refuse over-length text first (`validate_markdown_length`), so the plain-text path
only serves rows written another way.

Longer texts (meeting notes: a field may name a higher `max_length`) are rendered block by
block: the source is cut at blank lines outside code fences into chunks of at most
CHUNK_LENGTH characters, each parsed on its own, so the constructs whose cost grows faster
than their length (runs of `![` or `[` openers, a deep quote followed by lazy lines) never
see more than one chunk; a block longer than a chunk without a blank line, and a chunk that
is mostly Markdown punctuation rather than words (no one writes notes like that; hostile
input does), are shown as plain text. The cost is then linear in the length, with a small
constant. Texts within COP_MARKDOWN_MAX_LENGTH (posts, profiles) are parsed whole, as before.
"""

import re

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, table
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import image, link
from markdown_it.token import Token

# Bump whenever the HTML this module produces for the same source changes: rows rendered
# by an older version are brought up to date by `manage.py rerender`.
# 1: Python-Markdown 3 with fenced_code, tables, sane_lists.
# 2: markdown-it-py (CommonMark + tables), bounded length and nesting.
RENDERER_VERSION = 2

# Token levels deeper than this are text: six levels of lists (list + item), twelve of
# quotes. Parsing a line costs about one pass of the block rules per level.
MAX_NESTING = 12
# Rows of one table; the lines after them are text.
MAX_TABLE_ROWS = 1000
# Long texts are parsed in chunks of at most this many characters (see the module notes).
CHUNK_LENGTH = 10_000
# A chunk in which more than this share of the non-blank characters are inline delimiters
# (each one costs the parser a rule pass) is shown as plain text: prose, lists, tables and
# Q&A stay far below it.
MAX_DELIMITER_SHARE = 0.4
_DELIMITERS = frozenset("[]!*_`<&\\")
# A chunk's block cost in line passes: one per line, one more per quote level it sits in
# (a lazy line continues its paragraph's level) and per two spaces of indent, and four
# for a list item (each opens a nested parse). A chunk over this is plain text; notes with
# lines of prose use a fraction of it. At most about 40 chunks make a long text, so this
# bounds the whole.
MAX_CHUNK_LINE_PASSES = 800
LIST_ITEM_PASSES = 4
_QUOTE_MARKERS = re.compile(r"^(?: {0,3}>)+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# In long texts a link's text may hold this many `[` before its first `]`; an opener with
# more, or with no `]` after it, is text (found with str.find, at C speed).
MAX_LABEL_OPENERS = 32

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"a": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def max_length() -> int:
    return settings.COP_MARKDOWN_MAX_LENGTH


def validate_markdown_length(source: str, *, limit: int | None = None) -> None:
    """Form validator: the renderer's length bound (the field's own `limit`, or the one for
    posts), said in the member's language."""
    limit = limit or max_length()
    if source and len(source) > limit:
        raise ValidationError(
            _("This text is %(length)s characters long; the limit is %(limit)s."),
            code="markdown_too_long",
            params={"length": len(source), "limit": limit},
        )


def _too_deep(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Below MAX_NESTING, the block is one paragraph of text: list markers and `>`
    included, parsed no further (markdown-it would otherwise drop it)."""
    if state.level < MAX_NESTING:
        return False
    if silent:
        return True
    line = start_line + 1
    while line < end_line and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        line += 1
    token = state.push("text_block", "p", 0)
    token.map = [start_line, line]
    token.content = state.getLines(start_line, line, state.blkIndent, False).strip()
    state.line = line
    return True


def _bounded_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A table takes at most MAX_TABLE_ROWS rows (each row costs a dozen tokens); the lines
    after them are read as text."""
    return table(state, start_line, min(end_line, start_line + 2 + MAX_TABLE_ROWS), silent)


def _text_block(renderer, tokens, idx, options, env) -> str:
    content = tokens[idx].content
    return f"<p>{escape(content)}</p>\n" if content else ""


def _headings_from_h3(state: StateCore) -> None:
    """h1 and h2 belong to the page around the text: headings start at h3."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
            token.tag = "h3"


def _mention_rule(mentions: dict[str, str]):
    """A core rule linking each known `@Name` (found by the caller) to its URL; never in
    code (code is not a text token) nor inside another link."""
    names = sorted(mentions, key=len, reverse=True)
    pattern = re.compile("(" + "|".join(re.escape(name) for name in names) + r")(?![\w-])")

    def link_mentions(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            children: list[Token] = []
            in_link = 0
            for token in block.children:
                if token.type == "link_open":
                    in_link += 1
                elif token.type == "link_close":
                    in_link -= 1
                if token.type != "text" or in_link or not pattern.search(token.content):
                    children.append(token)
                    continue
                position = 0
                for match in pattern.finditer(token.content):
                    if match.start() > position:
                        children.append(_text(token.content[position : match.start()]))
                    link = Token("link_open", "a", 1)
                    link.attrs = {"class": "mention", "href": mentions[match.group(1)]}
                    children += [link, _text(match.group(1)), Token("link_close", "a", -1)]
                    position = match.end()
                if position < len(token.content):
                    children.append(_text(token.content[position:]))
            block.children = children

    return link_mentions


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _bounded_label(rule, offset: int):
    """markdown-it's link or image rule, asked only when the opener at `offset` from the
    rule's position can close within a few nested brackets: each unclosed opener made the
    rule scan to the end of the paragraph, in Python (a run of `[` or `![` was quadratic)."""

    def bounded(state, silent: bool) -> bool:
        start = state.pos + offset
        if start >= state.posMax or state.src[start] != "[":
            return rule(state, silent)
        close = state.src.find("]", start, state.posMax)
        if close < 0 or state.src.count("[", start, close) > MAX_LABEL_OPENERS:
            return False
        return rule(state, silent)

    return bounded


def _parser(mentions: dict[str, str] | None, *, long: bool = False) -> MarkdownIt:
    # html=False: raw HTML in the source is shown as text, never interpreted.
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING + 10})
    md.enable("table")
    if long:
        md.inline.ruler.at("link", _bounded_label(link, 0))
        md.inline.ruler.at("image", _bounded_label(image, 1))
    md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
    md.block.ruler.before("table", "too_deep", _too_deep)
    md.add_render_rule("text_block", _text_block)
    md.core.ruler.push("headings_from_h3", _headings_from_h3)
    if mentions:
        md.core.ruler.push("mentions", _mention_rule(mentions))
    return md


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _plain_text(source: str) -> str:
    paragraphs = (p.strip() for p in re.split(r"\n\s*\n", source))
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def _blocks(source: str) -> list[str]:
    """The source cut at blank lines that are not inside a code fence, each block with the
    blank lines that followed it (joining the blocks gives the source back)."""
    blocks, current, fence = [], [], ""
    for line in source.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        current.append(line)
        if not fence and not line.strip():
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    return blocks


def _chunks(source: str) -> list[tuple[str, bool]]:
    """(text, parse it) pairs: blocks gathered up to CHUNK_LENGTH characters; a longer
    block alone, not parsed."""
    chunks: list[tuple[str, bool]] = []
    current = ""
    for block in _blocks(source):
        if len(block) > CHUNK_LENGTH:
            if current:
                chunks.append((current, True))
                current = ""
            chunks.append((block, False))
        elif len(current) + len(block) > CHUNK_LENGTH:
            chunks.append((current, True))
            current = block
        else:
            current += block
    if current:
        chunks.append((current, True))
    return chunks


def _too_costly(chunk: str) -> bool:
    """Whether parsing the chunk would cost far more than prose of its length: mostly
    inline delimiters, or many short lines deep in quotes (see MAX_CHUNK_LINE_PASSES)."""
    inked = len(chunk) - sum(chunk.count(blank) for blank in " \n\t\r")
    delimiters = sum(chunk.count(char) for char in _DELIMITERS)
    if inked and delimiters > MAX_DELIMITER_SHARE * inked:
        return True
    passes, depth = 0, 0
    for line in chunk.splitlines():
        markers = _QUOTE_MARKERS.match(line)
        if markers:
            depth = min(markers.group(0).count(">"), MAX_NESTING)
        elif not line.strip():
            depth = 0
        indent = len(line) - len(line.lstrip(" \t"))
        passes += 1 + depth + min(indent // 2, MAX_NESTING)
        if _LIST_ITEM.match(line):
            passes += LIST_ITEM_PASSES
        if passes > MAX_CHUNK_LINE_PASSES:
            return True
    return False


def _render_long(source: str, mentions: dict[str, str] | None) -> str:
    md = _parser(mentions, long=True)
    parts = []
    for chunk, parse in _chunks(source):
        if parse and not _too_costly(chunk):
            parts.append(md.render(chunk).strip())
        else:
            parts.append(_plain_text(chunk))
    return "\n".join(part for part in parts if part)


def render_markdown(
    source: str, *, mentions: dict[str, str] | None = None, max_length: int | None = None
) -> str:
    """Markdown source -> sanitised HTML, safe to mark_safe and show.

    `mentions` maps the exact text of a mention ("@Amina Diallo") to the profile URL it
    links to; the caller finds the members, this module only draws the links.
    `max_length` is the field's own bound when it is longer than COP_MARKDOWN_MAX_LENGTH
    (meeting notes); text beyond the bound is plain text.
    """
    if not source or not source.strip():
        return ""
    whole = settings.COP_MARKDOWN_MAX_LENGTH
    if len(source) > max(max_length or 0, whole):
        return sanitise_html(_plain_text(source))
    if len(source) > whole:
        return sanitise_html(_render_long(source, mentions))
    return sanitise_html(_parser(mentions).render(source).strip())
