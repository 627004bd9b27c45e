"""The chairs' yearly summary and the period view. Every figure comes from
reports/figures.py and links to the activity list that produces it."""

import html
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activities import stamps
from activities.models import COUNTED_STATUSES, Counting
from activities.selectors import scope_activities
from coordination.directory import Kept
from coordination.permissions import Access, Right, own_units
from coordination.views import committee_view
from kit.templatetags.vn import num
from programmes.measures import FUNDING_MEASURES, MEASURES
from programmes.models import PolicyDocument, Programme, ReportingPeriod, pick_current
from reports import charts, figures
from reports.models import ReviewDraft
from reports.words import amount_in_words

# Functions (request, access, programme) -> HTML that other apps add to the
# summary (the emulation register's counts), registered when Django starts.
SUMMARY_PANELS: list[Callable] = []


def add_to_summary(function: Callable) -> Callable:
    SUMMARY_PANELS.append(function)
    return function


HEADLINE_MEASURES = [
    "houses_built",
    "houses_repaired",
    "people_examined",
    "man_days",
    "beneficiaries",
    "sessions",
    "gifts",
]


class Drill:
    """Builds links to the activity list that reproduces a figure."""

    def __init__(self, committee_slug: str, base: dict, span=None):
        self.url = reverse("activities:list", kwargs={"committee": committee_slug})
        self.span = span
        if span is not None:  # a period: the list shows the same start dates
            base = {**base, "date_from": span[0].strftime("%d/%m/%Y"), "date_to": span[1].strftime("%d/%m/%Y")}
        self.base = base
        self.prefix = f"{self.url}?{urlencode(base)}"  # a summary makes hundreds of links on the same base

    def __str__(self) -> str:
        return self()

    def __call__(self, **params) -> str:
        extra = {k: v for k, v in params.items() if v is not None}
        if not extra:
            return self.prefix
        if len(extra) == 1:
            # The common case, hundreds of times a page: one id added to the
            # base (an int needs no quoting).
            ((name, value),) = extra.items()
            if type(value) is int and name not in self.base:
                return f"{self.prefix}&{name}={value}"
        if extra.keys() & self.base.keys():
            return f"{self.url}?{urlencode({**self.base, **extra})}"
        return f"{self.prefix}&{urlencode(extra)}"


ROW_CLASSES = {(False, 0): "", (True, 0): "top", (False, 1): "sub", (True, 1): "sub"}


def _figure_rows(rows, figure: str, links: dict, *, top_in_bold: bool = False) -> SafeString:
    """The rows of the by-unit and by-locality tables (hundreds of them in a
    province), each figure a link to the activities behind it, written out
    here: through a template, escaping and resolving each value was most of
    the summary's CPU time. Labels and links are escaped (a link once,
    though the row prints it twice); digits and the class need none."""
    parts = []
    for r in rows:
        url = html.escape(links[r.key])
        key = r.key if r.key is not None else "none"
        parts.append(
            f'<tr class="{ROW_CLASSES[top_in_bold, min(r.depth, 1)]}"><td>{html.escape(r.label)}</td>'
            f'<td class="num"><a href="{url}">{num(r.sums.count)}</a></td>'
            f'<td class="num"><a href="{url}" data-figure="{figure}-{key}">{num(r.sums.amount_total)}</a></td></tr>\n'
        )
    return SafeString("".join(parts) + "\n")


def _choose_programme(request, programmes: list[Programme]) -> Programme:
    year = request.GET.get("year", "")
    if year.isdigit():
        for p in programmes:
            if p.year == int(year):
                return p
        raise Http404
    current = pick_current(programmes)
    if current is None:
        raise Http404
    return current


@require_GET
@committee_view
def summary(request, committee: str, *, access: Access):
    programmes = list(Programme.objects.filter(committee=access.committee).order_by("-year"))
    programme = _choose_programme(request, programmes)
    previous = next((p for p in programmes if p.year == programme.year - 1), None)
    counting = request.GET.get("count")
    counting = counting if counting in Counting.values else Counting.CONFIRMED
    periods = list(programme.periods.all())
    period = _choose_period(request, periods, access)
    span = period.span if period else None
    previous_span = period.same_period_of(previous) if period and previous else None

    def build() -> dict:
        return _summary_figures(access, programme, previous, counting, span, previous_span)

    key = _kept_key(access, programme, previous, counting, span, previous_span)
    body = build() if key is None else _KEPT.get(key, build)
    return render(
        request,
        "reports/summary.html",
        {
            **body,
            "programme": programme,
            "previous": previous,
            "period": period,
            "periods": periods,
            "years": [p.year for p in programmes],
            "counting": counting,
            "own_units": [] if access.sees_all else list(own_units(access)),
            "panels": [SafeString(panel(request, access, programme)) for panel in SUMMARY_PANELS],
        },
    )


# The summaries' figures of the whole committee, kept per web process under
# the figures stamps of the two programmes (activities/stamps.py) and the
# committee's directory stamp (the units' and localities' names): a chair
# opening the summary again, or a second chair, costs no GROUP BY while no
# row they count has changed. Nothing kept is changed after it is built.
_KEPT = Kept(64)  # about 0.5 MB each for a committee of 500 units


def _kept_key(access: Access, programme, previous, counting, span, previous_span) -> tuple | None:
    """The key the summary's figures are kept under, or None where they are
    not kept (a unit's own figures; no directory stamp or no programme
    stamp, which the triggers make impossible but a database without them
    would show)."""
    if not access.sees_all or access.directory_stamp is None:
        return None
    ids = [programme.pk] if previous is None else [programme.pk, previous.pk]
    read = stamps.read(ids)
    if (programme.pk, stamps.OTHER) not in read:
        return None
    counted = (stamps.OTHER, *COUNTED_STATUSES.get(counting, ()))
    return (
        access.committee.pk,
        access.directory_stamp,
        programme.pk,
        previous.pk if previous else None,
        counting,
        span,
        previous_span,
        get_language(),
        tuple(read.get((pk, status)) for pk in ids for status in counted),
    )


def _summary_figures(access: Access, programme, previous, counting, span, previous_span) -> dict:
    """Everything on the summary that its figures make: the tables, their
    links and rows, the charts. The same for every viewer who sees the whole
    committee."""
    figs = figures.year_figures(
        scope_activities(access),
        programme=programme,
        previous_programme=previous,
        counting=counting,
        unknown_locality=_("No locality given"),
        span=span,
        previous_span=previous_span,
        whole_committee=access.sees_all,
    )
    if not access.sees_all:
        # A unit's figures against the unit's own targets only: the
        # committee's targets are not the unit's to meet.
        figs.targets = [t for t in figs.targets if t.unit_id in access.unit_ids]
    drill = Drill(access.committee.slug, {"year": programme.year, "status": counting}, span)
    previous_drill = (
        Drill(access.committee.slug, {"year": previous.year, "status": counting}, previous_span) if previous else None
    )
    headlines = [
        {
            "name": m,
            "label": MEASURES[m].label,
            "unit": MEASURES[m].unit_of_measure,
            "value": figs.total[m],
            "change": figs.change(m),
            "previous": figs.previous_total[m] if figs.previous_total else None,
        }
        for m in HEADLINE_MEASURES
    ]
    category_chart = charts.bar_chart(
        [charts.Bar(r.label, r.sums.amount_total, drill(category=r.key)) for r in figs.categories],
        title=_("Value by category (đồng)"),
    )
    month_chart = charts.column_chart(
        [charts.Bar(r.label, r.sums.count, _month_link(drill, r.key)) for r in figs.months],
        title=_("Activities by month of start"),
    )
    funding_chart = charts.share_bar(
        [charts.Bar(str(m.label).capitalize(), figs.total[m.name], drill()) for m in FUNDING_MEASURES],
        title=_("Funding by source"),
        unit="đồng",
    )
    unit_links = {r.key: drill(unit=r.key, credit="lead") for r in figs.units}
    locality_links = {r.key: drill(locality=r.key) if r.key else drill(no_locality="on") for r in figs.localities}
    return {
        "previous_drill": previous_drill,
        "f": figs,
        "headlines": headlines,
        "amount_words": amount_in_words(figs.total.amount_total),
        "funding_measures": FUNDING_MEASURES,
        "drill": drill,
        "category_links": {r.key: drill(category=r.key) for r in figs.categories},
        "previous_category_links": (
            {r.key: previous_drill(category=r.key) for r in figs.categories} if previous_drill else {}
        ),
        "unit_links": unit_links,
        "locality_links": locality_links,
        "unit_rows": _figure_rows(figs.units, "unit", unit_links),
        "locality_rows": _figure_rows(figs.localities, "locality", locality_links, top_in_bold=True),
        "target_links": {
            t.target_id: drill(category=t.category_id, unit=t.unit_id, credit="lead" if t.unit_id else None)
            for t in figs.targets
        },
        "month_links": {r.key: _month_link(drill, r.key) for r in figs.months},
        "charts": {"category": category_chart, "month": month_chart, "funding": funding_chart},
    }


def _choose_period(request, periods, access: Access):
    """The period asked for (?period=<id>) among the programme's; none: the
    whole year. A period of another year of the committee (the year was
    changed in the form) stands for the period of the same kind in this one."""
    wanted = request.GET.get("period", "")
    if not wanted:
        return None
    if not wanted.isdigit() or len(wanted) > 18:
        raise Http404
    for period in periods:
        if period.pk == int(wanted):
            return period
    other = ReportingPeriod.objects.filter(pk=int(wanted), programme__committee=access.committee).first()
    if other is None:
        raise Http404
    if other.kind == ReportingPeriod.Kind.CUSTOM:
        return None
    return next((p for p in periods if p.kind == other.kind), None)


def _month_link(drill: Drill, key: int) -> str:
    first, last = figures.month_bounds(key)
    if drill.span is not None:  # a month cut by the period counts only the period's days
        first, last = max(first, drill.span[0]), min(last, drill.span[1])
    return drill(date_from=first.strftime("%d/%m/%Y"), date_to=last.strftime("%d/%m/%Y"))


@require_GET
@committee_view
def period(request, committee: str, document: int, *, access: Access):
    """The results over a policy document's period (a five-year Đề án): by
    year, category, unit and locality, and the period's targets year by
    year; every figure links to the list of its activities."""
    doc = get_object_or_404(PolicyDocument, pk=document, committee=access.committee)
    counting = request.GET.get("count")
    counting = counting if counting in Counting.values else Counting.CONFIRMED
    fold = request.GET.get("fold") == "on"
    programmes = figures.period_programmes(access.committee.pk, doc.period_start, doc.period_end)
    figs = figures.period_figures(
        scope_activities(access, programmes=programmes),
        committee_id=access.committee.pk,
        start=doc.period_start,
        end=doc.period_end,
        counting=counting,
        targets=doc.targets.select_related("category"),
        fold=fold,
        unknown_locality=_("No locality given"),
    )
    slug = access.committee.slug
    drill = Drill(slug, {"year_from": doc.period_start, "year_to": doc.period_end, "status": counting})
    year_drills = {r.key: Drill(slug, {"year": r.key, "status": counting}) for r in figs.years}
    year_links = {key: d() for key, d in year_drills.items()}
    unit_links = {r.key: drill(unit=r.key, credit="lead") for r in figs.units}
    locality_links = {
        r.key: (drill(locality=r.key, fold="on" if fold else None) if r.key else drill(no_locality="on"))
        for r in figs.localities
    }
    chart = charts.column_chart(
        [charts.Bar(r.label, r.sums.amount_total, year_links[r.key]) for r in figs.years],
        title=_("Value by year (đồng)"),
    )
    return render(
        request,
        "reports/period.html",
        {
            "doc": doc,
            "f": figs,
            "counting": counting,
            "fold": fold,
            "drill": drill,
            "year_links": year_links,
            "category_links": {r.key: drill(category=r.key) for r in figs.categories},
            "unit_rows": _figure_rows(figs.units, "unit", unit_links),
            "locality_rows": _figure_rows(figs.localities, "locality", locality_links, top_in_bold=True),
            "unit_links": unit_links,
            "locality_links": locality_links,
            "target_links": {
                t.target_id: {
                    "total": drill(category=t.category_id),
                    "years": [(y, v, year_drills[y](category=t.category_id)) for y, v in sorted(t.by_year.items())],
                }
                for t in figs.targets
            },
            "years": [r.key for r in figs.years],
            "chart": chart,
            "amount_words": amount_in_words(figs.total.amount_total),
            "headline_measures": [MEASURES[m] for m in HEADLINE_MEASURES],
            "draft": ReviewDraft.objects.filter(policy_document=doc).first(),
            "can_manage": access.can(Right.MANAGE_PROGRAMME),
            "can_read_review": access.can(Right.DOWNLOAD_REPORTS),
        },
    )
