"""The activity list with filters and totals, its exports, and the search
endpoints of the unit and locality pickers."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from activities import rollup
from activities.forms import ActivityFilterForm
from activities.models import Activity
from activities.selectors import activity_totals, filter_activities, list_rows, order_activities
from coordination import pickers
from coordination.permissions import Access, Right
from coordination.views import committee_view
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
    # Over years the totals come from the roll-up when no filter needs the rows.
    totals = rollup.totals(access, filters) if rollup.served(access, filters) else activity_totals(queryset)
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
            # Shown on the folded filters of a phone: how many are in use.
            "active_filters": sum(1 for k, v in request.GET.items() if v and k not in ("page", "sort")),
            "here": request.get_full_path(),
            "has_drafts": any(a.status in (Activity.Status.DRAFT, Activity.Status.RETURNED) for a in page.object_list),
        },
    )


@require_GET
@committee_view
def unit_search(request, committee: str, *, access: Access):
    """The best matches for a unit picker (?q=), of the user's scope or, with
    ?all=1, the whole committee's; with ?on= only those existing that day."""
    items = pickers.units(access, everyone=request.GET.get("all") == "1", on=pickers.search_date(request.GET))
    return JsonResponse({"results": pickers.unit_matches(items, request.GET.get("q", "")[:100])})


@require_GET
@committee_view
def locality_search(request, committee: str, *, access: Access):
    """The best matches for a locality picker; ?on= (or ?year=) keeps those of that day (year)."""
    year = request.GET.get("year", "")
    items = pickers.localities(
        access,
        on=pickers.search_date(request.GET),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )
    return JsonResponse({"results": pickers.locality_matches(items, request.GET.get("q", "")[:100])})
