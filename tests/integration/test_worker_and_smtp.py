"""The whole way a reply notification travels in production: the reply commits, the task
goes to Redis, a real Celery worker picks it up and sends the mail over SMTP to a real
server on loopback. Runs wherever REDIS_URL is set (CI sets it)."""

import socket
import time
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker

from cop_portal.celery import app
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.redis,
]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture
def worker():
    """A Celery worker thread consuming from the Redis broker, tasks no longer eager."""
    app.conf.task_always_eager = False
    app.control.purge()  # tasks a killed earlier run left in the queue are not ours
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_reply_notification_reaches_the_author_through_worker_and_smtp(
    settings, smtp_server, worker
):
    settings.COP_NOTIFICATION_EMAIL_DELAY = 0.2
    author = MemberFactory(email="fatou@example.org", preferred_language="fr")
    topic = make_topic(author=author, title="Paiement des vaccinateurs")
    make_reply(topic=topic, author=MemberFactory(display_name="Kwame Asante"), body="M-Pesa.")

    assert wait_for(lambda: smtp_server.messages), "no mail reached the SMTP server"
    recipients, message = smtp_server.messages[0]
    assert recipients == ["fatou@example.org"]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "[CdP] Paiement des vaccinateurs"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode(text.get_content_charset() or "utf-8")
    assert "Kwame Asante a répondu dans «\u00a0Paiement des vaccinateurs\u00a0»" in body
    time.sleep(0.5)
    assert len(smtp_server.messages) == 1
