"""The evidence library: items the steering committee curates, and the record of every
status change (who, when)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from cop_portal.areas import TOPICAL_AREAS
from cop_portal.uploads import GeneratedName
from members.models import Member

AREA_CHOICES = [(area.value, area.label) for area in TOPICAL_AREAS]

doi_validator = RegexValidator(
    r"^10\.\d{4,9}/\S+$",
    _("Enter a DOI such as 10.1234/abc-123 (without “https://doi.org/”)."),
    code="invalid_doi",
)


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        RESEARCH_STUDY = "research_study", _("Research study")
        EVALUATION = "evaluation", _("Evaluation")
        CASE_STUDY = "case_study", _("Case study")
        REPORT = "report", _("Report")
        POLICY_BRIEF = "policy_brief", _("Policy brief")
        GUIDELINE = "guideline", _("Guideline or tool")
        DATASET = "dataset", _("Dataset")
        PRESENTATION = "presentation", _("Presentation")
        ONGOING = "ongoing_research", _("Ongoing research")
        EXPERIENCE = "implementation_experience", _("Implementation experience")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Quality(models.TextChoices):
        HIGH = "high", pgettext_lazy("strength of evidence", "High")
        MODERATE = "moderate", pgettext_lazy("strength of evidence", "Moderate")
        LOW = "low", pgettext_lazy("strength of evidence", "Low")
        NOT_APPRAISED = "not_appraised", _("Not appraised")

    # The languages a document is written in: the same list members speak.
    Language = Member.Language

    class Payer(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        PROGRAMME = "programme", _("Programme")
        INSURER = "insurer", _("Insurer")
        OTHER = "other", pgettext_lazy("payer", "Other")

    class Channel(models.TextChoices):
        MOBILE_MONEY = "mobile_money", _("Mobile money")
        BANK = "bank", _("Bank transfer")
        AGENT = "agent", _("Agent")
        CASH = "cash", _("Cash")

    class Programme(models.TextChoices):
        IMMUNISATION = "immunisation_campaign", _("Immunisation campaign")
        CHW = "community_health_workers", _("Community health workers")
        INSURANCE = "insurance_claims", _("Insurance claims")
        OTHER = "other", pgettext_lazy("programme", "Other")

    # Translated with modeltranslation (evidence/translation.py). Summaries are plain text
    # shown with line breaks: a Markdown field's HTML and renderer version would need a
    # copy per language, which the rendered-text seam does not declare.
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    key_findings = models.TextField(_("key findings"), blank=True)
    area = models.CharField(pgettext_lazy("topical area", "area"), max_length=16,
                            choices=AREA_CHOICES)  # fmt: skip
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    authors = models.TextField(
        _("authors"), blank=True, help_text=_("One author per line, in the order of the document.")
    )
    publisher = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_items",
    )
    publisher_name = models.CharField(
        _("publisher (not in the directory)"), max_length=200, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    # Stored as ",en,fr," so one LIKE finds a language and one query counts them all.
    languages = models.CharField(_("languages of the document"), max_length=40, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[doi_validator])
    file = models.FileField(_("file"), upload_to=GeneratedName("evidence"), blank=True)
    file_name = models.CharField(_("original file name"), max_length=150, blank=True,
                                 editable=False)  # fmt: skip
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    file_type = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    quality = models.CharField(_("strength of evidence"), max_length=16,
                               choices=Quality.choices, default=Quality.NOT_APPRAISED)  # fmt: skip
    quality_note = models.TextField(_("appraisal note"), blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)  # fmt: skip
    featured = models.BooleanField(_("featured"), default=False)
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("curated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="curated_evidence",
    )  # fmt: skip
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("suggested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="suggested_evidence",
    )  # fmt: skip
    suggestion_note = models.TextField(_("note from the suggester"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # An item promoted from another app's record (an event's slides): where it came from,
    # once each (promoting twice finds this item), and the page it links back to.
    origin = models.CharField(_("promoted from"), max_length=100, blank=True, editable=False)
    origin_url = models.URLField(_("presented at"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Ongoing research.
    expected_completion = models.DateField(_("expected completion"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    # Implementation experience (the Mapping area's raw material); the library filters on them.
    payer = models.CharField(_("payer"), max_length=16, choices=Payer.choices, blank=True)
    payer_name = models.CharField(_("payer's name"), max_length=200, blank=True)
    payment_provider = models.CharField(_("payment provider"), max_length=200, blank=True)
    channel = models.CharField(_("payment channel"), max_length=16, choices=Channel.choices,
                               blank=True)  # fmt: skip
    programme = models.CharField(_("programme"), max_length=32, choices=Programme.choices,
                                 blank=True)  # fmt: skip
    people_paid = models.PositiveIntegerField(_("scale (people paid)"), null=True, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not = models.TextField(_("what did not work"), blank=True)
    # The search page's full-text vectors (English and French configurations), written by
    # a database trigger on every insert and update (cop_portal/searchvectors.py) and
    # served by GIN indexes created in the migration, with trigram indexes on
    # the titles for "did you mean".
    search_en = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Search: a common word's newest matching items, read newest first.
            models.Index(fields=["-created_at", "-id"], name="evidence_created_newest"),
            # The library, newest first (its default sort), and the home page's latest.
            models.Index(fields=["status", "-published_at"], name="evidence_newest"),
            # The library by area (its first level of navigation), newest first.
            models.Index(fields=["status", "area", "-published_at"], name="evidence_area_newest"),
            # The library sorted by year; the year-range filter.
            models.Index(fields=["status", "-year"], name="evidence_year"),
            # The kind facet and the map's kind filter.
            models.Index(fields=["status", "kind"], name="evidence_kind"),
            # The review queue (items in review, oldest first) and admin's status filter.
            models.Index(fields=["status", "created_at"], name="evidence_review_queue"),
            # The featured items on the library and home pages.
            models.Index(fields=["featured", "status"], name="evidence_featured"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("doi"), condition=~Q(doi=""), name="evidence_doi_unique_ci"
            ),
            # A document promoted twice (two clicks, two curators) makes one item.
            models.UniqueConstraint(
                fields=["origin"], condition=~Q(origin=""), name="evidence_origin_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "archived"]),
                name="evidence_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="evidence_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900), name="evidence_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="evidence_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence:item-detail", args=[self.pk])

    @property
    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def language_labels(self) -> list[str]:
        labels = dict(self.Language.choices)
        return [str(labels.get(code, code)) for code in self.language_list]

    @property
    def publisher_display(self) -> str:
        return self.publisher.name if self.publisher_id else self.publisher_name

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        this_year = timezone.localdate().year
        if self.year:
            limit = this_year
            if self.expected_completion:
                limit = max(limit, self.expected_completion.year)
            if self.year > limit:
                errors["year"] = _(
                    "The year %(year)s is in the future (latest accepted: %(limit)s, or the "
                    "expected completion of ongoing research)."
                ) % {"year": self.year, "limit": limit}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if errors:
            raise ValidationError(errors)


class StatusChange(models.Model):
    """One change of an item's status: who made it and when (shown on the admin page)."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=EvidenceItem.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=EvidenceItem.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True,
        on_delete=models.SET_NULL, related_name="evidence_status_changes",
    )  # fmt: skip
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            # The history on an item's admin page.
            models.Index(fields=["item", "changed_at"], name="evidence_status_history"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status} → {self.to_status}"


class ItemInReview(EvidenceItem):
    """The review queue in admin: the items waiting for the steering committee."""

    class Meta:
        proxy = True
        verbose_name = _("item in review")
        verbose_name_plural = _("review queue")
