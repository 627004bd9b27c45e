"""Requesting and rendering documents. A request creates a ReportRun and
dispatches the Celery task after commit; the task claims the run with a
conditional UPDATE, so two workers never render the same run."""

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coordination.permissions import Access
from programmes.models import Programme
from reports import documents
from reports.models import ReportRun, ReviewDraft

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
SUPPORTED_KINDS = (ReportRun.Kind.YEARLY_REVIEW,)


def dispatch(run_id: int) -> bool:
    """Hands the run to the workers. If the broker is down, the request
    still answers at once and the run stays pending for the sweep."""
    from reports.tasks import render_report_run

    try:
        render_report_run.apply_async(kwargs={"run_id": run_id}, retry=False)
    except Exception:  # any broker failure: the periodic sweep dispatches it later
        log.warning("report run %s: broker unavailable, left pending", run_id, exc_info=True)
        return False
    return True


@transaction.atomic
def report_request(*, access: Access, user, programme_id: int, kind: str, meta: dict, options: dict) -> ReportRun:
    access.require("order_reports")
    programme = Programme.objects.get(pk=programme_id, committee=access.committee)
    if kind not in SUPPORTED_KINDS:
        raise ValidationError(_("This kind of document cannot be printed yet."))
    run = ReportRun.objects.create(
        programme=programme, kind=kind, document_meta=meta, options=options, requested_by=user
    )
    transaction.on_commit(lambda: dispatch(run.pk))
    return run


@transaction.atomic
def report_retry(*, access: Access, user, run_id: int) -> ReportRun:
    access.require("order_reports")
    updated = ReportRun.objects.filter(
        pk=run_id, programme__committee=access.committee, status=ReportRun.Status.FAILED
    ).update(status=ReportRun.Status.PENDING, error="", attempts=0)
    if not updated:
        raise ValidationError(_("Only a failed document can be printed again."))
    transaction.on_commit(lambda: dispatch(run_id))
    return ReportRun.objects.get(pk=run_id)


def claim(run_id: int) -> bool:
    return bool(
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.PENDING).update(
            status=ReportRun.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
        )
    )


def render_run(run: ReportRun) -> tuple[bytes, int, dict, str]:
    """(pdf, pages, snapshot, fingerprint) for a run, in the committee's
    language and time zone."""
    from reports.pdf import render_pdf

    with translation.override("vi"), timezone.override(settings.TIME_ZONE):
        figs, previous = documents.yearly_review_figures(run.programme)
        fingerprint = documents.data_fingerprint(run.programme, previous)
        html = documents.yearly_review_html(run, figs)
        pdf, pages = render_pdf(html)
    return pdf, pages, documents.snapshot(figs), fingerprint


def report_render(*, run_id: int) -> ReportRun | None:
    """Claims and renders one run. Returns None when the run is gone or
    another worker has it. Raises on failure, after recording it."""
    if not claim(run_id):
        return None
    run = ReportRun.objects.select_related("programme__committee").get(pk=run_id)
    try:
        pdf, pages, snap, fingerprint = render_run(run)
    except Exception as error:
        record_failure(run_id, error, transient=False)
        raise
    digest = hashlib.sha256(pdf).hexdigest()
    name = f"{run.programme.committee.slug}-{run.programme.year}-{run.kind}-{run.pk}.pdf"
    stored = None
    try:
        # The file is written whole, then the row points to it; a failure in
        # between removes the file, so no half-written document remains.
        stored = run.pdf.storage.save(f"reports/{run.programme.year}/{name}", ContentFile(pdf))
        updated = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
            status=ReportRun.Status.DONE, pdf=stored, sha256=digest, page_count=pages, figures_snapshot=snap,
            data_fingerprint=fingerprint, finished_at=timezone.now(), error="",
        )  # fmt: skip
        if not updated:  # taken back by the sweep meanwhile: keep one file only
            run.pdf.storage.delete(stored)
            return None
    except Exception:
        if stored:
            run.pdf.storage.delete(stored)
        raise
    return ReportRun.objects.get(pk=run_id)


def record_failure(run_id: int, error: Exception, *, transient: bool) -> None:
    """A transient error with attempts left goes back to pending (the task
    retries it); anything else is a visible failure."""
    run = ReportRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    text = f"{type(error).__name__}: {error}"[:2000]
    if transient and run.attempts < MAX_ATTEMPTS:
        ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.PENDING, error=text)
    else:
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRun.Status.FAILED, error=text, finished_at=timezone.now()
        )


TRANSIENT = (DatabaseError, OSError)


def sweep(*, pending_after: dt.timedelta = dt.timedelta(seconds=30),
          running_after: dt.timedelta | None = None) -> int:  # fmt: skip
    """Dispatches runs left pending (broker was down) and takes back runs
    stuck running past the hard time limit (worker killed). Returns how many
    were dispatched."""
    now = timezone.now()
    running_after = running_after or dt.timedelta(seconds=settings.REPORT_HARD_TIME_LIMIT + 60)
    ReportRun.objects.filter(status=ReportRun.Status.RUNNING, started_at__lt=now - running_after).update(
        status=ReportRun.Status.PENDING
    )
    ReportRun.objects.filter(status=ReportRun.Status.PENDING, attempts__gte=MAX_ATTEMPTS).update(
        status=ReportRun.Status.FAILED, error=_("Gave up after %(n)s attempts.") % {"n": MAX_ATTEMPTS}
    )
    ids = list(
        ReportRun.objects.filter(status=ReportRun.Status.PENDING)
        .filter(Q(requested_at__lt=now - pending_after) | Q(attempts__gt=0))
        .values_list("pk", flat=True)[:100]
    )
    return sum(dispatch(pk) for pk in ids)


@transaction.atomic
def review_draft_save(*, access: Access, user, programme_id: int, fields: dict) -> ReviewDraft:
    access.require("manage_programme")
    programme = Programme.objects.get(pk=programme_id, committee=access.committee)
    draft, _created = ReviewDraft.objects.select_for_update().get_or_create(programme=programme)
    for name, value in fields.items():
        setattr(draft, name, value)
    # Any change sends an approved text back for approval.
    draft.status = ReviewDraft.Status.AWAITING_APPROVAL
    draft.approved_by = None
    draft.approved_at = None
    draft.updated_by = user
    draft._history_user = user
    draft.full_clean(validate_constraints=False)
    draft.save()
    return draft


@transaction.atomic
def review_draft_approve(*, access: Access, user, programme_id: int) -> ReviewDraft:
    access.require("approve_review")
    draft = ReviewDraft.objects.select_for_update().get(
        programme_id=programme_id, programme__committee=access.committee
    )
    if draft.status == ReviewDraft.Status.APPROVED:
        raise ValidationError(_("The review text is already approved."))
    draft.status = ReviewDraft.Status.APPROVED
    draft.approved_by = user
    draft.approved_at = timezone.now()
    draft._history_user = user
    draft.save()
    return draft
