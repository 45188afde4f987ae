"""Settings for the CoP Portal: one module, configured from the environment.

The README lists every variable. Defaults give the quick start (SQLite, tasks run eagerly,
mail on the console when DEBUG is on); production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and the SMTP variables.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The development key is public: it only ever signs sessions on a developer's machine.
DEVELOPMENT_SECRET_KEY = "django-insecure-cop-portal-development-key-do-not-deploy"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY to a long random value, "
        "or DEBUG=true on a development machine."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # search lookups (trigram); does nothing on SQLite
    "allauth",
    "allauth.account",
    "django_countries",
    "taggit",
    "cop_portal",
    "members",
    "discussions",
    "evidence",
    "events",
    "digests",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After auth, locale and messages: visitors' pages, cached briefly (see pagecache.py).
    "cop_portal.pagecache.VisitorPageCacheMiddleware",
    # Last, so the 400 it may answer has the language and the user; it still runs before
    # any view or process_view (CSRF's) reads the form.
    "cop_portal.middleware.FormInputMiddleware",
]

ROOT_URLCONF = "cop_portal.urls"
WSGI_APPLICATION = "cop_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "discussions.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the cache and the Celery broker when REDIS_URL is set; otherwise the cache
# lives in process memory and tasks run eagerly, which is what the quick start wants.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "cop")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cop_portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# Rendered pages and post fragments have their own cache: thousands of them must never push
# rate-limit counters out of the default one (an in-process cache keeps 300 entries).
CACHES["pages"] = {
    **CACHES["default"],
    **({"BACKEND": "cop_portal.pagecache.FailOpenRedisCache"} if REDIS_URL else {}),
    "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages",
    **({} if REDIS_URL else {"LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 5000}}),
}
if DEBUG and not REDIS_URL:  # development: an edited template shows at once
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = "UTC"
# A task whose worker died is handed to another worker after CELERY_VISIBILITY_TIMEOUT seconds
# (Redis's default is an hour). It must outlast the longest retry countdown
# (COP_EMAIL_RETRY_MAX_DELAY), or Redis hands a waiting retry to a second worker too.
# Workers look for such tasks every UNACKED_RESTORE_INTERVAL seconds (kombu's default
# sweep is every 100 s). A broker that stops answering fails a publish within seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": float(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900")),
    "unacked_restore_interval": float(os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL", "30")),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 5,
    "socket_timeout": 10,
}
CELERY_BEAT_SCHEDULE: dict = {
    # Emails whose task was lost (Redis restarted, the web process died before queueing it)
    # are queued again from the outbox.
    "requeue-pending-emails": {
        "task": "cop_portal.tasks.requeue_pending_emails",
        "schedule": float(os.environ.get("COP_EMAIL_REQUEUE_EVERY", "60")),
    },
    # Notification emails whose task was lost are built and sent.
    "send-due-notification-emails": {
        "task": "discussions.tasks.send_due_notification_emails",
        "schedule": float(os.environ.get("COP_NOTIFICATION_EMAIL_SWEEP_EVERY", "300")),
    },
    # Sent emails hold addresses and messages: kept COP_EMAIL_KEEP_DAYS, then deleted.
    "purge-sent-emails": {
        "task": "cop_portal.tasks.purge_sent_emails",
        "schedule": 3600.0,
    },
    # The weekly digest: each week's run on COP_DIGEST_WEEKDAY at COP_DIGEST_HOUR (UTC),
    # fanned out in chunks of COP_DIGEST_CHUNK_SIZE members (digests/services.py).
    "weekly-digest": {
        "task": "digests.tasks.start_weekly_digest",
        "schedule": crontab(
            day_of_week=os.environ.get("COP_DIGEST_WEEKDAY", "mon"),
            hour=int(os.environ.get("COP_DIGEST_HOUR", "6")),
            minute=0,
        ),
    },
}
COP_DIGEST_CHUNK_SIZE = int(os.environ.get("COP_DIGEST_CHUNK_SIZE", "200"))

AUTH_USER_MODEL = "members.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the login, verification is mandatory, rate limits stay on.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# A member who signs up with a taken address is told so on the form (see the Foundation
# issue); the password reset form answers alike for every address (members/account_forms.py).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"reset_password": "members.account_forms.ResetPasswordForm"}
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# The subject prefix is added by cop_portal.mail (COP_EMAIL_SUBJECT_PREFIX), in the
# reader's language, like every other email's.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats per language (French: « 21 novembre 2026 à 03:07 »).
FORMAT_MODULE_PATH = ["cop_portal.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# django-modeltranslation: content fields in both languages, each falling back to the other.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr"), "en": ("fr",), "fr": ("en",)}
# The admin's translation tabs use jQuery UI from our own static files, never a CDN.
# (modeltranslation reads these two settings without its usual prefix.)
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live on the local disk unless MEDIA_STORAGE=s3 points them at an
# S3-compatible store, which several app servers can share.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Private objects, read through short-lived signed URLs or the download view.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE must be “filesystem” or “s3”.")

# Mail: SMTP whenever EMAIL_HOST is set; the console on a development machine otherwise.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CoP Portal <noreply@cop.example.org>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Every email the portal writes goes out from DEFAULT_FROM_EMAIL's address under this name,
# and its subject starts with this prefix, both in the reader's language unless set here.
COP_EMAIL_FROM_NAME = os.environ.get("COP_EMAIL_FROM_NAME") or _("CoP Portal")
COP_EMAIL_SUBJECT_PREFIX = os.environ.get("COP_EMAIL_SUBJECT_PREFIX") or _("[CoP]")
# The outbox: an email is tried this many times, waiting COP_EMAIL_RETRY_DELAY seconds after
# the first failure and twice as long after each next one (at most COP_EMAIL_RETRY_MAX_DELAY),
# then marked failed in the admin. Emails left pending this many seconds are queued again.
COP_EMAIL_MAX_ATTEMPTS = int(os.environ.get("COP_EMAIL_MAX_ATTEMPTS", "8"))
COP_EMAIL_RETRY_DELAY = float(os.environ.get("COP_EMAIL_RETRY_DELAY", "30"))
COP_EMAIL_RETRY_MAX_DELAY = float(os.environ.get("COP_EMAIL_RETRY_MAX_DELAY", "600"))
COP_EMAIL_REQUEUE_AFTER = float(os.environ.get("COP_EMAIL_REQUEUE_AFTER", "300"))
# Sent emails are deleted from the outbox after this many days (failed ones stay until sent
# again or deleted in the admin).
COP_EMAIL_KEEP_DAYS = int(os.environ.get("COP_EMAIL_KEEP_DAYS", "30"))
# When on, newly verified members wait for a steering-committee member's approval before
# they may post or vote.
COP_MEMBERSHIP_APPROVAL = env_bool("COP_MEMBERSHIP_APPROVAL", False)
# Avatars: largest upload accepted, largest image kept (square, in pixels).
COP_AVATAR_MAX_BYTES = 2 * 1024 * 1024
COP_AVATAR_SIZE = 256
# Documents: largest upload accepted, in bytes.
COP_UPLOAD_MAX_BYTES = int(os.environ.get("COP_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Where the contact form goes when the steering committee has no members with an address.
COP_CONTACT_EMAIL = os.environ.get("COP_CONTACT_EMAIL", "steering@cop.example.org")
# Mentions and replies are emailed this many seconds after the post, so that a burst of
# replies makes one email and a moderator may hide spam first; then at most one email per
# topic until the member visits it. A beat task (COP_NOTIFICATION_EMAIL_SWEEP_EVERY seconds)
# sends those whose task was lost.
COP_NOTIFICATION_EMAIL_DELAY = float(os.environ.get("COP_NOTIFICATION_EMAIL_DELAY", "60"))
# Message-IDs and List-Ids end in this domain; SITE_URL's host when unset.
COP_EMAIL_DOMAIN = os.environ.get("COP_EMAIL_DOMAIN", "")
# The mailto of List-Unsubscribe: mail to it with the token in the subject unsubscribes
# (pipe it to `manage.py unsubscribe_from_mail`). DEFAULT_FROM_EMAIL's domain when unset.
COP_UNSUBSCRIBE_EMAIL = os.environ.get("COP_UNSUBSCRIBE_EMAIL", "")
# How many contact messages one address may send per hour.
COP_CONTACT_RATE_PER_HOUR = int(os.environ.get("COP_CONTACT_RATE_PER_HOUR", "5"))

# How many topics and replies one member may post per minute.
COP_POSTS_PER_MINUTE = int(os.environ.get("COP_POSTS_PER_MINUTE", "6"))
# Longest Markdown text (post, bio...) a form accepts, in characters; the renderer shows
# anything longer as plain text.
COP_MARKDOWN_MAX_LENGTH = int(os.environ.get("COP_MARKDOWN_MAX_LENGTH", "20000"))
# Seconds a visitor's page is kept and served to the next visitor; every write drops them
# all (see cop_portal/pagecache.py). 0 turns the cache off.
COP_VISITOR_PAGE_SECONDS = int(os.environ.get("COP_VISITOR_PAGE_SECONDS", "0" if DEBUG else "30"))

# HTTPS: on by default outside development; behind a proxy that sets X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of gunicorn append to X-Forwarded-For; rate limits (allauth's
# and ours) count per client address only when this is right.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Error reports: with DEBUG off, every unhandled error (a 500) is mailed to ADMINS, given
# as "Name <address>, Other <address>". Empty: errors are only logged.
ADMINS = [(name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")])]
ADMINS = [(name, address) for name, address in ADMINS if address]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own errors (a 500's traceback) go to the console through the root, and by
    # mail to ADMINS.
    "loggers": {"django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True}},
}
