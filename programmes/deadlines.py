"""Pages of the reporting deadlines: the standing office sets a period's
deadline for all member units or some of them; each unit closes its report
for the period with its narrative, which the standing office reads."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from coordination.models import Unit
from coordination.permissions import Access, Right
from coordination.pickers import unit_picker
from coordination.views import committee_view, flash_errors
from kit.fields import DateField, ModelMultipleChoiceField, refuse_control_characters
from kit.widgets import DateInput
from programmes import reporting
from programmes.models import Programme, ReportingObligation, ReportingPeriod


class ObligationForm(forms.Form):
    due_on = DateField(label=gettext_lazy("Report due by"), widget=DateInput())
    units = ModelMultipleChoiceField(
        label=gettext_lazy("Units that must report"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=gettext_lazy("Leave empty for every member unit at the top of the committee's tree."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(committee=access.committee, valid_to__isnull=True)
        self.fields["units"].queryset = units
        unit_picker(self, "units", access, everyone=True, queryset=units)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        refuse_control_characters(self, cleaned, ("note",))
        return cleaned


@require_http_methods(["GET", "POST"])
@committee_view
def obligation_new(request, committee: str, year: int, period_id: int, *, access: Access):
    programme = get_object_or_404(Programme, committee=access.committee, year=year)
    period = get_object_or_404(ReportingPeriod, pk=period_id, programme=programme)
    access.require(Right.MANAGE_PROGRAMME)
    form = ObligationForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            reporting.obligation_save(
                access=access,
                user=request.user,
                period_id=period.pk,
                due_on=d["due_on"],
                unit_ids=[u.pk for u in d["units"]],
                note=d["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reporting deadline is set."))
            return redirect("programmes:detail_year", committee=committee, year=year)
    title = _("Reporting deadline: %(period)s") % {"period": period.name}
    return render(request, "programmes/form.html", {"form": form, "programme": programme, "title": title})


class ReportForm(forms.Form):
    went_well = forms.CharField(
        label=gettext_lazy("What went well"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    difficulties = forms.CharField(
        label=gettext_lazy("Difficulties"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    proposals = forms.CharField(
        label=gettext_lazy("Proposals"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


@require_http_methods(["GET", "POST"])
@committee_view
def unit_reports(request, committee: str, obligation_id: int, *, access: Access):
    """The units' reports for a deadline: a secretary closes their units'
    here; the standing office reads every unit's narrative."""
    obligation = get_object_or_404(
        ReportingObligation.objects.select_related("period__programme"),
        pk=obligation_id,
        period__programme__committee=access.committee,
    )
    sees_all = access.can(Right.MANAGE_PROGRAMME) or access.can(Right.DOWNLOAD_REPORTS)
    rows = [r for r in reporting.rows(obligation) if sees_all or r.unit.pk in access.unit_ids]
    may_close = {
        r.unit.pk
        for r in rows
        if access.can(Right.MANAGE_PROGRAMME) or (access.can(Right.ENTER_ACTIVITIES) and r.unit.pk in access.unit_ids)
    }
    if request.method == "POST":
        unit_id = request.POST.get("unit", "")
        if not unit_id.isdigit() or int(unit_id) not in may_close:
            raise PermissionDenied
        form = ReportForm(request.POST, prefix=f"u{unit_id}")
        if form.is_valid():
            try:
                reporting.unit_report_close(
                    access=access,
                    user=request.user,
                    obligation_id=obligation.pk,
                    unit_id=int(unit_id),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(request, _("The unit's report for the period is closed."))
        else:
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        return redirect("programmes:unit_reports", committee=committee, obligation_id=obligation.pk)
    forms_by_unit = {
        r.unit.pk: ReportForm(
            initial={k: getattr(r.report, k) for k in reporting.NARRATIVE} if r.report else None,
            prefix=f"u{r.unit.pk}",
        )
        for r in rows
        if r.unit.pk in may_close
    }
    return render(
        request,
        "programmes/unit_reports.html",
        {
            "obligation": obligation,
            "programme": obligation.period.programme,
            "rows": [(r, forms_by_unit.get(r.unit.pk)) for r in rows],
            "sees_all": sees_all,
        },
    )
