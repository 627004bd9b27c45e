"""The review narrative: the standing office writes it, the chair approves
it, and the approved text is what the yearly review prints."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.permissions import Access, Right
from programmes.models import PolicyDocument, Programme, ReportingPeriod
from reports.models import ReviewDraft


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
    draft._history_user = user
    draft.full_clean(validate_constraints=False)
    draft.save()
    return draft


@transaction.atomic
def review_draft_approve(
    *,
    access: Access,
    user,
    seen_hash: str,
    programme_id: int | None = None,
    period_id: int | None = None,
    document_id: int | None = None,
) -> ReviewDraft:
    """Approves the text the approver saw: if it was saved again since the
    page was shown (`seen_hash` differs), nothing is approved."""
    access.require(Right.APPROVE_REVIEW)
    try:
        subject = _subject(access, programme_id, period_id, document_id)
    except (Programme.DoesNotExist, PolicyDocument.DoesNotExist, ReportingPeriod.DoesNotExist):
        raise ReviewDraft.DoesNotExist from None
    draft = ReviewDraft.objects.select_for_update().get(**subject)
    if draft.status == ReviewDraft.Status.APPROVED:
        raise ValidationError(_("The review text is already approved."))
    if seen_hash != draft.text_hash():
        raise ValidationError(
            _("The review text was changed after this page was shown, so it was not approved. Read it again.")
        )
    draft.status = ReviewDraft.Status.APPROVED
    draft.approved_by = user
    draft.approved_at = timezone.now()
    draft.approved_hash = draft.text_hash()
    draft._history_user = user
    draft.save()
    return draft
