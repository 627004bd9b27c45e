from pathlib import Path

from django.core.management.base import BaseCommand

from kit.backup import backup


class Command(BaseCommand):
    help = "Backs up the database and the stored files (photos, printed PDFs) to one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)

    def handle(self, *args, out: Path, **options):
        done = backup(out)
        self.stdout.write(f"{out}: {done['rows']} rows, {done['files']} files, {done['bytes']:,} bytes")
