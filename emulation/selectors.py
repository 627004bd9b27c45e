"""What the register shows to whom, and the counts the summary and a unit's
page show of it."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from coordination.models import Unit
from coordination.permissions import Access
from emulation.models import CommendationEntry, CommendationProposal, Exemplar, Field, Level, Recognition
from kit.collation import vi
from reports.views.summary import add_to_summary


def visible_exemplars(access: Access):
    """The register as this user sees it: all of it, or a secretary's own
    units' entries (and those of the units below them)."""
    qs = Exemplar.objects.filter(committee=access.committee)
    if not access.sees_all:
        qs = qs.filter(unit_id__in=sorted(access.unit_ids))
    return qs


def model_counts(access: Access, year: int) -> list[tuple[int, str, str, int]]:
    """(model, field, level, year) of each recognition of a model in the
    year and the one before: one query, a few rows per model."""
    return list(
        Recognition.objects.filter(exemplar__in=visible_exemplars(access).filter(kind=Exemplar.Kind.MODEL))
        .filter(year__in=[year, year - 1])
        .order_by()
        .values_list("exemplar_id", "exemplar__field", "level", "year")
    )


def count_table(access: Access, year: int) -> dict:
    """The summary's table: a row per field, a column per level, each cell
    this year's count (last year's beside it) and a link to the register
    filtered to exactly those models."""
    recognitions = model_counts(access, year)
    url = reverse("emulation:register", kwargs={"committee": access.committee.slug})

    def link(**params) -> str:
        return f"{url}?{urlencode({'kind': Exemplar.Kind.MODEL, **params})}"

    def count(field=None, level=None, when=year) -> int:
        """Models, each once, recognised in `when` (in a field, at a level)."""
        return len(
            {
                pk
                for pk, f, lv, y in recognitions
                if y == when and (field is None or f == field) and (level is None or lv == level)
            }
        )

    rows = [
        {
            "label": field.label,
            "cells": [
                {
                    "now": count(field, level),
                    "before": count(field, level, year - 1),
                    "url": link(field=field.value, level=level.value, recognised=year),
                }
                for level in Level
            ],
            "now": count(field),
            "before": count(field, when=year - 1),
            "url": link(field=field.value, recognised=year),
        }
        for field in Field
    ]
    totals = [
        {
            "now": count(level=level),
            "before": count(level=level, when=year - 1),
            "url": link(level=level.value, recognised=year),
        }
        for level in Level
    ]
    return {
        "levels": list(Level),
        "rows": rows,
        "totals": totals,
        "now": count(),
        "before": count(when=year - 1),
        "url": link(recognised=year),
        "year": year,
    }


@add_to_summary
def summary_panel(request, access: Access, programme) -> str:
    """The "Dân vận khéo" models recognised in the year, on the summary."""
    return render_to_string("emulation/_summary_models.html", {"t": count_table(access, programme.year)}, request)


def unit_emulation(access: Access, unit: Unit) -> dict:
    """A unit's models and exemplars, and the approved commendations of it
    and its people, for its page."""
    exemplars = list(
        visible_exemplars(access)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("-registered_year", vi("name"))[:50]
    )
    commended = list(
        CommendationEntry.objects.filter(unit__path__startswith=unit.path, proposal__committee=access.committee)
        .filter(proposal__status=CommendationProposal.Status.APPROVED)
        .select_related("unit", "proposal__programme", "proposal__period", "proposal__policy_document")
        .order_by("-proposal__programme__year", "pk")[:50]
    )
    return {"exemplars": exemplars, "commended": commended}
