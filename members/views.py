import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from taggit.models import Tag

from cop_portal.filters import paginate
from cop_portal.guards import deny_unless_allowed, get_listed_or_deny
from members import permissions, registry, selectors, services
from members import unsubscribe as unsubscribe_links
from members.forms import (
    DeleteAccountForm,
    MemberDirectoryFilter,
    OrganisationDirectoryFilter,
    ProfileForm,
)
from members.handles import handles_matching
from members.models import Member, Organisation

PAGE_SIZE = 24


def directory(request):
    filterset = MemberDirectoryFilter(
        request.GET,
        queryset=selectors.member_directory(viewer=request.user),
        cache_key=selectors.directory_cache_key(viewer=request.user),
    )
    return render(
        request,
        "members/directory.html",
        {
            "filterset": filterset,
            "filters": filterset.active,
            "page": paginate(request, filterset.qs, PAGE_SIZE, count=filterset.count()),
            "facet_groups": filterset.facet_groups(),
        },
    )


@deny_unless_allowed
def profile(request, pk: int):
    # An erased account is gone (404); a members-only profile asks a visitor to log in.
    member = get_listed_or_deny(
        request,
        Member.objects.filter(is_active=True).select_related("organisation"),
        permissions.readable_profile,
        pk=pk,
    )
    return render(
        request,
        "members/profile.html",
        {
            "profile": member,
            "interests": member.interests.all(),
            "sections": registry.profile_sections(member=member, viewer=request.user),
            "can_edit": permissions.can_edit_profile(request.user, member),
        },
    )


@login_required
def dashboard(request):
    member = request.user
    return render(
        request,
        "members/dashboard.html",
        {
            "profile": member,
            "colleagues": selectors.colleagues_for(member=member),
        },
    )


def profile_edit_for(request, pk: int):
    """/members/<pk>/edit/: one's own profile opens the form; anyone else's is refused."""
    member = get_object_or_404(Member, pk=pk)
    if not permissions.can_edit_profile(request.user, member):
        raise PermissionDenied
    return redirect("members:profile-edit")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    member = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST":
        saved = form.is_valid()
        if saved:
            try:
                services.profile_update(member=member, **form.cleaned_data)
            except IntegrityError:  # the handle was taken between the check and the save
                saved = False
                form.add_error("handle", _("This handle is taken: please choose another."))
        if saved:
            # A new preferred language takes effect at once, on the profile page.
            language = member.preferred_language
            with translation.override(language):
                messages.success(request, _("Your profile has been saved."))
                response = redirect(member.get_absolute_url())
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
        # The bound form kept the instance's changes in memory: show the stored avatar.
        member.refresh_from_db(fields=["avatar"])
    return render(
        request,
        "members/profile_edit.html",
        {
            "form": form,
            "profile": member,
            "organisation_names": Organisation.objects.listed()
            .order_by("name")
            .values_list("name", flat=True)[:500],
            "interest_suggestions": Tag.objects.filter(
                taggit_taggeditem_items__content_type__model="member"
            )
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)[:500],
        },
        status=200 if request.method == "GET" else 400,
    )


@login_required
def export_data(request):
    member = request.user
    data = {
        "exported_at": timezone.now(),
        "site": settings.SITE_URL,
        "members": services.member_export(member=member),
        **registry.exported_parts(member),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cop-portal-my-data.json"'
    # Personal data: no browser or proxy cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    member = request.user
    form = DeleteAccountForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        services.member_erase(member=member)
        logout(request)
        messages.success(request, _("Your account has been deleted and your personal data erased."))
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "members/delete_account.html", {"form": form}, status=status)


def handle_suggestions(request):
    """JSON for the composer's @handle suggestions (a progressive enhancement: typing the
    handle works without it). Members only: it lists members' handles."""
    if not permissions.is_member(request.user):
        return JsonResponse({"error": _("Please log in to see members.")}, status=403)
    results = handles_matching(prefix=request.GET.get("q", ""), viewer=request.user)
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response


def organisation_directory(request):
    filterset = OrganisationDirectoryFilter(
        request.GET, queryset=selectors.organisation_directory()
    )
    return render(
        request,
        "members/organisation_directory.html",
        {
            "filterset": filterset,
            "filters": filterset.active,
            "page": paginate(request, filterset.qs, PAGE_SIZE),
            "facet_groups": filterset.facet_groups(),
        },
    )


def organisation_detail(request, slug: str):
    # One a member typed has no public page until the steering committee confirms it.
    organisations = (
        Organisation.objects.all() if request.user.is_staff else Organisation.objects.listed()
    )
    organisation = get_object_or_404(organisations, slug=slug)
    members = selectors.listed_members(viewer=request.user).filter(organisation=organisation)
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            # Each card names the organisation: joined, not one query per member.
            "members": members.select_related("organisation").order_by("display_name"),
        },
    )


@csrf_exempt  # the signed token is the authority; RFC 8058's one-click POST has no CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The link in every email's footer and List-Unsubscribe header, no login needed: GET asks
    (a mail scanner following links changes nothing), POST stops what the token names, be it
    the page's button or a mail client's one-click `List-Unsubscribe=One-Click`."""
    read = unsubscribe_links.read_token(token)
    member = Member.objects.filter(pk=read[0]).first() if read else None
    if member is None:
        return render(request, "members/unsubscribe_invalid.html", status=400)
    scope = read[1]
    context = {"scope": scope, "member": member, "token": token}
    if request.method == "POST":
        context["changed"] = services.member_email_unsubscribe(member=member, scope=scope)
        context["done"] = True
    return render(request, "members/unsubscribe.html", context)
