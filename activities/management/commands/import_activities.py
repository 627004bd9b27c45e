"""python manage.py import_activities FILE.xlsx --committee SLUG --year N

The same import as the browser's, all or nothing. Exits non-zero and prints
every row's errors when the file is not correct."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from activities import exchange
from coordination.permissions import ADMIN, Access
from programmes.selectors import programme_for_command


class Command(BaseCommand):
    help = "Imports activities from an .xlsx file in the import/export format."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--committee", required=True, help="the committee's short code (slug)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="username recorded as the author (default: none)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, change nothing")

    def handle(self, *args, file: Path, committee: str, year: int, user=None, dry_run=False, **options):
        committee_obj, programme = programme_for_command(committee, year)
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"Không có người dùng “{user}”.")
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        access = Access(committee=committee_obj, role=ADMIN)
        try:
            plan = exchange.plan_import(access=access, programme=programme, data=file.read_bytes())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not plan.ok:
            for e in plan.errors:
                self.stderr.write(f"Dòng {e.row}" + (f", cột “{e.column}”" if e.column else "") + f": {e.message}")
            raise CommandError(f"Tệp có {len(plan.errors)} lỗi; chưa nhập dữ liệu nào.")
        if not dry_run:
            exchange.apply_import(access=access, user=author, plan=plan)
        verb = "Sẽ nhập" if dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb}: {len(plan.creates)} hoạt động mới, {len(plan.updates)} hoạt động được sửa, "
            f"{plan.unchanged} không thay đổi."
        )
