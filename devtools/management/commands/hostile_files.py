"""python manage.py hostile_files DIR

Writes the crafted hostile workbooks and photo of devtools/hostile.py into
DIR, for trying the refusals by hand or measuring them, e.g.
`/usr/bin/time -v python manage.py import_activities DIR/shared-strings-bomb.xlsx …`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from devtools import hostile


class Command(BaseCommand):
    help = "Writes crafted hostile .xlsx files and a 169-megapixel PNG into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        folder.mkdir(parents=True, exist_ok=True)
        made = {f"{name}.xlsx": make for name, make in hostile.WORKBOOKS.items()}
        made["huge-photo.png"] = hostile.huge_png
        for filename, make in made.items():
            data = make()
            (folder / filename).write_bytes(data)
            self.stdout.write(f"{filename}: {len(data):,} byte".replace(",", "."))
