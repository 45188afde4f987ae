"""Refusals every app's views share: a visitor is asked to log in, a member is told no.

    @deny_unless_allowed
    def item_detail(request, pk):
        item = get_readable_or_deny(request, EvidenceItem.objects, can_read_item, pk=pk)
        ...

Inside a guarded view, `raise NotAllowed` (or `require(request, test)`) wherever a rule says
no; the decorator turns it into a redirect to the login page for visitors and a 403 for
signed-in members. Objects that do not exist are 404 as usual.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.shortcuts import get_object_or_404


class NotAllowed(Exception):
    """The rule says no; `deny_unless_allowed` decides how to say it."""


def deny(request):
    """Visitors are asked to log in; members who may not are told so (403)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def deny_unless_allowed(view):
    """Turn NotAllowed raised by the view into a login redirect (visitor) or a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed:
            return deny(request)

    return wrapped


def require(request, test) -> None:
    """Raise NotAllowed unless `test(request.user)` holds."""
    if not test(request.user):
        raise NotAllowed


def get_readable_or_deny(request, queryset, check, **lookup):
    """The object, 404 if it does not exist, NotAllowed if `check(user, obj)` says no."""
    obj = get_object_or_404(queryset, **lookup)
    if not check(request.user, obj):
        raise NotAllowed
    return obj


def get_listed_or_deny(request, queryset, readable, **lookup):
    """As get_readable_or_deny, asking the list shape (`readable(user) -> Q`) in the same
    query that fetches the object: for rules whose check needs the database."""
    condition = readable(request.user)
    flag = Value(True) if condition == Q() else ExpressionWrapper(condition, BooleanField())
    obj = get_object_or_404(queryset.annotate(_cop_readable=flag), **lookup)
    if not obj._cop_readable:
        raise NotAllowed
    return obj
