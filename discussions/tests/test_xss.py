"""Known XSS payloads through post bodies, titles and tags: none may reach a page as markup
that can run. Payloads are a selection from the OWASP filter-evasion cheat sheet and
PortSwigger's XSS cheat sheet, plus Markdown-specific link and image tricks."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse

from discussions.models import Post, Topic
from discussions.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<img src="x" onerror="alert(String.fromCharCode(88,83,83))">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:alert(1))",
    "![img](javascript:alert(1))",
    '![img](x "onerror=alert(1)")',
    '[x](https://example.org "title" onclick="alert(1)")',
    "[x]: javascript:alert(1)\n\n[x]",
    "<javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width:expression(alert(1))">x</p>',
    "<style>@import 'http://xss.example/xss.css';</style>",
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    '<video><source onerror="alert(1)">',
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<base href="javascript:alert(1)//">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<td onmouseover=alert(1)>x</td>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    '<a href="https://example.org" onmouseover="alert(1)">hover</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<x onclick=alert(1)>click",
    "<h1 onclick=alert(1)>heading</h1>",
    "**bold** <b onmouseover=alert(1)>b</b>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<isindex action=javascript:alert(1) type=image>",
]

# The page's own forms have inputs and textareas; an injected one would carry an event
# attribute or a bad URL, which the checks below catch.
FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base",
    "img", "video", "audio", "details", "marquee", "isindex", "body", "frame", "applet",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "data", "xlink:href"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


class _Tags(HTMLParser):
    """Every start tag as a browser would read it, with its attributes decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _assert_inert(html: str) -> None:
    main = html[html.index('<main id="main"') : html.index("</main>")]
    parser = _Tags()
    parser.feed(main)
    for tag, attrs in parser.tags:
        assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, name, value)
            if name in URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                assert not BAD_SCHEME.match(cleaned), (tag, name, value)


def test_there_are_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50


def test_xss_payloads_in_body_title_and_tags_never_reach_the_page_as_markup(client, member):
    room = RoomFactory()
    client.force_login(member)
    url = reverse("discussions:topic-create", args=[room.slug])
    for payload in PAYLOADS:
        response = client.post(
            url, {"title": payload[:200], "body": payload, "tags": payload[:40].replace(",", " ")}
        )
        assert response.status_code == 302, payload
        topic = Topic.objects.latest("pk")
        _assert_inert(client.get(topic.get_absolute_url()).content.decode())
        reply_url = reverse("discussions:post-reply", args=[room.slug, topic.pk, topic.slug])
        client.post(reply_url, {"body": payload})
        _assert_inert(client.get(topic.get_absolute_url()).content.decode())
        # The quote page shows the stored HTML again, and the raw text in the form.
        reply = Post.objects.latest("pk")
        _assert_inert(client.get(f"{reply_url}?to={reply.pk}&quote=1").content.decode())
        cache.clear()  # the post rate limit
    _assert_inert(client.get(room.get_absolute_url()).content.decode())
    _assert_inert(client.get("/en/notifications/").content.decode())
