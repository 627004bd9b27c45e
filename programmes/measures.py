"""The measures an activity records, in one place: the model columns, the
form, targets, figures and the printed annexes all read this registry."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kit.text import with_unit  # noqa: F401 -- the measures' captions use it


@dataclass(frozen=True)
class Measure:
    name: str
    label: str | Promise
    unit_of_measure: str | Promise  # ĐVT printed in annex tables
    money: bool = False


QUANTITY_MEASURES: tuple[Measure, ...] = (
    Measure("houses_built", _("houses built"), _("house")),
    Measure("houses_repaired", _("houses repaired"), _("house")),
    Measure("beneficiaries", _("beneficiaries"), _("person-times")),
    Measure("people_examined", _("people examined"), _("person-times")),
    Measure("gifts", _("gifts"), _("gift package")),
    Measure("sessions", _("sessions"), _("session")),
    Measure("participants", _("participants"), _("person-times")),
    Measure("man_days", _("man-days"), _("man-day")),
)

FUNDING_MEASURES: tuple[Measure, ...] = (
    Measure("funding_state", _("state budget"), _("dong"), money=True),
    Measure("funding_social", _("socialized contributions"), _("dong"), money=True),
    Measure("funding_units", _("units' own contributions"), _("dong"), money=True),
)

# Not a column: the sum of the funding columns, usable as a target.
AMOUNT_TOTAL = Measure("amount_total", _("total value"), _("dong"), money=True)

MEASURES: dict[str, Measure] = {m.name: m for m in (*QUANTITY_MEASURES, *FUNDING_MEASURES, AMOUNT_TOTAL)}
QUANTITY_FIELDS = tuple(m.name for m in QUANTITY_MEASURES)
FUNDING_FIELDS = tuple(m.name for m in FUNDING_MEASURES)


def measure_choices() -> list[tuple[str, str | Promise]]:
    return [(m.name, m.label) for m in MEASURES.values()]
