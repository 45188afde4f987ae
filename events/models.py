"""Workshops, calls and meetings, and their record: sessions, who took part, what came out,
votes, evaluations and documents. Times are stored in UTC; each event names the zone it is
held in (a zoneinfo name), and pages show times in that zone, labelled."""

import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from cop_portal.areas import Area
from cop_portal.rendered import markdown_fields
from cop_portal.uploads import GeneratedName, kind_for_name, validate_upload


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone name such as Africa/Nairobi or Asia/Kathmandu."),
            params={"zone": value},
            code="time_zone",
        )


def validate_document_file(upload) -> None:
    validate_upload(upload)


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP_SERIES = "workshop_series", _("Workshop series")
        WORKSHOP = "workshop", _("Workshop")
        IMPLEMENTERS_CALL = "implementers_call", _("Implementers’ call")
        COMMUNITY_MEETING = "community_meeting", _("Community meeting")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("event status", "Draft")
        PLANNED = "planned", pgettext_lazy("event status", "Planned")
        OPEN = "open", pgettext_lazy("event status", "Open for registration")
        HELD = "held", pgettext_lazy("event status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members only")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    background = models.TextField(_("background"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One per line."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Where the event is held, as a zone name: Africa/Douala, Europe/Berlin."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    meeting_link = models.URLField(
        _("meeting link"), blank=True, help_text=_("Shown only to registered members.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of the series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        limit_choices_to={"kind": Kind.WORKSHOP_SERIES},
    )
    area = models.CharField(
        _("topical area"), max_length=16, choices=Area.choices, default=Area.GENERAL
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
        help_text=_("Members who run the event: they mark attendance and see every result."),
    )
    tags = TaggableManager(_("tags"), blank=True)
    # The calendar SEQUENCE: raised each time a field a calendar shows changes (see
    # CALENDAR_FIELDS), so subscribed calendars replace their copy instead of keeping it.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The search page's full-text vectors (English and French configurations), written by
    # a database trigger on every insert and update (cop_portal/searchvectors.py) and
    # served by GIN indexes created in the migration, with trigram indexes on
    # the titles for "did you mean".
    search_en = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)

    # What a calendar entry shows: a change to any of these raises `sequence`.
    CALENDAR_FIELDS = frozenset(
        {"title", "title_en", "title_fr", "place", "place_en", "place_fr", "online",
         "starts_at", "ends_at", "time_zone", "status"}
    )  # fmt: skip

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [
            # Search: a common word's latest matching events, read latest first.
            models.Index(fields=["-starts_at", "-id"], name="event_start_newest"),
            # The events list: upcoming and past events by date, drafts left out.
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            # A series page lists its workshops by date.
            models.Index(fields=["parent", "starts_at"], name="event_parent_start"),
            # The home page's next events: public, soonest first.
            models.Index(fields=["visibility", "starts_at"], name="event_visibility_start"),
        ]
        constraints = [
            # Every event page shows a start and an end: the end never comes first.
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            # The event page's "registration" box: a limit is at least one place.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", args=[self.slug])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An event cannot be part of itself.")})


class EventSession(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    talk_minutes = models.PositiveSmallIntegerField(
        _("talk (minutes)"), null=True, blank=True, help_text=_("A short talk: 15 to 20 minutes.")
    )
    activity = models.TextField(_("co-working activity"), blank=True)
    summary = models.TextField(
        _("written summary"),
        blank=True,
        max_length=4000,
        help_text=_(
            "A page or less on what was said and decided, for members who could not attend "
            "or download the recording."
        ),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "order"]
        indexes = [
            # The event page's timeline: one event's sessions in time order.
            models.Index(fields=["event", "starts_at", "order"], name="session_event_time"),
        ]
        constraints = [
            # The timeline draws each session from start to end.
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A session cannot end before it starts.")})
        event = getattr(self, "event", None) if self.event_id else None
        if event and self.starts_at:
            zone = event.zone
            first = event.starts_at.astimezone(zone).date()
            last = event.ends_at.astimezone(zone).date()
            ends = self.ends_at or self.starts_at
            if not (
                first <= self.starts_at.astimezone(zone).date() <= last
                and first <= ends.astimezone(zone).date() <= last
            ):
                raise ValidationError(
                    {
                        "starts_at": _(
                            "A session must fall within its event’s dates (%(first)s to %(last)s)."
                        )
                        % {"first": first.isoformat(), "last": last.isoformat()}
                    }
                )


class Participation(models.Model):
    """A member's registration for an event, and whether they came."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Show my name in the event’s list of participants."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["event", "created_at"]
        indexes = [
            # The event page's participant list and the count against the places.
            models.Index(fields=["event", "status"], name="participation_event_status"),
        ]
        constraints = [
            # The register button: one registration per member per event.
            models.UniqueConstraint(
                fields=["event", "member"], name="participation_one_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.event}"


class OrganisationRole(models.Model):
    """An organisation's part in an event (the seeds' solution-providers table)."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        SOLUTION_PROVIDER = "solution_provider", _("Solution provider")
        PARTICIPANT = "participant", pgettext_lazy("organisation role", "Participant")
        FACILITATOR = "facilitator", _("Facilitator")
        FUNDER = "funder", _("Funder")
        HOST = "host", _("Host")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisation_roles")
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_roles",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["event", "role", "organisation__name"]
        constraints = [
            # The organisations table on the event page lists each organisation once per role.
            models.UniqueConstraint(
                fields=["event", "organisation", "role"], name="organisation_role_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


# The pages an outcome may cite: the event page shows a card for each (cop_portal.links).
CITABLE_PAGES = frozenset({"evidence:item-detail", "discussions:topic-detail"})
MAX_CITATIONS = 10


def citation_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_citations(text: str) -> None:
    """One link a line, each to a library item or a discussion topic on this site."""
    lines = citation_lines(text)
    if len(lines) > MAX_CITATIONS:
        raise ValidationError(
            _("Cite at most %(limit)s items or topics."),
            params={"limit": MAX_CITATIONS},
            code="too_many_citations",
        )
    ours = {urlsplit(settings.SITE_URL).netloc, *settings.ALLOWED_HOSTS}
    for line in lines:
        parts = urlsplit(line)
        name = ""
        if parts.scheme in ("", "http", "https") and (not parts.netloc or parts.netloc in ours):
            try:
                name = resolve(parts.path).view_name
            except Resolver404:
                name = ""
        if name not in CITABLE_PAGES:
            raise ValidationError(
                _(
                    "“%(link)s” is not a link to a library item or a discussion topic on this "
                    "site: copy the address of the item’s or the topic’s page."
                ),
                params={"link": line[:200]},
                code="citation",
            )


class Outcome(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objective = models.TextField(_("objective"))
    outcome = models.TextField(_("outcome"))
    citations = models.TextField(
        _("cites"),
        blank=True,
        max_length=2000,
        validators=[validate_citations],
        help_text=_(
            "Links to library items or discussion topics, one a line: the event page shows "
            "each as a card in the reader’s language."
        ),
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.objective[:80]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action item", "Open")
        DONE = "done", pgettext_lazy("action item", "Done")
        DROPPED = "dropped", pgettext_lazy("action item", "Dropped")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="action_items")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_action_items",
    )
    owner_name = models.CharField(
        _("owner (not a member)"), max_length=200, blank=True, help_text=_("A person or team.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["event", "due_on", "pk"]

    def __str__(self):
        return self.description[:80]


class Poll(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    max_choices = models.PositiveSmallIntegerField(_("choices allowed"), default=1)
    participants_only = models.BooleanField(
        _("only participants vote"), default=True, help_text=_("Only registered members vote.")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # The ballot form lets a voter tick at least one option.
            models.CheckConstraint(
                condition=Q(max_choices__gte=1), name="poll_max_choices_positive"
            ),
        ]

    def __str__(self):
        return self.question

    @property
    def is_closed(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("option"), max_length=200)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "order", "pk"]

    def __str__(self):
        return self.label


class Ballot(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_ballots"
    )
    options = models.ManyToManyField(PollOption, related_name="ballots")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            # The poll on the event page: one ballot per member per poll, whatever the race.
            models.UniqueConstraint(fields=["poll", "member"], name="ballot_one_per_member"),
        ]

    def __str__(self):
        return f"{self.poll} – {self.member}"


class Evaluation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evaluations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_evaluations"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["event", "-created_at"]
        constraints = [
            # The evaluation form: one per participant per event.
            models.UniqueConstraint(fields=["event", "member"], name="evaluation_one_per_member"),
            # The average on the event page is over ratings from 1 to 5.
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.event}: {self.rating}"


class Document(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        WHITEBOARD = "whiteboard", _("Whiteboard screenshot")
        RECORDING = "recording", _("Recording")
        NOTES = "notes", _("Notes")
        OTHER = "other", _("Other document")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    session = models.ForeignKey(
        EventSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SLIDES)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=GeneratedName("events"),
        blank=True,
        max_length=200,
        validators=[validate_document_file],
    )
    file_name = models.CharField(_("original name"), max_length=150, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    link = models.URLField(_("link"), blank=True, max_length=500)
    # Set when the document is promoted to the evidence library: its item's page.
    library_url = models.CharField(
        _("in the evidence library"), max_length=300, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["event", "session", "pk"]
        constraints = [
            # Each document line on the event page is a download or a link: one, never both.
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="document_file_or_link",
                violation_error_message=_("Give a file or a link, not both."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.link:
            return self.link
        return reverse("events:document-download", args=[self.pk])

    @property
    def file_type(self) -> str:
        """The format shown before download (PDF, PPTX…)."""
        kind = kind_for_name(self.file_name or (self.file.name if self.file else ""))
        return kind.label if kind else ""


NOTES_MAX_LENGTH = 200_000


class MeetingNote(models.Model):
    """Notes taken during an event (or one of its sessions), edited by its organisers and
    moderators; every save is kept as a NoteVersion. A final note is locked."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        EventSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    title = models.CharField(_("title"), max_length=200)
    # A long workshop's notes run to 20,000 words (about 150,000 characters): more than a
    # post's bound; the renderer takes such text block by block (cop_portal.markdown).
    body, body_html, body_renderer_version = markdown_fields(
        _("notes"), blank=True, limit=NOTES_MAX_LENGTH
    )
    final = models.BooleanField(_("final"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")
        ordering = ["event", "session", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:note-detail", args=[self.event.slug, self.pk])


class NoteVersion(models.Model):
    """One saved state of a meeting note: who wrote it and when, numbered from 1."""

    note = models.ForeignKey(MeetingNote, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("notes"), blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="note_versions",
    )
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note version")
        verbose_name_plural = _("note versions")
        ordering = ["note", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["note", "number"], name="note_version_number_unique")
        ]

    def __str__(self):
        return f"{self.note}: {self.number}"


class CalendarFeedKey(models.Model):
    """Which of a member's personal calendar addresses is current: the feed token signs the
    member and this generation; resetting it raises the generation, and older addresses
    answer 410 Gone. No row: generation 0 (the addresses given before resets existed)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_key"
    )
    generation = models.PositiveIntegerField(default=0)
    reset_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal calendar address")
        verbose_name_plural = _("personal calendar addresses")

    def __str__(self):
        return f"{self.member_id}: {self.generation}"
