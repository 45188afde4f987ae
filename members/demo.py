"""Demo members and organisations (see seed_demo)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from members.models import Member
from members.permissions import MODERATORS, STEERING_COMMITTEE
from members.services import organisation_for_name

DEMO_PASSWORD = "cop-demo-2026"  # noqa: S105 (published in the README, DEBUG only)

ROLE_ACCOUNTS = [
    # email, display name, role, organisation, country, language, groups, superuser
    ("member@example.org", "Amina Diallo", Member.Role.HEALTH_WORKER,
     "District Health Office, Thiès", "SN", "fr", [], False),
    ("moderator@example.org", "Joseph Mwangi", Member.Role.IMPLEMENTER,
     "Kenya Health Informatics Association", "KE", "en", [MODERATORS], False),
    ("steering@example.org", "Grace Nkemelu", Member.Role.RESEARCHER,
     "University of Yaoundé I", "CM", "en", [STEERING_COMMITTEE], False),
    ("admin@example.org", "Portal Admin", Member.Role.OTHER,
     "openIMIS coordination desk", "DE", "en", [STEERING_COMMITTEE, MODERATORS], True),
]  # fmt: skip


def _account(email, name, role, org, country, language, group_names, superuser, groups):
    member, created = Member.objects.get_or_create(
        email=email,
        defaults={
            "display_name": name,
            "role": role,
            "organisation": organisation_for_name(name=org),
            "country": country,
            "preferred_language": language,
            "languages": f",{language},",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        member.set_password(DEMO_PASSWORD)
        member.save(update_fields=["password"])
    member.groups.add(*(groups[g] for g in group_names))
    EmailAddress.objects.update_or_create(
        user=member, email=email, defaults={"verified": True, "primary": True}
    )
    return created


def seed() -> str:
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (MODERATORS, STEERING_COMMITTEE)
    }
    created = sum(_account(*row, groups=groups) for row in ROLE_ACCOUNTS)
    return f"{created} new accounts"
