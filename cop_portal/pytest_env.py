"""Environment for the test suite, loaded by pytest (``-p cop_portal.pytest_env``) before
Django reads its settings: a test-only secret key, plain HTTP for the live server, tasks run
eagerly unless a test starts a worker, and, when REDIS_URL is set, one Redis database per
xdist worker, so that one worker clearing its cache never resets another's counters."""

import os
import re

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-for-the-cop-portal-suite-0123456789")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.pop("EMAIL_BACKEND", None)
# Tests read what they just wrote; the visitor page cache has its own tests.
os.environ.setdefault("COP_VISITOR_PAGE_SECONDS", "0")

_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_worker_number = int(re.sub(r"\D", "", _worker) or 0)
os.environ["CACHE_KEY_PREFIX"] = f"test-{_worker}"
if os.environ.get("REDIS_URL"):
    # redis://host:port/N -> redis://host:port/(N + 1 + worker number), within Redis's 16.
    match = re.match(r"^(redis://[^/]+)(?:/(\d+))?$", os.environ["REDIS_URL"])
    if match:
        base = int(match.group(2) or 0)
        os.environ["REDIS_URL"] = f"{match.group(1)}/{(base + 1 + _worker_number) % 16}"
