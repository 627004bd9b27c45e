import time

from django.core.management.base import BaseCommand, CommandError

from devtools.scale import BENCH_PASSWORD, seed_scale


class Command(BaseCommand):
    help = "Builds a province at scale for benchmarks (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--units", type=int, default=500)
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--first-year", type=int, default=2016)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **o):
        if o["units"] < 21 or o["activities"] < 0 or o["years"] < 1:
            raise CommandError("--units ≥ 21, --activities ≥ 0, --years ≥ 1")
        started = time.monotonic()
        try:
            seed_scale(
                slug=o["slug"],
                units=o["units"],
                activities=o["activities"],
                years=o["years"],
                first_year=o["first_year"],
                seed=o["seed"],
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Committee '{o['slug']}' ready in {time.monotonic() - started:.1f} s. "
                f"Logins {o['slug']}-office, {o['slug']}-chair, {o['slug']}-secretary (password {BENCH_PASSWORD})."
            )
        )
