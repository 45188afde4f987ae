"""Load demo data for a development machine. Safe to run again: it changes nothing the
second time. Each app contributes its part in a `demo.py` module with a `seed()` function,
run in INSTALLED_APPS order (members first, so later apps find people to write as)."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo accounts and content (development machines only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a published password; "
                "it only runs with DEBUG=true."
            )
        for app in apps.get_app_configs():
            if find_spec(f"{app.name}.demo") is None:
                continue
            with transaction.atomic():
                summary = import_module(f"{app.name}.demo").seed()
            self.stdout.write(f"{app.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
