"""The one Markdown renderer for everything members write (posts, profiles, suggestions,
notes). Text is rendered once, when it is saved, and the stored HTML is what pages show.

Two layers: raw HTML in the source is never passed through (it shows as text), and the
rendered HTML is then cleaned by nh3 against an allow-list, so no script, event handler,
inline style, or javascript:/data: link can reach a page.
"""

import markdown
import nh3

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
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
EXTENSIONS = ["markdown.extensions.fenced_code", "markdown.extensions.tables", "sane_lists"]


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Raw HTML in the source is shown as text, never interpreted.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Markdown source -> sanitised HTML, safe to mark_safe and show."""
    if not source or not source.strip():
        return ""
    # Headings start at h3: h1 and h2 belong to the page around the text.
    html = _markdown().convert(source)
    html = (
        html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
        .replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    )  # fmt: skip
    return sanitise_html(html)
