import time

from django.core.management.base import BaseCommand, CommandError

from devtools.scale import BENCH_PASSWORD, seed_scale


class Command(BaseCommand):
    help = (
        "Builds an installation at scale for benchmarks: one committee, or a national one "
        "(--committees 34 --total 5000000), deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale", help="the measured committee; the others get -02, -03, …")
        parser.add_argument("--committees", type=int, default=1)
        parser.add_argument("--units", type=int, default=500, help="units per committee")
        parser.add_argument("--activities", type=int, default=100_000, help="activities of the measured committee")
        parser.add_argument(
            "--total", type=int, default=None, help="activities of the whole installation (the others share the rest)"
        )
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--first-year", type=int, default=2016)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **o):
        if o["units"] < 21 or o["activities"] < 0 or o["years"] < 1 or o["committees"] < 1:
            raise CommandError("--units ≥ 21, --activities ≥ 0, --years ≥ 1, --committees ≥ 1")
        if o["total"] is not None and o["total"] < o["activities"]:
            raise CommandError("--total counts the whole installation: at least --activities")
        started = time.monotonic()
        try:
            seed_scale(
                slug=o["slug"],
                committees=o["committees"],
                units=o["units"],
                activities=o["activities"],
                total=o["total"],
                years=o["years"],
                first_year=o["first_year"],
                seed=o["seed"],
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Ready in {time.monotonic() - started:.1f} s. Measured committee '{o['slug']}': "
                f"logins {o['slug']}-office, {o['slug']}-chair, {o['slug']}-secretary (password {BENCH_PASSWORD})."
            )
        )
