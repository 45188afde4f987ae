"""Load demo data for a development machine. Safe to run again: it changes nothing the
second time. Later issues add their own parts (rooms, evidence, events) here."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import Member
from members.permissions import MODERATORS, STEERING_COMMITTEE

DEMO_PASSWORD = "cop-demo-2026"

ROLE_ACCOUNTS = [
    # email, display name, role, organisation, country, language, groups, staff
    (
        "member@example.org",
        "Amina Diallo",
        Member.Role.HEALTH_WORKER,
        "District Health Office, Thiès",
        "SN",
        "fr",
        [],
        False,
    ),
    (
        "moderator@example.org",
        "Joseph Mwangi",
        Member.Role.IMPLEMENTER,
        "Kenya Health Informatics Association",
        "KE",
        "en",
        [MODERATORS],
        False,
    ),
    (
        "steering@example.org",
        "Grace Nkemelu",
        Member.Role.RESEARCHER,
        "University of Yaoundé I",
        "CM",
        "en",
        [STEERING_COMMITTEE],
        False,
    ),
    (
        "admin@example.org",
        "Portal Admin",
        Member.Role.OTHER,
        "openIMIS coordination desk",
        "DE",
        "en",
        [STEERING_COMMITTEE, MODERATORS],
        True,
    ),
]


class Command(BaseCommand):
    help = "Create demo accounts and content (development machines only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a published password; "
                "it only runs with DEBUG=true."
            )
        with transaction.atomic():
            groups = {
                name: Group.objects.get_or_create(name=name)[0]
                for name in (MODERATORS, STEERING_COMMITTEE)
            }
            created = 0
            for email, name, role, org, country, language, group_names, staff in ROLE_ACCOUNTS:
                member, was_created = Member.objects.get_or_create(
                    email=email,
                    defaults={
                        "display_name": name,
                        "role": role,
                        "organisation_name": org,
                        "country": country,
                        "preferred_language": language,
                        "is_staff": staff,
                        "is_superuser": staff,
                    },
                )
                if was_created:
                    member.set_password(DEMO_PASSWORD)
                    member.save(update_fields=["password"])
                    created += 1
                member.groups.add(*(groups[g] for g in group_names))
                EmailAddress.objects.update_or_create(
                    user=member, email=email, defaults={"verified": True, "primary": True}
                )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new accounts)."))
