"""The one Markdown renderer for everything members write (posts, profiles, suggestions,
notes). Text is rendered once, when it is saved, and the stored HTML is what pages show.

Two layers: raw HTML in the source is never passed through (it shows as text), and the
rendered HTML is then cleaned by nh3 against an allow-list, so no script, event handler,
inline style, or javascript:/data: link can reach a page.
"""

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

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
EXTENSIONS = ["markdown.extensions.fenced_code", "markdown.extensions.tables", "sane_lists"]


class _MentionProcessor(InlineProcessor):
    """Links each known `@Name` (found by the caller) to its URL; never inside code."""

    def __init__(self, mentions: dict[str, str]):
        names = sorted(mentions, key=len, reverse=True)
        pattern = "(" + "|".join(re.escape(name) for name in names) + r")(?![\w-])"
        super().__init__(pattern)
        self.mentions = mentions

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        link = etree.Element("a")
        link.set("href", self.mentions[m.group(1)])
        link.set("class", "mention")
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


def _markdown(mentions: dict[str, str] | None = None) -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Raw HTML in the source is shown as text, never interpreted.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    if mentions:
        md.inlinePatterns.register(_MentionProcessor(mentions), "mention", 65)
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


def render_markdown(source: str, *, mentions: dict[str, str] | None = None) -> str:
    """Markdown source -> sanitised HTML, safe to mark_safe and show.

    `mentions` maps the exact text of a mention ("@Amina Diallo") to the profile URL it
    links to; the caller finds the members, this module only draws the links.
    """
    if not source or not source.strip():
        return ""
    # Headings start at h3: h1 and h2 belong to the page around the text.
    html = _markdown(mentions).convert(source)
    html = (
        html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
        .replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    )  # fmt: skip
    return sanitise_html(html)
