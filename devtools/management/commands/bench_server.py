"""python manage.py bench_server [--slug scale] [--secretaries 16] [--rounds 2]

One gunicorn worker serving the load test's pages one request at a time:
its CPU time per request, by page and over the mix (devtools/server_bench.py)."""

from django.core.management.base import BaseCommand, CommandError

from coordination.models import SteeringCommittee
from devtools import loadtest, processes, server_bench


class Command(BaseCommand):
    help = "CPU per request of one gunicorn worker serving the load test's mix sequentially."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--secretaries", type=int, default=16)
        parser.add_argument("--activities", type=int, default=4, help="activities each secretary opens and saves")
        parser.add_argument("--chairs", type=int, default=6)
        parser.add_argument("--rounds", type=int, default=2)

    def handle(self, *args, **o):
        committee = SteeringCommittee.objects.filter(slug=o["slug"]).first()
        if committee is None:
            raise CommandError(f"No committee '{o['slug']}': run `manage.py seed_scale --slug {o['slug']}` first.")
        try:
            plan = loadtest.prepare(committee)
            result = server_bench.run(
                plan,
                database_url=processes.database_url(),
                secretaries=o["secretaries"],
                activities=o["activities"],
                chairs=o["chairs"],
                rounds=o["rounds"],
                log=self.stdout.write,
            )
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from None
        for name, figures in result.items():
            self.stdout.write(f"{name:26s} {figures['requests']:5d} requests  {figures['cpu_ms']:6.1f} ms CPU each")
