# ruff: noqa: S608 -- SQL from this module's constants; values go as parameters.
"""The search page on a large community: p50/p95/max server time of realistic queries in
English and French, and the query plan of the slowest request's slowest statement.

    DATABASE_URL=postgres://.../cop_search_bench python bench/search_bench.py
    BENCH_SEARCH_POSTS=20000 BENCH_SEARCH_TOPICS=2000 ... python bench/search_bench.py  # quick

Builds (once; reused while the sizes match, BENCH_REBUILD=1 to rebuild) BENCH_SEARCH_TOPICS
topics and BENCH_SEARCH_POSTS posts (with INSERT … SELECT generate_series: the search
triggers compute every vector as the rows go in), BENCH_SEARCH_EVIDENCE evidence items,
BENCH_SEARCH_EVENTS events and BENCH_SEARCH_MEMBERS members (bulk_create), in English and
French text drawn from the community's vocabulary. Then runs BENCH_SEARCH_QUERIES queries
per language (one word, two words, a phrase, a rare word, a common word) through
django.test.Client as a signed-in member."""

import os
import random
import re
import statistics
import time

# isort: off
from common import built, say  # sets Django up, so it comes first
# isort: on

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussions.models import Area, Room
from events.models import Event
from evidence.models import EvidenceItem
from members.models import Member

TOPICS = int(os.environ.get("BENCH_SEARCH_TOPICS", "20000"))
POSTS = int(os.environ.get("BENCH_SEARCH_POSTS", "200000"))
EVIDENCE = int(os.environ.get("BENCH_SEARCH_EVIDENCE", "20000"))
EVENTS = int(os.environ.get("BENCH_SEARCH_EVENTS", "2000"))
MEMBERS = int(os.environ.get("BENCH_SEARCH_MEMBERS", "5000"))
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "200"))
ROOMS = 30
BATCH = 5000
PREFIX = "search-bench"


def _words(text: str) -> list[str]:
    return text.split()


COMMON_EN = _words(
    """
payment payments mobile money health workers pay paid district ministry programme data
system transfer salary staff
"""
)
WORDS_EN = [
    "vaccinators",
    "campaign",
    "payroll",
    "claims",
    "insurance",
    "openIMIS",
    "wallet",
    "agent",
    "per",
    "diem",
    "allowance",
    "Kenya",
    "Senegal",
    "Cameroon",
    "Nepal",
    "Tanzania",
    "bank",
    "cash",
    "reconciliation",
    "verification",
    "registration",
    "beneficiaries",
    "fraud",
    "delays",
    "interoperability",
    "sandbox",
    "dashboard",
    "scheme",
    "enrolment",
    "premium",
    "reimbursement",
    "facility",
    "hospital",
    "pharmacy",
    "supervisor",
    "training",
    "phone",
    "network",
    "fees",
    "provider",
    "contract",
    "tender",
    "audit",
    "budget",
    "treasury",
    "deadline",
    "report",
    "evaluation",
    "pilot",
    "scale",
    "national",
    "rollout",
    "community",
    "volunteers",
    "stipend",
    "incentive",
    "transport",
    "SMS",
    "USSD",
    "identity",
    "biometric",
    "card",
    "account",
    "aggregator",
    "operator",
    "mobile-money",
    "remittance",
    "cost",
    "coverage",
]
COMMON_FR = _words(
    """
paiement paiements mobile monnaie agents santé payer district ministère programme
données système virement salaire personnel
"""
)
WORDS_FR = [
    "vaccinateurs",
    "campagne",
    "paie",
    "demandes",
    "remboursement",
    "assurance",
    "maladie",
    "portefeuille",
    "agent",
    "indemnité",
    "Sénégal",
    "Cameroun",
    "Bénin",
    "Togo",
    "Niger",
    "banque",
    "espèces",
    "rapprochement",
    "vérification",
    "enregistrement",
    "bénéficiaires",
    "fraude",
    "retards",
    "interopérabilité",
    "fédération",
    "mutuelle",
    "prime",
    "hôpital",
    "pharmacie",
    "superviseur",
    "formation",
    "téléphone",
    "réseau",
    "frais",
    "prestataire",
    "contrat",
    "appel",
    "d’offres",
    "audit",
    "budget",
    "trésor",
    "délai",
    "rapport",
    "évaluation",
    "pilote",
    "échelle",
    "nationale",
    "déploiement",
    "communauté",
    "bénévoles",
    "motivation",
    "transport",
    "identité",
    "biométrique",
    "carte",
    "compte",
    "agrégateur",
    "opérateur",
    "transfert",
    "coût",
    "couverture",
    "l’assurance",
    "l’agent",
    "l’État",
]
FILLER_EN = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "we",
    "our",
    "a",
    "is",
    "was",
    "for",
    "with",
    "on",
    "by",
    "that",
    "this",
    "from",
    "at",
]
FILLER_FR = [
    "le",
    "la",
    "les",
    "des",
    "de",
    "du",
    "et",
    "à",
    "en",
    "nous",
    "notre",
    "un",
    "une",
    "est",
    "était",
    "pour",
    "avec",
    "sur",
    "par",
]
# A few documents each: what a member looks for when they remember one thing.
RARE_EN = _words(
    """
Bafoussam Kisumu Tambacounda Mwanza Garoua Ziguinchor Pokhara Nakuru Maroua Kaolack
Dodoma Ngaoundere Biratnagar Eldoret Bertoua Thies Arusha Ebolowa Butwal Machakos
"""
)
RARE_FR = [word.lower() for word in RARE_EN]


def _words_sql(count: str) -> str:
    """SQL for `count` words, French in one row out of three, English otherwise, drawn
    again for each row (the subquery names the row's g)."""
    pick = "(CASE WHEN g %% 3 = 0 THEN %(fr)s::text[] ELSE %(en)s::text[] END)"
    return (
        "(SELECT string_agg(a.w[1 + floor(random() * array_length(a.w, 1))::int], ' ') "
        f"FROM (SELECT {pick} AS w) AS a, generate_series(1, {count} + 0 * g) AS k)"
    )


# The long tail: 3,000 made-up words, so a common word is in about a fifth of the posts,
# a domain word in about one in a hundred, as in a real forum.
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
TAIL = [
    _SYLLABLES[n % 70] + _SYLLABLES[(n // 70) % 70] + _SYLLABLES[(n * 7 + 3) % 70]
    for n in range(3000)
]


FIRST_NAMES = ["Amina", "Joseph", "Grace", "Kwame", "Aïssata", "Ngozi", "Pierre", "Fatou"]
LAST_NAMES = ["Diallo", "Mwangi", "Nkemelu", "Asante", "Traoré", "Okafor", "Mbarga", "Ndiaye"]


def _vocabulary(language: str) -> list[str]:
    common, words, filler = (
        (COMMON_EN, WORDS_EN, FILLER_EN) if language == "en" else (COMMON_FR, WORDS_FR, FILLER_FR)
    )
    return common * 20 + words + filler * 40 + TAIL


def _dataset_matches() -> bool:
    return (
        Room.objects.filter(slug__startswith=PREFIX).count() == ROOMS
        and _count(
            "discussions_topic",
            f"room_id IN (SELECT id FROM discussions_room WHERE slug LIKE '{PREFIX}%%')",
        )
        == TOPICS  # fmt: skip
        and _count(
            "discussions_post",
            "topic_id IN (SELECT t.id FROM discussions_topic t JOIN "
            f"discussions_room r ON r.id = t.room_id WHERE r.slug LIKE '{PREFIX}%%')",
        )
        == POSTS  # fmt: skip
        and EvidenceItem.objects.filter(doi__startswith=f"10.9999/{PREFIX}").count() == EVIDENCE
        and Event.objects.filter(slug__startswith=PREFIX).count() == EVENTS
        and Member.objects.filter(email__startswith=PREFIX).count() == MEMBERS
    )


def _count(table: str, where: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}")  # noqa: S608
        return cursor.fetchone()[0]


def _clear() -> None:
    Room.objects.filter(slug__startswith=PREFIX).delete()
    EvidenceItem.objects.filter(doi__startswith=f"10.9999/{PREFIX}").delete()
    Event.objects.filter(slug__startswith=PREFIX).delete()
    Member.objects.filter(email__startswith=PREFIX).delete()


def _members(rng: random.Random) -> list[Member]:
    now = timezone.now()
    members = Member.objects.bulk_create(
        (
            Member(
                email=f"{PREFIX}-{n}@example.org",
                display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}",
                handle=f"{PREFIX}-{n}",
                bio=" ".join(rng.choices(_vocabulary(rng.choice(["en", "fr"])), k=25)),
                profile_visibility=rng.choice(["public", "members"]),
                date_joined=now - timezone.timedelta(days=rng.randrange(0, 1500)),
                password="!",
            )
            for n in range(MEMBERS)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        (EmailAddress(user=m, email=m.email, verified=True, primary=True) for m in members),
        batch_size=BATCH,
    )
    return members


def _discussions(rng: random.Random, authors: list[int]) -> None:
    rooms = Room.objects.bulk_create(
        Room(
            name_en=f"Bench room {n}", name_fr=f"Salle de banc {n}", slug=f"{PREFIX}-{n}",
            area=[Area.MAPPING, Area.CURATING, Area.NETWORKING][n % 3],
            visibility=["public", "public", "members", "steering"][n % 4],
        )
        for n in range(ROOMS)
    )  # fmt: skip
    room_ids = [room.pk for room in rooms]
    with connection.cursor() as cursor:
        say(f"  {TOPICS} topics and their opening posts ...")
        cursor.execute(
            "INSERT INTO discussions_topic (room_id, author_id, title, slug, pinned, locked, "
            "reply_count, last_activity_at, created_at, updated_at) "
            "SELECT (%(rooms)s::bigint[])[1 + g %% array_length(%(rooms)s::bigint[], 1)], "
            "(%(authors)s::bigint[])[1 + g %% array_length(%(authors)s::bigint[], 1)], "
            f"left(initcap({_words_sql('4 + (g %% 5)')}), 200), "
            "'topic-' || g, false, false, 0, NOW() - (g %% 720) * INTERVAL '1 day', "
            "NOW() - (g %% 720) * INTERVAL '1 day', NOW() "
            "FROM generate_series(1, %(count)s) AS g",
            {"rooms": room_ids, "authors": authors, "en": _vocabulary("en"),
             "fr": _vocabulary("fr"), "count": TOPICS},
        )  # fmt: skip
        body = _words_sql("15 + (g %% 40)")
        # A rare word in one post in 2,000.
        body = (
            f"{body} || CASE WHEN g %% 2000 = 7 THEN ' ' || (%(rare)s::text[])"
            "[1 + (g / 2000) %% array_length(%(rare)s::text[], 1)] ELSE '' END"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_topics AS SELECT t.id, t.author_id, "
            "row_number() OVER (ORDER BY t.id) - 1 AS idx FROM discussions_topic t "
            f"JOIN discussions_room r ON r.id = t.room_id WHERE r.slug LIKE '{PREFIX}%%'"
        )
        cursor.execute(
            "INSERT INTO discussions_post (topic_id, author_id, path, depth, children_allocated, "
            "body, body_html, body_renderer_version, helpful_count, thanks_count, hidden, "
            f"created_at) SELECT t.id, t.author_id, '', 0, 0, {body}, '', 0, 0, 0, false, "
            "NOW() - (g %% 720) * INTERVAL '1 day' "
            "FROM bench_topics t, LATERAL (SELECT t.idx AS g) s",
            {"en": _vocabulary("en"), "fr": _vocabulary("fr"), "rare": RARE_EN},
        )  # fmt: skip
        replies = POSTS - TOPICS
        say(f"  {replies} replies ...")
        for first in range(0, replies, 50_000):
            last = min(replies, first + 50_000)
            cursor.execute(
                "INSERT INTO discussions_post (topic_id, author_id, parent_id, reply_to_id, path, "
                "depth, children_allocated, body, body_html, body_renderer_version, "
                "helpful_count, thanks_count, hidden, created_at) "
                "SELECT t.id, "
                "(%(authors)s::bigint[])[1 + g %% array_length(%(authors)s::bigint[], 1)], "
                "o.id, o.id, lpad((g / %(topics)s + 1)::text, 5, '0'), 1, 0, "
                f"{body}, '', 0, 0, 0, g %% 100 = 0, NOW() - (g %% 700) * INTERVAL '1 day' "
                "FROM generate_series(%(first)s, %(last)s - 1) AS g "
                "JOIN bench_topics t ON t.idx = g %% %(topics)s "
                "JOIN discussions_post o ON o.topic_id = t.id AND o.depth = 0",
                {"authors": authors, "topics": TOPICS, "first": first, "last": last,
                 "en": _vocabulary("en"), "fr": _vocabulary("fr"), "rare": RARE_EN},
            )  # fmt: skip
        cursor.execute("DROP TABLE bench_topics")


def _evidence(rng: random.Random) -> None:
    now = timezone.now()
    say(f"  {EVIDENCE} evidence items ...")

    def words(language: str, k: int) -> str:
        return " ".join(rng.choices(_vocabulary(language), k=k))

    EvidenceItem.objects.bulk_create(
        (
            EvidenceItem(
                title_en=words("en", 7).capitalize(),
                title_fr=words("fr", 7).capitalize() if n % 2 else "",
                summary_en=words("en", 60) + (f" {RARE_EN[n % 20]}" if n % 500 == 3 else ""),
                summary_fr=words("fr", 60) if n % 2 else "",
                area=rng.choice(["mapping", "curating", "networking"]),
                kind=rng.choice(EvidenceItem.Kind.values),
                year=rng.randint(2005, 2025),
                doi=f"10.9999/{PREFIX}-{n}",
                status="published" if n % 10 else "draft",
                published_at=now - timezone.timedelta(days=n % 2000) if n % 10 else None,
            )
            for n in range(EVIDENCE)
        ),
        batch_size=BATCH,
    )


def _events(rng: random.Random) -> None:
    now = timezone.now()
    say(f"  {EVENTS} events ...")
    events = []
    for n in range(EVENTS):
        starts = now + timezone.timedelta(days=rng.randrange(-1500, 120))
        events.append(
            Event(
                kind=rng.choice(Event.Kind.values), status=rng.choice(Event.Status.values),
                visibility=rng.choice(Event.Visibility.values), slug=f"{PREFIX}-{n}",
                title_en=" ".join(rng.choices(_vocabulary("en"), k=6)).capitalize(),
                title_fr=" ".join(rng.choices(_vocabulary("fr"), k=6)).capitalize(),
                background_en=" ".join(rng.choices(_vocabulary("en"), k=50)),
                background_fr=" ".join(rng.choices(_vocabulary("fr"), k=50)),
                starts_at=starts, ends_at=starts + timezone.timedelta(hours=3),
                area=rng.choice(Area.values),
            )
        )  # fmt: skip
    Event.objects.bulk_create(events, batch_size=BATCH)


def build() -> None:
    rng = random.Random(20)
    started = time.perf_counter()
    say(f"Building {TOPICS} topics, {POSTS} posts, {EVIDENCE} evidence items, {EVENTS} "
        f"events, {MEMBERS} members ...")  # fmt: skip
    with transaction.atomic():
        _clear()
        members = _members(rng)
        _discussions(rng, [member.pk for member in members[:500]])
        _evidence(rng)
        _events(rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    built(started)


def queries(language: str, rng: random.Random) -> list[tuple[str, str]]:
    """QUERIES queries in five shapes, as members type them."""
    common, words, rare = (
        (COMMON_EN, WORDS_EN, RARE_EN) if language == "en" else (COMMON_FR, WORDS_FR, RARE_FR)
    )
    clean = [word for word in words if "’" not in word]
    shapes = [
        ("one word", lambda: rng.choice(clean)),
        ("two words", lambda: f"{rng.choice(clean)} {rng.choice(clean + common)}"),
        ("phrase", lambda: f'"{rng.choice(common)} {rng.choice(common)}"'),
        ("rare word", lambda: rng.choice(rare)),
        ("common word", lambda: rng.choice(common)),
    ]
    return [(shapes[n % 5][0], shapes[n % 5][1]()) for n in range(QUERIES)]


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(share * len(ordered))) - 1)]


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("The search bench needs PostgreSQL (DATABASE_URL=postgres://...).")
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_REBUILD") or not _dataset_matches():
        build()
    else:
        say("Reusing the existing search dataset (BENCH_REBUILD=1 to rebuild).")
    reader = Member.objects.filter(email__startswith=PREFIX).order_by("pk").first()
    client = Client()
    client.force_login(reader)
    rng = random.Random(7)
    slowest = (0.0, "", "")
    say("")
    say(f"postgresql, search as a member: {TOPICS} topics, {POSTS} posts, {EVIDENCE} evidence "
        f"items, {EVENTS} events, {MEMBERS} members; {QUERIES} queries per language")  # fmt: skip
    say(f"| {'language':<8} | {'shape':<12} | {'n':>4} | {'p50 ms':>7} | {'p95 ms':>7} | "
        f"{'max ms':>7} | {'results p50':>11} |")  # fmt: skip
    say(f"|{'-' * 10}|{'-' * 14}|{'-' * 6}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 13}|")
    for language in ("en", "fr"):
        client.get(f"/{language}/search/", {"q": "warm up"})
        by_shape: dict[str, list[tuple[float, int]]] = {}
        for shape, text in queries(language, rng):
            started = time.perf_counter()
            response = client.get(f"/{language}/search/", {"q": text})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (text, response.status_code)
            found = re.search(
                r'id="results-heading">\D*([\d\s\u202f,\xa0]+)', response.content.decode()
            )
            count = int(re.sub(r"\D", "", found.group(1))) if found else 0
            by_shape.setdefault(shape, []).append((elapsed, count))
            by_shape.setdefault("all", []).append((elapsed, count))
            if elapsed > slowest[0]:
                slowest = (elapsed, language, text)
        for shape, rows in by_shape.items():
            times = [t for t, _ in rows]
            say(f"| {language:<8} | {shape:<12} | {len(rows):>4} | "
                f"{statistics.median(times):7.1f} | {percentile(times, 0.95):7.1f} | "
                f"{max(times):7.1f} | "
                f"{statistics.median([c for _, c in rows]):>11.0f} |")  # fmt: skip
    explain_slowest(client, *slowest)


def explain_slowest(client: Client, elapsed: float, language: str, text: str) -> None:
    say("")
    say(f"Slowest request: {elapsed:.1f} ms, /{language}/search/?q={text}")
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/{language}/search/", {"q": text})
    ran = captured.captured_queries
    statements = sorted(ran, key=lambda q: -float(q["time"]))
    say("Its statements: " + ", ".join(f"{float(q['time']) * 1000:.1f} ms" for q in statements))
    sql = statements[0]["sql"]
    # The settings it ran with (the candidates query sets enable_seqscan in its transaction).
    before = ran[: ran.index(statements[0])]
    settings = [q["sql"] for q in before[-1:] if q["sql"].startswith("SET LOCAL")]
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(setting)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    say(f"EXPLAIN ANALYZE of its slowest statement ({float(statements[0]['time']) * 1000:.1f} ms):")
    say(plan)
    used = sorted(set(re.findall(r"Bitmap Index Scan on (\w+_gin)", plan)))
    say(f"GIN indexes used: {', '.join(used) or 'NONE'}")
    walked = sorted(set(re.findall(r"Index Scan using (\w+_newest\w*) ", plan)))
    say(f"Newest-first walks (bounded by WINDOW rows): {', '.join(walked) or 'none'}")


if __name__ == "__main__":
    main()
