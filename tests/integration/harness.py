"""Real servers for the fault tests: a private redis-server on a free loopback port, an
aiosmtpd server that can be stopped, restarted and made to stall, and Celery workers as
subprocesses that can be killed. Nothing here touches the shared Redis on 6379."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, seconds: float = 20.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


class RedisServer:
    """redis-server without persistence: a restart loses every queued task, as the fault
    injection run saw."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.tmp = tmp
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_for(self._answers, 5), "redis-server did not start"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    def restart(self):
        self.stop()
        self.start()


class Inbox:
    """What the SMTP server accepted; with `stall` set, the next DATA hangs until released
    and is then refused (the client is gone by then)."""

    def __init__(self):
        self.messages = []
        self.stall = False
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.on_accept = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.stall:
            self.stall = False
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        message = message_from_bytes(envelope.content)
        self.messages.append((envelope.rcpt_tos, message))
        if self.on_accept:
            await asyncio.get_running_loop().run_in_executor(None, self.on_accept, message)
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(rcpt for rcpts, _message in self.messages for rcpt in rcpts)


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


def database_url() -> str:
    """The test database, as the worker subprocesses must reach it."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}?application_name=cop-worker"


class Worker:
    """`celery worker` in its own process, configured from the environment like production
    (settings.py), with short timings for the test."""

    def __init__(self, *, tmp: Path, redis: RedisServer, smtp: SmtpServer, beat=False, **env):
        self.tmp = tmp
        self.log = tmp / f"worker-{time.monotonic_ns()}.log"
        self.env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "0",
            "REDIS_URL": redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "30",
            "COP_EMAIL_RETRY_DELAY": "0.5",
            "COP_EMAIL_RETRY_MAX_DELAY": "2",
            "COP_EMAIL_REQUEUE_AFTER": "600",
            "COP_EMAIL_REQUEUE_EVERY": "1",
            "CELERY_VISIBILITY_TIMEOUT": "30",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            **{key: str(value) for key, value in env.items()},
        }
        self.beat = beat
        self.process = None

    def start(self):
        command = [
            sys.executable, "-m", "celery", "-A", "cop_portal.celery", "worker",
            "--pool", "solo", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--hostname", f"fault-{time.monotonic_ns()}@localhost",
        ]  # fmt: skip
        if self.beat:
            command += ["--beat", "--schedule", str(self.tmp / f"beat-{time.monotonic_ns()}")]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        """SIGKILL: no shutdown, no acknowledgement, the task is left in the broker."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""
