from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Locality
from coordination.permissions import Access, Right, scope_units
from coordination.pickers import locality_picker, unit_picker
from emulation.models import CommendationEntry, Exemplar, Field, Level
from kit.fields import EMPTY_CHOICE, ModelForm, refuse_control_characters


class ExemplarForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Exemplar
        fields = ["kind", "name", "position", "unit", "locality", "field", "registered_year", "results"]
        widgets = {"results": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        units = scope_units(access)
        if not access.can(Right.MANAGE_EMULATION):
            units = units.filter(pk__in=access.unit_ids)
        f["unit"].queryset = units
        unit_picker(self, "unit", access, dated=False, queryset=units)
        f["locality"].queryset = Locality.objects.all()
        locality_picker(self, "locality", access, dated=False)
        f["field"].choices = [("", EMPTY_CHOICE), *Field.choices]
        f["registered_year"].initial = timezone.localdate().year
        f["position"].help_text = _("Only for an exemplary individual.")
        f["results"].help_text = _(
            "What the model did and achieved: the people and households it reached, what changed."
        )
        if self.instance.pk:
            f["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-md-4"),
                Column("field", css_class="col-md-5"),
                Column("registered_year", css_class="col-md-3"),
            ),
            "name",
            "position",
            Row(Column("unit", css_class="col-md-6"), Column("locality", css_class="col-md-6")),
            "results",
            "version",
        )

    def clean_registered_year(self):
        year = self.cleaned_data["registered_year"]
        if year is not None and not (1990 <= year <= timezone.localdate().year + 1):
            raise forms.ValidationError(_("Give a year between 1990 and next year."))
        return year

    def clean(self):
        cleaned = super().clean()
        refuse_control_characters(self, cleaned, ("name", "position", "results"))
        if cleaned.get("kind") == Exemplar.Kind.INDIVIDUAL and not (cleaned.get("position") or "").strip():
            self.add_error("position", _("Give the person's position."))
        return cleaned

    def _get_validation_exclusions(self):
        # the unit and the locality are checked by the service, in scope
        return super()._get_validation_exclusions() | {"unit", "locality"}


class EvaluateForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Evaluation"),
        choices=[("recognise", _("Recognise it")), ("return", _("Return it to the unit"))],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *Level.choices], required=False)
    year = forms.IntegerField(label=_("Year recognised"), required=False, min_value=1990, max_value=2100)
    reference = forms.CharField(label=_("Decision (number, date)"), max_length=200, required=False)
    assessment = forms.CharField(
        label=_("Assessment, or what the unit should revise"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.helper = FormHelper()
        self.helper.form_tag = False


class EntryForm(ModelForm):
    class Meta:
        model = CommendationEntry
        fields = ["recipient", "form", "unit", "name", "position", "exemplar", "achievement"]
        widgets = {"achievement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["recipient"].choices = [("", EMPTY_CHOICE), *CommendationEntry.Recipient.choices]
        f["unit"].queryset = scope_units(access)
        unit_picker(self, "unit", access, dated=False, queryset=scope_units(access))
        f["exemplar"].queryset = Exemplar.objects.filter(committee=access.committee).exclude(
            status=Exemplar.Status.RETURNED
        )
        f["name"].required = False
        f["name"].help_text = _("A collective: leave empty to print the unit's name. An individual: their full name.")
        f["position"].help_text = _("Only for an individual.")
        f["achievement"].help_text = _("Leave empty to draft it from the unit's figures for the review.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("recipient", css_class="col-md-4"), Column("form", css_class="col-md-8")),
            Row(Column("unit", css_class="col-md-6"), Column("exemplar", css_class="col-md-6")),
            Row(Column("name", css_class="col-md-6"), Column("position", css_class="col-md-6")),
            "achievement",
        )

    def clean(self):
        cleaned = super().clean()
        refuse_control_characters(self, cleaned, ("name", "position", "achievement"))
        return cleaned

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"unit", "name", "proposal"}


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Exemplar.Kind.choices], required=False)
    field = forms.ChoiceField(label=_("Field"), choices=[("", _("All fields")), *Field.choices], required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Exemplar.Status.choices], required=False
    )
    registered = forms.IntegerField(label=_("Year registered"), required=False, min_value=1990, max_value=2100)
    recognised = forms.IntegerField(label=_("Year recognised"), required=False, min_value=1990, max_value=2100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
