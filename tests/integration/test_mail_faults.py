"""The outbox against the five faults that each lost mail before it (issue 16, item 4): each
test starts its own redis-server, real Celery worker processes and a real SMTP server, breaks
one of them, and checks that every email still arrives. Runs where REDIS_URL is set (the
suite's own Redis is not touched) and the database is PostgreSQL, which the worker processes
share with the test."""

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cop_portal.celery import app
from cop_portal.models import OutgoingEmail
from members import services
from members.tests.factories import MemberFactory
from tests.integration.harness import (
    ROOT,
    RedisServer,
    SmtpServer,
    Worker,
    wait_for,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.redis,
    pytest.mark.postgres,  # the worker processes share the test database
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    old_url, old_eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    _reset_producers()
    yield server
    app.conf.broker_url, app.conf.task_always_eager = old_url, old_eager
    _reset_producers()
    server.stop()


def _reset_producers():
    """The web side publishes to this test's Redis from now on."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(tmp_path, redis, smtp):
    started = []

    def start(**kwargs):
        worker = Worker(tmp=tmp_path, redis=redis, smtp=smtp, **kwargs).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()  # nothing is left to finish; a warm shutdown costs seconds
    for worker in started:
        print(worker.output()[-3000:])  # shown when a test fails


def approve(count: int) -> list[str]:
    """Approve `count` pending members; each is owed an email (one outbox row per member)."""
    members = [
        MemberFactory(email=f"member{n}@example.org", approval="pending") for n in range(count)
    ]
    services.members_approve(members=members)
    return sorted(member.email for member in members)


def all_sent() -> bool:
    return not OutgoingEmail.objects.exclude(status="sent").exists()


def test_emails_queued_before_a_redis_restart_all_arrive(redis, smtp, workers):
    addresses = approve(5)  # five tasks wait in Redis; no worker is running yet
    redis.restart()  # without persistence: the five tasks are gone, the rows are not
    workers(beat=True, COP_EMAIL_REQUEUE_AFTER=1)

    assert wait_for(lambda: set(smtp.inbox.recipients()) == set(addresses), 25)
    assert wait_for(all_sent, 5)
    assert smtp.inbox.recipients() == addresses  # and each exactly once


def test_a_task_whose_worker_was_killed_is_delivered_by_another_worker(redis, smtp, workers):
    smtp.inbox.stall = True  # the first delivery hangs inside SMTP's DATA
    first = workers(CELERY_VISIBILITY_TIMEOUT=2)
    addresses = approve(1)
    assert smtp.inbox.stalled.wait(20), "the worker never reached the SMTP server"
    first.kill()
    smtp.inbox.release.set()
    killed_at = timezone.now()
    workers(CELERY_VISIBILITY_TIMEOUT=2)  # the requeue task stays out of it (600 s)

    assert wait_for(lambda: smtp.inbox.recipients() == addresses, 20)
    row = OutgoingEmail.objects.get()
    assert row.status == "sent"
    assert row.sent_at - killed_at < timedelta(seconds=15)


def test_emails_due_while_smtp_is_down_are_retried_and_delivered(redis, smtp, workers):
    smtp.stop()
    workers()
    addresses = approve(2)
    assert wait_for(
        lambda: OutgoingEmail.objects.filter(status="pending", attempts__gte=2).count() == 2, 20
    ), "the worker did not try and record the failures"
    assert "Connection refused" in OutgoingEmail.objects.first().last_error
    smtp.start()

    assert wait_for(lambda: smtp.inbox.recipients() == addresses, 20)
    assert wait_for(all_sent, 5)


def test_email_sent_before_the_database_connection_dropped_is_not_lost(redis, smtp, workers):
    """The worker's connection is cut while SMTP accepts the message, so the row cannot be
    marked sent: the task tries again and the email goes a second time (at least once)."""

    def cut_the_workers_database_connection(_message):
        smtp.inbox.on_accept = None  # once
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'cop-worker' AND pid <> pg_backend_pid()"
                )
        finally:
            connection.close()  # this thread's own connection

    smtp.inbox.on_accept = cut_the_workers_database_connection
    workers()
    addresses = approve(1)

    assert wait_for(all_sent, 25)
    assert set(smtp.inbox.recipients()) == set(addresses)
    assert len(smtp.inbox.recipients()) == 2  # the duplicate at-least-once allows


WEB_PROCESS = textwrap.dedent(
    """
    import os, django
    django.setup()
    from django.db import transaction
    from members.models import Member
    from members import services
    with transaction.atomic():
        # Runs first after the commit: the process dies before the email is queued.
        transaction.on_commit(lambda: os._exit(9))
        services.members_approve(members=list(Member.objects.filter(approval="pending")))
    """
)


def test_email_of_a_web_process_that_died_after_the_commit_is_sent_by_the_requeue(
    redis, smtp, workers, tmp_path
):
    MemberFactory(email="awa@example.org", approval="pending")
    web = Worker(tmp=tmp_path, redis=redis, smtp=smtp)  # the same environment
    env = {**web.env, "DJANGO_SETTINGS_MODULE": "cop_portal.settings"}
    died = subprocess.run(
        [sys.executable, "-c", WEB_PROCESS], cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    assert died.returncode == 9, died.stderr.decode()[-2000:]
    assert OutgoingEmail.objects.get().status == "pending"

    workers(beat=True, COP_EMAIL_REQUEUE_AFTER=1)
    assert wait_for(lambda: smtp.inbox.recipients() == ["awa@example.org"], 20)
    assert wait_for(all_sent, 5)
    assert OutgoingEmail.objects.get().attempts == 1
