"""Member pages on a large community: p50/p95 server time and query count.

    DATABASE_URL=postgres://... make bench
    BENCH_MEMBERS=2000 make bench    # a quick run

Builds (once; reused while the size matches) BENCH_MEMBERS members with organisations,
countries, languages and interests using bulk inserts, then asks the directory (plain and
filtered), the dashboard with its colleagues, and the organisation directory.
"""

import os
import random
import time

# isort: off
# sets Django up, so it comes first
from common import built, measure, print_table, say, tag_randomly
# isort: on

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from members.models import Member, Organisation

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "20000"))
ORGANISATIONS = max(10, MEMBERS // 40)
COUNTRIES = ["KE", "SN", "CM", "GH", "NG", "TZ", "ML", "BF", "TD", "MG", "RW", "CI", "UG", "ZM"]
INTERESTS = [
    "mobile money", "openIMIS", "immunisation campaigns", "data protection", "FHIR",
    "payment delays", "claims management", "performance-based financing", "enrolment",
    "health insurance", "evidence synthesis", "interoperability", "cash-out fees", "per diem",
]  # fmt: skip
BATCH = 5000


def _dataset_matches() -> bool:
    return Member.objects.filter(email__startswith="bench-member-").count() == MEMBERS


def build() -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    say(f"Building {MEMBERS} members in {ORGANISATIONS} organisations ...")
    with transaction.atomic():
        Member.objects.filter(email__startswith="bench-member-").delete()
        Organisation.objects.filter(slug__startswith="bench-org-").delete()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench organisation {n}",
                slug=f"bench-org-{n}",
                kind=rng.choice(Organisation.Kind.values),
                based_in=rng.choice(COUNTRIES),
                active_in=rng.sample(COUNTRIES, 3),
                confirmed=True,
            )
            for n in range(ORGANISATIONS)
        )
        password = make_password("bench-password")
        members = Member.objects.bulk_create(
            (
                Member(
                    email=f"bench-member-{n}@example.org",
                    display_name=f"Bench Member {n:06d}",
                    password=password,
                    role=rng.choice(Member.Role.values),
                    organisation=rng.choice(organisations),
                    country=rng.choice(COUNTRIES),
                    languages=rng.choice([",en,", ",fr,", ",en,fr,", ",fr,pt,"]),
                    profile_visibility=rng.choice(Member.Visibility.values),
                )
                for n in range(MEMBERS)
            ),
            batch_size=BATCH,
        )
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=m, email=m.email, verified=True, primary=True) for m in members),
            batch_size=BATCH,
        )
        tag_randomly(members, INTERESTS, rng, most=4, batch_size=BATCH)
    built(started)


def main() -> None:
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_REBUILD") or not _dataset_matches():
        build()
    else:
        say("Reusing the existing member dataset (BENCH_REBUILD=1 to rebuild).")
    reader = Member.objects.filter(email__startswith="bench-member-").order_by("pk").first()
    reader.interests.set(["mobile money", "openIMIS"])
    client = Client()
    client.force_login(reader)
    directory = reverse("members:directory")
    pages = [
        ("directory, page 1", directory),
        ("directory, last page", directory + "?page=9999"),
        ("directory, 3 filters", directory + "?country=KE&language=fr&interest=openIMIS"),
        ("directory, name search", directory + "?q=member+0001"),
        ("dashboard (colleagues)", reverse("members:dashboard")),
        ("organisation directory", reverse("organisations:directory")),
    ]
    rows = [(name, *measure(client, url)) for name, url in pages]
    print_table(f"{MEMBERS} members, {ORGANISATIONS} organisations", rows)


if __name__ == "__main__":
    main()
