"""python manage.py loadtest [--slug scale] [--users 10,50,100] [--steady 120]

Load test on the configured database and broker: prepares users on the
committee built by `seed_scale`, starts gunicorn and a Celery worker on
loopback, and runs Locust (devtools/locustfile.py) once per number of users.
Writes var/loadtest/loadtest.md and loadtest.json."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coordination.models import SteeringCommittee
from devtools import loadtest, processes


class Command(BaseCommand):
    help = "Load-tests gunicorn + database + broker + worker on loopback with Locust."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--users", default="10,50,100", help="comma-separated numbers of concurrent users")
        parser.add_argument("--steady", type=int, default=120, help="seconds measured after all users logged in")
        parser.add_argument("--settle", type=int, default=20, help="seconds after the last start before measuring")
        parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second")
        parser.add_argument("--web-workers", type=int, default=4)
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "loadtest"))

    def handle(self, *args, **o):
        committee = SteeringCommittee.objects.filter(slug=o["slug"]).first()
        if committee is None:
            raise CommandError(f"No committee '{o['slug']}': run `manage.py seed_scale --slug {o['slug']}` first.")
        try:
            steps = [int(n) for n in o["users"].split(",")]
        except ValueError:
            raise CommandError("--users takes numbers separated by commas, e.g. 10,50,100") from None
        try:
            plan = loadtest.prepare(committee)
        except ValueError as error:
            raise CommandError(str(error)) from None
        out = Path(o["out"])
        loadtest.run(
            plan,
            database_url=processes.database_url(),
            broker_url=settings.CELERY_BROKER_URL,
            steps=steps,
            steady=o["steady"],
            settle=o["settle"],
            spawn_rate=o["spawn_rate"],
            web_workers=o["web_workers"],
            out=out,
            media_root=Path(settings.MEDIA_ROOT),
            log=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(f"Written {out / 'loadtest.md'}"))
