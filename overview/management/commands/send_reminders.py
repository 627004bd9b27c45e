from django.core.management.base import BaseCommand

from kit.fields import parse_date
from overview.reminders import send_reminders


class Command(BaseCommand):
    help = "Sends today's reminder digests by e-mail (once a day per person; --dry-run lists them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would get what; send and record nothing.")
        parser.add_argument("--date", help="As if it were this day (dd/mm/yyyy).")

    def handle(self, *args, **options):
        today = parse_date(options["date"]) if options.get("date") else None
        if options.get("date") and today is None:
            self.stderr.write("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.")
            return
        outcome = send_reminders(today=today, dry_run=options["dry_run"])
        verb = "sẽ nhận" if options["dry_run"] else "đã gửi"
        for user, items in outcome.sent:
            self.stdout.write(f"{user.get_username()} <{user.email}> {verb} {len(items)} nội dung:")
            for item in items:
                self.stdout.write(f"  - {item.text}")
        for user, items in outcome.delayed:
            self.stdout.write(f"{user.get_username()}: máy chủ thư không nhận, {len(items)} nội dung gửi lại lần sau.")
        self.stdout.write(
            f"Gửi {len(outcome.sent)}, hoãn {len(outcome.delayed)}, không có gì mới {outcome.nothing_new}."
        )
