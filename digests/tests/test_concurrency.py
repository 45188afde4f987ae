"""Two workers on the same chunk at once (a redelivered task, the beat and the shell both
starting the period): each member still gets one digest. PostgreSQL: the outbox row's lock
is what makes the second worker skip the message."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from digests import services
from digests.models import DigestDelivery, DigestRun
from digests.tests.helpers import watcher_with_news

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_the_same_chunk_run_twice_at_once_sends_each_digest_once(mailoutbox):
    watchers = [watcher_with_news()[0] for _ in range(4)]
    ids = [member.pk for member in watchers]
    mailoutbox.clear()
    run = DigestRun.objects.create(period="2026-W48", cutoff=timezone.now())
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            services.digest_chunk_send(run_id=run.pk, member_ids=ids)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sent_to = sorted(message.to[0] for message in mailoutbox)
    assert sent_to == sorted(member.email for member in watchers)
    statuses = DigestDelivery.objects.filter(run=run, member_id__in=ids)
    assert sorted(statuses.values_list("status", flat=True)) == ["sent"] * 4
