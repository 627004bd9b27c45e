"""The standing office's review queue."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities import services
from activities.models import Activity
from activities.selectors import list_rows, scope_activities
from activities.views.entry import stale_message
from coordination.permissions import Access, Right
from coordination.views import committee_view
from kit.fields import parse_id
from programmes.models import Programme

QUEUE_LIMIT = 200


@require_GET
@committee_view
def review_queue(request, committee: str, *, access: Access):
    access.require(Right.REVIEW_ACTIVITIES)
    queryset = (
        scope_activities(access)
        .filter(status=Activity.Status.SUBMITTED)
        .exclude(programme__status=Programme.Status.CLOSED)
        .order_by("submitted_at", "id")
    )
    rows = list(list_rows(queryset).select_related("submitted_by")[: QUEUE_LIMIT + 1])
    return render(
        request,
        "activities/review_queue.html",
        {"rows": rows[:QUEUE_LIMIT], "more": len(rows) > QUEUE_LIMIT},
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
    return redirect("activities:review_queue", committee=committee)
