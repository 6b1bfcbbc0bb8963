import time

from django.core.management.base import BaseCommand

from scoring.realtime import outbox


class Command(BaseCommand):
    help = "Send broadcasts held in the outbox (once, or every --loop seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0, help="repeat every N seconds")

    def handle(self, *args, loop: float, **options):
        while True:
            emptied = outbox.outbox_drain()
            if emptied:
                self.stdout.write(f"outbox: {emptied} match(es) sent")
            if not loop:
                return
            time.sleep(loop)
