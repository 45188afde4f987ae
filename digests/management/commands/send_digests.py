"""`manage.py send_digests [--period 2026-W48] [--dry-run] [--member EMAIL]`: what the weekly
beat does, from the shell. A period already run sends only what it has not sent yet."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digests import services
from digests.content import build_digests, chunk_members, eligible_members, not_sendable
from digests.models import DigestRun
from members.models import Member


class Command(BaseCommand):
    help = "Send the weekly digest for a period (this week by default)."

    def add_arguments(self, parser):
        parser.add_argument("--period", default="", help="ISO week, e.g. 2026-W48.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Build and show the digests; send nothing."
        )
        parser.add_argument("--member", default="", help="Only this member (email address).")

    def handle(self, *args, period, dry_run, member, **options):
        period = period or services.current_period()
        if not services.valid_period(period):
            raise CommandError(f"“{period}” is not an ISO week such as 2026-W48.")
        member_ids = None
        if member:
            found = Member.objects.filter(email__iexact=member.strip()).first()
            if found is None:
                raise CommandError(f"No member has the address {member}.")
            member_ids = [found.pk]
        if dry_run:
            self._dry_run(period=period, member_ids=member_ids, verbose=bool(member))
            return
        run, queued = services.digest_run_start(period=period, member_ids=member_ids)
        self.stdout.write(f"{run.period}: {queued} members queued in chunks.")

    def _dry_run(self, *, period, member_ids, verbose):
        run = DigestRun.objects.filter(period=period).first()
        until = run.cutoff if run else timezone.now()
        members = Member.objects.filter(eligible_members()).order_by("pk")
        if member_ids is not None:
            members = members.filter(pk__in=member_ids)
        ids = list(members.values_list("pk", flat=True))
        counts = {"would send": 0, "nothing new": 0, "not sendable": 0}
        for start in range(0, len(ids), 200):
            chunk = chunk_members(ids[start : start + 200])
            sendable = [m for m in chunk if not not_sendable(m)]
            counts["not sendable"] += len(chunk) - len(sendable)
            for digest in build_digests(sendable, until=until, run_id=run.pk if run else None):
                if digest.is_empty:
                    counts["nothing new"] += 1
                    continue
                counts["would send"] += 1
                if verbose:
                    subject, text, _html = services.digest_render(digest)
                    self.stdout.write(f"To: {digest.member.email}\nSubject: {subject}\n\n{text}")
        self.stdout.write(
            f"{period} (dry run): " + ", ".join(f"{count} {what}" for what, count in counts.items())
        )
