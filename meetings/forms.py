"""Forms of the meeting pages."""

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from coordination.models import Member, Unit
from coordination.permissions import Access
from coordination.pickers import unit_picker
from kit.fields import DateField, ModelForm, TimeField
from kit.widgets import DateInput
from meetings.models import FollowUp, Meeting
from programmes.models import Programme


class MeetingForm(ModelForm):
    day = DateField(label=gettext_lazy("Date"), widget=DateInput())
    time = TimeField(
        label=gettext_lazy("Time"),
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
        initial=dt.time(8, 0),  # most meetings open at eight: a value, not a grey hint that fails as empty
    )

    class Meta:
        model = Meeting
        fields = ["kind", "title", "place", "programme", "co_chairs", "conclusions"]
        widgets = {"conclusions": forms.Textarea(attrs={"rows": 5}), "co_chairs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(committee=access.committee).order_by("-year")
        self.fields["co_chairs"].queryset = Member.objects.filter(
            committee=access.committee, term_end__isnull=True, role__in=["head", "standing_deputy", "deputy"]
        )
        self.fields["co_chairs"].required = False
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.fields["day"].initial, self.fields["time"].initial = local.date(), local.time()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-md-4"),
                Column("programme", css_class="col-md-4"),
                Column("day", css_class="col-6 col-md-2"),
                Column("time", css_class="col-6 col-md-2"),
            ),
            "title",
            "place",
            "co_chairs",
            "conclusions",
        )

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class FollowUpForm(ModelForm):
    class Meta:
        model = FollowUp
        fields = ["description", "assigned_unit", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "deadline": DateInput()}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_unit"].queryset = Unit.objects.filter(committee=access.committee)
        # The units that exist when the follow-up falls due (today before a deadline is typed).
        unit_picker(self, "assigned_unit", access, everyone=True, date_field="deadline")
        self.helper = FormHelper()
        self.helper.form_tag = False


# -- services ------------------------------------------------------------------
