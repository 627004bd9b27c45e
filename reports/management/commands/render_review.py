"""python manage.py render_review --committee SLUG --year N [--period KIND | --policy-document NUMBER] --out FILE

Renders the yearly review (or, with --period, the review of a reporting
period, e.g. --period first-half for the July preliminary review; or, with
--policy-document 05-ĐA/TU, the final review of that document's period)
synchronously with the same code the workers run, and records it in the
archive like a printed document. The extension of --out chooses the file
written: .pdf, or .docx for the Word copy made with it."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programmes.models import PolicyDocument
from programmes.selectors import programme_for_command
from reports import documents
from reports.models import ReportRun
from reports.services import rendering


class Command(BaseCommand):
    help = "Renders the yearly review report of a programme year to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True, help="FILE.pdf, or FILE.docx for the Word copy")
        parser.add_argument("--joint", action="store_true", help="signed jointly by the co-running bodies' heads")
        parser.add_argument("--no-annexes", action="store_true", help="the report without its annex tables")
        parser.add_argument("--register", action="store_true", help="add the full activity register annex")
        parser.add_argument("--number", default="", help="the document's number, e.g. 15")
        parser.add_argument("--date", help="the date line's date, dd/mm/yyyy (default: today)")
        parser.add_argument(
            "--policy-document",
            help="the number and symbol of a policy document (e.g. 05-ĐA/TU): the final review of its period",
        )
        parser.add_argument(
            "--period",
            help="a reporting period of the year: first-half, q1, q2, q3, q4, tet, or its number (id)",
        )

    def handle(
        self,
        *args,
        committee,
        year,
        out: Path,
        no_annexes,
        number,
        register=False,
        date=None,
        period=None,
        policy_document=None,
        joint=False,
        **options,
    ):
        word = out.suffix.lower() == ".docx"
        if not word and out.suffix.lower() != ".pdf":
            raise CommandError("Tệp ra phải có đuôi .pdf hoặc .docx.")
        committee_obj, programme = programme_for_command(committee, year)
        document = None
        if policy_document:
            document = PolicyDocument.objects.filter(committee=committee_obj, number_symbol=policy_document).first()
            if document is None:
                known = ", ".join(
                    PolicyDocument.objects.filter(committee=committee_obj).values_list("number_symbol", flat=True)
                )
                raise CommandError(f"Không có văn bản “{policy_document}” (hiện có: {known or 'chưa có văn bản nào'}).")
        chosen = None
        if period:
            lookup = {"pk": int(period)} if period.isdigit() else {"kind": period}
            chosen = programme.periods.filter(**lookup).first()
            if chosen is None:
                kinds = ", ".join(programme.periods.values_list("kind", flat=True)) or "chưa có kỳ nào"
                raise CommandError(
                    f"Chương trình năm {year} không có kỳ báo cáo “{period}” (hiện có: {kinds}). "
                    "Thêm kỳ trên trang Chương trình."
                )
        day = None
        if date:
            try:
                day = dt.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("Ngày phải theo dạng dd/mm/yyyy.") from None
        meta = documents.default_meta(committee_obj, programme, day=day)
        meta["number"] = number
        if joint:
            meta["joint_signatures"] = documents.joint_signatures(committee_obj, day or timezone.localdate())
            if len(meta["joint_signatures"]) < 2:
                raise CommandError(
                    "Ký liên tịch cần hai cơ quan đồng chủ trì, mỗi cơ quan có người đứng đầu trong Ban."
                )
        if document is not None:
            run = ReportRun.objects.create(
                programme=programme,
                kind=ReportRun.Kind.PERIOD_REVIEW,
                policy_document=document,
                document_meta=meta,
                options={},
            )
        elif chosen is not None:
            run = ReportRun.objects.create(
                programme=programme,
                kind=ReportRun.Kind.INTERIM_REVIEW,
                period=chosen,
                document_meta=meta,
                options={"annexes": not no_annexes},
            )
        else:
            run = ReportRun.objects.create(
                programme=programme,
                kind=ReportRun.Kind.YEARLY_REVIEW,
                document_meta=meta,
                options={"annexes": not no_annexes, "register": register},
            )
        started = timezone.now()
        done = rendering.report_render(run_id=run.pk)
        if done is None:
            raise CommandError("Không in được báo cáo.")
        seconds = (timezone.now() - started).total_seconds()
        if word:
            out.write_bytes(done.docx.read())
            self.stdout.write(f"{out}: bản Word, SHA-256 {done.docx_sha256[:16]}…, {seconds:.2f} s (in cùng bản PDF)")
        else:
            out.write_bytes(done.pdf.read())
            self.stdout.write(f"{out}: {done.page_count} trang, SHA-256 {done.sha256[:16]}…, {seconds:.2f} s")
