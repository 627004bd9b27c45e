"""Rendering a run: the document its kind gives, in the committee's language
and time zone, in this process or fanned out over the workers (a long
register in chunks, merged by the last chunk to finish)."""

import contextlib
from typing import NamedTuple

from celery import group, signature
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from reports import kinds
from reports.models import ReportRun
from reports.pdf import merge, render_pdf
from reports.services import runs
from reports.word import render_docx

CHUNK_TASK = "reports.render_register_chunk"


class Rendered(NamedTuple):
    pdf: bytes
    pages: int
    snapshot: dict
    fingerprint: str
    docx: bytes


@contextlib.contextmanager
def committee_locale():
    with translation.override("vi"), timezone.override(settings.TIME_ZONE):
        yield


def _render_main(run: ReportRun) -> tuple[Rendered, list[str]]:
    """The document without its register's PDF, and the register's HTML
    chunks. The Word copy is made from the same parts as the PDF, with the
    register's rows (Word lays out a long table in no time)."""
    with committee_locale():
        kind = kinds.kind_of(run)
        content = kind.content(run)
        pdf, pages = render_pdf(content.parts)
        register = kind.register_parts(run)
        docx = render_docx(content.parts, profile=kinds.profile_of(run.document_meta), register=register)
    return Rendered(pdf, pages, content.snapshot, content.fingerprint, docx), register


def render_run(run: ReportRun) -> Rendered:
    """The whole document in this process (the command, small registers);
    the register's HTML is rendered once, for its PDF and the Word copy."""
    main, register = _render_main(run)
    if not register:
        return main
    with committee_locale():
        chunks = [render_pdf(html)[0] for html in register]
    pdf, pages = merge([main.pdf, *chunks], number_from=main.pages)
    return main._replace(pdf=pdf, pages=pages)


def report_render(*, run_id: int, parallel: bool = False) -> ReportRun | None:
    """Claims and renders one run. Returns None when the run is gone or
    another worker has it, or when its register was fanned out to the
    workers (`parallel`). Raises on failure, after recording it."""
    if not runs.claim(run_id):
        return None
    run = ReportRun.objects.select_related("programme__committee").get(pk=run_id)
    try:
        if parallel and kinds.kind_of(run).register_chunks(run) > 1:
            fan_out(run)
            return None
        pdf, pages, snap, fingerprint, docx = render_run(run)
    except Exception as error:
        runs.record_failure(run_id, error, transient=isinstance(error, runs.TRANSIENT))
        raise
    return runs.store(run, pdf, pages, snap, fingerprint, docx=docx)


def _temp_name(run: ReportRun, part: str, ext: str = "pdf") -> str:
    return f"reports/tmp/{run.pk}/{part}.{ext}"


def fan_out(run: ReportRun) -> None:
    """Renders the document now and hands each register chunk to a worker;
    the last chunk to finish calls the merge. The register's HTML is made
    here, with the document, and stored: a worker lays out the rows as they
    were when the document was made, so an activity confirmed or returned
    while the chunks render cannot slip from one chunk into the next (a row
    printed twice or not at all, a page count that changes between runs),
    and the PDF and the Word copy list the same rows."""
    main, register = _render_main(run)
    storage = run.pdf.storage
    stored = [(_temp_name(run, "main"), main.pdf), (_temp_name(run, "main", "docx"), main.docx)]
    stored += [(_chunk_html(run, i), html.encode()) for i, html in enumerate(register)]
    for name, data in stored:
        storage.delete(name)
        storage.save(name, ContentFile(data))
    total = len(register)
    ReportRun.objects.filter(pk=run.pk).update(
        chunks_total=total,
        chunks_done=0,
        page_count=main.pages,
        figures_snapshot=main.snapshot,
        data_fingerprint=main.fingerprint,
    )
    transaction.on_commit(
        lambda: group(signature(CHUNK_TASK, kwargs={"run_id": run.pk, "chunk": i}) for i in range(total)).apply_async()
    )


def _chunk_html(run: ReportRun, chunk: int) -> str:
    return _temp_name(run, f"chunk-{chunk:04d}", "html")


def chunk_finished(run_id: int) -> bool:
    """Counts one finished chunk; True for exactly one caller, the last.
    The UPDATE comes first, so the row stays locked (on PostgreSQL the row,
    on SQLite the file) until the count is read back and committed: two
    chunks finishing together see two different counts."""
    with transaction.atomic():
        counted = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
            chunks_done=F("chunks_done") + 1
        )
        if not counted:
            return False
        done, total = ReportRun.objects.filter(pk=run_id).values_list("chunks_done", "chunks_total").get()
    return done == total


def register_chunk(*, run_id: int, chunk: int) -> bool:
    """Renders one chunk; returns True when it was the last one."""
    run = ReportRun.objects.select_related("programme__committee").filter(pk=run_id).first()
    if run is None or run.status != ReportRun.Status.RUNNING:
        return False
    try:
        with run.pdf.storage.open(_chunk_html(run, chunk), "rb") as handle:
            html = handle.read().decode()
        with committee_locale():
            pdf, _pages = render_pdf(html)
        name = _temp_name(run, f"chunk-{chunk:04d}")
        run.pdf.storage.delete(name)
        run.pdf.storage.save(name, ContentFile(pdf))
    except Exception as error:
        runs.record_failure(run_id, error, transient=False)
        raise
    return chunk_finished(run_id)


def merge_run(*, run_id: int) -> ReportRun | None:
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
        with storage.open(_temp_name(run, "main", "docx"), "rb") as handle:
            docx = handle.read()
        stored = runs.store(run, pdf, pages, run.figures_snapshot, run.data_fingerprint, docx=docx)
    except Exception as error:
        runs.record_failure(run_id, error, transient=False)
        raise
    chunk_html = [_chunk_html(run, i) for i in range(run.chunks_total)]
    for name in [*names, _temp_name(run, "main", "docx"), *chunk_html]:
        storage.delete(name)
    return stored
