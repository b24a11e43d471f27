"""Receive rejections forwarded to people's private addresses: Debrief's inbound SMTP server.

    python manage.py inbound_smtp [--host 127.0.0.1] [--port 2525]

Runs in the foreground until SIGINT (Ctrl-C) or SIGTERM; `make run` and `make cluster` start it as
a process type of its own. docs/inbound-mail.md says how to route a domain's mail to it.
"""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from debrief.inbound.smtp import MAX_MESSAGE_BYTES, make_server, stop_server


class Command(BaseCommand):
    help = "Receive forwarded rejections by SMTP (DEBRIEF_INBOUND_SMTP_HOST and _PORT)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.INBOUND_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.INBOUND_SMTP_PORT)

    def handle(self, *args, host: str, port: int, **options):
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        server = make_server(host, port)
        try:
            server.start()
        except (OSError, RuntimeError) as error:
            raise CommandError(f"Cannot listen on {host}:{port}: {error}") from error
        self.stdout.write(
            f"Receiving mail for no+<secret>@{settings.INBOUND_SMTP_DOMAIN} on {host}:{port} "
            f"(up to {MAX_MESSAGE_BYTES // 2**20} MB a message); Ctrl-C stops.",
        )
        self.stdout.flush()
        try:
            while not stopping.wait(1):
                pass
        finally:
            stop_server(server)
            self.stdout.write("Inbound mail stopped.")
