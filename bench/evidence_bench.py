"""The evidence library on a large collection: p50/p95 server time and query count.

    DATABASE_URL=postgres://... .venv/bin/python bench/evidence_bench.py
    BENCH_ITEMS=2000 .venv/bin/python bench/evidence_bench.py    # a quick run

Builds (once; reused while the size matches) BENCH_ITEMS published items across areas,
kinds, countries, years, languages and tags with bulk inserts, then asks the library (plain
and with two facets applied), an item page and the evidence map. Then times importing a
BENCH_IMPORT_RECORDS-record BibTeX file (Mendeley style, 2% repeated records) through
`services.items_import` as the admin import does: read, duplicates against the library,
drafts with their tags, in one transaction rolled back afterwards so the dataset stays.
"""

import os
import random
import time

# isort: off
# sets Django up, so it comes first
from common import built, measure, print_table, say, tag_randomly
# isort: on

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evidence import citations, services
from evidence.models import EvidenceItem
from evidence.tests.citation_samples import mendeley_style, sample_references

ITEMS = int(os.environ.get("BENCH_ITEMS", "20000"))
COUNTRIES = ["KE", "SN", "CM", "GH", "NG", "TZ", "ML", "BF", "TD", "MG", "RW", "CI", "UG", "ZM",
             "MW", "GN", "BJ", "CD"]  # fmt: skip
TAGS = ["mobile money", "openIMIS", "immunisation campaigns", "data protection", "FHIR",
        "payment delays", "claims management", "performance-based financing",
        "health insurance", "interoperability"]  # fmt: skip
AREAS = ["mapping", "curating", "networking"]
BATCH = 5000
PREFIX = "Bench evidence"
IMPORT_RECORDS = int(os.environ.get("BENCH_IMPORT_RECORDS", "5000"))


def _dataset_matches() -> bool:
    return EvidenceItem.objects.filter(title_en__startswith=PREFIX).count() == ITEMS


def build() -> None:
    rng = random.Random(17)
    started = time.perf_counter()
    say(f"Building {ITEMS} evidence items ...")
    now = timezone.now()
    with transaction.atomic():
        EvidenceItem.objects.filter(title_en__startswith=PREFIX).delete()
        items = EvidenceItem.objects.bulk_create(
            (
                EvidenceItem(
                    title_en=f"{PREFIX} {n:06d}",
                    title_fr=f"Données probantes {n:06d}" if n % 2 else "",
                    summary_en="A summary of what was learnt paying health workers digitally.",
                    area=rng.choice(AREAS),
                    kind=rng.choice(EvidenceItem.Kind.values),
                    year=rng.randint(2005, 2025),
                    countries=rng.sample(COUNTRIES, rng.randint(1, 3)),
                    languages=rng.choice([",en,", ",fr,", ",en,fr,", ",pt,"]),
                    quality=rng.choice(EvidenceItem.Quality.values),
                    status="published",
                    published_at=now - timezone.timedelta(minutes=n),
                )
                for n in range(ITEMS)
            ),
            batch_size=BATCH,
        )
        tag_randomly(items, TAGS, rng, most=3, batch_size=BATCH)
    built(started)


def main() -> None:
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_REBUILD") or not _dataset_matches():
        build()
    else:
        say("Reusing the existing evidence dataset (BENCH_REBUILD=1 to rebuild).")
    client = Client()
    library = reverse("evidence:library")
    item = EvidenceItem.objects.filter(title_en__startswith=PREFIX).order_by("pk").first()
    pages = [
        ("library, page 1", library),
        ("library, 2 facets (country, tag)", library + "?country=KE&tag=mobile+money"),
        ("library, area + kind + year sort", library + "?area=mapping&kind=report&sort=year"),
        ("item page", item.get_absolute_url()),
        ("evidence map", reverse("evidence:map")),
        ("evidence map, kind + years", reverse("evidence:map") + "?kind=report&year_from=2015"),
    ]
    rows = [(name, *measure(client, url)) for name, url in pages]
    print_table(f"{ITEMS} evidence items", rows)
    time_import()


class _RollBack(Exception):
    pass


def time_import() -> None:
    """One import of IMPORT_RECORDS records through the service, rolled back."""
    data = mendeley_style(citations.to_bibtex(sample_references(IMPORT_RECORDS))).encode()
    curator, _ = get_user_model().objects.get_or_create(
        email="bench-importer@example.org",
        defaults={"display_name": "Bench importer", "is_superuser": True, "is_staff": True},
    )
    created = 0
    started = time.perf_counter()
    try:
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            references = citations.parse_citations(data, "library.bib").references
            parsed = time.perf_counter()
            created = len(services.items_import(references=references, curator=curator))
            finished = time.perf_counter()
            raise _RollBack
    except _RollBack:
        pass
    say("")
    say(
        f"{connection.vendor}, import of {IMPORT_RECORDS} BibTeX records "
        f"({len(data) / 1e6:.1f} MB) into {ITEMS} items: read {parsed - started:.1f} s, "
        f"service {finished - parsed:.1f} s, total {finished - started:.1f} s, "
        f"{created} drafts, {len(captured)} queries (target: under 30 s)"
    )


if __name__ == "__main__":
    main()
