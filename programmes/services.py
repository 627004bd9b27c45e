from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.permissions import Access
from programmes.models import Programme

# Which status each action moves a programme to, and from where.
TRANSITIONS = {
    "activate": ((Programme.Status.PLANNING,), Programme.Status.ACTIVE, "manage_programme"),
    "close": ((Programme.Status.ACTIVE,), Programme.Status.CLOSED, "manage_programme"),
    "reopen": ((Programme.Status.CLOSED,), Programme.Status.ACTIVE, "reopen_year"),
}


@transaction.atomic
def programme_change_status(*, access: Access, user, programme_id: int, action: str) -> Programme:
    """Activates, closes (locks the year's activities) or reopens a
    programme; the change is kept in the programme's history."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    allowed_from, target, right = TRANSITIONS[action]
    access.require(right)
    programme = Programme.objects.select_for_update().get(pk=programme_id, committee=access.committee)
    if programme.status not in allowed_from:
        raise ValidationError(
            _("The programme is %(status)s; this is not possible now.")
            % {"status": programme.get_status_display().lower()}
        )
    programme.status = target
    programme.status_changed_by = user
    programme.status_changed_at = timezone.now()
    programme._history_user = user
    programme.full_clean(validate_constraints=False)
    programme.save()
    return programme
