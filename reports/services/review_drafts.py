"""The review narrative: the standing office writes it, the co-chairs
approve it (reports.services.approvals), and the approved text is what the
yearly review prints."""

from django.db import transaction
from django.utils import timezone

from coordination.permissions import Access, Right
from programmes.models import PolicyDocument, Programme, ReportingPeriod
from reports.models import Approval, ReviewDraft
from reports.services import approvals


def _subject(access: Access, programme_id, period_id, document_id) -> dict:
    """Whose text it is: a programme year's, one of its periods', or a
    policy document's final review."""
    if document_id:
        return {
            "programme": None,
            "period": None,
            "policy_document": PolicyDocument.objects.get(pk=document_id, committee=access.committee),
        }
    programme = Programme.objects.get(pk=programme_id, committee=access.committee)
    return {
        "programme": programme,
        "period": programme.periods.get(pk=period_id) if period_id else None,
        "policy_document": None,
    }


@transaction.atomic
def review_draft_save(
    *,
    access: Access,
    user,
    fields: dict,
    programme_id: int | None = None,
    period_id: int | None = None,
    document_id: int | None = None,
) -> ReviewDraft:
    """Saves the yearly review's text, a period's (`period_id`) or a policy
    document's final review text (`document_id`)."""
    access.require(Right.WRITE_REVIEW)
    draft, _created = ReviewDraft.objects.select_for_update().get_or_create(
        **_subject(access, programme_id, period_id, document_id)
    )
    for name, value in fields.items():
        setattr(draft, name, value)
    # Any change sends an approved text back for approval.
    draft.status = ReviewDraft.Status.AWAITING_APPROVAL
    draft.approved_by = None
    draft.approved_at = None
    draft.approved_hash = ""
    draft.updated_by = user
    draft.saved_at = timezone.now()
    draft._history_user = user
    draft.full_clean(validate_constraints=False)
    draft.save()
    return draft


def review_draft_decide(
    *,
    access: Access,
    user,
    seen_hash: str,
    decision: str = Approval.Decision.APPROVED,
    comment: str = "",
    programme_id: int | None = None,
    period_id: int | None = None,
    document_id: int | None = None,
) -> ReviewDraft:
    """One co-chair approves the text they saw, or returns it to the
    standing office with a comment; it is approved when both have approved
    it as it reads now. If it was saved again since the page was shown
    (`seen_hash` differs), nothing is recorded."""
    access.require(Right.APPROVE_REVIEW)
    try:
        subject = _subject(access, programme_id, period_id, document_id)
    except (Programme.DoesNotExist, PolicyDocument.DoesNotExist, ReportingPeriod.DoesNotExist):
        raise ReviewDraft.DoesNotExist from None
    draft = ReviewDraft.objects.get(**subject)
    approvals.decide(access=access, user=user, subject=draft, seen_hash=seen_hash, decision=decision, comment=comment)
    draft.refresh_from_db()
    return draft
