"""Planning a programme: its details and policy documents, its contents
(tasks) with lead and supporting units, progress posted by the lead unit,
and its targets."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coordination.models import Unit
from coordination.permissions import Access, Right
from coordination.pickers import unit_picker
from coordination.views import committee_view, flash_errors
from kit.fields import GroupedIntegerField, ModelForm
from kit.widgets import DateInput
from programmes import services
from programmes.locks import hold
from programmes.measures import measure_choices
from programmes.models import PolicyDocument, PolicyTarget, Programme, ProgrammeTask, ReportingPeriod, Target


def _unit_widgets(form, access: Access, *names):
    for name in names:
        queryset = Unit.objects.filter(committee=access.committee, valid_to__isnull=True)
        unit_picker(form, name, access, everyone=True, queryset=queryset)


class ProgrammeForm(ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "number_symbol", "signed_on", "data_year", "tet_from", "policy_documents"]
        widgets = {"signed_on": DateInput(), "policy_documents": forms.CheckboxSelectMultiple}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_documents"].queryset = PolicyDocument.objects.filter(committee=access.committee)
        for name in ("data_year", "tet_from"):  # left out of a post: kept as they are
            self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_data_year(self):
        return self.cleaned_data.get("data_year") or self.instance.data_year

    def clean_tet_from(self):
        return self.cleaned_data.get("tet_from") or self.instance.tet_from


class TaskForm(ModelForm):
    class Meta:
        model = ProgrammeTask
        fields = ["order", "title", "description", "lead_unit", "supporting_units", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        _unit_widgets(self, access, "lead_unit", "supporting_units")
        self.fields["supporting_units"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False


class PeriodForm(ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "cutoff"]
        widgets = {"start": DateInput(), "end": DateInput(), "cutoff": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PolicyTargetForm(ModelForm):
    target_value = GroupedIntegerField(label=gettext_lazy("target value"), max_value=10**13)

    class Meta:
        model = PolicyTarget
        fields = ["category", "measure", "target_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"] = forms.ChoiceField(label=gettext_lazy("measure"), choices=measure_choices())
        self.helper = FormHelper()
        self.helper.form_tag = False


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=gettext_lazy("Progress note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TargetForm(ModelForm):
    target_value = GroupedIntegerField(label=gettext_lazy("target value"), max_value=10**13)

    class Meta:
        model = Target
        fields = ["category", "measure", "target_value", "unit"]

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"] = forms.ChoiceField(label=gettext_lazy("measure"), choices=measure_choices())
        _unit_widgets(self, access, "unit")
        self.fields["unit"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False


def _hold_open(programme_id: int | None) -> None:
    """Locks the programme row and refuses a closed year: its title, number,
    tasks and targets stay as they were when it closed."""
    for programme in hold(programme_id):
        if programme.is_closed:
            raise ValidationError(
                _("The %(year)s programme year is closed; reopen it before changing it.") % {"year": programme.year}
            )


@transaction.atomic
def _save(access: Access, user, obj):
    access.require(Right.MANAGE_PROGRAMME)
    _hold_open(obj.pk if isinstance(obj, Programme) else getattr(obj, "programme_id", None))
    obj._history_user = user
    obj.full_clean()
    obj.save()
    return obj


def _programme(access: Access, year: int) -> Programme:
    return get_object_or_404(Programme, committee=access.committee, year=year)


def _form_page(request, form, programme: Programme, title):
    """The edit page; a closed year's form is shown read-only, without a
    save button (a forged post changes nothing either: disabled fields keep
    their stored values and _save refuses the closed year)."""
    if programme.is_closed:
        for field in form.fields.values():
            field.disabled = True
    return render(request, "programmes/form.html", {"form": form, "programme": programme, "title": title})


def _back(committee: str, year: int):
    return redirect("programmes:detail_year", committee=committee, year=year)


@require_http_methods(["GET", "POST"])
@committee_view
def programme_edit(request, committee: str, year: int, *, access: Access):
    programme = _programme(access, year)
    access.require(Right.MANAGE_PROGRAMME)
    form = ProgrammeForm(request.POST or None, instance=programme, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _save(access, request.user, form.instance)
                form.instance.policy_documents.set(form.cleaned_data["policy_documents"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme was saved."))
            return _back(committee, year)
    return _form_page(request, form, programme, programme.title)


@require_http_methods(["GET", "POST"])
@committee_view
def task_edit(request, committee: str, year: int, task_id: int | None = None, *, access: Access):
    programme = _programme(access, year)
    task = get_object_or_404(ProgrammeTask, pk=task_id, programme=programme) if task_id else None
    access.require(Right.MANAGE_PROGRAMME)
    initial = {} if task else {"order": (programme.tasks.count() + 1)}
    form = TaskForm(
        request.POST or None, instance=task or ProgrammeTask(programme=programme), access=access, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = _save(access, request.user, form.instance)
                saved.supporting_units.set(form.cleaned_data["supporting_units"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme content was saved."))
            return _back(committee, year)
    title = task.title if task else _("New programme content")
    return _form_page(request, form, programme, title)


@require_POST
@committee_view
def task_progress(request, committee: str, year: int, task_id: int, *, access: Access):
    """The lead unit's secretary (or the standing office) posts progress."""
    programme = _programme(access, year)
    task = get_object_or_404(ProgrammeTask, pk=task_id, programme=programme)
    if not (access.can(Right.MANAGE_PROGRAMME) or (access.is_secretary and task.lead_unit_id in access.unit_ids)):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Progress must be a whole number from 0 to 100, in an open year."))
        return _back(committee, year)
    try:
        with transaction.atomic():
            _hold_open(programme.pk)
            task.progress = form.cleaned_data["progress"]
            task.progress_note = form.cleaned_data["note"]
            task._history_user = request.user
            task.save(update_fields=["progress", "progress_note"])
    except ValidationError as error:
        flash_errors(request, error)
        return _back(committee, year)
    messages.success(request, _("Progress posted."))
    return _back(committee, year)


@require_http_methods(["GET", "POST"])
@committee_view
def target_edit(request, committee: str, year: int, target_id: int | None = None, *, access: Access):
    programme = _programme(access, year)
    target = get_object_or_404(Target, pk=target_id, programme=programme) if target_id else None
    access.require(Right.MANAGE_PROGRAMME)
    form = TargetForm(request.POST or None, instance=target or Target(programme=programme), access=access)
    if request.method == "POST" and form.is_valid():
        try:
            _save(access, request.user, form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The target was saved."))
            return _back(committee, year)
    return _form_page(request, form, programme, _("Target"))


# -- reporting periods ---------------------------------------------------------
@require_POST
@committee_view
def periods_usual(request, committee: str, year: int, *, access: Access):
    programme = _programme(access, year)
    try:
        added = services.periods_add_usual(access=access, user=request.user, programme_id=programme.pk)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(count)s usual periods added.") % {"count": added})
    return _back(committee, year)


@require_http_methods(["GET", "POST"])
@committee_view
def period_edit(request, committee: str, year: int, period_id: int | None = None, *, access: Access):
    programme = _programme(access, year)
    access.require(Right.MANAGE_PROGRAMME)
    period = get_object_or_404(ReportingPeriod, pk=period_id, programme=programme) if period_id else None
    form = PeriodForm(request.POST or None, instance=period or ReportingPeriod(programme=programme))
    if period is not None and period.is_locked:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.period_save(access=access, user=request.user, period=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The period was saved."))
            return _back(committee, year)
    title = period.name if period else _("New reporting period")
    return _form_page(request, form, programme, title)


@require_POST
@committee_view
def period_lock(request, committee: str, year: int, period_id: int, *, access: Access):
    programme = _programme(access, year)
    period = get_object_or_404(ReportingPeriod, pk=period_id, programme=programme)
    try:
        if request.POST.get("action") == "reopen":
            services.period_reopen(
                access=access, user=request.user, period_id=period.pk, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The period was reopened."))
        else:
            services.period_lock(
                access=access, user=request.user, period_id=period.pk, note=request.POST.get("note", "")
            )
            messages.success(request, _("The period is locked: its figures are frozen."))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(committee, year)


# -- targets of a policy document's period ----------------------------------------
@require_http_methods(["GET", "POST"])
@committee_view
def policy_target_edit(request, committee: str, document: int, target_id: int | None = None, *, access: Access):
    """A target for the whole period of a Đề án or resolution, entered once;
    the period page shows each year's progress against it."""
    access.require(Right.MANAGE_PROGRAMME)
    doc = get_object_or_404(PolicyDocument, pk=document, committee=access.committee)
    target = get_object_or_404(PolicyTarget, pk=target_id, document=doc) if target_id else None
    form = PolicyTargetForm(request.POST or None, instance=target or PolicyTarget(document=doc))
    if request.method == "POST" and form.is_valid():
        try:
            _save(access, request.user, form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The target for the period was saved."))
            return redirect("reports:period", committee=committee, document=doc.pk)
    return render(
        request,
        "programmes/policy_target_form.html",
        {
            "form": form,
            "doc": doc,
            "title": _("Target for %(start)s–%(end)s") % {"start": doc.period_start, "end": doc.period_end},
        },
    )
