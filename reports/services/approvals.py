"""Joint sign-off: the programme, the review texts and the other texts that
ask for it (a commendation list) are approved by both co-chairs, the heads
of the two bodies that co-run the programme. Each decision is recorded
with who, when and the hash of the text they read; either can return the text to the standing office with a comment. A
committee with no co-running bodies recorded keeps one approver."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import Member, Unit
from coordination.permissions import Access, Right
from kit.text import has_control_characters
from programmes.models import Programme
from reports.documents import co_chairs
from reports.models import ApprovableText, Approval

Decision = Approval.Decision


def programme_hash(programme: Programme) -> str:
    """SHA-256 of what the co-chairs approve in a programme: its number,
    title, tasks (with their lead units and deadlines) and targets."""
    lines = [programme.number_symbol, programme.title]
    for t in programme.tasks.order_by("order", "pk"):
        lines.append(f"task|{t.order}|{t.title}|{t.lead_unit_id or ''}|{t.due_date or ''}")
    for t in programme.targets.order_by("pk"):
        lines.append(f"target|{t.category_id}|{t.measure}|{t.target_value}|{t.unit_id or ''}")
    return hashlib.sha256("\x1e".join(lines).encode()).hexdigest()


@dataclass
class Seat:
    """One co-chair's place in the sign-off and their last decision on the
    text as it reads now."""

    body: Unit | None
    member: Member | None
    decision: Approval | None

    @property
    def approved(self) -> bool:
        return self.decision is not None and self.decision.decision == Decision.APPROVED

    @property
    def returned(self) -> bool:
        return self.decision is not None and self.decision.decision == Decision.RETURNED


def _is_text(subject) -> bool:
    """A text with a life of its own (reports.models.ApprovableText: a
    review text, a commendation list), approved or returned as a whole; a
    programme is approved as it stands."""
    return isinstance(subject, ApprovableText)


def current_hash(subject) -> str:
    return subject.text_hash() if _is_text(subject) else programme_hash(subject)


def seats(committee, subject, chairs: list | None = None) -> list[Seat]:
    """Each co-chair with their latest decision on the current text (for a
    review text, since the standing office last saved it)."""
    decisions = subject.approvals.filter(text_hash=current_hash(subject))
    if _is_text(subject) and subject.saved_at:
        decisions = decisions.filter(at__gte=subject.saved_at)
    latest: dict = {}
    for d in decisions.select_related("user").order_by("at", "pk"):
        latest[d.body_id] = d
    chairs = co_chairs(committee) if chairs is None else chairs
    if not chairs:
        return [Seat(None, None, latest.get(None))]
    return [Seat(body, member, latest.get(body.pk)) for body, member in chairs]


def _seat_of(user, chairs: list) -> tuple[Unit | None, str]:
    if not chairs:
        return None, user.get_full_name() or user.get_username()
    for body, member in chairs:
        if member.user_id == user.pk:
            return body, member.full_name
    names = "; ".join(f"{m.full_name} ({b.name})" for b, m in chairs)
    raise ValidationError(
        _("Only the heads of the co-running bodies approve or return this text: %(names)s.") % {"names": names}
    )


@transaction.atomic
def decide(*, access: Access, user, subject, seen_hash: str, decision: str, comment: str = "") -> list[Seat]:
    """Records one co-chair's decision on the text they saw. A text changed
    since the page was shown is neither approved nor returned."""
    access.require(Right.APPROVE_REVIEW)
    committee = access.committee
    if _is_text(subject):
        subject = type(subject).objects.select_for_update().get(pk=subject.pk)
        status = type(subject).Status
        if subject.status == status.APPROVED:
            raise ValidationError(_("The review text is already approved."))
        if subject.status == status.RETURNED:
            raise ValidationError(_("The text was returned to the standing office; it waits for their revision."))
        if subject.status == status.DRAFT:
            raise ValidationError(_("The standing office has not sent the text for approval yet."))
    else:
        subject = Programme.objects.select_for_update().get(pk=subject.pk, committee=committee)
    if decision not in Decision.values:
        raise ValidationError(_("Choose to approve or to return the text."))
    comment = comment.strip()
    if has_control_characters(comment):
        raise ValidationError(_("The text contains control characters."))
    if decision == Decision.RETURNED and not comment:
        raise ValidationError(_("Say what the standing office should revise."))
    chairs = co_chairs(committee)
    body, name = _seat_of(user, chairs)
    if seen_hash != current_hash(subject):
        raise ValidationError(
            _("The text was changed after this page was shown, so nothing was recorded. Read it again.")
        )
    mine = next(s for s in seats(committee, subject, chairs) if s.body == body)
    if mine.approved and decision == Decision.APPROVED:
        raise ValidationError(_("You have already approved this text."))
    subject.approvals.create(
        body=body,
        user=user,
        name=name,
        decision=decision,
        comment=comment[:2000],
        text_hash=seen_hash,
    )
    now = seats(committee, subject, chairs)
    if _is_text(subject):
        if decision == Decision.RETURNED:
            subject.status = type(subject).Status.RETURNED
        elif all(s.approved for s in now):
            subject.status = type(subject).Status.APPROVED
            subject.approved_by = user
            subject.approved_at = timezone.now()
            subject.approved_hash = seen_hash
        subject._history_user = user
        subject.save()
    return now


def approved(committee, programme: Programme) -> bool:
    return all(s.approved for s in seats(committee, programme))


def signoff(access: Access, user, subject, decide_url: str) -> dict:
    """What a sign-off block shows (reports/_signoff.html): each co-chair's
    decision on the text and whether this user may decide now."""
    seats_now = seats(access.committee, subject)
    mine = next(
        (s for s in seats_now if (s.member is None and s.body is None) or (s.member and s.member.user_id == user.pk)),
        None,
    )
    open_for_decision = not _is_text(subject) or subject.status == type(subject).Status.AWAITING_APPROVAL
    can_decide = access.can(Right.APPROVE_REVIEW) and mine is not None and not mine.approved and open_for_decision
    return {
        "seats": seats_now,
        "can_decide": can_decide,
        "waiting_for_others": mine is not None and mine.approved and not all(s.approved for s in seats_now),
        "decide_url": decide_url,
        "text_hash": current_hash(subject),
    }
