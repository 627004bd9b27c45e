"""python manage.py bench_register [--slug scale] [--year Y] [--workers 2] [--rounds 3] [--runs 2] [--one-document]

WeasyPrint's time for one register chunk of 1,000 rows against a plain table
of the same rows and columns, side by side; then the whole register of the
year in one process and in --workers processes, --runs times each, with the
merged page count of every run; with --one-document, the register laid out
as a single document in one process as well."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coordination.models import SteeringCommittee
from devtools import register_bench
from programmes.models import Programme


class Command(BaseCommand):
    help = "Benchmarks the activity register's PDF layout against a plain table."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="scale")
        parser.add_argument("--year", type=int)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--runs", type=int, default=2)
        parser.add_argument("--no-whole", action="store_true", help="only the chunk against the plain table")
        parser.add_argument(
            "--one-document", action="store_true", help="also the whole register as one document in one process"
        )
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, **o):
        committee = SteeringCommittee.objects.filter(slug=o["slug"]).first()
        if committee is None:
            raise CommandError(f"No committee '{o['slug']}': run `manage.py seed_scale --slug {o['slug']}` first.")
        programmes = Programme.objects.filter(committee=committee).order_by("-year")
        programme = programmes.filter(year=o["year"]).first() if o["year"] else programmes.first()
        if programme is None:
            raise CommandError("No such programme year.")
        log = self.stdout.write
        result = {"year": programme.year, "chunk": register_bench.side_by_side(programme, rounds=o["rounds"], log=log)}
        chunk = result["chunk"]
        log(
            f"1,000 rows: register {chunk['register_s']} s, plain table {chunk['plain_s']} s "
            f"(ratio {chunk['ratio']}); pages {chunk['pages']}"
        )
        if not o["no_whole"]:
            result["whole"] = [
                register_bench.whole(programme, workers=w, log=log) for _ in range(o["runs"]) for w in (1, o["workers"])
            ]
        if o["one_document"]:
            result["one_document"] = register_bench.one_document(programme, log=log)
        folder = Path(o["out"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "register.json").write_text(json.dumps(result, indent=2))
        self.stdout.write(self.style.SUCCESS(f"Wrote {folder / 'register.json'}"))
