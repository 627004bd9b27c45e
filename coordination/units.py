"""Member units: the tree from province to grassroots, a page per unit, and
the changes of the 2025 kind (renaming, merging, dissolving) that keep every
past activity and report attached to the unit as it was."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coordination.models import Unit
from coordination.permissions import Access, Right
from coordination.views import committee_view
from kit.collation import tree_sorted
from kit.fields import DateField, ModelChoiceField
from kit.widgets import DateInput


class UnitChangeForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Change"),
        choices=[
            ("rename", gettext_lazy("Renamed (a new name from a date)")),
            ("merge", gettext_lazy("Merged into another unit")),
            ("dissolve", gettext_lazy("Dissolved")),
        ],
    )
    day = DateField(label=gettext_lazy("From (dd/mm/yyyy)"), widget=DateInput())
    new_name = forms.CharField(label=gettext_lazy("New name"), max_length=255, required=False)
    into = ModelChoiceField(label=gettext_lazy("Merged into"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Unit.objects.filter(committee=unit.committee_id, valid_to__isnull=True).exclude(
            pk=unit.pk
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "rename" and not cleaned.get("new_name", "").strip():
            self.add_error("new_name", _("Give the new name."))
        if cleaned.get("action") == "merge" and not cleaned.get("into"):
            self.add_error("into", _("Choose the unit it was merged into."))
        return cleaned


@transaction.atomic
def unit_change(
    *, access: Access, user, unit_id: int, action: str, day: dt.date, new_name: str = "", into: Unit | None = None
) -> Unit | None:
    """Ends the unit the day before `day`. A renamed unit continues as a new
    row (same parent, kind and place) that succeeds it; a merged one points
    to the unit that absorbed it. Nothing attached to it moves."""
    access.require(Right.MANAGE_UNITS)
    unit = Unit.objects.select_for_update().get(pk=unit_id, committee=access.committee)
    if unit.valid_to is not None:
        raise ValidationError(_("This unit has already ended."))
    if unit.valid_from and day <= unit.valid_from:
        raise ValidationError(_("The change must come after the unit began."))
    unit.valid_to = day - dt.timedelta(days=1)
    successor = None
    if action == "rename":
        successor = Unit(
            committee=access.committee,
            name=new_name.strip(),
            kind=unit.kind,
            parent=unit.parent,
            stationed_at=unit.stationed_at,
            valid_from=day,
            order=unit.order,
        )
        successor._history_user = user
        successor.full_clean(validate_constraints=False)
        successor.save()
    elif action == "merge":
        successor = into
    unit.successor = successor
    unit._history_user = user
    unit.full_clean(validate_constraints=False)
    unit.save()
    if successor is not None:
        # Sub-units carry on under the successor.
        for child in Unit.objects.filter(parent=unit, valid_to__isnull=True):
            child.parent = successor
            child._history_user = user
            child.save()
    return successor


@require_GET
@committee_view
def unit_tree(request, committee: str, *, access: Access):
    units = tree_sorted(
        Unit.objects.filter(committee=access.committee).select_related("stationed_at", "successor"),
        path=lambda u: u.path,
        name=lambda u: u.name,
        order=lambda u: u.order,
    )
    for u in units:
        u.depth = u.path.count("/") - 1
    show_ended = request.GET.get("ended") == "1"
    if not show_ended:
        units = [u for u in units if not u.has_ended_by(timezone.localdate())]
    return render(request, "coordination/units.html", {"units": units, "show_ended": show_ended})
