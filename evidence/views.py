from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_countries import countries

from cop_portal.areas import TOPICAL_AREAS
from cop_portal.downloads import serve_upload
from cop_portal.filters import collated, paginate
from cop_portal.guards import deny_unless_allowed, get_readable_or_deny, require
from cop_portal.uploads import KINDS
from evidence import export, permissions, selectors, services
from evidence.forms import LibraryFilter, MapFilter, SuggestForm
from evidence.models import EvidenceItem

PAGE_SIZE = 20
EXPORT_LIMIT = 5000


def library(request):
    filterset = LibraryFilter(request.GET, queryset=selectors.library_items(reader=request.user))
    active = filterset.active
    area_links = [
        {
            "value": area.value,
            "label": area.label,
            "url": "?" + urlencode({"area": area.value}),
            "current": active.get("area") == area.value,
        }
        for area in TOPICAL_AREAS
    ]
    return render(
        request,
        "evidence/library.html",
        {
            "filterset": filterset,
            "filters": active,
            "page": paginate(request, filterset.qs.prefetch_related("tags"), PAGE_SIZE),
            "facet_groups": filterset.facet_groups(),
            "year_links": _year_links(request, filterset, active),
            "area_links": area_links,
            "all_areas_current": "area" not in active,
            "can_suggest": permissions.can_suggest(request.user),
            "sort": active.get("sort", "newest"),
        },
    )


def _year_links(request, filterset, active) -> list[dict]:
    """The year ranges as counted links: each keeps the other filters, counts the items they
    leave in that range, and replaces any typed range."""
    periods = selectors.year_periods(this_year=timezone.now().year)
    others = filterset.filtered(skip=("year_from", "year_to", "sort"))
    counts = selectors.year_period_counts(others, periods)
    kept = request.GET.copy()
    for name in ("page", "year_from", "year_to"):
        kept.pop(name, None)
    links = []
    for (first, last), count in zip(periods, counts, strict=True):
        query = kept.copy()
        if first is not None:
            query["year_from"] = str(first)
        query["year_to"] = str(last)
        current = active.get("year_to") == str(last) and active.get("year_from", "") == (
            str(first) if first is not None else ""
        )
        label = (
            f"{first}\u2013{last}"
            if first is not None
            else _("%(year)s or earlier") % {"year": last}
        )
        links.append({"label": label, "count": count, "url": "?" + query.urlencode(),
                      "current": current})  # fmt: skip
    return links


@deny_unless_allowed
def item_detail(request, pk: int):
    item = get_readable_or_deny(
        request, selectors.item_for_page(), permissions.can_read_evidence, pk=pk
    )
    kind = KINDS.get(item.file_type)
    return render(
        request,
        "evidence/item_detail.html",
        {
            "item": item,
            "file_label": kind.label if kind else "",
            "related": selectors.related_items(item=item, reader=request.user),
            "citing_topics": selectors.citing_topics(item=item, reader=request.user),
            "can_curate": permissions.can_curate(request.user),
        },
    )


def item_download(request, pk: int):
    item = get_object_or_404(EvidenceItem, pk=pk)
    if not item.file:
        raise Http404
    return serve_upload(
        request,
        file=item.file,
        name=item.file_name,
        allowed=permissions.can_read_evidence(request.user, item),
    )


def _citation_response(text: str, fmt: str, name: str) -> HttpResponse:
    content_type = export.FORMATS[fmt][1]
    response = HttpResponse(text.encode(), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def item_export(request, pk: int, fmt: str):
    """One item as RIS, BibTeX or CSL-JSON; unreadable items do not exist (404)."""
    if fmt not in export.FORMATS:
        raise Http404
    item = get_object_or_404(
        selectors.readable_items(reader=request.user)
        .select_related("publisher")
        .prefetch_related("tags"),
        pk=pk,
    )
    return _citation_response(export.render([item], fmt), fmt, export.file_name(fmt, item))


def list_export(request, fmt: str):
    """The library's list under the same query string, at most EXPORT_LIMIT items, in two
    queries whatever its size."""
    if fmt not in export.FORMATS:
        raise Http404
    filterset = LibraryFilter(request.GET, queryset=selectors.library_items(reader=request.user))
    items = filterset.qs.prefetch_related("tags")[:EXPORT_LIMIT]
    return _citation_response(export.render(items, fmt), fmt, export.file_name(fmt))


@require_http_methods(["GET", "POST"])
@deny_unless_allowed
def suggest(request):
    require(request, permissions.can_suggest)
    form = SuggestForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return render(request, "evidence/suggest.html", {"form": form})
    if form.is_valid():
        data = form.cleaned_data
        services.item_suggest(
            member=request.user,
            title=data["title"],
            area=data["area"],
            kind=data["kind"],
            url=data["url"],
            upload=data["file"] or None,
            countries=data["countries"],
            note=data["note"],
        )
        messages.success(
            request,
            _(
                "Thank you. The steering committee will review your suggestion; you will "
                "get an email when it is published."
            ),
        )
        return redirect("evidence:library")
    return render(request, "evidence/suggest.html", {"form": form}, status=400)


def evidence_map(request):
    form = MapFilter(request.GET or None)
    form.is_valid()
    # A value the form refuses is ignored, never an error: the rest still applies.
    chosen = {
        name: value
        for name, value in getattr(form, "cleaned_data", {}).items()
        if value not in (None, "") and name not in form.errors
    }
    cells = selectors.evidence_map(
        kind=chosen.get("kind", ""),
        year_from=chosen.get("year_from"),
        year_to=chosen.get("year_to"),
    )
    base = dict(chosen)
    rows = []
    for code in collated(cells, key=lambda code: countries.name(code)):
        counts = cells[code]
        rows.append(
            {
                "code": code,
                "name": countries.name(code),
                "cells": [
                    {
                        "count": counts.get(area.value, 0),
                        "url": "?" + urlencode({**base, "country": code, "area": area.value}),
                    }
                    for area in TOPICAL_AREAS
                ],
                "total_url": "?" + urlencode({**base, "country": code}),
            }
        )
    return render(
        request,
        "evidence/map.html",
        {"form": form, "rows": rows, "areas": TOPICAL_AREAS},
    )
