from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kit.backup import restore


class Command(BaseCommand):
    help = "Replaces all data and stored files with those of a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive: Path, yes: bool, **options):
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp {archive}.")
        if not yes and input("Toàn bộ dữ liệu hiện có sẽ bị thay thế. Gõ 'yes' để tiếp tục: ").strip() != "yes":
            raise CommandError("Đã hủy.")
        try:
            done = restore(archive)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Đã khôi phục từ {archive} ({done['files']} tệp).")
