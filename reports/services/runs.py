"""Requests, retries and the life of a ReportRun: a request creates the run
and hands it to the workers after commit; a worker claims it with a
conditional UPDATE, so two workers never render the same run; a failure is
recorded only on a run that is still running; the sweep dispatches what the
broker missed and takes back what a killed worker left."""

import datetime as dt
import hashlib
import logging

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.permissions import Access, Right
from programmes.models import Programme
from reports import kinds
from reports.models import ReportRun

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
TRANSIENT = (DatabaseError, OSError)
RENDER_TASK = "reports.render_report_run"


def send(task_name: str, **kwargs) -> None:
    """Sends a task by its name: the services never import the task modules
    (which import the services), and a web process needs no task code to
    order a document. Run in place when Celery is configured to be eager."""
    if current_app.conf.task_always_eager:
        current_app.loader.import_default_modules()
        current_app.tasks[task_name].apply_async(kwargs=kwargs)
    else:
        current_app.send_task(task_name, kwargs=kwargs, retry=False)


def dispatch(run_id: int) -> bool:
    """Hands the run to the workers. If the broker is down, the request
    still answers at once and the run stays pending for the sweep."""
    try:
        send(RENDER_TASK, run_id=run_id)
    except Exception:  # any broker failure: the periodic sweep dispatches it later
        log.warning("report run %s: broker unavailable, left pending", run_id, exc_info=True)
        return False
    return True


@transaction.atomic
def report_request(
    *, access: Access, user, programme_id: int, kind: str, meta: dict, options: dict, subject=None
) -> ReportRun:
    """Orders one document. `subject` is what the kind prints about (a
    meeting, a policy document), when it needs one."""
    access.require(Right.ORDER_REPORTS)
    programme = Programme.objects.get(pk=programme_id, committee=access.committee)
    if kind not in kinds.KINDS:
        raise ValidationError(_("This kind of document cannot be printed yet."))
    document_kind = kinds.kind_of(kind)
    if document_kind.subject_field and (subject is None or subject.committee_id != access.committee.pk):
        raise ValidationError(_("Choose what the document is about."))
    # The kind's type (BC, GM, BB, TB) numbers it and files it in its register.
    meta = {**meta, "doc_type": document_kind.doc_type}
    run = ReportRun.objects.create(
        programme=programme, kind=kind, document_meta=meta, options=options, requested_by=user
    )
    if document_kind.subject_field:
        document_kind.attach(run, subject)
    transaction.on_commit(lambda: dispatch(run.pk))
    return run


@transaction.atomic
def report_retry(*, access: Access, user, run_id: int) -> ReportRun:
    access.require(Right.ORDER_REPORTS)
    updated = ReportRun.objects.filter(
        pk=run_id, programme__committee=access.committee, status=ReportRun.Status.FAILED, stage=ReportRun.Stage.DRAFT
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


def store(
    run: ReportRun, pdf: bytes, pages: int, snap: dict, fingerprint: str, *, docx: bytes | None = None
) -> ReportRun | None:
    """Saves the finished PDF and its Word copy and marks the run done, if it
    is still running (and still a draft: an issued document is never
    printed over)."""
    run_id = run.pk
    stored = []
    try:
        # The files are written whole, then the row points to them; a failure
        # in between removes them, so no half-written document remains.
        name = f"reports/{run.programme.year}/{run.programme.committee.slug[:20]}-{kinds.kind_of(run).file_name(run)}"
        stored.append(run.pdf.storage.save(name, ContentFile(pdf)))
        if docx is not None:
            stored.append(run.docx.storage.save(name.removesuffix(".pdf") + ".docx", ContentFile(docx)))
        updated = ReportRun.objects.filter(
            pk=run_id, status=ReportRun.Status.RUNNING, stage=ReportRun.Stage.DRAFT
        ).update(
            status=ReportRun.Status.DONE,
            pdf=stored[0],
            sha256=hashlib.sha256(pdf).hexdigest(),
            docx=stored[1] if docx is not None else "",
            docx_sha256=hashlib.sha256(docx).hexdigest() if docx is not None else "",
            page_count=pages,
            figures_snapshot=snap,
            data_fingerprint=fingerprint,
            finished_at=timezone.now(),
            error="",
        )
        if not updated:  # taken back by the sweep meanwhile: keep one file only
            for name in stored:
                run.pdf.storage.delete(name)
            return None
    except Exception:
        for name in stored:
            run.pdf.storage.delete(name)
        raise
    return ReportRun.objects.get(pk=run_id)


def record_failure(run_id: int, error: Exception, *, transient: bool) -> None:
    """A transient error with attempts left goes back to pending (the task
    retries it); anything else is a visible failure. Only a running run is
    touched: a late failure never turns a finished run into a failed one."""
    running = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING)
    text = f"{type(error).__name__}: {error}"[:2000]
    if transient:
        updated = running.filter(attempts__lt=MAX_ATTEMPTS).update(status=ReportRun.Status.PENDING, error=text)
        if updated:
            return
    running.update(status=ReportRun.Status.FAILED, error=text, finished_at=timezone.now())


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
    ids = list(
        ReportRun.objects.filter(status=ReportRun.Status.PENDING)
        .filter(Q(requested_at__lt=now - pending_after) | Q(attempts__gt=0))
        .values_list("pk", flat=True)[:100]
    )
    return sum(dispatch(pk) for pk in ids)
