"""What every bench shares: Django set up outside the test runner, a timer that reports
p50/p95 server time and query count through django.test.Client, and the table."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
# Time the rendering, not the visitors' page cache (make throughput measures that).
os.environ.setdefault("COP_VISITOR_PAGE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def say(message: str) -> None:
    print(message, flush=True)


def measure(client: Client, url: str) -> tuple[float, float, int, int]:
    """Ask for url REQUESTS times after a warm-up: p50 ms, p95 ms, queries, status."""
    client.get(url)
    times, queries, status = [], 0, 0
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, queries, status


def print_table(title: str, rows: list[tuple[str, float, float, int, int]]) -> None:
    say("")
    say(f"{connection.vendor}, {title}, {REQUESTS} requests per page")
    say(f"| {'page':<42} | {'p50 ms':>7} | {'p95 ms':>7} | {'queries':>7} | status |")
    say(f"|{'-' * 44}|{'-' * 9}|{'-' * 9}|{'-' * 9}|--------|")
    for name, p50, p95, queries, status in rows:
        say(f"| {name:<42} | {p50:7.1f} | {p95:7.1f} | {queries:7d} | {status:>6} |")


def tag_randomly(rows, names: list[str], rng, *, most: int, batch_size: int = 5000) -> None:
    """Give each row 1 to `most` of these tags (taggit), in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    rows = list(rows)
    if not rows:
        return
    tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
    row_type = ContentType.objects.get_for_model(rows[0])
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(content_type=row_type, object_id=row.pk, tag=tag)
            for row in rows
            for tag in rng.sample(tags, rng.randint(1, most))
        ),
        batch_size=batch_size,
    )


def built(started: float) -> None:
    """End a dataset build: fresh planner statistics on PostgreSQL, and the time it took."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"Built in {time.perf_counter() - started:.0f} s.")
