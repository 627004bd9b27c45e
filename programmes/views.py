from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coordination.permissions import Access, Right
from coordination.views import committee_view, flash_errors
from programmes.models import Programme
from programmes.services import programme_change_status, programme_copy_forward


@require_GET
@committee_view
def programme_detail(request, committee: str, year: int | None = None, *, access: Access):
    programmes = Programme.objects.filter(committee=access.committee)
    if year is None:
        programme = Programme.objects.of(access.committee).current()
        if programme is None:
            raise Http404
    else:
        programme = get_object_or_404(programmes, year=year)
    history = list(programme.history.select_related("history_user").order_by("-history_date")[:20])
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "years": list(programmes.order_by("-year").values_list("year", flat=True)),
            "tasks": list(programme.tasks.select_related("lead_unit").order_by("order")),
            "targets": list(programme.targets.select_related("category", "unit")),
            "policy_documents": list(programme.policy_documents.all()),
            "periods": list(programme.periods.select_related("locked_by").prefetch_related("obligations")),
            "status_history": [h for h in history if h.prev_record is None or h.prev_record.status != h.status],
            "can_manage": access.can(Right.MANAGE_PROGRAMME),
            "can_reopen": access.can(Right.REOPEN_YEAR),
            "can_see_approval": access.can(Right.DOWNLOAD_REPORTS),
            "my_units": access.unit_ids,
        },
    )


@require_POST
@committee_view
def programme_status(request, committee: str, year: int, *, access: Access):
    programme = get_object_or_404(Programme, committee=access.committee, year=year)
    action = request.POST.get("action", "")
    try:
        programme_change_status(access=access, user=request.user, programme_id=programme.pk, action=action)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        done = {
            "activate": _("The programme is now active."),
            "close": _("The %(year)s programme year is closed: its activities are locked."),
            "reopen": _("The %(year)s programme year is reopened."),
        }[action]
        messages.success(request, done % {"year": year} if "%(year)s" in done else done)
    return redirect("programmes:detail_year", committee=committee, year=year)


@require_POST
@committee_view
def programme_copy(request, committee: str, year: int, *, access: Access):
    programme = get_object_or_404(Programme, committee=access.committee, year=year)
    try:
        new = programme_copy_forward(access=access, user=request.user, programme_id=programme.pk)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("programmes:detail_year", committee=committee, year=year)
    messages.success(
        request,
        _("The %(year)s programme was drafted from this one; edit its contents and targets.") % {"year": new.year},
    )
    return redirect("programmes:detail_year", committee=committee, year=new.year)
