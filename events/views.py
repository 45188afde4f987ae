"""The events pages: list, event record, registration, votes, evaluations, attendance and
document downloads. Views ask the permissions module and call services; they decide nothing."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cop_portal.downloads import serve_upload
from cop_portal.guards import NotAllowed, deny_unless_allowed, get_readable_or_deny
from events import feeds, selectors, services
from events.compare import compare_texts
from events.forms import EvaluationForm
from events.models import Document, Event, MeetingNote, NoteVersion, Participation, Poll
from events.offline import (
    OfflineCopyTooLarge,
    OfflineDocument,
    archive_names,
    build_offline_zip,
    offline_page,
)
from events.permissions import (
    can_edit_notes,
    can_organise,
    can_read_document,
    can_read_event,
    can_register,
    readable_documents,
    readable_events,
)

# The zones offered in the picker: where members live and work (any zone name works in ?tz=).
READER_ZONES = sorted(
    name
    for name in zoneinfo.available_timezones()
    if name.startswith("Africa/")
    and name not in {"Africa/Asmera", "Africa/Timbuktu"}
    or name
    in {
        "Asia/Kathmandu",
        "Asia/Manila",
        "Asia/Kolkata",
        "Asia/Dhaka",
        "Asia/Jakarta",
        "Asia/Bangkok",
        "Asia/Dubai",
        "Europe/London",
        "Europe/Paris",
        "Europe/Berlin",
        "Europe/Brussels",
        "Europe/Zurich",
        "Europe/Amsterdam",
        "America/New_York",
    }
)


def _reader_zone(request):
    """The zone the reader sees times in beside the event's: the one asked for (`?tz=`),
    if it is a real one, else the member's own (their profile), else none."""
    name = request.GET.get("tz", "")
    if not name and request.user.is_authenticated:
        name = request.user.time_zone
    return name if name in zoneinfo.available_timezones() and name != "UTC" else ""


def _zones_with(zone: str) -> list[str]:
    return READER_ZONES if not zone or zone in READER_ZONES else sorted([*READER_ZONES, zone])


def event_list(request):
    member_feed = ""
    if request.user.is_authenticated:
        member_feed = feeds.webcal(feeds.member_feed_path(request.user))
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": selectors.upcoming_events(reader=request.user),
            "page": selectors.past_events_page(
                reader=request.user, page_number=request.GET.get("page")
            ),
            "public_feed": feeds.webcal(reverse("events:public-calendar")),
            "member_feed": member_feed,
            "reader_zone": _reader_zone(request),
        },
    )


def _event_or_deny(request, slug):
    return get_readable_or_deny(request, selectors.event_for_page(), can_read_event, slug=slug)


def _render_event(request, event, *, status=200, error=""):
    page = selectors.event_page(event=event, reader=request.user)
    reader_zone = _reader_zone(request)
    return render(
        request,
        "events/event_detail.html",
        {
            "page": page,
            "event": event,
            "error": error,
            "can_register": can_register(request.user, event),
            "reader_zone": reader_zone,
            "zones": _zones_with(reader_zone),
            "series_feed": (
                feeds.webcal(reverse("events:series-calendar", args=[event.slug]))
                if event.kind == Event.Kind.WORKSHOP_SERIES
                else ""
            ),
        },
        status=status,
    )


@deny_unless_allowed
def event_detail(request, slug: str):
    return _render_event(request, _event_or_deny(request, slug))


def _status_for(error: ValidationError) -> int:
    return 409 if isinstance(error, services.Conflict) else 400


@require_POST
@login_required
@deny_unless_allowed
def event_register(request, slug: str):
    event = _event_or_deny(request, slug)
    try:
        services.event_register(
            event=event, member=request.user, listed=request.POST.get("listed") == "1"
        )
    except ValidationError as error:
        return _render_event(request, event, status=_status_for(error), error=error.messages[0])
    messages.success(request, _("You are registered. See you there!"))
    return redirect(event)


@require_POST
@login_required
@deny_unless_allowed
def event_registration_cancel(request, slug: str):
    event = _event_or_deny(request, slug)
    try:
        services.event_registration_cancel(event=event, member=request.user)
    except ValidationError as error:
        return _render_event(request, event, status=_status_for(error), error=error.messages[0])
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@require_POST
@login_required
@deny_unless_allowed
def poll_vote(request, slug: str, poll_id: int):
    event = _event_or_deny(request, slug)
    poll = get_object_or_404(Poll.objects.select_related("event"), pk=poll_id, event=event)
    try:
        services.ballot_cast(
            poll=poll, member=request.user, option_ids=request.POST.getlist("option")
        )
    except ValidationError as error:
        return _render_event(request, event, status=_status_for(error), error=error.messages[0])
    messages.success(request, _("Thank you: your vote is counted."))
    return redirect(event)


@require_http_methods(["GET", "POST"])
@login_required
@deny_unless_allowed
def event_evaluate(request, slug: str):
    event = _event_or_deny(request, slug)
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.evaluation_submit(
                    event=event,
                    member=request.user,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
                status = _status_for(error)
            else:
                messages.success(request, _("Thank you for your evaluation."))
                return redirect(event)
    return render(
        request, "events/event_evaluate.html", {"event": event, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
@deny_unless_allowed
def event_attendance(request, slug: str):
    event = _event_or_deny(request, slug)
    if not can_organise(request.user, event):
        raise NotAllowed
    if request.method == "POST":
        try:
            services.attendance_mark(
                event=event, attended_member_ids=request.POST.getlist("attended")
            )
        except ValueError:
            return render(request, "400.html", status=400)
        messages.success(request, _("Attendance saved."))
        return redirect(event)
    participations = (
        Participation.objects.filter(event=event, status=Participation.Status.REGISTERED)
        .select_related("member")
        .order_by("member__display_name")
    )
    return render(
        request, "events/event_attendance.html", {"event": event, "participations": participations}
    )


def document_download(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("event"), pk=pk)
    if not document.file:
        raise Http404
    return serve_upload(
        request,
        file=document.file,
        name=document.file_name or document.file.name,
        allowed=can_read_document(request.user, document),
    )


# Calendars. Subscribed feeds are fetched without a session, so they are read as a visitor
# (public feed, series feed) or as the member their signed token names (member feed).

FEED_LIMIT = 500


def _ics_response(content: bytes, *, filename: str = "") -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def member_calendar_reset(request):
    """A new personal calendar address for the member; the old one answers 410 Gone."""
    services.member_calendar_reset(member=request.user)
    messages.success(
        request,
        _(
            "Your personal calendar address has been replaced: the old one no longer works. "
            "Subscribe again with the new one below."
        ),
    )
    return redirect(reverse("events:event-list") + "#calendar-links")


@deny_unless_allowed
def event_ics(request, slug: str):
    event = _event_or_deny(request, slug)
    return _ics_response(feeds.ics_for([event]), filename=f"{event.slug}.ics")


def public_calendar(request):
    events = (
        Event.objects.filter(readable_events(AnonymousUser()))
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:FEED_LIMIT]
    )
    return _ics_response(feeds.ics_for(events, name=_("Upcoming events")))


@deny_unless_allowed
def series_calendar(request, slug: str):
    series = _event_or_deny(request, slug)
    if series.kind != Event.Kind.WORKSHOP_SERIES:
        raise Http404
    children = Event.objects.filter(readable_events(request.user), parent=series).order_by(
        "starts_at"
    )[:FEED_LIMIT]
    return _ics_response(feeds.ics_for([series, *children], name=series.title))


def member_calendar(request, token: str):
    reader = feeds.member_for_token(token)
    if reader.revoked:
        return HttpResponse(
            _("This calendar address has been replaced by its owner."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    member = reader.member
    if member is None:
        raise Http404
    events = (
        Event.objects.filter(readable_events(member))
        .filter(
            participations__member=member,
            participations__status=Participation.Status.REGISTERED,
        )
        .distinct()
        .order_by("-starts_at")[:FEED_LIMIT]
    )
    return _ics_response(feeds.ics_for(events, name=_("My registered events")))


# The offline copy: the record as one zip, the page as plain HTML beside its documents.

OFFLINE_MAX_BYTES = 100 * 1024 * 1024


def _stored_size(field) -> int | None:
    """The stored file's size through its storage, None when it is missing."""
    try:
        return field.storage.size(field.name)
    except (OSError, NotImplementedError):
        return None


@deny_unless_allowed
def event_offline(request, slug: str):
    event = _event_or_deny(request, slug)
    page = selectors.event_page(event=event, reader=request.user)
    documents = list(
        Document.objects.filter(readable_documents(request.user), event=event).order_by(
            "session_id", "pk"
        )
    )
    files = []
    for document in documents:
        if document.file:
            size = _stored_size(document.file)
            if size is not None:
                files.append((document, size))
    names = archive_names(document.file_name or document.title for document, _size in files)
    for (document, _size), name in zip(files, names, strict=True):
        document.offline_name = name
    body = render_to_string(
        "events/event_offline.html",
        {"page": page, "event": event, "documents": documents},
        request=request,
    )
    html = offline_page(
        title=event.title,
        body_html=body,
        lang=get_language() or settings.LANGUAGE_CODE,
        source_url=feeds.absolute_url(event.get_absolute_url()),
    )
    offline_documents = [
        OfflineDocument(
            name=name,
            source=lambda field=document.file: field.storage.open(field.name, "rb"),
            size=size,
        )
        for (document, size), name in zip(files, names, strict=True)
    ]
    max_bytes = getattr(settings, "EVENTS_OFFLINE_MAX_BYTES", OFFLINE_MAX_BYTES)
    try:
        archive = build_offline_zip(html=html, documents=offline_documents, max_bytes=max_bytes)
    except OfflineCopyTooLarge as error:
        return render(
            request,
            "events/event_offline_too_large.html",
            {"event": event, "message": str(error)},
            status=413,
        )
    return FileResponse(archive, as_attachment=True, filename=f"{event.slug}.zip")


# Meeting notes and their versions.


def _note_or_404(event, note_id) -> MeetingNote:
    return get_object_or_404(MeetingNote.objects.select_related("session"), event=event, pk=note_id)


def _version_label(version: NoteVersion) -> str:
    return _("Version %(number)s, %(author)s, %(date)s") % {
        "number": version.number,
        "author": version.editor.display_name if version.editor else _("a former member"),
        "date": formats.date_format(version.created_at, "DATE_FORMAT"),
    }


def _render_note(request, event, note, *, status=200, error="", body=None):
    versions = list(note.versions.select_related("editor"))
    for version in versions:
        version.label = _version_label(version)
    return render(
        request,
        "events/note_detail.html",
        {
            "event": event,
            "note": note,
            "versions": versions,
            "can_edit": can_edit_notes(request.user, event),
            "error": error,
            "body": note.body if body is None else body,
        },
        status=status,
    )


@deny_unless_allowed
def note_detail(request, slug: str, note_id: int):
    event = _event_or_deny(request, slug)
    return _render_note(request, event, _note_or_404(event, note_id))


@login_required
@deny_unless_allowed
@require_http_methods(["GET", "POST"])
def note_create(request, slug: str):
    event = _event_or_deny(request, slug)
    if not can_edit_notes(request.user, event):
        raise NotAllowed
    error = ""
    if request.method == "POST":
        session = None
        session_id = request.POST.get("session", "")
        if session_id.isdigit():
            session = event.sessions.filter(pk=int(session_id)).first()
        try:
            note = services.note_create(
                event=event,
                editor=request.user,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                session=session,
            )
        except ValidationError as error_:
            error = error_.messages[0]
        else:
            messages.success(request, _("Notes saved."))
            return redirect(note)
    return render(
        request,
        "events/note_form.html",
        {
            "event": event,
            "sessions": list(event.sessions.all()),
            "error": error,
            "title": request.POST.get("title", ""),
            "body": request.POST.get("body", ""),
        },
        status=400 if error else 200,
    )


@require_POST
@login_required
@deny_unless_allowed
def note_edit(request, slug: str, note_id: int):
    event = _event_or_deny(request, slug)
    note = _note_or_404(event, note_id)
    if not can_edit_notes(request.user, event):
        raise NotAllowed
    body = request.POST.get("body", "")
    try:
        services.note_save(note=note, editor=request.user, body=body)
    except ValidationError as error:
        note.refresh_from_db()
        return _render_note(
            request, event, note, status=_status_for(error), error=error.messages[0], body=body
        )
    messages.success(request, _("Notes saved."))
    return redirect(note)


@require_POST
@login_required
@deny_unless_allowed
def note_restore(request, slug: str, note_id: int, version_id: int):
    event = _event_or_deny(request, slug)
    note = _note_or_404(event, note_id)
    version = get_object_or_404(NoteVersion, note=note, pk=version_id)
    if not can_edit_notes(request.user, event):
        raise NotAllowed
    try:
        services.note_restore(note=note, version=version, editor=request.user)
    except ValidationError as error:
        return _render_note(
            request, event, note, status=_status_for(error), error=error.messages[0]
        )
    messages.success(
        request,
        _("Version %(number)s restored as the newest version.") % {"number": version.number},
    )
    return redirect(note)


@require_POST
@login_required
@deny_unless_allowed
def note_final(request, slug: str, note_id: int):
    event = _event_or_deny(request, slug)
    note = _note_or_404(event, note_id)
    if not can_edit_notes(request.user, event):
        raise NotAllowed
    services.note_mark_final(note=note, editor=request.user)
    messages.success(request, _("These notes are now final."))
    return redirect(note)


@deny_unless_allowed
def note_compare(request, slug: str, note_id: int):
    event = _event_or_deny(request, slug)
    note = _note_or_404(event, note_id)
    chosen = []
    for key in ("old", "new"):
        value = request.GET.get(key, "")
        if not value.isdigit():
            raise Http404
        chosen.append(
            get_object_or_404(NoteVersion.objects.select_related("editor"), note=note, pk=value)
        )
    old, new = sorted(chosen, key=lambda version: version.number)
    comparison = compare_texts(
        old.body, new.body, old_label=_version_label(old), new_label=_version_label(new)
    )
    return render(
        request,
        "events/note_compare.html",
        {
            "event": event,
            "note": note,
            "old": old,
            "new": new,
            "comparison": comparison,
            "old_label": _version_label(old),
            "new_label": _version_label(new),
        },
    )
