import threading
import time
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.signals import request_started
from django.db import models
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from cop_portal.rendered import markdown_fields
from members.handles import HANDLE_MAX_LENGTH, unique_handle, validate_handle


class OrganisationQuerySet(models.QuerySet):
    def listed(self) -> "OrganisationQuerySet":
        """Organisations shown to readers: a name a member typed stays off the directory,
        its filters and public pages until the steering committee confirms it."""
        return self.filter(confirmed=True)

    def waiting(self) -> "OrganisationQuerySet":
        return self.filter(confirmed=False)


class Organisation(models.Model):
    """An organisation members belong to: a ministry, a payment provider, a funder..."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        IMPLEMENTER = "implementer", _("Implementer")
        PAYMENT_PROVIDER = "payment_provider", _("Payment provider")
        SCHEME_OPERATOR = "scheme_operator", _("Insurer / scheme operator")
        FUNDER = "funder", _("Funder")
        NGO = "ngo", _("NGO")
        ACADEMIA = "academia", _("Academia")
        KNOWLEDGE_HUB = "knowledge_hub", _("Knowledge hub")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    based_in = CountryField(_("based in"), blank=True)
    active_in = CountryField(_("active in"), multiple=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_(
            "Confirmed organisations are listed in the directory. One a member typed at "
            "sign-up waits for the steering committee."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # Sign-up matches a typed organisation to an existing one by name.
            models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique"),
        ]
        indexes = [
            # The organisation directory filters by kind.
            models.Index(fields=["kind", "name"], name="organisation_kind_name"),
            # The directory lists confirmed organisations; the admin counts those waiting.
            models.Index(fields=["confirmed", "name"], name="organisation_confirmed_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        extra_fields.setdefault("display_name", email.split("@")[0])
        extra_fields.setdefault("handle", unique_handle(extra_fields["display_name"]))
        member = self.model(email=email, **extra_fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


# Regions' zone names (Africa/Douala, Asia/Kathmandu) and UTC; not the legacy aliases.
_ZONE_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/",
                 "Europe/", "Indian/", "Pacific/")  # fmt: skip


def time_zone_choices():
    """The profile's time-zone select: empty shows each event in its own zone only."""
    names = sorted(n for n in zoneinfo.available_timezones() if n.startswith(_ZONE_REGIONS))
    return [("", _("Each event’s own time zone")), ("UTC", "UTC"), *((n, n) for n in names)]


class Member(AbstractBaseUser, PermissionsMixin):
    """A person in the community. Email is the login; no username exists."""

    class Role(models.TextChoices):
        HEALTH_WORKER = "health_worker", _("Health worker")
        PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
        PAYMENT_PROVIDER = "payment_provider", _("Payment provider")
        FUNDER = "funder", _("Funder")
        IMPLEMENTER = "implementer", _("Implementer")
        RESEARCHER = "researcher", _("Researcher")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        PORTUGUESE = "pt", _("Portuguese")
        OTHER = "other", _("Other language")

    class EmailNotifications(models.TextChoices):
        # Mentions and replies to the member's own posts, batched per topic
        # (discussions.services.notification_emails); watched-topic activity is for the digest.
        IMMEDIATE = "immediate", _("As they happen")
        DIGEST = "digest", _("Only in the weekly digest")
        NONE = "none", _("No notification emails")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members only")
        PUBLIC = "public", _("Public")

    class Approval(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    # Unique (case-insensitively): mentions use it, since display names are not unique.
    handle = models.CharField(
        _("handle"),
        max_length=HANDLE_MAX_LENGTH,
        null=True,
        blank=False,
        validators=[validate_handle],
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.OTHER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="members",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    country = CountryField(_("country"), blank=True)
    # Stored as ",en,fr," so that "speaks French" is languages__contains=",fr,".
    languages = models.CharField(_("languages spoken"), max_length=32, blank=True, default="")
    # Event pages show times in this zone beside the event's own; empty: the event's only.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="", choices=time_zone_choices
    )
    bio, bio_html, bio_renderer_version = markdown_fields(
        _("short bio"), max_length=2000, blank=True
    )
    interests = TaggableManager(_("interests"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # A low-bandwidth community's defaults: mentions and replies by email as they happen,
    # everything else once a week in the digest.
    email_notifications = models.CharField(
        _("notification emails"),
        max_length=16,
        choices=EmailNotifications.choices,
        default=EmailNotifications.IMMEDIATE,
    )
    email_digest = models.BooleanField(_("weekly digest by email"), default=True)
    profile_visibility = models.CharField(
        _("profile visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    approval = models.CharField(
        _("membership"),
        max_length=16,
        choices=Approval.choices,
        default=Approval.APPROVED,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The search page's full-text vectors (English and French configurations), written by
    # a database trigger on every insert and update (cop_portal/searchvectors.py) and
    # served by GIN indexes created in the migration (name, organisation, bio,
    # interests).
    search_en = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]
        constraints = [
            # Sign-in is case-insensitive, so two accounts may not differ only by case.
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
            # `@handle` names exactly one member, whatever the case it is typed in.
            models.UniqueConstraint(
                Lower("handle"),
                name="member_handle_ci_unique",
                violation_error_message=_("This handle is taken: please choose another."),
            ),
        ]
        indexes = [
            # Search: a common word's newest matching profiles, read newest first.
            models.Index(fields=["-date_joined", "-id"], name="member_joined_newest"),
            # The member directory lists by name, a page at a time (ORDER BY ... LIMIT).
            models.Index(fields=["display_name", "id"], name="member_display_name"),
            # The member directory filters by role and country, listing by name.
            models.Index(fields=["role", "display_name"], name="member_role_name"),
            models.Index(fields=["country", "display_name"], name="member_country_name"),
            # The admin's approval queue and the colleagues query skip pending members.
            models.Index(fields=["approval", "is_active"], name="member_approval_active"),
        ]

    def __str__(self) -> str:
        # An erased account keeps no name; its posts are shown as by a former member.
        return self.display_name or str(_("Former member"))

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    def get_absolute_url(self) -> str:
        return reverse("members:profile", args=[self.pk])

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"


TAG_LABELS_CACHE_KEY = "members:tag-labels"
# A page labels each of its tags (a directory page: fourteen): the vocabulary is read from the
# shared cache once a request (or once every few seconds in a worker) and kept in the thread.
_TAG_LABELS_MEMO_SECONDS = 5.0
_tag_labels_memo = threading.local()


def tag_key(name: str) -> str:
    """The vocabulary's key for a tag: "Per diem", "per  diem" and "per-diem" are one tag."""
    return slugify(name, allow_unicode=True)


class TagLabel(models.Model):
    """A tag's label in each language, so that interest and topic tags typed in English
    read in French on French pages (and the other way round). Curated in the admin."""

    slug = models.SlugField(
        _("tag"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("The tag as members type it, in lower case with hyphens: per-diem."),
    )
    label_en = models.CharField(_("English label"), max_length=100)
    label_fr = models.CharField(_("French label"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tag label")
        verbose_name_plural = _("tag labels")
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.label_en} / {self.label_fr}"

    def save(self, *args, **kwargs):
        self.slug = tag_key(self.slug)
        super().save(*args, **kwargs)

    @classmethod
    def vocabulary(cls) -> dict[str, dict[str, str]]:
        """Every label by tag key and language: one query, then the cache until it changes.
        A tag typed as one of the labels ("vaccination") is known too, so it reads as
        "immunisation" on English pages."""
        memo = getattr(_tag_labels_memo, "value", None)
        if memo is not None and time.monotonic() - memo[0] < _TAG_LABELS_MEMO_SECONDS:
            return memo[1]
        labels = cache.get(TAG_LABELS_CACHE_KEY)
        if labels is None:
            rows = cls.objects.values_list("slug", "label_en", "label_fr")
            labels = {slug: {"en": en, "fr": fr} for slug, en, fr in rows}
            for _slug, en, fr in rows:
                for label in (en, fr):
                    labels.setdefault(tag_key(label), {"en": en, "fr": fr})
            cache.set(TAG_LABELS_CACHE_KEY, labels, timeout=None)
        _tag_labels_memo.value = (time.monotonic(), labels)
        return labels

    @classmethod
    def forget_memo(cls) -> None:
        _forget_tag_labels_memo()

    @classmethod
    def label(cls, name: str, language: str | None = None) -> str:
        """A tag's label in the given (or the active) language; as typed when unknown."""
        labels = cls.vocabulary().get(tag_key(name)) if name else None
        if not labels:
            return name
        return labels.get(language or get_language()) or name


@receiver([post_save, post_delete], sender=TagLabel)
def _forget_tag_labels(**kwargs) -> None:
    """Pages show a changed label at once (the admin's bulk delete included)."""
    cache.delete(TAG_LABELS_CACHE_KEY)
    _forget_tag_labels_memo()


@receiver(request_started)
def _forget_tag_labels_memo(**kwargs) -> None:
    """Each request reads the shared vocabulary afresh, so another process's change shows."""
    _tag_labels_memo.value = None
