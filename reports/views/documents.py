"""Printing: the review narrative, requesting documents, following their
rendering, the archive and permission-checked downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination import audit
from coordination.models import AuditEvent
from coordination.views import committee_access, flash_errors
from programmes.models import Programme
from programmes.selectors import current_programme
from reports import documents, services
from reports.forms import DocumentRequestForm, ReviewDraftForm
from reports.models import ReportRun, ReviewDraft


def _programme(access, year: int | None) -> Programme:
    if year is not None:
        return get_object_or_404(Programme, committee=access.committee, year=year)
    programme = current_programme(access.committee)
    if programme is None:
        raise Http404
    return programme


@require_GET
@login_required
def archive(request, committee: str, year: int | None = None):
    access = committee_access(request, committee)
    access.require("download_reports")
    programme = _programme(access, year)
    runs = list(ReportRun.objects.filter(programme=programme).select_related("requested_by"))
    previous = Programme.objects.filter(committee=access.committee, year=programme.year - 1).first()
    current = documents.data_fingerprint(programme, previous) if runs else ""
    draft = ReviewDraft.objects.filter(programme=programme).first()
    return render(
        request,
        "reports/archive.html",
        {
            "programme": programme,
            "runs": runs,
            "current_fingerprint": current,
            "draft": draft,
            "years": list(
                Programme.objects.filter(committee=access.committee).order_by("-year").values_list("year", flat=True)
            ),
            "can_order": access.can("order_reports"),
            "can_edit_draft": access.can("manage_programme"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_document(request, committee: str, year: int):
    access = committee_access(request, committee)
    access.require("order_reports")
    programme = _programme(access, year)
    initial = DocumentRequestForm.initial_from(documents.default_meta(access.committee, programme), access.committee)
    kind = request.GET.get("kind")
    if kind in dict(ReportRun.Kind.choices):
        initial["kind"] = kind
    form = DocumentRequestForm(request.POST or None, initial=initial, committee=access.committee)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.report_request(
                access=access,
                user=request.user,
                programme_id=programme.pk,
                kind=form.cleaned_data["kind"],
                meta=form.meta(),
                options=form.options(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is being printed; this page updates by itself."))
            return redirect("reports:run", committee=committee, run_id=run.pk)
    draft = ReviewDraft.objects.filter(programme=programme).first()
    return render(request, "reports/request.html", {"form": form, "programme": programme, "draft": draft})


def _run(access, run_id: int) -> ReportRun:
    return get_object_or_404(
        ReportRun.objects.select_related("programme", "requested_by"),
        pk=run_id,
        programme__committee=access.committee,
    )


@require_GET
@login_required
def run_detail(request, committee: str, run_id: int):
    access = committee_access(request, committee)
    access.require("download_reports")
    run = _run(access, run_id)
    changes = []
    changed = False
    if run.status == ReportRun.Status.DONE:
        figs, previous = documents.yearly_review_figures(run.programme)
        changed = documents.data_fingerprint(run.programme, previous) != run.data_fingerprint
        if changed:
            changes = documents.snapshot_changes(run.figures_snapshot, documents.snapshot(figs))
    return render(
        request,
        "reports/run.html",
        {
            "run": run,
            "changed": changed,
            "changes": changes,
            "can_order": access.can("order_reports"),
            "waiting": run.status in (ReportRun.Status.PENDING, ReportRun.Status.RUNNING),
        },
    )


@require_GET
@login_required
def run_download(request, committee: str, run_id: int):
    access = committee_access(request, committee)
    access.require("download_reports")
    run = _run(access, run_id)
    if run.status != ReportRun.Status.DONE or not run.pdf:
        raise Http404
    try:
        handle = run.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"bao-cao-{run.programme.year}-{run.pk}.pdf"
    audit.record(request, AuditEvent.Kind.DOWNLOAD, detail=f"report {run.pk} {run.sha256[:16]}")
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=filename)


@require_POST
@login_required
def run_retry(request, committee: str, run_id: int):
    access = committee_access(request, committee)
    _run(access, run_id)
    try:
        services.report_retry(access=access, user=request.user, run_id=run_id)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("reports:run", committee=committee, run_id=run_id)


@require_http_methods(["GET", "POST"])
@login_required
def review_draft(request, committee: str, year: int):
    access = committee_access(request, committee)
    access.require("download_reports")
    programme = _programme(access, year)
    draft = ReviewDraft.objects.filter(programme=programme).first()
    editable = access.can("manage_programme")
    form = ReviewDraftForm(request.POST or None, instance=draft)
    if request.method == "POST":
        access.require("manage_programme")
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ReviewDraftForm.Meta.fields}
            services.review_draft_save(access=access, user=request.user, programme_id=programme.pk, fields=fields)
            messages.success(request, _("The review text was saved and awaits the chair's approval."))
            return redirect("reports:review_draft", committee=committee, year=year)
    return render(
        request,
        "reports/review_draft.html",
        {
            "form": form,
            "draft": draft,
            "programme": programme,
            "editable": editable,
            "can_approve": access.can("approve_review"),
        },
    )


@require_POST
@login_required
def review_draft_approve(request, committee: str, year: int):
    access = committee_access(request, committee)
    programme = _programme(access, year)
    access.require("approve_review")
    try:
        services.review_draft_approve(access=access, user=request.user, programme_id=programme.pk)
    except ReviewDraft.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The review text is approved; it is what the report prints."))
    return redirect("reports:review_draft", committee=committee, year=year)
