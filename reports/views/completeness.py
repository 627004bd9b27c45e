"""The completeness board: for a reporting deadline, each unit that must
report — on time, late or missing — with its activities of the period in
draft, submitted (and how long the oldest has waited for review), returned
and confirmed, each figure a link to the activities behind it; sortable,
exported to Excel, with the on-time rate of every deadline."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activities.exchange import table_xlsx
from activities.models import Activity
from coordination.models import Unit
from coordination.permissions import Access, Right
from coordination.views import committee_view
from kit.fields import parse_id
from programmes import reporting
from programmes.models import ReportingObligation
from reports import charts, figures

STATUSES = ("draft", "submitted", "returned", "confirmed")
SORTS = {
    "unit": lambda r: (r["unit"].name.casefold(),),
    "status": lambda r: (["missing", "late", "pending", "on_time"].index(r["status"]), r["unit"].name.casefold()),
    "late": lambda r: (-r["days_late"], r["unit"].name.casefold()),
    "waiting": lambda r: (-(r["waiting"] or -1), r["unit"].name.casefold()),
}


def _by_count(status: str):
    return lambda r: (-r["counts"][status], r["unit"].name.casefold())


SORTS.update({s: _by_count(s) for s in STATUSES})


def board(obligation: ReportingObligation, committee_slug: str) -> list[dict]:
    """One row per unit that must report: its status and its activities of
    the period (led by it or by the units below it) by status."""
    period = obligation.period
    start, end = period.span
    activities = Activity.objects.filter(programme=period.programme_id, start_date__range=(start, end))
    table = figures.status_by_unit(activities)
    paths = dict(Unit.objects.filter(committee=period.programme.committee_id).values_list("pk", "path"))
    now = timezone.now()
    url = reverse("activities:list", kwargs={"committee": committee_slug})
    out = []
    for row in reporting.rows(obligation):
        unit = row.unit
        counts = dict.fromkeys(STATUSES, 0)
        oldest = None
        for (unit_id, status), (n, first) in table.items():
            if status in counts and paths.get(unit_id, "").startswith(unit.path):
                counts[status] += n
                if status == "submitted" and first and (oldest is None or first < oldest):
                    oldest = first
        base = {
            "year": period.programme.year,
            "unit": unit.pk,
            "credit": "lead",
            "date_from": start.strftime("%d/%m/%Y"),
            "date_to": end.strftime("%d/%m/%Y"),
        }
        out.append(
            {
                "unit": unit,
                "status": row.status,
                "status_label": row.status_label,
                "report": row.report,
                "days_late": row.days_late,
                "counts": counts,
                "links": {s: f"{url}?{urlencode({**base, 'status': s})}" for s in STATUSES},
                "waiting": (now - oldest).days if oldest else None,
            }
        )
    return out


def on_time_chart(committee):
    """The share of units that reported on time, deadline by deadline."""
    bars = []
    for obligation in (
        ReportingObligation.objects.filter(period__programme__committee=committee, due_on__lte=timezone.localdate())
        .select_related("period")
        .order_by("due_on")[:12]
    ):
        rows = reporting.rows(obligation)
        share = round(100 * sum(r.status == "on_time" for r in rows) / len(rows)) if rows else 0
        bars.append(charts.Bar(f"{obligation.due_on:%d/%m/%Y}", share))
    return charts.column_chart(bars, title=_("Units reporting on time (%)"), unit="%") if bars else ""


@require_GET
@committee_view
def completeness(request, committee: str, *, access: Access):
    if not (access.can(Right.MANAGE_PROGRAMME) or access.can(Right.DOWNLOAD_REPORTS)):
        raise PermissionDenied
    obligations = list(
        ReportingObligation.objects.filter(period__programme__committee=access.committee)
        .select_related("period__programme")
        .order_by("-due_on", "-pk")
    )
    chosen = None
    wanted = request.GET.get("deadline")
    if wanted:
        ident = parse_id(wanted)
        chosen = next((o for o in obligations if o.pk == ident), None)
        if chosen is None:
            raise Http404
    else:
        today = timezone.localdate()
        past = [o for o in obligations if o.due_on <= today]
        chosen = past[0] if past else (obligations[-1] if obligations else None)
    rows = board(chosen, committee) if chosen else []
    sort = request.GET.get("sort", "status")
    rows.sort(key=SORTS.get(sort, SORTS["status"]))
    if chosen and request.GET.get("format") == "xlsx":
        header = [_("Unit"), _("Report"), _("Closed on"), _("Days late"), _("Drafts"), _("Submitted")]
        header += [_("Returned"), _("Confirmed"), _("Days the oldest has waited")]
        data = [
            [
                r["unit"].name,
                r["status_label"],
                timezone.localtime(r["report"].closed_at).strftime("%d/%m/%Y") if r["report"] else "",
                r["days_late"],
                *[r["counts"][s] for s in STATUSES],
                r["waiting"] if r["waiting"] is not None else "",
            ]
            for r in rows
        ]
        response = HttpResponse(
            table_xlsx(_("Completeness"), header, data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="tinh-hinh-bao-cao-{chosen.due_on:%d-%m-%Y}.xlsx"'
        return response
    summary = {key: sum(1 for r in rows if r["status"] == key) for key in reporting.STATUS_LABELS}
    return render(
        request,
        "reports/completeness.html",
        {
            "obligations": obligations,
            "chosen": chosen,
            "rows": rows,
            "sort": sort,
            "summary": summary,
            "chart": on_time_chart(access.committee),
            "can_manage": access.can(Right.MANAGE_PROGRAMME),
        },
    )
