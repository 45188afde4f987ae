"""Form input is read, checked and cleaned once, here, before any form or view sees it.

Every form of the portal (ours, allauth's, the admin's) and every view that reads a field
directly gets its text from ``request.POST`` or ``request.GET``; this middleware is the one
place they all pass through, so a rule written here cannot be forgotten by one of them.
"""

import re
from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 control characters but tab, line feed and carriage return: invisible, refused by XML 1.0
# (a single \x0b in a title made the RSS and Atom feeds answer 500), and NUL is refused by
# PostgreSQL text columns.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
UTF_8 = {"utf-8", "utf8"}


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def _cleaned(query: QueryDict) -> QueryDict:
    if not any(CONTROL_CHARACTERS.search(key + "".join(query.getlist(key))) for key in query):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(
            strip_control_characters(key), [strip_control_characters(v) for v in values]
        )
    cleaned._mutable = False
    return cleaned


class FormInputMiddleware:
    """Answers 400 with the portal's page, in the reader's language, to a form that is not
    UTF-8 (a declared charset such as ``latin-1`` or ``invalid-xyz``, or bytes that do not
    decode); without it Django's BadRequest surfaced in CsrfViewMiddleware, whose check the
    400 handler runs again, and the visitor got a bare 500. Strips C0 control characters
    from every submitted field name and value, query strings included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            refusal = self._refusal(request)
            if refusal:
                return refusal
            request.POST = _cleaned(request.POST)
        if request.GET:
            request.GET = _cleaned(request.GET)
        return self.get_response(request)

    def _refusal(self, request):
        if request.content_type not in FORM_TYPES:
            return None
        charset = request.content_params.get("charset")
        try:
            if charset is not None and charset.strip().lower() not in UTF_8:
                raise BadRequest("The form is not UTF-8.")
            if request.content_type == "application/x-www-form-urlencoded":
                # Django decodes what is not UTF-8 as Latin-1 and percent-escapes with
                # replacement characters: both would store something the member never typed.
                parse_qsl(request.body.decode("utf-8"), keep_blank_values=True, errors="strict")
            request.POST  # noqa: B018 - parses the form now, while its errors can be answered
        except (RequestDataTooBig, TooManyFieldsSent):
            request._mark_post_parse_error()
            raise  # Django answers these with its 400 page and a security log line.
        except (BadRequest, MultiPartParserError, UnicodeDecodeError, ValueError):
            # Nothing may read this body again: CSRF's check would raise once more.
            request._mark_post_parse_error()
            reason = _(
                "The form was not sent as UTF-8 text, so the portal cannot read it. Please go "
                "back, reload the page and send the form again."
            )
            return render(request, "400.html", {"reason": reason}, status=400)
        return None
