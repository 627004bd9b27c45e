"""python manage.py bench [--slug scale] [--repeat 30] [--out var/bench]
python manage.py bench --compare var/bench/bench-100000.json var/bench/bench-1000000.json …

Measures, on whatever database is configured, every page type of the
committee built by seed_scale: latency (p50/p95 over repeated requests,
in-process through Django's test client), the web process's CPU time, the
database server's CPU time and the number of queries. Writes
var/bench/bench-<activities>.json and .md; --compare prints one table over
runs at several sizes (several runs of a size: the median of each figure)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coordination.models import SteeringCommittee
from devtools import bench


class Command(BaseCommand):
    help = "Benchmarks every page type (latency, CPU, queries) on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "bench"))
        parser.add_argument(
            "--compare",
            nargs="+",
            metavar="JSON",
            help="bench-*.json files of runs at several sizes, one or more runs of each",
        )

    def handle(self, *args, slug: str, repeat: int, out: str, compare=None, **options):
        if compare:
            try:
                runs = [json.loads(Path(name).read_text()) for name in compare]
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read the runs to compare: {error}") from None
            table = bench.compare(runs)
            (Path(out)).mkdir(parents=True, exist_ok=True)
            (Path(out) / "bench-sizes.md").write_text(table)
            self.stdout.write(table)
            return
        committee = SteeringCommittee.objects.filter(slug=slug).first()
        if committee is None:
            raise CommandError(f"No committee '{slug}': run `manage.py seed_scale --slug {slug}` first.")
        try:
            results = bench.measure(bench.pages(committee), repeat=repeat, log=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        written = bench.write(Path(out), bench.report(committee, results, repeat))
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} and its .json"))
