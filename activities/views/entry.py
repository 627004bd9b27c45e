"""Entering and changing one activity, and its review workflow."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities import services
from activities.files import precheck
from activities.forms import ActivityForm, ReturnForm
from activities.models import Activity
from activities.selectors import check_queue, editable_activities, history_entries, next_in_queue, scope_activities
from coordination.permissions import Access, Right
from coordination.views import committee_view, flash_errors, form_errors
from kit.fields import parse_id
from kit.templatetags.vn import num
from programmes.measures import FUNDING_MEASURES, QUANTITY_MEASURES


def _uploads(request) -> list:
    return request.FILES.getlist("photos") + request.FILES.getlist("documents")


@require_http_methods(["GET", "POST"])
@committee_view
def activity_create(request, committee: str, *, access: Access):
    access.require(Right.ENTER_ACTIVITIES)
    form = ActivityForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            precheck(_uploads(request))
            with transaction.atomic():
                activity = services.activity_create(
                    access=access,
                    user=request.user,
                    fields=form.service_fields(),
                    participating_units=list(form.cleaned_data["participating_units"]),
                    submit=submit,
                )
                for upload in _uploads(request):
                    services.attachment_add(access=access, user=request.user, activity_id=activity.pk, upload=upload)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The activity was submitted for review.") if submit else _("Draft saved."))
            return redirect("activities:detail", committee=committee, pk=activity.pk)
    return render(request, "activities/form.html", {"form": form, "activity": None})


@require_http_methods(["GET", "POST"])
@committee_view
def activity_edit(request, committee: str, pk: int, *, access: Access):
    activity = get_object_or_404(scope_activities(access).select_related("programme"), pk=pk)
    if not editable_activities(access).filter(pk=pk).exists():
        raise PermissionDenied
    if activity.programme.is_closed:
        messages.error(request, _("The %(year)s programme year is closed.") % {"year": activity.programme.year})
        return redirect("activities:detail", committee=committee, pk=pk)
    conflict = None
    form = ActivityForm(request.POST or None, instance=activity, access=access)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            precheck(_uploads(request))
            with transaction.atomic():
                services.activity_update(
                    access=access,
                    user=request.user,
                    activity_id=pk,
                    expected_version=form.cleaned_data.get("version") or 0,
                    fields=form.service_fields(),
                    participating_units=list(form.cleaned_data["participating_units"]),
                    submit=submit,
                )
                for upload in _uploads(request):
                    services.attachment_add(access=access, user=request.user, activity_id=pk, upload=upload)
        except services.StaleVersion as stale:
            conflict = stale
            data = request.POST.copy()
            data["version"] = str(stale.activity.version)  # saving again keeps this user's input
            form = ActivityForm(data, instance=stale.activity, access=access)
            form.is_valid()
        except ValidationError as error:
            form_errors(form, error)
        else:
            if submit:
                messages.success(request, _("The activity was submitted for review."))
            elif activity.status == Activity.Status.SUBMITTED:
                messages.success(
                    request,
                    _(
                        "Changes saved. The activity is still awaiting review; the standing office "
                        "sees what was changed since it was sent."
                    ),
                )
            else:
                messages.success(request, _("Changes saved."))
            return redirect("activities:detail", committee=committee, pk=pk)
    return render(request, "activities/form.html", {"form": form, "activity": activity, "conflict": conflict})


@require_GET
@committee_view
def activity_detail(request, committee: str, pk: int, *, access: Access):
    activity = get_object_or_404(
        scope_activities(access).select_related(
            "programme", "category", "lead_unit", "locality", "created_by", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    editable = editable_activities(access).filter(pk=pk).exists() and not activity.programme.is_closed
    since_sent = (
        services.changes_since(activity, activity.submitted_version) if activity.changed_since_submission else []
    )
    applicable = set(activity.category.measures) if activity.category_id else set()
    can_review = access.can(Right.REVIEW_ACTIVITIES) and not activity.programme.is_closed
    waits_for_check = activity.status == Activity.Status.SUBMITTED and services.waits_for_check(activity)
    can_check = waits_for_check and check_queue(access).filter(pk=activity.pk).exists()
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "participating": list(activity.participating_units.all()),
            "attachments": list(activity.attachments.all()),
            "measures": [
                (m, getattr(activity, m.name))
                for m in QUANTITY_MEASURES
                if m.name in applicable or getattr(activity, m.name)
            ],
            "funding": [(m, getattr(activity, m.name)) for m in FUNDING_MEASURES],
            "history": history_entries(activity),
            "editable": editable,
            "since_sent": since_sent,
            "can_review": can_review and not waits_for_check,
            "waits_for_check": waits_for_check,
            "can_check": can_check,
            "next_waiting": next_in_queue(access, activity)
            if can_review and activity.status == Activity.Status.SUBMITTED
            else None,
            "return_form": ReturnForm(),
        },
    )


def _workflow(request, committee: str, pk: int, action, access: Access) -> object:
    """Runs a review step; then the page it was taken from: the activity, the
    queue as it was shown (`back`), or the next activity waiting (`then=next`)."""
    activity = get_object_or_404(scope_activities(access), pk=pk)
    try:
        action(access)
    except Activity.DoesNotExist:
        raise PermissionDenied from None
    except services.StaleVersion as stale:
        messages.error(request, stale_message(stale))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if request.POST.get("then") == "next":
            following = next_in_queue(access, activity)
            if following is not None:
                return redirect("activities:detail", committee=committee, pk=following.pk)
            messages.info(request, _("Nothing else is waiting for review."))
            return redirect("activities:review_queue", committee=committee)
    if request.POST.get("back"):
        return redirect(queue_return_path(request, committee))
    return redirect("activities:detail", committee=committee, pk=pk)


def queue_return_path(request, committee: str) -> str:
    return back_to(request, reverse("activities:review_queue", kwargs={"committee": committee}))


def back_to(request, page: str) -> str:
    """The page as it was shown (`back`: its filters and sort), never another page."""
    back = request.POST.get("back", "")
    return back if back.startswith(page) and url_has_allowed_host_and_scheme(back, allowed_hosts=None) else page


def stale_message(stale: "services.StaleVersion") -> str:
    """What changed since the page was shown, so nobody confirms or returns
    a version they did not see."""
    changed = "; ".join(f"{c.label}: {display(c.old)} → {display(c.new)}" for c in stale.changes[:8])
    text = _("The activity was changed after this page was shown, so nothing was done. Check it again.")
    return f"{text} {changed}" if changed else text


def display(value) -> str:
    if isinstance(value, int):
        return num(value)
    return str(value) if value not in (None, "") else "—"


def seen_version(request) -> int:
    """The version of the activity on the page the reviewer decided on."""
    version = parse_id(request.POST.get("version", ""))
    if version is None:
        raise ValidationError(_("This page is out of date; open the activity again."))
    return version


@require_POST
@committee_view
def activity_submit(request, committee: str, pk: int, *, access: Access):
    def act(access):
        services.activity_submit(access=access, user=request.user, activity_id=pk)
        messages.success(request, _("The activity was submitted for review."))

    return _workflow(request, committee, pk, act, access)


@require_POST
@committee_view
def activity_submit_selected(request, committee: str, *, access: Access):
    """Sends the drafts ticked on the list, all or none; back to the list as it was."""
    ids = [i for i in (parse_id(v) for v in request.POST.getlist("ids")[:500]) if i is not None]
    if not ids:
        messages.warning(request, _("Tick the drafts to send first."))
    else:
        try:
            count = services.activity_bulk_submit(access=access, user=request.user, ids=ids)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(count)s activities were submitted for review.") % {"count": count})
    return redirect(back_to(request, reverse("activities:list", kwargs={"committee": committee})))


@require_POST
@committee_view
def activity_withdraw(request, committee: str, pk: int, *, access: Access):
    def act(access):
        services.activity_withdraw(access=access, user=request.user, activity_id=pk, seen_version=seen_version(request))
        messages.success(request, _("The activity was taken back to draft; submit it again when it is ready."))

    return _workflow(request, committee, pk, act, access)


@require_POST
@committee_view
def activity_confirm(request, committee: str, pk: int, *, access: Access):
    def act(access):
        access.require(Right.REVIEW_ACTIVITIES)
        services.activity_confirm(access=access, user=request.user, activity_id=pk, seen_version=seen_version(request))
        messages.success(request, _("The activity was confirmed."))

    return _workflow(request, committee, pk, act, access)


@require_POST
@committee_view
def activity_check(request, committee: str, pk: int, *, access: Access):
    """The middle level passes its sub-unit's activity on to the standing office."""

    def act(access):
        access.require(Right.CHECK_SUBUNITS)
        services.activity_check(access=access, user=request.user, activity_id=pk, seen_version=seen_version(request))
        messages.success(request, _("Checked; the activity goes on to the standing office."))

    return _workflow(request, committee, pk, act, access)


def _return(request, committee: str, pk: int, access: Access, right: str, service) -> object:
    """Returns an activity to the unit with the reason typed: the standing
    office's return or the middle level's."""

    def act(access):
        access.require(right)
        form = ReturnForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        service(
            access=access,
            user=request.user,
            activity_id=pk,
            reason=form.cleaned_data["reason"],
            seen_version=seen_version(request),
        )
        messages.success(request, _("The activity was returned to the unit."))

    return _workflow(request, committee, pk, act, access)


@require_POST
@committee_view
def activity_check_return(request, committee: str, pk: int, *, access: Access):
    return _return(request, committee, pk, access, Right.CHECK_SUBUNITS, services.activity_check_return)


@require_POST
@committee_view
def activity_return(request, committee: str, pk: int, *, access: Access):
    return _return(request, committee, pk, access, Right.REVIEW_ACTIVITIES, services.activity_return)


@require_POST
@committee_view
def activity_delete(request, committee: str, pk: int, *, access: Access):
    get_object_or_404(scope_activities(access), pk=pk)
    try:
        services.activity_delete(access=access, user=request.user, activity_id=pk)
    except Activity.DoesNotExist:
        raise PermissionDenied from None
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("activities:detail", committee=committee, pk=pk)
    messages.success(request, _("The activity was deleted."))
    return redirect("activities:list", committee=committee)
