"""The activity list with filters and totals, its exports, and the search
endpoints of the unit and locality pickers."""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from activities.forms import ActivityFilterForm
from activities.selectors import activity_totals, filter_activities, list_rows, order_activities
from coordination.models import Locality, Unit
from coordination.permissions import Access, Right, scope_units
from coordination.views import committee_view
from kit.collation import tree_sorted
from kit.text import fold
from programmes.measures import FUNDING_MEASURES, QUANTITY_MEASURES
from programmes.models import Programme, pick_current

PAGE_SIZE = 50


def read_filters(request, access: Access) -> tuple[ActivityFilterForm, dict]:
    """The filter form bound to the query string. With no year (nor range of
    years) the list opens on the current programme year. Invalid values are shown on
    the form and left out of the filter."""
    programmes = list(
        Programme.objects.filter(committee=access.committee).order_by("-year").only("pk", "year", "status")
    )
    years = [p.year for p in programmes]
    data = request.GET.copy()
    if "year" not in data and "year_from" not in data and "year_to" not in data:
        current = pick_current(programmes, fallback=False)
        data["year"] = str(current.year if current else "")
    form = ActivityFilterForm(data, access=access, years=years)
    form.is_valid()
    filters = dict(getattr(form, "cleaned_data", {}))
    # The year as the programme's id: the list then walks one index in order.
    filters["programme_id"] = next((p.pk for p in programmes if p.year == filters.get("year")), None)
    return form, filters


@require_GET
@committee_view
def activity_list(request, committee: str, *, access: Access):
    form, filters = read_filters(request, access)
    queryset = filter_activities(access, filters)
    totals = activity_totals(queryset)
    paginator = Paginator(list_rows(order_activities(queryset, filters.get("sort"))), PAGE_SIZE)
    paginator.count = totals["count"]  # already counted with the totals: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "page": page,
            "totals": totals,
            "quantity_measures": QUANTITY_MEASURES,
            "funding_measures": FUNDING_MEASURES,
            "query": query.urlencode(),
            "can_enter": access.can(Right.ENTER_ACTIVITIES),
        },
    )


def _search_response(items, q: str, label) -> JsonResponse:
    words = fold(q).split()
    results = []
    for item in items:
        text = label(item)
        folded = fold(text)
        if all(w in folded for w in words):
            results.append({"id": item.pk, "text": text})
            if len(results) == 20:
                break
    return JsonResponse({"results": results})


@require_GET
@committee_view
def unit_search(request, committee: str, *, access: Access):
    units = tree_sorted(
        scope_units(access).only("pk", "name", "path", "order", "valid_to"),
        path=lambda u: u.path,
        name=lambda u: u.name,
        order=lambda u: u.order,
    )
    return _search_response(units, request.GET.get("q", "")[:100], _unit_label)


def _unit_label(unit: Unit) -> str:
    if unit.valid_to:
        return f"{unit.name} (đến {unit.valid_to:%d/%m/%Y})"
    return unit.name


@require_GET
@committee_view
def locality_search(request, committee: str, *, access: Access):
    localities = Locality.objects.select_related("parent").order_by("path")
    province = access.committee.province
    if province is not None:
        roots = [province.path, *(s.path for s in Locality.objects.filter(predecessors=province))]
        scope = Q()
        for root in roots:
            scope |= Q(path__startswith=root)
        localities = localities.filter(scope)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        localities = localities.valid_on(dt.date(int(year), 12, 31)) | localities.valid_on(dt.date(int(year), 1, 1))
    localities = tree_sorted(localities, path=lambda loc: loc.path, name=lambda loc: loc.name)
    return _search_response(localities, request.GET.get("q", "")[:100], _locality_label)


def _locality_label(locality: Locality) -> str:
    if locality.parent_id and locality.level == Locality.Level.COMMUNE:
        return f"{locality.name}, {locality.parent.name}"
    return locality.name
