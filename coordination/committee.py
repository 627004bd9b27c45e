"""The committee page: who sits on it, by role, and how its membership
changed over time (kiện toàn); the standing office manages the members."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coordination.models import Member, Unit
from coordination.permissions import Access, Right
from coordination.pickers import unit_picker
from coordination.views import committee_view
from kit.fields import ModelForm
from kit.widgets import DateInput

ROLE_ORDER = [r.value for r in Member.Role]


class MemberForm(ModelForm):
    class Meta:
        model = Member
        fields = ["full_name", "rank", "position", "unit", "role", "term_start", "term_end", "order"]

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(committee=access.committee)
        unit_picker(self, "unit", access, everyone=True, date_field="term_start")
        for name in ("term_start", "term_end"):
            self.fields[name].widget = DateInput()
        self.fields["term_end"].help_text = _("Fill in when the person leaves the committee; the record is kept.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("full_name", css_class="col-md-6"),
                Column("rank", css_class="col-md-3"),
                Column("order", css_class="col-md-3"),
            ),
            Row(Column("role", css_class="col-md-4"), Column("position", css_class="col-md-8")),
            "unit",
            Row(Column("term_start", css_class="col-6"), Column("term_end", css_class="col-6")),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term ends before it starts."))
        return cleaned


@transaction.atomic
def member_save(*, access: Access, user, member: Member | None, fields: dict) -> Member:
    access.require(Right.MANAGE_MEMBERS)
    member = member or Member(committee=access.committee)
    if member.committee_id != access.committee.pk:
        raise ValidationError(_("This member belongs to another committee."))
    for name, value in fields.items():
        setattr(member, name, value)
    member._history_user = user
    member.full_clean(validate_constraints=False)
    member.save()
    return member


def membership_changes(committee, limit: int = 30) -> list[dict]:
    """Who joined, left or changed role, newest first (from the history)."""
    records = list(
        Member.history.filter(committee_id=committee.pk)
        .select_related("history_user")
        .order_by("-history_date")[: limit * 3]
    )
    changes = []
    for record in records:
        previous = record.prev_record
        when = record.history_date.date()
        if previous is None:
            what = _("joined as %(role)s") % {"role": record.get_role_display()}
            when = record.term_start or when
        elif previous.term_end != record.term_end and record.term_end:
            what = _("left on %(date)s") % {"date": record.term_end.strftime("%d/%m/%Y")}
            when = record.term_end
        elif previous.role != record.role:
            what = _("now %(role)s") % {"role": record.get_role_display()}
        elif previous.position != record.position:
            what = _("position: %(position)s") % {"position": record.position}
        else:
            continue
        changes.append({"when": when, "who": record.history_user, "name": record.full_name, "what": what})
        if previous is None and record.term_end:  # recorded with its end already known
            left = _("left on %(date)s") % {"date": record.term_end.strftime("%d/%m/%Y")}
            changes.append(
                {"when": record.term_end, "who": record.history_user, "name": record.full_name, "what": left}
            )
        if len(changes) == limit:
            break
    # By the date the change took effect, newest first.
    return sorted(changes, key=lambda c: c["when"], reverse=True)


@require_GET
@committee_view
def committee_detail(request, committee: str, *, access: Access):
    today = timezone.localdate()
    members = list(Member.objects.filter(committee=access.committee).select_related("unit"))
    current = [m for m in members if m.term_end is None or m.term_end >= today]
    former = sorted((m for m in members if m.term_end and m.term_end < today), key=lambda m: m.term_end, reverse=True)
    groups = []
    for role in Member.Role:
        people = sorted((m for m in current if m.role == role), key=lambda m: (m.order, m.pk))
        if people:
            groups.append((role.label, people))
    return render(
        request,
        "coordination/committee.html",
        {
            "groups": groups,
            "former": former,
            "changes": membership_changes(access.committee),
            "co_running": list(access.committee.co_running_units.all()),
            "can_manage": access.can(Right.MANAGE_MEMBERS),
        },
    )


@require_http_methods(["GET", "POST"])
@committee_view
def member_edit(request, committee: str, member_id: int | None = None, *, access: Access):
    member = get_object_or_404(Member, pk=member_id, committee=access.committee) if member_id else None
    access.require(Right.MANAGE_MEMBERS)
    form = MemberForm(request.POST or None, instance=member, access=access)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in MemberForm.Meta.fields}
        try:
            member_save(access=access, user=request.user, member=member, fields=fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The committee's membership was updated."))
            return redirect("coordination:committee", committee=committee)
    return render(request, "coordination/member_form.html", {"form": form, "member": member})
