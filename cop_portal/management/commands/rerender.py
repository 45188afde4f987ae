"""Bring stored HTML up to date with the renderer: every MarkdownField of every model,
rows whose renderer version is older than the current one (all rows with --all)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import Q

from cop_portal.markdown import RENDERER_VERSION
from cop_portal.rendered import markdown_fields_by_model, render_into


class Command(BaseCommand):
    help = "Re-render Markdown fields whose HTML an older renderer version made."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="re-render every row")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, all: bool = False, batch_size: int = 500, **options):
        total = 0
        for model, fields in markdown_fields_by_model(apps.get_models()):
            stale = Q()
            for field in fields:
                stale |= Q(**{f"{field.version_name}__lt": RENDERER_VERSION})
            rows = model._base_manager.order_by("pk")
            if not all:
                rows = rows.filter(stale)
            count = self._rerender(rows, fields, batch_size)
            total += count
            label = model._meta.label
            self.stdout.write(f"{label}: {count} re-rendered ({', '.join(f.name for f in fields)})")
        self.stdout.write(f"{total} rows re-rendered with renderer version {RENDERER_VERSION}.")

    def _rerender(self, rows, fields, batch_size: int) -> int:
        """Batches by primary key: a re-rendered row leaves the stale filter, so keyset
        pagination (pk greater than the last seen) never skips or repeats one."""
        names = [name for field in fields for name in (field.html_name, field.version_name)]
        count, last_pk = 0, None
        while True:
            batch_rows = rows if last_pk is None else rows.filter(pk__gt=last_pk)
            batch = list(batch_rows[:batch_size])
            if not batch:
                return count
            for instance in batch:
                for field in fields:
                    render_into(instance, field.name, getattr(instance, field.name))
            rows.model._base_manager.bulk_update(batch, names)
            count += len(batch)
            last_pk = batch[-1].pk
