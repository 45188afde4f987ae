"""Throughput under load: gunicorn (DEBUG off, as in production) on PostgreSQL with the demo
data, wrk as the load generator, each page's req/s and latency beside a trivial view
(/healthz) served by the same gunicorn and middleware in the same run.

    DATABASE_URL=postgres://... make throughput
    THROUGHPUT_SECONDS=5 THROUGHPUT_CONNECTIONS=8 THROUGHPUT_WORKERS=4

Needs `wrk` (apt-get install wrk). Loads the demo data first (seed_demo, idempotent) and
signs a demo member in through a session row for the member pages.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS = int(os.environ.get("THROUGHPUT_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("THROUGHPUT_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("THROUGHPUT_WORKERS", "4"))
SECRET = "throughput-bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=SECRET,
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        CELERY_TASK_ALWAYS_EAGER="true",
    )
    return env


def manage(*args: str, debug: bool = False) -> str:
    env = server_env()
    if debug:
        env["DEBUG"] = "true"
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


SETUP = """
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from discussions.models import Room, Topic
from members.models import Member
member = Member.objects.get(email="member@example.org")
session = SessionStore()
session[SESSION_KEY] = str(member.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = member.get_session_auth_hash()
session.create()
room = Room.objects.filter(visibility="public").order_by("pk").first()
topic = Topic.objects.filter(room=room).order_by("-reply_count").first()
print(session.session_key)
print(room.get_absolute_url().replace("/en/", "/", 1))
print(topic.get_absolute_url().replace("/en/", "/", 1))
"""


def wrk(url: str, cookie: str | None) -> tuple[float, float, float, int]:
    """req/s, p50 ms, p99 ms and non-2xx/3xx responses for one page."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, percentile("50%"), percentile("99%"), int(errors.group(1)) if errors else 0


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("throughput: set DATABASE_URL=postgres://... (the bench measures production)")
    if shutil.which("wrk") is None:
        sys.exit("throughput: wrk is missing (apt-get install wrk)")
    manage("migrate", "--noinput", debug=True)
    manage("seed_demo", debug=True)
    manage("collectstatic", "--noinput", "-v", "0", debug=True)
    session, room, topic = manage("shell", "-c", SETUP).split()[-3:]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "cop_portal.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(),
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        pages = [
            ("trivial view (/healthz)", "/healthz", None),
            ("home", "/en/", None),
            ("rooms", "/en/rooms/", None),
            ("room", f"/en{room}", None),
            ("topic", f"/en{topic}", None),
            ("topic as a member", f"/en{topic}", session),
            ("directory as a member", "/en/members/", session),
            ("organisations", "/en/organisations/", None),
            ("notifications", "/en/notifications/", session),
        ]
        rows = []
        for name, path, cookie in pages:
            wrk(base + path, cookie)  # warm-up: caches, connections, imports
            rows.append((name, *wrk(base + path, cookie)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    trivial = rows[0][1]
    say("")
    say(
        f"gunicorn {WORKERS} workers, DEBUG off, PostgreSQL, demo data; "
        f"wrk {CONNECTIONS} connections, {SECONDS} s a page"
    )
    say(f"| {'page':<26} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'ratio':>5} | errors |")
    say(f"|{'-' * 28}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 7}|--------|")
    for name, rate, p50, p99, errors in rows:
        ratio = rate / trivial
        say(f"| {name:<26} | {rate:8.0f} | {p50:7.1f} | {p99:7.1f} | {ratio:5.2f} | {errors:6d} |")


if __name__ == "__main__":
    main()
