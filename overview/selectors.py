"""Reads for the committee pages, scoped by the viewer's access."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from activities import rollup
from activities.models import COUNTED_STATUSES, Activity, Counting
from activities.selectors import editable_activities, scope_activities
from coordination.permissions import Access, Right, own_units
from meetings.models import FollowUp, Meeting
from programmes.models import PolicyDocument, Programme, ProgrammeTask, ReportingPeriod
from reports.figures import VALUE_FIELDS, Sums, totals
from reports.kinds import issued_number_line
from reports.models import Approval, ReportRun, ReviewDraft


@dataclass
class HomeSummary:
    status_counts: dict[str, int]
    current_programme: object | None
    returned: list = field(default_factory=list)
    upcoming_meetings: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    report_runs: list = field(default_factory=list)
    units: list = field(default_factory=list)
    show_reports: bool = False
    confirmed_total: object = None
    tasks_due: list = field(default_factory=list)
    # Review texts the chair is to approve; whether this year's has been started.
    awaiting_approval: list = field(default_factory=list)
    review_started: bool = True
    periods: list = field(default_factory=list)
    policy_documents: list = field(default_factory=list)
    # Issued notices of conclusions sent to the secretary's units.
    notices: list = field(default_factory=list)
    # Review texts a co-chair returned to the standing office.
    returned_texts: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.status_counts.values())


def notices_for(access: Access) -> list:
    """The issued notices of conclusions sent to the secretary's units,
    newest first. The units are kept in the run's options; the last fifty
    issued are read and filtered here (the same on SQLite and PostgreSQL)."""
    issued = ReportRun.objects.filter(
        programme__committee=access.committee,
        kind=ReportRun.Kind.CONCLUSIONS,
        stage=ReportRun.Stage.ISSUED,
        status=ReportRun.Status.DONE,
    ).select_related("meeting_link__meeting", "register")
    mine = set(access.unit_ids)
    notices = [r for r in issued.order_by("-issued_on", "-pk")[:50] if mine & set(r.options.get("units", []))][:10]
    for r in notices:
        r.number_line = issued_number_line(r)
    return notices


def home_summary(access: Access, user=None) -> HomeSummary:
    committee = access.committee
    programme = Programme.objects.of(committee).current(fallback=False)
    confirmed_total = None
    if programme is not None and access.sees_all:
        # The whole programme: the roll-up the triggers keep has every figure.
        per_status = rollup.by_status(programme.pk)
        counts = {status: row["count"] for status, row in per_status.items()}
        confirmed_total = Sums(values=dict.fromkeys(VALUE_FIELDS, 0))
        for status in COUNTED_STATUSES[Counting.CONFIRMED]:
            if status in per_status:
                row = per_status[status]
                confirmed_total.add(Sums(count=row["count"], values={f: row[f] for f in VALUE_FIELDS}))
    else:
        activities = scope_activities(access)
        if programme is not None:
            activities = activities.filter(programme=programme)
        counts = {row["status"]: row["n"] for row in activities.order_by().values("status").annotate(n=Count("id"))}
        if programme is not None:
            confirmed_total = totals(activities.counted())
    status_counts = {s.value: counts.get(s.value, 0) for s in Activity.Status}

    summary = HomeSummary(status_counts=status_counts, current_programme=programme, confirmed_total=confirmed_total)
    now = timezone.now()
    summary.upcoming_meetings = list(
        Meeting.objects.filter(committee=committee, starts_at__gte=now).order_by("starts_at")[:5]
    )
    open_follow_ups = FollowUp.objects.filter(
        meeting__committee=committee, status__in=[FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS]
    ).select_related("assigned_unit", "meeting")
    if access.is_secretary:
        summary.units = list(own_units(access))
        # Only what the secretary can still fix: led by their units, in an
        # open year. The "Returned" card counts the same rows, so they agree.
        returned = editable_activities(access).filter(status=Activity.Status.RETURNED)
        if programme is not None:
            returned = returned.filter(programme=programme)
        returned = returned.exclude(programme__status=Programme.Status.CLOSED)
        summary.returned = list(returned.select_related("category", "lead_unit").order_by("-reviewed_at", "-id")[:10])
        summary.status_counts[Activity.Status.RETURNED] = (
            len(summary.returned) if len(summary.returned) < 10 else returned.count()
        )
        summary.follow_ups = list(open_follow_ups.filter(access.unit_q("assigned_unit__")).order_by("deadline")[:10])
        summary.notices = notices_for(access)
    else:
        summary.follow_ups = list(open_follow_ups.order_by("deadline")[:10])
    # Programme contents due within 14 days (or overdue and unfinished), for
    # the units that lead them; the standing office sees all of them.
    today = timezone.localdate()
    # Of the current year only: a task of an earlier year left open is not "due".
    tasks = ProgrammeTask.objects.filter(
        programme=programme,
        progress__lt=100,
        due_date__isnull=False,
        due_date__lte=today + dt.timedelta(days=14),
    ).select_related("lead_unit", "programme")
    if access.is_secretary:
        tasks = tasks.filter(access.unit_q("lead_unit__"))
    elif not access.can(Right.MANAGE_PROGRAMME):
        tasks = tasks.none()
    summary.tasks_due = list(tasks.order_by("due_date")[:10])
    if access.can(Right.DOWNLOAD_REPORTS):
        summary.show_reports = True
        summary.report_runs = _latest_of_each_document(committee)
        # The year first, then its half, quarters and the Tết campaign, as the choices list them.
        kinds = ["year", *(k for k in ReportingPeriod.Kind.values if k != "year")]
        periods = list(programme.periods.all()) if programme is not None else []
        summary.periods = sorted(periods, key=lambda p: (kinds.index(p.kind), p.start))
        summary.policy_documents = list(PolicyDocument.objects.filter(committee=committee).order_by("-period_start"))
    texts = ReviewDraft.objects.filter(
        Q(programme__committee=committee)
        | Q(period__programme__committee=committee)
        | Q(policy_document__committee=committee)
    ).select_related("programme", "period__programme", "policy_document")
    if access.can(Right.WRITE_REVIEW):
        summary.returned_texts = list(texts.filter(status=ReviewDraft.Status.RETURNED))
    if access.can(Right.APPROVE_REVIEW):
        # Not those this co-chair already approved as they read now.
        waiting = list(texts.filter(status=ReviewDraft.Status.AWAITING_APPROVAL))
        mine = {
            (a.review_id, a.text_hash)
            for a in Approval.objects.filter(review__in=waiting, user=user, decision=Approval.Decision.APPROVED)
        }
        summary.awaiting_approval = [d for d in waiting if (d.pk, d.text_hash()) not in mine]
        summary.review_started = programme is None or ReviewDraft.objects.filter(programme=programme).exists()
    return summary


def _latest_of_each_document(committee, n: int = 5) -> list:
    """The newest print of each document (a document printed again is
    listed once, as its latest print)."""
    latest, seen = [], set()
    runs = ReportRun.objects.filter(programme__committee=committee).select_related("programme")
    for run in runs.order_by("-requested_at", "-id")[:50]:
        key = (run.kind, run.programme_id, run.period_id, run.policy_document_id, repr(sorted(run.options.items())))
        if key not in seen:
            seen.add(key)
            latest.append(run)
        if len(latest) == n:
            break
    return latest
