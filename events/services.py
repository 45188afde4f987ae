"""Everything that changes an event's record goes through here: keyword-only, atomic, and
refusing bad input with a translated ValidationError before anything is saved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cop_portal import mail, promotions
from cop_portal.mail import absolute_url
from cop_portal.markdown import validate_markdown_length
from cop_portal.rendered import render_into
from cop_portal.uploads import original_name
from events.models import (
    NOTES_MAX_LENGTH,
    Ballot,
    CalendarFeedKey,
    Document,
    Evaluation,
    Event,
    MeetingNote,
    NoteVersion,
    Participation,
    Poll,
)
from events.permissions import (
    can_edit_notes,
    can_promote_documents,
    can_read_event,
    can_register,
)
from members.permissions import can_participate
from members.unsubscribe import ALL, unsubscribe_links


class Conflict(ValidationError):
    """Bad input that clashes with the record as it stands (409 rather than 400)."""


@transaction.atomic
def event_register(*, event: Event, member, listed: bool = True) -> Participation:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise Conflict(_("This event has been cancelled: registration is closed."))
    if not can_register(member, event):
        raise Conflict(_("Registration for this event is not open."))
    existing = Participation.objects.filter(event=event, member=member).first()
    if existing and existing.status == Participation.Status.REGISTERED:
        return existing
    taken = Participation.objects.filter(
        event=event, status=Participation.Status.REGISTERED
    ).count()
    if event.capacity is not None and taken >= event.capacity:
        raise Conflict(_("This event is full: every place has been taken."))
    if existing:
        existing.status = Participation.Status.REGISTERED
        existing.listed = listed
        existing.save(update_fields=["status", "listed", "updated_at"])
        participation = existing
    else:
        participation = Participation.objects.create(event=event, member=member, listed=listed)
    _confirm_registration(participation=participation, event=event, member=member)
    return participation


def _confirm_registration(*, participation: Participation, event: Event, member) -> None:
    """One email per registration (a second click finds the member registered and sends
    nothing): the date in the event's zone and the member's, the .ics, the meeting link.
    Registering again after cancelling is a new registration, with its own email."""
    member_zone = member.time_zone or "UTC"
    stamp = int(participation.updated_at.timestamp() * 1000)
    mail.queue_templated_mail(
        key=f"event_registered:{participation.pk}:{stamp}",
        template="event_registered",
        to=member.email,
        language=member.preferred_language,
        context={
            "member": member,
            "event": event,
            "member_zone": "" if member_zone == event.time_zone else member_zone,
        },
        unsubscribe=unsubscribe_links(member, ALL),
    )


@transaction.atomic
def event_registration_cancel(*, event: Event, member) -> None:
    updated = Participation.objects.filter(
        event=event, member=member, status=Participation.Status.REGISTERED
    ).update(status=Participation.Status.CANCELLED)
    if not updated:
        raise Conflict(_("You are not registered for this event."))


@transaction.atomic
def attendance_mark(*, event: Event, attended_member_ids) -> int:
    """The organisers' after-the-event list: those ticked came, the other registrants did not."""
    ids = {int(pk) for pk in attended_member_ids}
    registered = Participation.objects.filter(event=event, status=Participation.Status.REGISTERED)
    registered.filter(member_id__in=ids).update(attended=True)
    registered.exclude(member_id__in=ids).update(attended=False)
    return len(ids)


def is_participant(*, event: Event, member) -> bool:
    return Participation.objects.filter(
        event=event, member=member, status=Participation.Status.REGISTERED
    ).exists()


@transaction.atomic
def ballot_cast(*, poll: Poll, member, option_ids) -> Ballot:
    if not can_participate(member) or not can_read_event(member, poll.event):
        raise ValidationError(_("Only approved members can vote."))
    if poll.is_closed:
        raise Conflict(_("This poll has closed: votes are no longer taken."))
    if poll.participants_only and not is_participant(event=poll.event, member=member):
        raise ValidationError(_("Only the event’s participants can vote in this poll."))
    try:
        chosen = {int(pk) for pk in option_ids}
    except (TypeError, ValueError):
        raise ValidationError(_("Choose from the poll’s options.")) from None
    options = list(poll.options.filter(pk__in=chosen))
    if not chosen or len(options) != len(chosen):
        raise ValidationError(_("Choose at least one of the poll’s options."))
    if len(options) > poll.max_choices:
        raise ValidationError(_("Choose at most %(count)d options.") % {"count": poll.max_choices})
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(poll=poll, member=member)
    except IntegrityError:
        raise Conflict(_("You have already voted in this poll.")) from None
    ballot.options.set(options)
    return ballot


@transaction.atomic
def evaluation_submit(*, event: Event, member, rating, comment: str = "") -> Evaluation:
    if not is_participant(event=event, member=member):
        raise ValidationError(_("Only the event’s participants can evaluate it."))
    if not event.is_past and event.status != Event.Status.HELD:
        raise Conflict(_("You can evaluate the event once it has taken place."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                event=event, member=member, rating=rating, comment=comment.strip()
            )
    except IntegrityError:
        raise Conflict(_("You have already evaluated this event.")) from None


class NotPromotable(Exception):
    """No collection takes presentations (the evidence app is not installed)."""


@transaction.atomic
def document_promote(*, document: Document, by) -> str:
    """Offer an event's document to the evidence library as a draft presentation item (its
    title, the event as context, the year, the file or link, tags and area) and keep the
    item's page on the document; promoting it again changes nothing. Returns that page."""
    if not can_promote_documents(by):
        raise PermissionDenied(_("Only the Steering committee and staff promote documents."))
    document = Document.objects.select_for_update().select_related("event").get(pk=document.pk)
    if document.library_url:
        return document.library_url
    promote = promotions.promoter_for("presentation")
    if promote is None:
        raise NotPromotable
    event = document.event
    zone = event.zone
    presentation = promotions.Presentation(
        source=f"events.document:{document.pk}",
        title=document.title,
        context=event.title_en or event.title,
        context_url=absolute_url(event.get_absolute_url()),
        year=event.starts_at.astimezone(zone).year,
        area=event.area,
        tags=[tag.name for tag in event.tags.all()],
        url=document.link,
        file=(
            File(document.file.open("rb"), name=document.file_name or document.file.name)
            if document.file
            else None
        ),
        file_name=document.file_name,
    )
    try:
        url = promote(presentation, by)
    finally:
        if document.file:
            document.file.close()
    document.library_url = url
    document.save(update_fields=["library_url"])
    return url


def document_file_describe(document: Document) -> None:
    """Keep the uploaded file's original name and size beside the generated storage name."""
    if document.file and not document.file_name:
        document.file_name = original_name(document.file.name)
    if document.file:
        try:
            document.file_size = document.file.size
        except (OSError, ValueError):
            document.file_size = None
    else:
        document.file_name, document.file_size = "", None


@transaction.atomic
def member_calendar_reset(*, member) -> int:
    """Give the member a new personal calendar address; the old ones stop working.
    Returns the new generation."""
    key, _created = CalendarFeedKey.objects.select_for_update().get_or_create(member=member)
    key.generation += 1
    key.save(update_fields=["generation", "reset_at"])
    return key.generation


@transaction.atomic
def member_event_data_erase(member) -> None:
    """Registrations, ballots and evaluations are the member's; action items stay with the
    event, no longer naming them."""
    Participation.objects.filter(member=member).delete()
    Ballot.objects.filter(member=member).delete()
    Evaluation.objects.filter(member=member).delete()
    from events.models import ActionItem

    ActionItem.objects.filter(owner=member).update(owner=None)
    CalendarFeedKey.objects.filter(member=member).delete()
    NoteVersion.objects.filter(editor=member).update(editor=None)
    for event in Event.objects.filter(organisers=member):
        event.organisers.remove(member)


def export_member_data(member) -> dict:
    return {
        "registrations": [
            {
                "event": p.event.title,
                "status": p.status,
                "attended": p.attended,
                "listed": p.listed,
                "registered_at": p.created_at.isoformat(),
            }
            for p in Participation.objects.filter(member=member).select_related("event")
        ],
        "ballots": [
            {
                "poll": b.poll.question,
                "options": [o.label for o in b.options.all()],
                "cast_at": b.created_at.isoformat(),
            }
            for b in Ballot.objects.filter(member=member)
            .select_related("poll")
            .prefetch_related("options")
        ],
        "evaluations": [
            {"event": e.event.title, "rating": e.rating, "comment": e.comment}
            for e in Evaluation.objects.filter(member=member).select_related("event")
        ],
        "action_items": [
            {"event": a.event.title, "action": a.description, "due": str(a.due_on or "")}
            for a in member.event_action_items.select_related("event")
        ],
        "organised_events": list(member.organised_events.values_list("title", flat=True)),
        "note_versions": [
            {
                "notes": v.note.title,
                "event": v.note.event.title,
                "version": v.number,
                "saved_at": v.created_at.isoformat(),
                "text": v.body,
            }
            for v in NoteVersion.objects.filter(editor=member).select_related("note__event")
        ],
    }


def event_calendar_revise(*, event: Event, changed_fields) -> bool:
    """Raise the event's calendar SEQUENCE (in memory; the caller saves) when a field a
    calendar entry shows has changed, so subscribed calendars replace their copy."""
    if event.pk is None or not Event.CALENDAR_FIELDS & set(changed_fields):
        return False
    event.sequence = (event.sequence or 0) + 1
    return True


@transaction.atomic
def event_update(*, event: Event, **changes) -> Event:
    """Change an event's fields, raising its calendar SEQUENCE when times, title, place or
    status change. Refuses bad values with a ValidationError before saving."""
    current = Event.objects.select_for_update().get(pk=event.pk)
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    event_calendar_revise(event=current, changed_fields=changed)
    current.save()
    return current


# Meeting notes: every save is a new NoteVersion; a final note takes no more saves.


def _note_editor_or_refuse(note: MeetingNote, editor) -> None:
    if not can_edit_notes(editor, note.event):
        raise ValidationError(_("Only the event’s organisers and moderators edit its notes."))


@transaction.atomic
def note_create(*, event: Event, editor, title: str, body: str = "", session=None) -> MeetingNote:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the notes a title."))
    if session is not None and session.event_id != event.pk:
        raise ValidationError(_("Choose one of this event’s sessions."))
    note = MeetingNote(event=event, session=session, title=title[:200])
    _note_editor_or_refuse(note, editor)
    validate_markdown_length(body, limit=NOTES_MAX_LENGTH)
    render_into(note, "body", body)
    note.save()
    NoteVersion.objects.create(note=note, number=1, body=body, editor=editor)
    return note


@transaction.atomic
def note_save(*, note: MeetingNote, editor, body: str, restored_from: int | None = None):
    """Save `body` as the note's next version (None when it is the same text as now)."""
    note = MeetingNote.objects.select_for_update().select_related("event").get(pk=note.pk)
    _note_editor_or_refuse(note, editor)
    if note.final:
        raise Conflict(_("These notes are final: they can no longer be edited."))
    validate_markdown_length(body, limit=NOTES_MAX_LENGTH)
    if body == note.body:
        return None
    last = note.versions.order_by("-number").values_list("number", flat=True).first() or 0
    note.save(update_fields=[*render_into(note, "body", body), "updated_at"])
    return NoteVersion.objects.create(
        note=note, number=last + 1, body=body, editor=editor, restored_from=restored_from
    )


def note_restore(*, note: MeetingNote, version: NoteVersion, editor):
    """An older version's text becomes the newest version (history is never rewritten)."""
    if version.note_id != note.pk:
        raise ValidationError(_("That version belongs to other notes."))
    return note_save(note=note, editor=editor, body=version.body, restored_from=version.number)


@transaction.atomic
def note_mark_final(*, note: MeetingNote, editor) -> None:
    note = MeetingNote.objects.select_for_update().select_related("event").get(pk=note.pk)
    _note_editor_or_refuse(note, editor)
    note.final = True
    note.save(update_fields=["final", "updated_at"])
