"""The text a reply starts with when it quotes a post."""

import re

from django.urls import reverse
from django.utils.translation import gettext as _

from discussions.models import Post


def _language_neutral(path: str) -> str:
    """ "/fr/rooms/posts/3/" -> "/rooms/posts/3/": stored text is read in every language,
    and the locale middleware sends each reader to their own prefix."""
    return re.sub(r"^/[a-z]{2}(?:-[a-z]+)?/", "/", path)


def quote_for_reply(*, post: Post) -> str:
    """Markdown for the composer: "@amina-diallo wrote:" linking to the quoted post, then
    its text as a block quote. The author is named by a mention, a structured reference
    that links to their profile and that account erasure turns into "a former member"."""
    author = post.author
    if author is not None and author.is_active and author.handle:
        name = f"@{author.handle}"
    else:
        name = _("a former member")
    url = _language_neutral(reverse("discussions:post-permalink", args=[post.pk]))
    # Translators: the first line of a quote in a reply; keep the Markdown link [...](...).
    heading = _("%(author)s [wrote](%(url)s):") % {"author": name, "url": url}
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in post.body.splitlines())
    return f"> {heading}\n>\n{quoted}\n\n"
