import json

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import MAX_AMOUNT, MAX_QUANTITY, Activity
from coordination.models import Locality, Unit
from coordination.permissions import Access, scope_units
from coordination.pickers import locality_picker, unit_picker
from kit.fields import (
    DateField,
    GroupedIntegerField,
    ModelChoiceField,
    ModelForm,
    MoneyField,
    reject_control_characters,
)
from kit.widgets import DateInput
from programmes.measures import FUNDING_MEASURES, QUANTITY_MEASURES
from programmes.models import ActivityCategory, Programme


class ActivityForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "programme",
            "category",
            "title",
            "description",
            "start_date",
            "end_date",
            "lead_unit",
            "participating_units",
            "locality",
            *[m.name for m in QUANTITY_MEASURES],
            *[m.name for m in FUNDING_MEASURES],
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        programmes = Programme.objects.filter(committee=access.committee).exclude(status=Programme.Status.CLOSED)
        if self.instance.pk:
            programmes = programmes | Programme.objects.filter(pk=self.instance.programme_id)
        f = self.fields
        f["programme"].queryset = programmes.order_by("-year")
        f["programme"].label_from_instance = lambda p: str(p.year)
        f["programme"].label = _("Programme year")
        f["category"].queryset = ActivityCategory.objects.all()
        f["category"].required = False
        f["category"].widget.attrs["data-category-measures"] = json.dumps(
            {str(c.pk): c.measures for c in ActivityCategory.objects.all()}
        )
        f["title"].help_text = _("e.g. Handing over a comrade house to a veteran's family in Vân Khê commune")
        for name in ("start_date", "end_date"):
            f[name] = DateField(
                label=Activity._meta.get_field(name).verbose_name.capitalize(), required=False, widget=DateInput()
            )
        for name in Activity.SUBMISSION_FIELDS:
            f[name].needed_to_submit = True
        f["lead_unit"].queryset = scope_units(access)
        unit_picker(self, "lead_unit", access, date_field="start_date")
        f["participating_units"].queryset = Unit.objects.filter(committee=access.committee)
        f["participating_units"].required = False
        f["participating_units"].help_text = _(
            "Units that took part. Each activity counts once in totals, however many units took part."
        )
        unit_picker(self, "participating_units", access, everyone=True, date_field="start_date")
        f["locality"].queryset = Locality.objects.all()
        # Offer the units and communes as they were on the activity's date.
        locality_picker(self, "locality", access, date_field="start_date")
        for m in QUANTITY_MEASURES:
            f[m.name] = GroupedIntegerField(
                label=f"{str(m.label).capitalize()} ({m.unit_of_measure})", required=False, max_value=MAX_QUANTITY
            )
        for m in FUNDING_MEASURES:
            f[m.name] = MoneyField(label=str(m.label).capitalize(), required=False, max_value=MAX_AMOUNT)
            f[m.name].widget.attrs["placeholder"] = "0"
            f[m.name].help_text = _("In đồng, e.g. 2.000.000")
        if not self.instance.pk:
            f["programme"].initial = programmes.order_by("-year").values_list("pk", flat=True).first()
            units = list(f["lead_unit"].queryset.filter(path__in=access.unit_paths)[:2])
            if len(units) == 1:
                f["lead_unit"].initial = units[0].pk
        else:
            f["version"].initial = self.instance.version

    def quantity_fields(self):
        """The results, in the order of the measures (the page shows those of the chosen category)."""
        return [self[m.name] for m in QUANTITY_MEASURES]

    def funding_fields(self):
        return [self[m.name] for m in FUNDING_MEASURES]

    def clean(self):
        cleaned = super().clean()
        if self.data.get("action") == "submit":
            # Sending for review: every field it needs is marked at once,
            # with the other errors, not on the next try.
            for name in Activity.SUBMISSION_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, Activity.needed_to_submit(name))
        return cleaned

    def clean_title(self):
        return reject_control_characters(self.cleaned_data["title"])

    def clean_description(self):
        return reject_control_characters(self.cleaned_data["description"])

    def _get_validation_exclusions(self):
        # The choice fields have already fetched these rows from their (scoped)
        # querysets, and the service checks the model in full before saving:
        # asking the database once more whether they exist adds nothing.
        return super()._get_validation_exclusions() | {"programme", "category", "lead_unit", "locality"}

    def _post_clean(self):
        # Blank numbers mean zero; set them before the model is validated.
        for m in (*QUANTITY_MEASURES, *FUNDING_MEASURES):
            if self.cleaned_data.get(m.name) is None and m.name in self.cleaned_data:
                self.cleaned_data[m.name] = 0
        super()._post_clean()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("participating_units", None)
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for returning the activity.")},
    )


SORT_CHOICES = [
    ("-start_date", _("Newest first")),
    ("start_date", _("Oldest first")),
    ("title", _("Title")),
    ("category", _("Category")),
    ("lead_unit", _("Lead unit")),
    ("-amount", _("Largest amount")),
    ("status", _("Status")),
]


class ActivityFilterForm(forms.Form):
    """The list's filters, read from the query string. Bad values are
    reported on the form and ignored, never a 500."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    # A range of programme years (a five-year Đề án), used by its review's links.
    year_from = forms.IntegerField(label=_("From programme year"), required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To programme year"), required=False, min_value=2000, max_value=2100)
    category = ModelChoiceField(label=_("Category"), queryset=ActivityCategory.objects.all(), required=False)
    unit = ModelChoiceField(label=_("Unit (with sub-units)"), queryset=Unit.objects.none(), required=False)
    locality = ModelChoiceField(label=_("Locality"), queryset=Locality.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Activity.Status.choices, ("reported", _("Submitted or confirmed"))],
        required=False,
    )
    credit = forms.ChoiceField(
        label=_("Unit's part"),
        choices=[("", _("Led or took part")), ("lead", _("Led"))],
        required=False,
    )
    no_locality = forms.BooleanField(label=_("Without a locality"), required=False)
    fold = forms.BooleanField(label=_("With the localities merged into it"), required=False)
    date_from = DateField(label=_("Started from"), required=False, widget=DateInput())
    date_to = DateField(label=_("Started until"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, access: Access, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["unit"].queryset = scope_units(access)
        unit_picker(self, "unit", access, dated=False)
        locality_picker(self, "locality", access, dated=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and last < first:
            self.add_error("year_to", _("The last year is before the first."))
        return cleaned
