"""Excel template, import (upload → preview → confirm) and exports."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from activities import exchange, imports
from activities.selectors import filter_activities
from activities.views.listing import read_filters
from coordination import audit
from coordination.models import AuditEvent
from coordination.permissions import Access, Right
from coordination.views import committee_view
from kit.fields import ModelChoiceField
from programmes.models import Programme, pick_current

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _filename(stem: str, ext: str) -> str:
    return f"{stem}-{dt.date.today():%Y%m%d}.{ext}"


@require_GET
@committee_view
def export_xlsx(request, committee: str, *, access: Access):
    _form, filters = read_filters(request, access)
    data = exchange.export_xlsx(filter_activities(access, filters))
    audit.record(request, AuditEvent.Kind.EXPORT, detail=f"xlsx {request.GET.urlencode()}")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename("hoat-dong", "xlsx")}"'
    return response


@require_GET
@committee_view
def export_csv(request, committee: str, *, access: Access):
    _form, filters = read_filters(request, access)
    audit.record(request, AuditEvent.Kind.EXPORT, detail=f"csv {request.GET.urlencode()}")
    response = StreamingHttpResponse(
        exchange.export_csv(filter_activities(access, filters)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("hoat-dong", "csv")}"'
    return response


@require_GET
@committee_view
def import_template(request, committee: str, *, access: Access):
    access.require(Right.ENTER_ACTIVITIES)
    programme = Programme.objects.of(access.committee).open().newest_first().first()
    response = HttpResponse(exchange.template_xlsx(access, programme), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoat-dong.xlsx"'
    return response


class ImportForm(forms.Form):
    programme = ModelChoiceField(label=gettext_lazy("Programme year"), queryset=Programme.objects.none())
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.of(access.committee).open().newest_first()
        self.fields["programme"].label_from_instance = lambda p: str(p.year)
        # The year people import into: the current one (or the only one open).
        current = pick_current(self.fields["programme"].queryset)
        if current is not None:
            self.fields["programme"].initial = current.pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // 2**20})
        return upload


@require_http_methods(["GET", "POST"])
@committee_view
def import_activities(request, committee: str, *, access: Access):
    """Step 1 uploads and shows every row's errors or what will change;
    step 2 (the confirm button) imports the same file, all or nothing."""
    access.require(Right.ENTER_ACTIVITIES)
    form = ImportForm(request.POST or None, request.FILES or None, access=access)
    plan = None
    token = None
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        pending = request.session.get("pending_import") or {}
        data = imports.pending_read(token) if pending.get("token") == token else None
        if data is None:
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect("activities:import", committee=committee)
        programme = get_object_or_404(Programme, pk=pending["programme"], committee=access.committee)
        try:
            plan = exchange.plan_import(access=access, programme=programme, data=data)
            if plan.ok:
                exchange.apply_import(access=access, user=request.user, plan=plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("activities:import", committee=committee)
        imports.pending_delete(token)
        request.session.pop("pending_import", None)
        if plan.ok:
            messages.success(
                request,
                _("Imported: %(new)s new, %(changed)s changed, %(same)s unchanged.")
                % {"new": len(plan.creates), "changed": len(plan.updates), "same": plan.unchanged},
            )
            # Straight to the drafts just made, where they are checked and sent together.
            return redirect(f"{_list_url(committee)}?year={programme.year}&status=draft")
        messages.error(request, _("The data changed since the preview; check the errors below."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        programme = form.cleaned_data["programme"]
        try:
            plan = exchange.plan_import(access=access, programme=programme, data=data)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if plan.ok and (plan.creates or plan.updates):
                token = imports.pending_save(data)
                request.session["pending_import"] = {"token": token, "programme": programme.pk}
            elif not plan.ok:
                # Kept a while (swept like a preview) so the rows with errors can be downloaded.
                _forget_error_file(request)
                request.session["import_errors"] = {"token": imports.pending_save(data), "programme": programme.pk}
    return render(
        request,
        "activities/import.html",
        {
            "form": form,
            "plan": plan,
            "token": token,
            "error_file": bool(plan and plan.errors and not token),
            "preview": [
                (plan.creates, _("New activities")),
                (plan.updates, _("Activities that change")),
            ]
            if plan and plan.ok
            else [],
        },
    )


def _forget_error_file(request) -> None:
    previous = request.session.pop("import_errors", None)
    if previous:
        imports.pending_delete(previous["token"])


@require_GET
@committee_view
def import_errors(request, committee: str, *, access: Access):
    """The rows of the last file checked that have errors, with their
    errors in a last column, to fix and upload again."""
    access.require(Right.ENTER_ACTIVITIES)
    kept = request.session.get("import_errors") or {}
    data = imports.pending_read(kept["token"]) if kept.get("token") else None
    if data is None:
        # The import page itself, saying why there is nothing to download.
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return render(request, "activities/import.html", {"form": ImportForm(access=access)})
    programme = get_object_or_404(Programme, pk=kept["programme"], committee=access.committee)
    plan = exchange.plan_import(access=access, programme=programme, data=data)
    response = HttpResponse(exchange.error_rows_xlsx(data, plan.errors), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="dong-loi-can-sua.xlsx"'
    return response


def _list_url(committee: str) -> str:
    from django.urls import reverse

    return reverse("activities:list", kwargs={"committee": committee})
