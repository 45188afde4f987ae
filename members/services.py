from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from members.models import Member, Organisation


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def organisation_for_name(*, name: str) -> Organisation | None:
    """The organisation a member typed: an existing one by name, or a new one."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name, slug=_unique_slug(name))
    except IntegrityError:  # created by someone else meanwhile
        return Organisation.objects.get(name__iexact=name)


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
    member.languages = f",{preferred_language},"
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
