"""The mailto of List-Unsubscribe: a mail client that cannot POST sends an email whose
subject is "unsubscribe <token>". Deliver COP_UNSUBSCRIBE_EMAIL's mail to this command, one
message on standard input (a Postfix alias `unsubscribe: "|/srv/cop/.venv/bin/python
/srv/cop/manage.py unsubscribe_from_mail"`): it applies the token as the link's POST does."""

import re
import sys
from email import message_from_binary_file
from email.header import decode_header, make_header

from django.core.management.base import BaseCommand

from members.models import Member
from members.services import member_email_unsubscribe
from members.unsubscribe import read_token

TOKEN = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


def _subject(message) -> str:
    """The subject, its encoded words decoded where they can be: one in an unknown charset or
    with bytes its charset refuses is kept as sent (a traceback would bounce the email)."""
    raw = str(message.get("Subject", ""))
    try:
        return str(make_header(decode_header(raw)))
    except (LookupError, UnicodeError, ValueError):
        return raw


class Command(BaseCommand):
    help = "Apply the unsubscribe token in the subject of one email read on standard input."

    def handle(self, *args, **options):
        message = message_from_binary_file(sys.stdin.buffer)
        read = next(filter(None, map(read_token, TOKEN.findall(_subject(message)))), None)
        member = Member.objects.filter(pk=read[0]).first() if read else None
        if member is None:
            # The mail system must not bounce it back: a bad token changes nothing.
            self.stdout.write("no valid unsubscribe token; nothing changed")
            return
        changed = member_email_unsubscribe(member=member, scope=read[1])
        self.stdout.write(f"member {member.pk}: stopped {', '.join(changed) or 'nothing'}")
