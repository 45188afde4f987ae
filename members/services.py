import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from cop_portal import mail
from cop_portal.rendered import render_into
from members import registry
from members.handles import FORMER_MEMBER_PREFIX, unique_handle
from members.models import Member, Organisation
from members.unsubscribe import ALL, unsubscribe_links


def encode_languages(codes: list[str]) -> str:
    """["fr", "en"] -> ",en,fr," (see Member.languages)."""
    known = [code for code, _label in Member.Language.choices if code in codes]
    return f",{','.join(known)}," if known else ""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _named(name: str):
    """Organisations called `name` in either language (the ORM's `name` would look at the
    current language's column only)."""
    return Organisation.objects.filter(Q(name_en__iexact=name) | Q(name_fr__iexact=name))


def organisation_for_name(*, name: str) -> Organisation | None:
    """The organisation a member typed: an existing one by its English or French name, or
    a new one, which waits for the steering committee before it is listed. A new name
    serves both languages until someone gives a French one in the admin."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = _named(name).order_by("pk").first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.populate("all").create(
                name=name, slug=_unique_slug(name), confirmed=False
            )
    except IntegrityError:  # created by someone else meanwhile
        return _named(name).order_by("pk").first()


@transaction.atomic
def organisations_confirm(*, organisations) -> list[Organisation]:
    """List organisations members typed; returns those that were waiting."""
    waiting = [o for o in organisations if not o.confirmed]
    Organisation.objects.filter(pk__in=[o.pk for o in waiting]).update(confirmed=True)
    for organisation in waiting:
        organisation.confirmed = True
    return waiting


ORGANISATION_FILLABLE_FIELDS = [
    "name_fr",
    "based_in",
    "website",
    "description_en",
    "description_fr",
]


@transaction.atomic
def organisation_merge(*, keep: Organisation, other: Organisation) -> Organisation:
    """Fold `other` into `keep`: every row that points to `other` (members and any other
    foreign key, one-to-one or many-to-many) points to `keep`, fields `keep` leaves blank
    take `other`'s value, the countries it is active in are joined, then `other` is
    deleted. One transaction: a failure changes nothing."""
    if keep.pk == other.pk:
        raise ValueError("An organisation cannot be merged into itself.")
    # Both rows locked in one statement, in id order, so two merges of the same pair at
    # once (a confirmation sent twice, or A into B beside B into A) queue, never deadlock.
    locked = Organisation.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])
    locked = {o.pk: o for o in locked.order_by("pk")}
    if keep.pk not in locked:
        raise Organisation.DoesNotExist("The organisation to keep was merged or deleted.")
    if other.pk not in locked:
        return locked[keep.pk]  # merged into it already, a moment ago
    keep, other = locked[keep.pk], locked[other.pk]
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            source = next(
                f.name
                for f in through._meta.fields
                if f.is_relation and f.related_model is relation.related_model
            )
            target = next(
                f.name
                for f in through._meta.fields
                if f.is_relation and f.related_model is Organisation
            )
            already = through._base_manager.filter(**{target: keep}).values(source)
            stale = through._base_manager.filter(**{target: other})
            stale.filter(**{f"{source}__in": already}).delete()
            stale.update(**{target: keep})
        else:
            field = relation.field.name
            relation.related_model._base_manager.filter(**{field: other}).update(**{field: keep})
    changed = []
    for field in ORGANISATION_FILLABLE_FIELDS:
        if not getattr(keep, field) and getattr(other, field):
            setattr(keep, field, getattr(other, field))
            changed.append(field)
    active_in = list(dict.fromkeys(c.code for c in [*keep.active_in, *other.active_in]))
    if active_in != [c.code for c in keep.active_in]:
        keep.active_in = active_in
        changed.append("active_in")
    keep.confirmed = keep.confirmed or other.confirmed
    other.delete()
    keep.save(update_fields=[*changed, "confirmed", "updated_at"])
    return keep


def _give_handle(*, member: Member) -> None:
    """A handle from the display name; a concurrent sign-up that took it first gets the
    next number (the unique constraint decides, not this check)."""
    for _attempt in range(5):
        member.handle = unique_handle(member.display_name, exclude_pk=member.pk)
        try:
            with transaction.atomic():
                member.save(update_fields=["handle"])
            return
        except IntegrityError:
            continue
    raise IntegrityError("No free handle for this display name.")


@transaction.atomic
def member_complete_signup(
    *,
    member: Member,
    display_name: str,
    role: str,
    organisation_name: str,
    country: str,
    preferred_language: str,
) -> Member:
    """Store the profile answers given at sign-up; with approval switched on, the new
    member waits for the steering committee."""
    member.display_name = display_name
    member.role = role
    member.organisation = organisation_for_name(name=organisation_name)
    member.country = country
    member.preferred_language = preferred_language
    member.languages = encode_languages([preferred_language])
    _give_handle(member=member)
    member.approval = (
        Member.Approval.PENDING if settings.COP_MEMBERSHIP_APPROVAL else Member.Approval.APPROVED
    )
    member.save(
        update_fields=[
            "display_name",
            "role",
            "organisation",
            "country",
            "preferred_language",
            "languages",
            "approval",
        ]
    )
    return member


@transaction.atomic
def profile_update(
    *,
    member: Member,
    display_name: str,
    handle: str,
    role: str,
    organisation_name: str,
    country: str,
    languages: list[str],
    bio: str,
    interests: list[str],
    preferred_language: str,
    email_notifications: str,
    email_digest: bool,
    profile_visibility: str,
    avatar=None,
    remove_avatar: bool = False,
) -> Member:
    """Save the profile form. A new avatar replaces the old one only once it is stored."""
    member.display_name = display_name
    member.handle = handle
    member.role = role
    member.organisation = organisation_for_name(name=organisation_name)
    member.country = country
    member.languages = encode_languages(languages)
    bio_fields = render_into(member, "bio", bio)
    member.preferred_language = preferred_language
    member.email_notifications = email_notifications
    member.email_digest = email_digest
    member.profile_visibility = profile_visibility
    old_avatar = member.avatar.name if member.avatar else ""
    if avatar is not None:
        member.avatar.save(f"{member.pk}-{uuid.uuid4().hex[:8]}.jpg", avatar, save=False)
    elif remove_avatar:
        member.avatar = ""
    member.save(update_fields=[*PROFILE_FIELDS, *bio_fields])
    member.interests.set(interests, clear=True)
    if old_avatar and old_avatar != (member.avatar.name or ""):
        storage = member.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return member


@transaction.atomic
def member_email_unsubscribe(*, member: Member, scope: str) -> list[str]:
    """Stop what an unsubscribe link names ("digest", "notifications" or "all"); returns
    what changed ("digest", "notifications"), empty when it was already off. Notification
    emails stopped while the digest goes on become "only in the weekly digest"."""
    locked = Member.objects.select_for_update().get(pk=member.pk)
    changed = []
    if scope in ("digest", "all") and locked.email_digest:
        locked.email_digest = False
        changed.append("digest")
    wanted = (
        Member.EmailNotifications.NONE
        if scope == "all" or not locked.email_digest
        else Member.EmailNotifications.DIGEST
    )
    if scope in ("notifications", "all") and locked.email_notifications not in (
        wanted,
        Member.EmailNotifications.NONE,
    ):
        locked.email_notifications = wanted
        changed.append("notifications")
    if changed:
        locked.save(update_fields=["email_digest", "email_notifications", "updated_at"])
    member.email_digest = locked.email_digest
    member.email_notifications = locked.email_notifications
    return changed


# The columns the profile form changes (interests are a relation, saved apart).
PROFILE_FIELDS = [
    "display_name", "handle", "role", "organisation", "country", "languages", "bio",
    "bio_html", "preferred_language", "email_notifications", "email_digest",
    "profile_visibility", "avatar", "updated_at",
]  # fmt: skip


def _anonymous_email(member: Member) -> str:
    return f"former-member-{member.pk}@invalid.invalid"


@transaction.atomic
def member_erase(*, member: Member) -> Member:
    """Erase a member's personal data. The row stays, deactivated, so that their posts keep
    their place in threads, shown as by "former member"."""
    from allauth.account.models import EmailAddress
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    registry.run_erasers(member)
    mail.outgoing_emails_forget(address=member.email)
    old_avatar = member.avatar.name if member.avatar else ""
    EmailAddress.objects.filter(user=member).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Member), object_id=str(member.pk)
    ).update(object_repr="", change_message="")
    member.interests.clear()
    member.email = _anonymous_email(member)
    member.display_name = ""
    # The handle came from the name; the reserved form keeps it unique and unmentionable.
    member.handle = f"{FORMER_MEMBER_PREFIX}-{member.pk}"
    member.organisation = None
    member.country = ""
    member.languages = ""
    render_into(member, "bio", "")
    member.avatar = ""
    member.email_notifications = Member.EmailNotifications.NONE
    member.email_digest = False
    member.profile_visibility = Member.Visibility.MEMBERS
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    member.last_login = None
    member.set_unusable_password()
    member.save()
    member.groups.clear()
    member.user_permissions.clear()
    if old_avatar:
        storage = member.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return member


def _decide(*, members, approval: str) -> list[Member]:
    """Only applications still pending are decided: an approved member, an administrator
    or an application declined before is never changed by a bulk action."""
    fields = {"approval": approval, "updated_at": timezone.now()}
    if approval == Member.Approval.DECLINED:
        fields["is_active"] = False
    decided = []
    for member in members:
        # Decided in the database, not from the row the admin page loaded: of two decisions
        # at once (a double click, two committee members) only the first finds it pending.
        pending = Member.objects.filter(pk=member.pk, approval=Member.Approval.PENDING)
        if not pending.update(**fields):
            continue
        for name, value in fields.items():
            setattr(member, name, value)
        decided.append(member)
        _queue_decision_email(member=member)
    return decided


def _queue_decision_email(*, member: Member) -> None:
    """Tell a member, in their language, that their membership was approved or declined
    (queued in the outbox within the decision's transaction)."""
    template = {
        Member.Approval.APPROVED: "membership_approved",
        Member.Approval.DECLINED: "membership_declined",
    }[member.approval]
    mail.queue_templated_mail(
        key=f"{template}:{member.pk}:{timezone.now().isoformat()}",
        template=template,
        to=member.email,
        language=member.preferred_language,
        context={"member": member},
        unsubscribe=unsubscribe_links(member, ALL),
    )


@transaction.atomic
def members_approve(*, members) -> list[Member]:
    """Approve pending members; each gets an email in their language."""
    return _decide(members=members, approval=Member.Approval.APPROVED)


@transaction.atomic
def members_decline(*, members) -> list[Member]:
    """Decline members: their account is closed and they are told by email."""
    return _decide(members=members, approval=Member.Approval.DECLINED)


def member_export(*, member: Member) -> dict:
    """The members app's part of "Download my data"."""
    from allauth.account.models import EmailAddress

    return {
        "profile": {
            "email": member.email,
            "display_name": member.display_name,
            "role": member.role,
            "organisation": member.organisation.name if member.organisation else None,
            "country": member.country.code or None,
            "languages": member.language_list,
            "bio": member.bio,
            "interests": sorted(member.interests.names()),
            "avatar": member.avatar.url if member.avatar else None,
            "preferred_language": member.preferred_language,
            "email_notifications": member.email_notifications,
            "email_digest": member.email_digest,
            "profile_visibility": member.profile_visibility,
            "membership": member.approval,
            "date_joined": member.date_joined,
            "last_login": member.last_login,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=member).order_by("pk")
        ],
        "groups": sorted(member.groups.values_list("name", flat=True)),
    }
