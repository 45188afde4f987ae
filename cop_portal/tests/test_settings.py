"""Settings come from the environment; these run Django in a child process with a given
environment, as a deployment would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "cop.example.org",
    "SITE_URL": "https://cop.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "HTTPS": "",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_setting(expression: str, env: dict[str, str]) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = run_django(["shell", "--no-imports", "-c", code], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django(["check"], {"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_starts_with_the_development_key_when_debug_is_on():
    result = run_django(["check"], {"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_deploy_check_has_no_warnings_with_production_variables():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_without_redis_tasks_run_eagerly_and_the_cache_is_local():
    env = {"DEBUG": "true", "REDIS_URL": "", "CELERY_TASK_ALWAYS_EAGER": ""}
    out = read_setting(
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND']", env
    )
    assert out == "True django.core.cache.backends.locmem.LocMemCache"


def test_with_redis_the_broker_and_cache_are_redis():
    env = {
        "DEBUG": "true",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "CELERY_TASK_ALWAYS_EAGER": "",
    }
    out = read_setting(
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL,"
        " settings.CACHES['default']['BACKEND']",
        env,
    )
    assert out == "False redis://127.0.0.1:6379/5 cop_portal.redis_cache.RedisCache"


def test_database_url_selects_the_database():
    env = {"DEBUG": "true", "DATABASE_URL": "postgres://cop@db.example.org:5432/cop"}
    out = read_setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['HOST']", env
    )
    assert out == "django.db.backends.postgresql db.example.org"


def test_sqlite_is_the_default_database():
    out = read_setting(
        "settings.DATABASES['default']['ENGINE']", {"DEBUG": "true", "DATABASE_URL": ""}
    )
    assert out == "django.db.backends.sqlite3"


def test_media_is_on_the_local_disk_by_default():
    out = read_setting("settings.STORAGES['default']['BACKEND']", {"DEBUG": "true"})
    assert out == "django.core.files.storage.FileSystemStorage"


def test_media_storage_s3_points_uploads_at_the_bucket_and_endpoint():
    env = {
        "DEBUG": "true",
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "cop-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl)"
    )
    result = run_django(["shell", "--no-imports", "-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "S3Storage cop-media https://s3.example.org None"


def test_media_storage_s3_without_a_bucket_refuses_to_start():
    result = run_django(["check"], {"DEBUG": "true", "MEDIA_STORAGE": "s3"})
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in result.stderr


def test_visitors_pages_are_kept_in_production_but_not_in_development(monkeypatch):
    monkeypatch.delenv("COP_VISITOR_PAGE_SECONDS", raising=False)  # the suite turns it off
    assert read_setting("settings.COP_VISITOR_PAGE_SECONDS", PRODUCTION) == "30"
    assert read_setting("settings.COP_VISITOR_PAGE_SECONDS", {"DEBUG": "true"}) == "0"
