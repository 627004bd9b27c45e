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
SUPPORTED_KINDS = (
    ReportRun.Kind.YEARLY_REVIEW,
    ReportRun.Kind.MEETING_PACKET,
    ReportRun.Kind.PERIOD_REVIEW,
    ReportRun.Kind.INVITATION,
    ReportRun.Kind.MINUTES,
)


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


def _in_committee_locale():
    return translation.override("vi"), timezone.override(settings.TIME_ZONE)


def render_main(run: ReportRun) -> tuple[bytes, int, dict, str]:
    """The report and its aggregated annexes: (pdf, pages, snapshot,
    fingerprint), in the committee's language and time zone."""
    from reports.pdf import render_pdf

    lang, tz = _in_committee_locale()
    with lang, tz:
        if run.kind in (ReportRun.Kind.INVITATION, ReportRun.Kind.MINUTES):
            pdf, pages = render_pdf(documents.meeting_document_html(run))
            return pdf, pages, {"meeting": run.options["meeting"]}, documents.data_fingerprint(run.programme, None)
        if run.kind == ReportRun.Kind.PERIOD_REVIEW:
            html, period = documents.period_review_html(run)
            fingerprint = documents.data_fingerprint(run.programme, None)
            pdf, pages = render_pdf(html)
            return pdf, pages, documents.period_snapshot(period), fingerprint
        figs, previous = documents.yearly_review_figures(run.programme)
        fingerprint = documents.data_fingerprint(run.programme, previous)
        if run.kind == ReportRun.Kind.MEETING_PACKET:
            parts = documents.meeting_packet_html(run, figs)
        else:
            parts = documents.yearly_review_html(run, figs)
        pdf, pages = render_pdf(parts)
    return pdf, pages, documents.snapshot(figs), fingerprint


def render_register_chunk(run: ReportRun, chunk: int) -> bytes:
    from reports.pdf import render_pdf

    lang, tz = _in_committee_locale()
    with lang, tz:
        pdf, _pages = render_pdf(documents.register_html(run, chunk=chunk, annex_no=_register_annex_no()))
    return pdf


def _register_annex_no() -> int:
    return len(documents.THEMES) + 5


def render_run(run: ReportRun) -> tuple[bytes, int, dict, str]:
    """The whole document in this process (the command, small registers)."""
    from reports.pdf import merge

    pdf, pages, snap, fingerprint = render_main(run)
    if run.options.get("register"):
        chunks = [render_register_chunk(run, i) for i in range(documents.register_chunks(run.programme))]
        if chunks:
            pdf, pages = merge([pdf, *chunks], number_from=pages)
    return pdf, pages, snap, fingerprint


def report_render(*, run_id: int, parallel: bool = False) -> ReportRun | None:
    """Claims and renders one run. Returns None when the run is gone or
    another worker has it, or when its register was fanned out to the
    workers (`parallel`). Raises on failure, after recording it."""
    if not claim(run_id):
        return None
    run = ReportRun.objects.select_related("programme__committee").get(pk=run_id)
    try:
        if parallel and run.options.get("register") and documents.register_chunks(run.programme) > 1:
            _fan_out(run)
            return None
        pdf, pages, snap, fingerprint = render_run(run)
    except Exception as error:
        record_failure(run_id, error, transient=isinstance(error, TRANSIENT))
        raise
    return _store(run, pdf, pages, snap, fingerprint)


def _temp_name(run: ReportRun, part: str) -> str:
    return f"reports/tmp/{run.pk}/{part}.pdf"


def _fan_out(run: ReportRun) -> None:
    """Renders the report now and hands each register chunk to a worker;
    the last chunk to finish calls the merge."""
    from celery import group

    from reports.tasks import render_register_chunk_task

    pdf, pages, snap, fingerprint = render_main(run)
    storage = run.pdf.storage
    storage.delete(_temp_name(run, "main"))
    storage.save(_temp_name(run, "main"), ContentFile(pdf))
    total = documents.register_chunks(run.programme)
    ReportRun.objects.filter(pk=run.pk).update(
        chunks_total=total, chunks_done=0, page_count=pages, figures_snapshot=snap, data_fingerprint=fingerprint
    )
    transaction.on_commit(
        lambda: group(render_register_chunk_task.s(run_id=run.pk, chunk=i) for i in range(total)).apply_async()
    )


def register_chunk(*, run_id: int, chunk: int) -> bool:
    """Renders one chunk; returns True when it was the last one."""
    run = ReportRun.objects.select_related("programme__committee").filter(pk=run_id).first()
    if run is None or run.status != ReportRun.Status.RUNNING:
        return False
    try:
        pdf = render_register_chunk(run, chunk)
        name = _temp_name(run, f"chunk-{chunk:04d}")
        run.pdf.storage.delete(name)
        run.pdf.storage.save(name, ContentFile(pdf))
    except Exception as error:
        record_failure(run_id, error, transient=False)
        raise
    ReportRun.objects.filter(pk=run_id).update(chunks_done=F("chunks_done") + 1)
    done, total = ReportRun.objects.filter(pk=run_id).values_list("chunks_done", "chunks_total").get()
    return done == total


def merge_run(*, run_id: int) -> ReportRun | None:
    from reports.pdf import merge

    run = ReportRun.objects.select_related("programme__committee").filter(pk=run_id).first()
    if run is None or run.status != ReportRun.Status.RUNNING:
        return None
    storage = run.pdf.storage
    names = [_temp_name(run, "main")] + [_temp_name(run, f"chunk-{i:04d}") for i in range(run.chunks_total)]
    try:
        parts = []
        for name in names:
            with storage.open(name, "rb") as handle:
                parts.append(handle.read())
        pdf, pages = merge(parts, number_from=run.page_count)
        stored = _store(run, pdf, pages, run.figures_snapshot, run.data_fingerprint)
    except Exception as error:
        record_failure(run_id, error, transient=False)
        raise
    for name in names:
        storage.delete(name)
    return stored


def _store(run: ReportRun, pdf: bytes, pages: int, snap: dict, fingerprint: str) -> ReportRun | None:
    run_id = run.pk
    digest = hashlib.sha256(pdf).hexdigest()
    name = f"{run.programme.committee.slug}-{run.programme.year}-{run.kind}-{run.pk}.pdf"
    stored = None
    try:
        # The file is written whole, then the row points to it; a failure in
        # between removes the file, so no half-written document remains.
        stored = run.pdf.storage.save(f"reports/{run.programme.year}/{name}", ContentFile(pdf))
        updated = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
            status=ReportRun.Status.DONE,
            pdf=stored,
            sha256=digest,
            page_count=pages,
            figures_snapshot=snap,
            data_fingerprint=fingerprint,
            finished_at=timezone.now(),
            error="",
        )
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


def sweep(*, pending_after: dt.timedelta | None = None, running_after: dt.timedelta | None = None) -> int:
    """Dispatches runs left pending (broker was down) and takes back runs
    stuck running past the hard time limit (worker killed). Returns how many
    were dispatched."""
    now = timezone.now()
    if pending_after is None:
        pending_after = dt.timedelta(seconds=settings.REPORT_REDISPATCH_AFTER)
    if running_after is None:
        running_after = dt.timedelta(seconds=settings.REPORT_HARD_TIME_LIMIT + 60)
    ReportRun.objects.filter(status=ReportRun.Status.RUNNING, started_at__lt=now - running_after).update(
        status=ReportRun.Status.PENDING
    )
    ReportRun.objects.filter(status=ReportRun.Status.PENDING, attempts__gte=MAX_ATTEMPTS).update(
        status=ReportRun.Status.FAILED, error=_("Gave up after %(n)s attempts.") % {"n": MAX_ATTEMPTS}
    )
    _remove_abandoned_imports(now - dt.timedelta(days=1))
    ids = list(
        ReportRun.objects.filter(status=ReportRun.Status.PENDING)
        .filter(Q(requested_at__lt=now - pending_after) | Q(attempts__gt=0))
        .values_list("pk", flat=True)[:100]
    )
    return sum(dispatch(pk) for pk in ids)


def _remove_abandoned_imports(before: dt.datetime) -> None:
    """Excel files uploaded for a preview that was never confirmed."""
    from pathlib import Path

    folder = Path(settings.MEDIA_ROOT) / "imports"
    if not folder.is_dir():
        return
    for path in folder.glob("*.xlsx"):
        if dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC) < before:
            path.unlink(missing_ok=True)


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
