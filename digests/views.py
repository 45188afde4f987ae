"""The "view in the browser" page: the member's own next digest, as the email shows it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from digests.services import digest_preview, digest_render

# The email's HTML is styled inline, as mail clients need; the page runs no script at all
# and loads nothing from elsewhere, so inline styles are the only thing this policy allows.
EMAIL_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; sandbox"


@never_cache
@login_required
def preview(request):
    _subject, _text, html = digest_render(digest_preview(member=request.user))
    response = HttpResponse(html)
    response["Content-Security-Policy"] = EMAIL_POLICY
    return response


@never_cache
@login_required
def preview_text(request):
    _subject, text, _html = digest_render(digest_preview(member=request.user))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
