"""A printed document through the office: submitted for signature (trình
ký), signed, issued (ban hành) with the next number of its register, and
its signed, sealed scan kept as the official copy. An issued document is
never printed over: a new draft is a new document."""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.files import PDF, check_upload
from coordination.permissions import Access, Right
from kit.text import has_control_characters
from reports.models import DocumentRegister, DocumentStep, ReportRun

Stage = ReportRun.Stage
# Where each step may go from, and what it is called.
STEPS = {
    Stage.SUBMITTED: (Stage.DRAFT,),
    Stage.SIGNED: (Stage.SUBMITTED,),
    Stage.DRAFT: (Stage.SUBMITTED,),  # taken back from the signer
}


def term_of(day: dt.date, started_on: dt.date | None) -> str:
    """The five-year term of the Party committee a day falls in, as
    "2020–2025": from the committee's last congress date when known (terms
    run five years from it, back or forward), else the usual cycle of
    congresses in years ending in 0 and 5."""
    if started_on is None:
        start = day.year - day.year % 5
    else:
        start = started_on.year + 5 * ((day.year - started_on.year) // 5)
        if (day.year, day.month, day.day) < (start, started_on.month, started_on.day):
            start -= 5
    return f"{start}–{start + 5}"


def register_period(run: ReportRun, day: dt.date) -> str:
    committee = run.programme.committee
    if (run.document_meta or {}).get("profile", committee.document_profile) == "state":
        return str(day.year)
    return term_of(day, committee.term_started_on)


def _locked(access: Access, run_id: int) -> ReportRun:
    return (
        ReportRun.objects.select_for_update(of=("self",))
        .select_related("programme__committee")
        .get(pk=run_id, programme__committee=access.committee)
    )


@transaction.atomic
def document_step(*, access: Access, user, run_id: int, to: str, note: str = "") -> ReportRun:
    """Submits a printed draft for signature, records that it was signed,
    or takes it back from the signer to the drafts."""
    access.require(Right.ORDER_REPORTS)
    run = _locked(access, run_id)
    if to not in STEPS:
        raise ValidationError(_("This step does not exist."))
    if has_control_characters(note):
        raise ValidationError(_("The text contains control characters."))
    if run.status != ReportRun.Status.DONE:
        raise ValidationError(_("Only a printed document can go to the signer."))
    if run.stage not in STEPS[to]:
        raise ValidationError(
            _("The document is %(stage)s; it cannot go to “%(to)s” from there.")
            % {"stage": run.get_stage_display().lower(), "to": Stage(to).label}
        )
    run.stage = to
    run.save(update_fields=["stage"])
    DocumentStep.objects.create(run=run, stage=to, user=user, note=note[:500])
    return run


@transaction.atomic
def document_issue(*, access: Access, user, run_id: int, day: dt.date, scan=None) -> ReportRun:
    """Issues a signed document: the next number of the register of its
    type for the year (State format) or the term (Party format), never given
    twice (the register's row stays locked until this commits), the day of
    issue, and the signed scan if it came with it."""
    access.require(Right.ORDER_REPORTS)
    run = _locked(access, run_id)
    if run.stage != Stage.SIGNED:
        raise ValidationError(_("Only a signed document can be issued; record the signature first."))
    if day > timezone.localdate():
        raise ValidationError(_("The day of issue cannot be in the future."))
    doc_type = (run.document_meta or {}).get("doc_type") or "BC"
    register, _created = DocumentRegister.objects.get_or_create(
        committee=run.programme.committee, doc_type=doc_type, period=register_period(run, day)
    )
    DocumentRegister.objects.filter(pk=register.pk).update(last_number=F("last_number") + 1)
    number = DocumentRegister.objects.values_list("last_number", flat=True).get(pk=register.pk)
    run.stage = Stage.ISSUED
    run.register = register
    run.issued_number = number
    run.issued_on = day
    if scan is not None:
        _attach(run, scan)
    try:
        run.save(update_fields=["stage", "register", "issued_number", "issued_on", "official_copy", "official_sha256"])
    except Exception:
        if scan is not None:
            run.official_copy.storage.delete(run.official_copy.name)
        raise
    DocumentStep.objects.create(run=run, stage=Stage.ISSUED, user=user, note=f"{number} {day:%d/%m/%Y}")
    return run


def _attach(run: ReportRun, upload) -> None:
    # The type is read from the content first: a photo of the paper is
    # refused as "not a PDF", not judged as a photo.
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The signed copy must be a PDF file (the scan of the signed, sealed paper)."))
    filetype, data = check_upload(upload)
    if filetype != PDF:
        raise ValidationError(_("The signed copy must be a PDF file (the scan of the signed, sealed paper)."))
    if run.official_copy:
        run.official_copy.storage.delete(run.official_copy.name)
    run.official_copy.save(f"{run.pk}-ban-ky.pdf", ContentFile(data), save=False)
    run.official_sha256 = hashlib.sha256(data).hexdigest()


@transaction.atomic
def document_attach_scan(*, access: Access, user, run_id: int, upload) -> ReportRun:
    """Keeps the signed, sealed scan of an issued document as its official copy."""
    access.require(Right.ORDER_REPORTS)
    run = _locked(access, run_id)
    if run.stage != Stage.ISSUED:
        raise ValidationError(_("The signed copy is kept once the document is issued."))
    _attach(run, upload)
    run.save(update_fields=["official_copy", "official_sha256"])
    DocumentStep.objects.create(run=run, stage=Stage.ISSUED, user=user, note=_("signed copy uploaded"))
    return run
