"""The activity list with filters and totals, its exports, and the search
endpoints of the unit and locality pickers."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from activities import rollup
from activities.forms import ActivityFilterForm
from activities.models import Activity
from activities.selectors import activity_totals, filter_activities, list_rows, order_activities
from coordination import pickers
from coordination.permissions import Access, Right
from coordination.views import committee_view
from kit.templatetags.vn import num, status_badge
from programmes.measures import FUNDING_MEASURES, QUANTITY_MEASURES
from programmes.models import Programme, pick_current

PAGE_SIZE = 50
EDITABLE = (Activity.Status.DRAFT, Activity.Status.RETURNED)
_ANY_PK = 987654321  # stands for each row's pk in the one reversed link


def list_rows_html(activities, committee_slug: str, *, can_enter: bool) -> SafeString:
    """The list's fifty rows, written out here rather than through the
    template, where resolving, translating and escaping each cell of each
    row was the largest part of the page's time; the same markup, byte for
    byte. Every value from the database is escaped."""
    e = conditional_escape
    date_label, value_label, send_label = e(gettext("Date")), e(gettext("Value (đồng)")), e(gettext("Send for review"))
    link = reverse("activities:detail", kwargs={"committee": committee_slug, "pk": _ANY_PK})
    before, after = (e(part) for part in link.split(str(_ANY_PK)))
    parts = []
    for a in activities:
        title = e(a.title)
        check = ""
        if can_enter:
            box = ""
            if a.status in EDITABLE:
                box = (
                    f'<input\n        class="form-check-input" type="checkbox" name="ids" value="{a.pk}" '
                    f'form="submit-selected"\n        aria-label="{send_label}: {title}">'
                )
            check = f'<td class="card-check">{box}</td>'
        day = date_format(a.start_date, "SHORT_DATE_FORMAT") if a.start_date else ""
        parts.append(
            f"\n    <tr>\n      {check}\n"
            f'      <td class="text-nowrap" data-label="{date_label}">{e(day or "—")}</td>\n'
            f'      <td class="card-title-cell"><a href="{before}{a.pk}{after}">{title}</a>\n'
            f'        <div class="small text-body-secondary">{e(a.category or "")}</div></td>\n'
            f'      <td class="d-none d-md-table-cell small">{e(a.lead_unit)}</td>\n'
            f'      <td class="d-none d-lg-table-cell small">{e(a.locality or "")}</td>\n'
            f'      <td class="num" data-label="{value_label}">{e(num(a.amount_total))}</td>\n'
            f"      <td>{status_badge(a)}</td>\n"
            "    </tr>\n    "
        )
    return SafeString("".join(parts))


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
    can_enter = access.can(Right.ENTER_ACTIVITIES)
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
            "can_enter": can_enter,
            "rows": list_rows_html(page.object_list, access.committee.slug, can_enter=can_enter),
            # Shown on the folded filters of a phone: how many are in use.
            "active_filters": sum(1 for k, v in request.GET.items() if v and k not in ("page", "sort")),
            "here": request.get_full_path(),
            "has_drafts": any(a.status in EDITABLE for a in page.object_list),
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
