"""The daily reminders: what each person should act on — deadlines due in 7
and in 2 days and those passed, their units' returned activities,
activities waiting for review for more than 3 days, texts waiting for a
co-chair's approval — shown on the committee's home page and sent by the
beat as one e-mail digest per person per day. Each thing is recorded once
sent, so a second run on the same day sends nothing twice; a mail server
that is down delays the digest (nothing is recorded, the next run sends it),
never a page or the beat."""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from activities.models import Activity
from activities.selectors import check_queue, review_queue
from coordination.models import CommitteeRole
from coordination.permissions import Access, Right, get_access
from emulation.models import CommendationProposal
from kit.templatetags.vn import person
from overview.models import ReminderChoice, ReminderSent
from programmes import reporting
from programmes.models import ReportingObligation
from reports.models import ReviewDraft
from reports.services import approvals

log = logging.getLogger(__name__)

DUE_SOON = (7, 2)  # days before a deadline
WAITING_DAYS = 3  # an activity submitted longer ago than this waits too long
OVERDUE_FOR = 30  # days after a deadline a missing report is still chased


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    path: str  # the page to act on, from the site's root


@dataclass
class Digest:
    user: object
    items: list[Item] = field(default_factory=list)


def _url(name: str, access: Access, **kwargs) -> str:
    return reverse(name, kwargs={"committee": access.committee.slug, **kwargs})


def items_for(access: Access, user, today: dt.date) -> list[Item]:
    """What this person should act on in this committee today."""
    out: list[Item] = []
    slug = access.committee.slug
    if access.can(Right.ENTER_ACTIVITIES) and access.is_secretary:
        deadlines = ReportingObligation.objects.filter(
            period__programme__committee=access.committee,
            due_on__gte=today - dt.timedelta(days=OVERDUE_FOR),
            due_on__lte=today + dt.timedelta(days=max(DUE_SOON)),
        ).select_related("period")
        for deadline in deadlines:
            for row in reporting.rows(deadline, today):
                if row.unit.pk not in access.unit_ids or row.report is not None:
                    continue
                days = (deadline.due_on - today).days
                path = _url("programmes:unit_reports", access, obligation_id=deadline.pk)
                when = f"{deadline.due_on:%d/%m/%Y}"
                name = deadline.period.name[:1].lower() + deadline.period.name[1:]
                if days in DUE_SOON:
                    text = f"Còn {days} ngày đến hạn báo cáo {name} ({when}) của {row.unit.name}."
                    out.append(Item(f"due{days}:{deadline.pk}:{row.unit.pk}", text, path))
                elif days < 0:
                    text = f"Quá hạn báo cáo {name} ({when}) của {row.unit.name}: {-days} ngày."
                    out.append(Item(f"overdue:{deadline.pk}:{row.unit.pk}", text, path))
        returned = Activity.objects.filter(programme__committee=access.committee, status=Activity.Status.RETURNED)
        returned = returned.filter(access.unit_q("lead_unit__")).exclude(programme__status="closed").count()
        if returned:
            path = _url("activities:list", access) + "?" + urlencode({"status": "returned", "year": ""})
            out.append(Item(f"returned:{slug}", f"{returned} hoạt động bị trả lại, cần bổ sung và gửi lại.", path))
    if access.can(Right.CHECK_SUBUNITS) and access.unit_ids:
        to_check = check_queue(access).count()
        if to_check:
            text = f"{to_check} hoạt động của đơn vị cấp dưới đang chờ đồng chí kiểm tra."
            out.append(Item(f"check:{slug}", text, _url("activities:check_queue", access)))
    if access.can(Right.REVIEW_ACTIVITIES):
        since = timezone.now() - dt.timedelta(days=WAITING_DAYS)
        waiting = review_queue(access).filter(submitted_at__lt=since).count()
        if waiting:
            text = f"{waiting} hoạt động đã chờ duyệt quá {WAITING_DAYS} ngày."
            out.append(Item(f"waiting:{slug}", text, _url("activities:review_queue", access)))
    if access.can(Right.APPROVE_REVIEW):
        texts = ReviewDraft.objects.filter(status=ReviewDraft.Status.AWAITING_APPROVAL).filter(
            programme__committee=access.committee
        ) | ReviewDraft.objects.filter(
            status=ReviewDraft.Status.AWAITING_APPROVAL, policy_document__committee=access.committee
        )
        lists = CommendationProposal.objects.filter(
            committee=access.committee, status=CommendationProposal.Status.AWAITING_APPROVAL
        ).select_related("programme", "period", "policy_document")
        for subject, label, path, key in [
            *(
                (
                    t,
                    "Dự thảo đánh giá " + (f"năm {t.programme.year}" if t.programme_id else "tổng kết giai đoạn"),
                    _url("reports:review_draft", access, year=t.programme.year)
                    if t.programme_id and not t.period_id
                    else _url("reports:archive", access),
                    f"approve:review:{t.pk}",
                )
                for t in texts.select_related("programme", "period")
            ),
            *(
                (
                    p,
                    f"Danh sách khen thưởng {p.review_label()}",
                    _url("emulation:proposal", access, proposal_id=p.pk),
                    f"approve:list:{p.pk}",
                )
                for p in lists
            ),
        ]:
            mine = next(
                (
                    s
                    for s in approvals.seats(access.committee, subject)
                    if s.member is None or s.member.user_id == user.pk
                ),
                None,
            )
            if mine is not None and not mine.approved:
                out.append(Item(key, f"{label} đang chờ đồng chí phê duyệt.", path))
    return out


def digests(today: dt.date | None = None) -> list[Digest]:
    """Everyone's items today, in every committee they have a role in."""
    today = today or timezone.localdate()
    by_user: dict[int, Digest] = {}
    roles = CommitteeRole.objects.select_related("user", "committee").order_by("user_id", "committee__name")
    for role in roles:
        access = get_access(role.user, role.committee.slug)
        found = items_for(access, role.user, today)
        if found:
            by_user.setdefault(role.user_id, Digest(role.user)).items.extend(found)
    return list(by_user.values())


@dataclass
class Outcome:
    sent: list = field(default_factory=list)  # (user, items) e-mailed
    delayed: list = field(default_factory=list)  # (user, items) the mail server did not take
    nothing_new: int = 0


def _message(user, items: list[Item], today: dt.date) -> EmailMessage:
    lines = [f"Kính gửi đồng chí {person(user)},", "", f"Những việc cần đồng chí quan tâm ngày {today:%d/%m/%Y}:", ""]
    for item in items:
        lines.append(f"- {item.text}")
        lines.append(f"  {settings.SITE_URL}{item.path}")
    lines += [
        "",
        "Thư này do hệ thống quản lý Chương trình phối hợp gửi tự động, mỗi ngày một lần.",
        f"Đồng chí có thể tắt thư nhắc việc tại: {settings.SITE_URL}{reverse('reminder_choice')}",
    ]
    return EmailMessage(subject=f"Nhắc việc ngày {today:%d/%m/%Y}", body="\n".join(lines), to=[user.email])


def send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> Outcome:
    """One digest per person with what they were not reminded of yet today.
    Each person's digest is decided and sent under a lock on their reminder
    choice, so two runs at the same moment (the beat and the shell) do not
    both send it."""
    today = today or timezone.localdate()
    outcome = Outcome()
    for digest in digests(today):
        user = digest.user
        if not user.email:
            continue
        new: list[Item] = []
        try:
            with transaction.atomic():
                choice, _created = ReminderChoice.objects.select_for_update().get_or_create(user=user)
                if not choice.by_email:
                    continue
                sent = set(ReminderSent.objects.filter(user=user, day=today).values_list("key", flat=True))
                new = [i for i in digest.items if i.key not in sent]
                if not new:
                    outcome.nothing_new += 1
                    continue
                if dry_run:
                    outcome.sent.append((user, new))
                    transaction.set_rollback(True)  # a dry run leaves no choice row behind either
                    continue
                ReminderSent.objects.bulk_create(
                    [ReminderSent(user=user, day=today, key=i.key) for i in new], ignore_conflicts=True
                )
                _message(user, new, today).send()
        except (smtplib.SMTPException, OSError) as error:
            # recorded nothing: the next run sends it
            log.warning("reminder digest for %s delayed: %s", user.get_username(), error)
            outcome.delayed.append((user, new))
        else:  # (a `continue` above skips this)
            outcome.sent.append((user, new))
    return outcome


def home_items(access: Access, user) -> list[Item]:
    """The same reminders, on the committee's home page."""
    return items_for(access, user, timezone.localdate())
