"""The standing office's review queue."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities import selectors, services
from activities.models import AMOUNT
from activities.views.entry import queue_return_path, stale_message
from coordination.permissions import Access, Right
from coordination.views import committee_view
from kit.collation import vi_key
from kit.fields import parse_id

QUEUE_LIMIT = 200


QUEUE_SORTS = {
    "": ("submitted_at", "id"),  # oldest sent first
    "newest": ("-submitted_at", "-id"),
    "value": ("-amount", "submitted_at", "id"),
    "unit": ("lead_unit__path", "submitted_at", "id"),
}


@require_GET
@committee_view
def review_queue(request, committee: str, *, access: Access):
    """The queue, narrowed to a unit or a category and sorted as asked;
    each row can be returned with a reason without opening it."""
    access.require(Right.REVIEW_ACTIVITIES)
    queue = selectors.review_queue(access)
    unit, category = parse_id(request.GET.get("unit", "")), parse_id(request.GET.get("category", ""))
    sort = request.GET.get("sort", "") if request.GET.get("sort", "") in QUEUE_SORTS else ""
    shown = queue
    if unit is not None:
        shown = shown.filter(lead_unit_id=unit)
    if category is not None:
        shown = shown.filter(category_id=category)
    if sort == "value":
        shown = shown.annotate(amount=AMOUNT)
    rows = list(
        selectors.list_rows(shown).select_related("submitted_by").order_by(*QUEUE_SORTS[sort])[: QUEUE_LIMIT + 1]
    )
    # One read of the whole queue gives its count and the filters' choices.
    choices = list(queue.values_list("lead_unit_id", "lead_unit__name", "category_id", "category__name"))
    waiting = len(choices)
    units = sorted({(u, name) for u, name, _c, _n in choices}, key=lambda pair: vi_key(pair[1]))
    categories = sorted({(c, name) for _u, _n, c, name in choices if c}, key=lambda pair: vi_key(pair[1]))
    return render(
        request,
        "activities/review_queue.html",
        {
            "rows": rows[:QUEUE_LIMIT],
            "more": len(rows) > QUEUE_LIMIT,
            "waiting": waiting,
            "units": units,
            "categories": categories,
            "chosen": {"unit": unit, "category": category, "sort": sort},
            "sorts": [
                ("", _("Oldest sent first")),
                ("newest", _("Newest sent first")),
                ("value", _("Largest value first")),
                ("unit", _("By unit")),
            ],
            "here": request.get_full_path(),
        },
    )


@require_GET
@committee_view
def check_queue(request, committee: str, *, access: Access):
    """The middle level's queue: its sub-units' activities to check before
    they go on to the standing office."""
    access.require(Right.CHECK_SUBUNITS)
    queue = selectors.check_queue(access)
    rows = list(selectors.list_rows(queue).select_related("submitted_by")[: QUEUE_LIMIT + 1])
    return render(
        request,
        "activities/check_queue.html",
        {"rows": rows[:QUEUE_LIMIT], "more": len(rows) > QUEUE_LIMIT, "waiting": queue.count()},
    )


@require_POST
@committee_view
def review_bulk_confirm(request, committee: str, *, access: Access):
    access.require(Right.REVIEW_ACTIVITIES)
    seen = {}
    for value in request.POST.getlist("ids")[:QUEUE_LIMIT]:
        pk, _sep, version = value.partition(":")
        pk, version = parse_id(pk), parse_id(version)
        if pk is not None and version is not None:
            seen[pk] = version
    if not seen:
        messages.warning(request, _("Tick the activities to confirm first."))
        return redirect("activities:review_queue", committee=committee)
    try:
        count = services.activity_bulk_confirm(access=access, user=request.user, seen=seen)
    except services.StaleVersion as stale:
        messages.error(
            request,
            _("“%(title)s” was changed after the list was shown; nothing was confirmed.")
            % {"title": stale.activity.title}
            + " "
            + stale_message(stale),
        )
    else:
        messages.success(request, _("%(count)s activities confirmed.") % {"count": count})
    return redirect(queue_return_path(request, committee))
