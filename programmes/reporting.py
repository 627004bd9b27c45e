"""Reporting deadlines: the standing office says which units report a
period by when; each unit closes its report with a short narrative; the
status of each (on time, late, missing, not yet due) is worked out here,
the one place that says it."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import Unit
from coordination.permissions import Access, Right
from kit.fields import clean_text
from kit.templatetags.vn import person
from programmes.models import ReportingObligation, ReportingPeriod, UnitReport

NARRATIVE = ("went_well", "difficulties", "proposals")
STATUS_LABELS = {
    "on_time": gettext_lazy("On time"),
    "late": gettext_lazy("Late"),
    "missing": gettext_lazy("Missing"),
    "pending": gettext_lazy("Not yet due"),
}


def due_units(obligation: ReportingObligation) -> list[Unit]:
    """The units that must report: those named, or every unit at the top of
    the committee's tree that exists on the due day."""
    named = list(obligation.units.all())
    if named:
        return sorted(named, key=lambda u: (u.order, u.name))
    committee_id = obligation.period.programme.committee_id
    return list(
        Unit.objects.filter(committee=committee_id, parent__isnull=True)
        .valid_on(obligation.due_on)
        .order_by("order", "name")
    )


def status_of(obligation: ReportingObligation, report: UnitReport | None, today: dt.date | None = None) -> str:
    """On time: closed by the end of the due day (Vietnam time); late: closed
    after it; missing: not closed and the day has passed; else not yet due."""
    today = today or timezone.localdate()
    if report is not None:
        return "on_time" if timezone.localtime(report.closed_at).date() <= obligation.due_on else "late"
    return "missing" if today > obligation.due_on else "pending"


@dataclass(frozen=True)
class Row:
    unit: Unit
    report: UnitReport | None
    status: str
    # days past the due day: to its closing, or to today while it is missing
    days_late: int

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def rows(obligation: ReportingObligation, today: dt.date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    reports = {r.unit_id: r for r in obligation.reports.all()}
    out = []
    for unit in due_units(obligation):
        report = reports.get(unit.pk)
        day = timezone.localtime(report.closed_at).date() if report else today
        out.append(Row(unit, report, status_of(obligation, report, today), max((day - obligation.due_on).days, 0)))
    return out


@transaction.atomic
def obligation_save(
    *, access: Access, user, period_id: int, due_on: dt.date, unit_ids=(), note: str = "", obligation_id=None
) -> ReportingObligation:
    access.require(Right.MANAGE_PROGRAMME)
    period = ReportingPeriod.objects.select_related("programme").get(
        pk=period_id, programme__committee=access.committee
    )
    if due_on < period.start or due_on.year > period.programme.year + 1:
        raise ValidationError(
            _("The deadline lies between the start of the period (%(start)s) and the end of next year.")
            % {"start": period.start.strftime("%d/%m/%Y")}
        )
    note = clean_text(note, 300)
    if "\n" in note or "\r" in note:
        raise ValidationError(_("The note holds one line."))
    units = list(Unit.objects.filter(committee=access.committee, pk__in=list(unit_ids)))
    if len(units) != len(set(unit_ids)):
        raise ValidationError(_("Choose units of the committee."))
    if obligation_id:
        obligation = ReportingObligation.objects.select_for_update().get(pk=obligation_id, period=period)
    else:
        obligation = ReportingObligation(period=period, created_by=user)
    obligation.due_on, obligation.note = due_on, note
    obligation.save()
    obligation.units.set(units)
    return obligation


@transaction.atomic
def unit_report_close(*, access: Access, user, obligation_id: int, unit_id: int, **narrative) -> UnitReport:
    """Closes a unit's report for the period with its narrative (or saves
    the narrative again: the day it was first closed stays)."""
    obligation = ReportingObligation.objects.select_related("period__programme").get(
        pk=obligation_id, period__programme__committee=access.committee
    )
    unit = next((u for u in due_units(obligation) if u.pk == unit_id), None)
    if unit is None:
        raise ValidationError(_("This unit does not report for this deadline."))
    if not access.can(Right.MANAGE_PROGRAMME):
        access.require(Right.ENTER_ACTIVITIES)
        if unit.pk not in access.unit_ids:
            raise PermissionDenied
    texts = {name: clean_text(narrative.get(name, ""), 4000) for name in NARRATIVE}
    if not any(texts.values()):
        raise ValidationError(_("Write at least a line on the period: what went well, the difficulties or proposals."))
    name = person(user)
    report = UnitReport.objects.select_for_update().filter(obligation=obligation, unit=unit).first()
    if report is None:
        report = UnitReport(obligation=obligation, unit=unit, closed_at=timezone.now(), closed_by=user, name=name)
    for key, value in texts.items():
        setattr(report, key, value)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # closed at the same moment by someone else
        raise ValidationError(_("The report was just closed by someone else; open it again.")) from None
    return report
