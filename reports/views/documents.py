"""Printing: the review narrative, requesting documents, following their
rendering, the archive and permission-checked downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coordination import audit
from coordination.models import AuditEvent
from coordination.permissions import Access, Right
from coordination.views import committee_view, flash_errors
from kit.downloads import file_download
from programmes.models import PolicyDocument, Programme, UnitReport
from reports import documents, kinds
from reports.forms import DocumentRequestForm, IssueForm, OfficialCopyForm, ReviewDraftForm
from reports.kinds import issued_number_line
from reports.models import DocumentRegister, ReportRun, ReviewDraft
from reports.services import approvals, issuing, review_drafts, runs

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
    # Issued documents first, their official copies before the drafts.
    printed = sorted(
        ReportRun.objects.filter(programme=programme).select_related(
            "requested_by", "programme", "register", *kinds.related()
        ),
        key=lambda r: r.stage != ReportRun.Stage.ISSUED,
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
        ReportRun.objects.select_related("programme__committee", "requested_by", "register", *kinds.related()),
        pk=run_id,
        programme__committee=access.committee,
    )


def _readable(access, run_id: int) -> ReportRun:
    """A run this user may download: any, with the right to download
    reports; else only an issued document its kind shares with their units
    (a notice of conclusions sent to them)."""
    run = _run(access, run_id)
    if access.can(Right.DOWNLOAD_REPORTS):
        return run
    if run.stage != ReportRun.Stage.ISSUED or not kinds.kind_of(run).shared_with(run, access):
        access.require(Right.DOWNLOAD_REPORTS)
    return run


@require_GET
@committee_view
def run_detail(request, committee: str, run_id: int, *, access: Access):
    return _run_page(request, access, run_id)


def _run_page(request, access, run_id: int, *, issue_form=None, copy_form=None):
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
            "steps": list(run.steps.select_related("user")),
            "stages": ReportRun.Stage.choices,
            "issue_form": issue_form or IssueForm(initial={"day": timezone.localdate()}),
            "copy_form": copy_form or OfficialCopyForm(),
            "number_line": issued_number_line(run),
        },
    )


def _send(request, run: ReportRun, file, *, content_type: str, filename: str, detail: str):
    """A run's file, audited, or 404 when it is not there."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(request, AuditEvent.Kind.DOWNLOAD, detail=f"report {run.pk} {detail}")
    return file_download(handle, content_type=content_type, filename=filename, cache_seconds=0)


@require_GET
@committee_view
def run_download(request, committee: str, run_id: int, *, access: Access):
    run = _readable(access, run_id)
    if run.status != ReportRun.Status.DONE:
        raise Http404
    name = kinds.kind_of(run).download_name(run)
    return _send(request, run, run.pdf, content_type="application/pdf", filename=name, detail=run.sha256[:16])


@require_GET
@committee_view
def run_download_word(request, committee: str, run_id: int, *, access: Access):
    """The editable Word copy printed with the PDF."""
    run = _readable(access, run_id)
    if run.status != ReportRun.Status.DONE:
        raise Http404
    name = kinds.kind_of(run).download_name(run, ext="docx")
    return _send(request, run, run.docx, content_type=DOCX_TYPE, filename=name, detail=f"word {run.docx_sha256[:16]}")


@require_GET
@committee_view
def run_download_official(request, committee: str, run_id: int, *, access: Access):
    """The signed, sealed scan of an issued document."""
    run = _readable(access, run_id)
    name = kinds.kind_of(run).download_name(run).removesuffix(".pdf") + "-ban-ky.pdf"
    detail = f"signed {run.official_sha256[:16]}"
    return _send(request, run, run.official_copy, content_type="application/pdf", filename=name, detail=detail)


@require_POST
@committee_view
def run_step(request, committee: str, run_id: int, *, access: Access):
    """Submits the document for signature, records the signature, or takes
    it back to the drafts."""
    _run(access, run_id)
    try:
        issuing.document_step(
            access=access,
            user=request.user,
            run_id=run_id,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The document's stage was recorded."))
    return redirect("reports:run", committee=committee, run_id=run_id)


@require_POST
@committee_view
def run_issue(request, committee: str, run_id: int, *, access: Access):
    access.require(Right.ORDER_REPORTS)
    _run(access, run_id)
    form = IssueForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            run = issuing.document_issue(
                access=access,
                user=request.user,
                run_id=run_id,
                day=form.cleaned_data["day"],
                scan=form.cleaned_data.get("scan"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is issued as %(number)s.") % {"number": issued_number_line(run)})
            return redirect("reports:run", committee=committee, run_id=run_id)
    return _run_page(request, access, run_id, issue_form=form)


@require_POST
@committee_view
def run_official_copy(request, committee: str, run_id: int, *, access: Access):
    access.require(Right.ORDER_REPORTS)
    _run(access, run_id)
    form = OfficialCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            issuing.document_attach_scan(
                access=access, user=request.user, run_id=run_id, upload=form.cleaned_data["scan"]
            )
        except ValidationError as error:
            form.add_error("scan", error)
        else:
            messages.success(request, _("The signed copy is kept as the official copy."))
            return redirect("reports:run", committee=committee, run_id=run_id)
    return _run_page(request, access, run_id, copy_form=form)


@require_GET
@committee_view
def document_register(request, committee: str, *, access: Access):
    """The register of issued documents: each type's numbers in a year or term."""
    access.require(Right.DOWNLOAD_REPORTS)
    registers = list(DocumentRegister.objects.filter(committee=access.committee).order_by("-period", "doc_type"))
    chosen = next((r for r in registers if str(r.pk) == request.GET.get("register")), None)
    issued = ReportRun.objects.filter(
        programme__committee=access.committee, stage=ReportRun.Stage.ISSUED
    ).select_related("programme", "register", *kinds.related())
    if chosen is not None:
        issued = issued.filter(register=chosen)
    rows = list(issued.order_by("-register__period", "register__doc_type", "-issued_number")[:500])
    for run in rows:
        run.title = kinds.kind_of(run).title(run)
        run.number_line = issued_number_line(run)
    return render(request, "reports/register.html", {"registers": registers, "chosen": chosen, "rows": rows})


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
    decide_url = (
        reverse("reports:review_draft_approve_period", args=[committee, year, period.pk])
        if period
        else reverse("reports:review_draft_approve", args=[committee, year])
    )
    return render(
        request,
        "reports/review_draft.html",
        {
            "form": form,
            "draft": draft,
            "programme": programme,
            "period": period,
            "editable": editable,
            "unit_reports": list(
                UnitReport.objects.filter(obligation__period__programme=programme)
                .filter(**({"obligation__period": period} if period else {"obligation__period__kind": "year"}))
                .select_related("unit")
                .order_by("unit__order", "unit__name", "pk")
            ),
            **signoff_context(request, access, draft, decide_url),
        },
    )


def signoff_context(request, access, subject, decide_url: str) -> dict:
    """The co-chairs' decisions on a text and whether this user may decide."""
    if subject is None:
        return {}
    return approvals.signoff(access, request.user, subject, decide_url)


@require_POST
@committee_view
def review_draft_approve(request, committee: str, year: int, period_id: int | None = None, *, access: Access):
    programme = _programme(access, year)
    access.require(Right.APPROVE_REVIEW)
    period = get_object_or_404(programme.periods, pk=period_id) if period_id else None
    try:
        draft = review_drafts.review_draft_decide(
            access=access,
            user=request.user,
            programme_id=programme.pk,
            period_id=period.pk if period else None,
            **_decision(request),
        )
    except ReviewDraft.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        _decided(request, draft)
    return _back_to_draft(committee, year, period)


def _decision(request) -> dict:
    return {
        "seen_hash": request.POST.get("text_hash", ""),
        "decision": request.POST.get("decision", "approved"),
        "comment": request.POST.get("comment", ""),
    }


def _decided(request, draft: ReviewDraft) -> None:
    if draft.status == ReviewDraft.Status.APPROVED:
        messages.success(request, _("The review text is approved; it is what the report prints."))
    elif draft.status == ReviewDraft.Status.RETURNED:
        messages.success(request, _("The text was returned to the standing office with your comment."))
    else:
        messages.success(request, _("Your approval is recorded; the text waits for the other co-chair."))


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
            **signoff_context(
                request, access, draft, reverse("reports:period_review_text_approve", args=[committee, doc.pk])
            ),
        },
    )


@require_POST
@committee_view
def period_review_text_approve(request, committee: str, document: int, *, access: Access):
    access.require(Right.APPROVE_REVIEW)
    doc = get_object_or_404(PolicyDocument, pk=document, committee=access.committee)
    try:
        draft = review_drafts.review_draft_decide(
            access=access, user=request.user, document_id=doc.pk, **_decision(request)
        )
    except ReviewDraft.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        _decided(request, draft)
    return redirect("reports:period_review_text", committee=committee, document=doc.pk)


def _back_to_draft(committee: str, year: int, period):
    if period is not None:
        return redirect("reports:review_draft_period", committee=committee, year=year, period_id=period.pk)
    return redirect("reports:review_draft", committee=committee, year=year)


@require_http_methods(["GET", "POST"])
@committee_view
def programme_signoff(request, committee: str, year: int, *, access: Access):
    """The co-chairs approve the year's programme (its tasks and targets) as
    it reads now, or return it to the standing office with a comment."""
    access.require(Right.DOWNLOAD_REPORTS)
    programme = _programme(access, year)
    if request.method == "POST":
        try:
            approvals.decide(access=access, user=request.user, subject=programme, **_decision(request))
        except ValidationError as error:
            flash_errors(request, error)
        else:
            if approvals.approved(access.committee, programme):
                messages.success(request, _("Both co-chairs have approved the programme."))
            else:
                messages.success(request, _("Your decision on the programme is recorded."))
        return redirect("reports:programme_signoff", committee=committee, year=year)
    context = signoff_context(request, access, programme, reverse("reports:programme_signoff", args=[committee, year]))
    context["can_decide"] = context["can_decide"] and not programme.is_closed
    history = programme.approvals.select_related("body", "user").order_by("-at", "-pk")[:50]
    return render(
        request,
        "reports/programme_signoff.html",
        {
            "programme": programme,
            "tasks": list(programme.tasks.select_related("lead_unit").order_by("order", "pk")),
            "targets": list(programme.targets.select_related("category", "unit")),
            "history": list(history),
            **context,
        },
    )
