"""Attachments: upload, permission-checked download, removal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities import services
from activities.files import precheck
from activities.models import Activity, Attachment
from activities.selectors import scope_activities
from coordination import audit
from coordination.models import AuditEvent
from coordination.permissions import Access
from coordination.views import committee_view, flash_errors
from kit.downloads import file_download


@require_POST
@committee_view
def attachment_upload(request, committee: str, pk: int, *, access: Access):
    get_object_or_404(scope_activities(access), pk=pk)
    uploads = request.FILES.getlist("photos") + request.FILES.getlist("documents")
    if not uploads:
        messages.warning(request, _("Choose a file to attach first."))
        return redirect("activities:detail", committee=committee, pk=pk)
    try:
        precheck(uploads)
        for upload in uploads:
            services.attachment_add(access=access, user=request.user, activity_id=pk, upload=upload)
    except Activity.DoesNotExist:
        raise PermissionDenied from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(count)s file(s) attached.") % {"count": len(uploads)})
    return redirect("activities:detail", committee=committee, pk=pk)


def _attachment_in_scope(access: Access, attachment_id: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("activity"), pk=attachment_id, activity__in=scope_activities(access)
    )


@require_GET
@committee_view
def attachment_download(request, committee: str, attachment_id: int, *, access: Access):
    attachment = _attachment_in_scope(access, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(request, AuditEvent.Kind.DOWNLOAD, detail=f"attachment {attachment.pk} {attachment.original_name}")
    return file_download(handle, content_type=attachment.content_type, filename=attachment.original_name)


@require_GET
@committee_view
def attachment_thumbnail(request, committee: str, attachment_id: int, *, access: Access):
    attachment = _attachment_in_scope(access, attachment_id)
    if not attachment.thumbnail:
        raise Http404
    try:
        handle = attachment.thumbnail.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(handle, content_type="image/jpeg")


@require_POST
@committee_view
def attachment_delete(request, committee: str, attachment_id: int, *, access: Access):
    attachment = _attachment_in_scope(access, attachment_id)
    access = request.access
    try:
        services.attachment_delete(access=access, user=request.user, attachment_id=attachment_id)
    except Attachment.DoesNotExist:
        raise PermissionDenied from None
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The file was removed."))
    return redirect("activities:detail", committee=committee, pk=attachment.activity_id)
