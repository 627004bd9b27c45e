import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import Member
from kit.fields import DateField, ModelChoiceField, ModelForm, refuse_control_characters
from kit.widgets import DateInput
from programmes.models import PolicyDocument, ReportingPeriod
from reports.documents import joint_signatures, signature
from reports.kinds import kind_of
from reports.models import ReviewDraft
from reports.profiles import PROFILES


class DocumentRequestForm(forms.Form):
    """The details printed on the yearly review, prefilled from the
    committee and stored with the run."""

    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[
            ("yearly_review", _("Yearly review report")),
            ("meeting_packet", _("Meeting packet")),
            ("interim_review", _("Preliminary review of a period (e.g. the first six months)")),
            ("period_review", _("Period review")),
        ],
    )
    period = ModelChoiceField(
        label=_("Reporting period (for a preliminary review)"), queryset=ReportingPeriod.objects.none(), required=False
    )
    meeting = ModelChoiceField(label=_("Conference (for a meeting packet)"), queryset=None, required=False)
    policy_document = ModelChoiceField(
        label=_("Policy document (for a period review)"), queryset=PolicyDocument.objects.none(), required=False
    )
    annexes = forms.BooleanField(label=_("With the annex tables"), required=False, initial=True)
    register = forms.BooleanField(label=_("With the full list of activities"), required=False, initial=False)
    profile = forms.ChoiceField(
        label=_("Document format"),
        choices=[("party", _("Party document format")), ("state", _("State document format"))],
    )
    parent_body = forms.CharField(label=_("Parent body (first header line)"), max_length=200, required=False)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=300)
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("Leave empty to write it by hand after printing.")
    )
    symbol = forms.CharField(label=_("Symbol"), max_length=50)
    place = forms.CharField(label=_("Place in the date line"), max_length=100)
    date = DateField(label=_("Date"), widget=DateInput())
    signer = ModelChoiceField(label=_("Signer"), queryset=Member.objects.none())
    distribution = forms.CharField(
        label=_("Distribution (one recipient per line)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    joint = forms.BooleanField(
        label=_("Signed jointly by the heads of the co-running bodies (liên tịch)"),
        required=False,
        help_text=_("Two signature blocks side by side, one for each co-running body, instead of the committee's."),
    )

    def __init__(self, *args, committee, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        if programme is not None:
            self.fields["period"].queryset = programme.periods.exclude(kind="year")
        # The committee's reverse relation: the form offers the meetings
        # without depending on the meetings app.
        self.fields["meeting"].queryset = committee.meetings.order_by("-starts_at")
        self.fields["policy_document"].queryset = PolicyDocument.objects.filter(committee=committee)
        self.fields["signer"].queryset = Member.objects.filter(
            committee=committee,
            role__in=[Member.Role.HEAD, Member.Role.STANDING_DEPUTY, Member.Role.DEPUTY],
            term_end__isnull=True,
        ).order_by("order")
        self.fields["signer"].label_from_instance = lambda m: f"{m.full_name} – {m.get_role_display()}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-md-3"),
                Column("period", css_class="col-md-3"),
                Column("meeting", css_class="col-md-3"),
                Column("policy_document", css_class="col-md-3"),
            ),
            Row(Column("profile", css_class="col-md-6"), Column("annexes", "register", css_class="col-md-6 pt-md-4")),
            Fieldset(
                _("Letterhead"),
                Row(Column("parent_body", css_class="col-md-6"), Column("issuing_body", css_class="col-md-6")),
                Row(
                    Column("number", css_class="col-4"),
                    Column("symbol", css_class="col-4"),
                    Column("date", css_class="col-4"),
                ),
                "place",
            ),
            Fieldset(_("Signature and distribution"), "signer", "joint", "distribution"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "meeting_packet" and not cleaned.get("meeting"):
            self.add_error("meeting", _("Choose the conference the packet is for."))
        if cleaned.get("kind") == "interim_review" and not cleaned.get("period"):
            self.add_error("period", _("Choose the reporting period the review is for."))
        if cleaned.get("kind") == "period_review" and not cleaned.get("policy_document"):
            self.add_error("policy_document", _("Choose the policy document whose period is reviewed."))
        refuse_control_characters(
            self, cleaned, ("parent_body", "issuing_body", "number", "symbol", "place", "distribution")
        )
        if cleaned.get("joint") and cleaned.get("date"):
            blocks = joint_signatures(self.committee, cleaned["date"])
            if len(blocks) < 2:
                self.add_error(
                    "joint",
                    _(
                        "A joint signature needs two co-running bodies, each with its head on the committee; "
                        "record them on the committee page first."
                    ),
                )
            self.joint_blocks = blocks
        return cleaned

    def options(self) -> dict:
        d = self.cleaned_data
        if d["kind"] == "period_review":
            return {}
        if d["kind"] == "interim_review":
            return {"annexes": d["annexes"]}
        return {"annexes": d["annexes"], "register": d["register"]}

    def subject(self):
        """What the chosen kind prints about (a meeting, a policy document)."""
        field = kind_of(self.cleaned_data["kind"]).subject_field
        return self.cleaned_data.get(field) if field else None

    def meta(self) -> dict:
        d = self.cleaned_data
        profile = PROFILES[d["profile"]]
        return {
            "profile": profile.code,
            "parent_body": d["parent_body"].upper(),
            "issuing_body": d["issuing_body"].upper(),
            "number": d["number"],
            "doc_type": "BC",
            "symbol": d["symbol"],
            "place": d["place"],
            "date": d["date"].isoformat(),
            **signature(profile.code, d["signer"]),
            "distribution": [line.strip() for line in d["distribution"].splitlines() if line.strip()][:30],
            **({"joint_signatures": self.joint_blocks} if d.get("joint") else {}),
        }

    @classmethod
    def initial_from(cls, meta: dict, committee) -> dict:
        head = Member.objects.filter(committee=committee, full_name=meta.get("signer_name")).first()
        return {
            "kind": "yearly_review",
            "annexes": True,
            "profile": meta.get("profile", "party"),
            "parent_body": meta.get("parent_body", ""),
            "issuing_body": meta.get("issuing_body", ""),
            "number": meta.get("number", ""),
            "symbol": meta.get("symbol", ""),
            "place": meta.get("place", ""),
            "date": dt.date.fromisoformat(meta["date"]) if meta.get("date") else None,
            "signer": head.pk if head else None,
            "distribution": "\n".join(meta.get("distribution", [])),
        }


class ReviewDraftForm(ModelForm):
    class Meta:
        model = ReviewDraft
        fields = ["general_assessment", "strengths", "limitations", "lessons", "directions", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}

    def __init__(self, *args, period=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        if document is not None:
            self.fields["directions"].label = _("directions and tasks for the next period")
        if period is not None:
            if period.kind == "first-half":
                self.fields["directions"].label = _("directions and tasks for the last six months")
            else:
                self.fields["directions"].label = _("directions and tasks for the time ahead")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        refuse_control_characters(self, cleaned, self.Meta.fields)
        return cleaned


class IssueForm(forms.Form):
    """Issuing a signed document: the day of issue, and the signed scan if
    it is at hand (it can follow)."""

    day = DateField(label=_("Day of issue"))
    scan = forms.FileField(
        label=_("Signed, sealed copy (scanned PDF)"),
        required=False,
        help_text=_("It can also be uploaded after the document is issued."),
    )


class OfficialCopyForm(forms.Form):
    scan = forms.FileField(label=_("Signed, sealed copy (scanned PDF)"))
