"""Printing: the review narrative, requesting documents, following their
rendering, the archive and permission-checked downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination import audit
from coordination.models import AuditEvent
from coordination.permissions import Access, Right
from coordination.views import committee_view, flash_errors
from kit.downloads import file_download
from programmes.models import PolicyDocument, Programme
from reports import documents, kinds
from reports.forms import DocumentRequestForm, ReviewDraftForm
from reports.models import ReportRun, ReviewDraft
from reports.services import review_drafts, runs


def _programme(access, year: int | None) -> Programme:
    if year is not None:
        return get_object_or_404(Programme, committee=access.committee, year=year)
    programme = Programme.objects.of(access.committee).current()
    if programme is None:
        raise Http404
    return programme


@require_GET
@committee_view
def archive(request, committee: str, year: int | None = None, *, access: Access):
    access.require(Right.DOWNLOAD_REPORTS)
    programme = _programme(access, year)
    printed = list(
        ReportRun.objects.filter(programme=programme).select_related("requested_by", "programme", *kinds.related())
    )
    # Each kind says whether the data behind its run changed; runs about the
    # same data share one fingerprint.
    fingerprints: dict = {}
    for run in printed:
        kind = kinds.kind_of(run)
        run.title = kind.title(run)
        run.stale = kind.is_stale(run, fingerprints=fingerprints)
    drafts = {d.period_id: d for d in ReviewDraft.objects.filter(programme=programme)}
    periods = [p for p in programme.periods.all() if p.kind != "year"]
    for period in periods:
        period.draft = drafts.get(period.pk)
    return render(
        request,
        "reports/archive.html",
        {
            "programme": programme,
            "runs": printed,
            "draft": drafts.get(None),
            "periods": periods,
            "years": list(
                Programme.objects.filter(committee=access.committee).order_by("-year").values_list("year", flat=True)
            ),
            "can_order": access.can(Right.ORDER_REPORTS),
            "can_edit_draft": access.can(Right.WRITE_REVIEW),
        },
    )


@require_http_methods(["GET", "POST"])
@committee_view
def request_document(request, committee: str, year: int, *, access: Access):
    access.require(Right.ORDER_REPORTS)
    programme = _programme(access, year)
    initial = DocumentRequestForm.initial_from(documents.default_meta(access.committee, programme), access.committee)
    kind = request.GET.get("kind")
    if kind in dict(ReportRun.Kind.choices):
        initial["kind"] = kind
    if request.GET.get("period", "").isdigit():
        initial["period"] = int(request.GET["period"])
    form = DocumentRequestForm(request.POST or None, initial=initial, committee=access.committee, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.report_request(
                access=access,
                user=request.user,
                programme_id=programme.pk,
                kind=form.cleaned_data["kind"],
                meta=form.meta(),
                options=form.options(),
                subject=form.subject(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is being printed; this page updates by itself."))
            return redirect("reports:run", committee=committee, run_id=run.pk)
    draft = ReviewDraft.objects.filter(programme=programme, period__isnull=True).first()
    return render(request, "reports/request.html", {"form": form, "programme": programme, "draft": draft})


def _run(access, run_id: int) -> ReportRun:
    return get_object_or_404(
        ReportRun.objects.select_related("programme__committee", "requested_by", *kinds.related()),
        pk=run_id,
        programme__committee=access.committee,
    )


@require_GET
@committee_view
def run_detail(request, committee: str, run_id: int, *, access: Access):
    access.require(Right.DOWNLOAD_REPORTS)
    run = _run(access, run_id)
    kind = kinds.kind_of(run)
    changed = kind.is_stale(run)
    changes = kind.what_changed(run) if changed else []
    return render(
        request,
        "reports/run.html",
        {
            "run": run,
            "title": kind.title(run),
            "changed": changed,
            "changes": changes,
            "can_order": access.can(Right.ORDER_REPORTS),
            "waiting": run.status in (ReportRun.Status.PENDING, ReportRun.Status.RUNNING),
        },
    )


@require_GET
@committee_view
def run_download(request, committee: str, run_id: int, *, access: Access):
    access.require(Right.DOWNLOAD_REPORTS)
    run = _run(access, run_id)
    if run.status != ReportRun.Status.DONE or not run.pdf:
        raise Http404
    try:
        handle = run.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = kinds.kind_of(run).download_name(run)
    audit.record(request, AuditEvent.Kind.DOWNLOAD, detail=f"report {run.pk} {run.sha256[:16]}")
    return file_download(handle, content_type="application/pdf", filename=filename, cache_seconds=0)


@require_POST
@committee_view
def run_retry(request, committee: str, run_id: int, *, access: Access):
    _run(access, run_id)
    try:
        runs.report_retry(access=access, user=request.user, run_id=run_id)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("reports:run", committee=committee, run_id=run_id)


@require_http_methods(["GET", "POST"])
@committee_view
def review_draft(request, committee: str, year: int, period_id: int | None = None, *, access: Access):
    """The review text of the year or, with `period_id`, of a reporting
    period (the July preliminary review)."""
    access.require(Right.DOWNLOAD_REPORTS)
    programme = _programme(access, year)
    period = get_object_or_404(programme.periods, pk=period_id) if period_id else None
    draft = ReviewDraft.objects.filter(programme=programme, period=period).first()
    editable = access.can(Right.WRITE_REVIEW)
    form = ReviewDraftForm(request.POST or None, instance=draft, period=period)
    if request.method == "POST":
        access.require(Right.WRITE_REVIEW)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ReviewDraftForm.Meta.fields}
            review_drafts.review_draft_save(
                access=access,
                user=request.user,
                programme_id=programme.pk,
                fields=fields,
                period_id=period.pk if period else None,
            )
            messages.success(request, _("The review text was saved and awaits the chair's approval."))
            return _back_to_draft(committee, year, period)
    return render(
        request,
        "reports/review_draft.html",
        {
            "form": form,
            "draft": draft,
            "programme": programme,
            "period": period,
            "editable": editable,
            "can_approve": access.can(Right.APPROVE_REVIEW),
        },
    )


@require_POST
@committee_view
def review_draft_approve(request, committee: str, year: int, period_id: int | None = None, *, access: Access):
    programme = _programme(access, year)
    access.require(Right.APPROVE_REVIEW)
    period = get_object_or_404(programme.periods, pk=period_id) if period_id else None
    try:
        review_drafts.review_draft_approve(
            access=access,
            user=request.user,
            programme_id=programme.pk,
            seen_hash=request.POST.get("text_hash", ""),
            period_id=period.pk if period else None,
        )
    except ReviewDraft.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The review text is approved; it is what the report prints."))
    return _back_to_draft(committee, year, period)


@require_http_methods(["GET", "POST"])
@committee_view
def period_review_text(request, committee: str, document: int, *, access: Access):
    """The final review text of a policy document's period (a five-year Đề
    án), written by the standing office and approved by the chair."""
    access.require(Right.DOWNLOAD_REPORTS)
    doc = get_object_or_404(PolicyDocument, pk=document, committee=access.committee)
    draft = ReviewDraft.objects.filter(policy_document=doc).first()
    form = ReviewDraftForm(request.POST or None, instance=draft, document=doc)
    if request.method == "POST":
        access.require(Right.WRITE_REVIEW)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ReviewDraftForm.Meta.fields}
            review_drafts.review_draft_save(access=access, user=request.user, fields=fields, document_id=doc.pk)
            messages.success(request, _("The review text was saved and awaits the chair's approval."))
            return redirect("reports:period_review_text", committee=committee, document=doc.pk)
    return render(
        request,
        "reports/review_draft.html",
        {
            "form": form,
            "draft": draft,
            "doc": doc,
            "editable": access.can(Right.WRITE_REVIEW),
            "can_approve": access.can(Right.APPROVE_REVIEW),
        },
    )


@require_POST
@committee_view
def period_review_text_approve(request, committee: str, document: int, *, access: Access):
    access.require(Right.APPROVE_REVIEW)
    doc = get_object_or_404(PolicyDocument, pk=document, committee=access.committee)
    try:
        review_drafts.review_draft_approve(
            access=access, user=request.user, seen_hash=request.POST.get("text_hash", ""), document_id=doc.pk
        )
    except ReviewDraft.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The review text is approved; it is what the report prints."))
    return redirect("reports:period_review_text", committee=committee, document=doc.pk)


def _back_to_draft(committee: str, year: int, period):
    if period is not None:
        return redirect("reports:review_draft_period", committee=committee, year=year, period_id=period.pk)
    return redirect("reports:review_draft", committee=committee, year=year)
