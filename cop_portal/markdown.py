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


def validate_markdown_length(source: str) -> None:
    """Form validator: the renderer's length bound, said in the member's language."""
    if source and len(source) > max_length():
        raise ValidationError(
            _("This text is %(length)s characters long; the limit is %(limit)s."),
            code="markdown_too_long",
            params={"length": len(source), "limit": max_length()},
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


def _parser(mentions: dict[str, str] | None) -> MarkdownIt:
    # html=False: raw HTML in the source is shown as text, never interpreted.
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING + 10})
    md.enable("table")
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


def render_markdown(source: str, *, mentions: dict[str, str] | None = None) -> str:
    """Markdown source -> sanitised HTML, safe to mark_safe and show.

    `mentions` maps the exact text of a mention ("@Amina Diallo") to the profile URL it
    links to; the caller finds the members, this module only draws the links.
    """
    if not source or not source.strip():
        return ""
    if len(source) > max_length():
        return sanitise_html(_plain_text(source))
    return sanitise_html(_parser(mentions).render(source).strip())
