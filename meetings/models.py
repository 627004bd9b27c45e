"""Meetings of the committee: conferences, their agenda, who attended, what
was concluded and the follow-up actions assigned to units."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination.models import Member, SteeringCommittee, Unit
from kit.text import NFCModel
from programmes.models import Programme
from reports.models import ReportRun

# The tables keep the names they had when meetings lived in the committee app.


class Meeting(NFCModel):
    class Kind(models.TextChoices):
        YEARLY_REVIEW = "yearly_review", _("Yearly review conference")
        PRELIMINARY = "preliminary", _("Preliminary review")
        REGULAR = "regular", _("Regular meeting")

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme reviewed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    co_chairs = models.ManyToManyField(Member, verbose_name=_("co-chairs"), blank=True, related_name="chaired_meetings")
    conclusions = models.TextField(_("conclusions"), blank=True)

    class Meta:
        db_table = "coordination_meeting"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["committee", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(NFCModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        Member, verbose_name=_("presenter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_run = models.ForeignKey(
        ReportRun,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        db_table = "coordination_agendaitem"
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_unique_order")]

    def __str__(self) -> str:
        return self.title


class Attendee(NFCModel):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey(
        Member, verbose_name=_("committee member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        db_table = "coordination_attendee"
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=False) | ~Q(name=""), name="attendee_has_name"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.member)


class FollowUp(NFCModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="follow_ups")
    description = models.TextField(_("action"))
    assigned_unit = models.ForeignKey(
        Unit, verbose_name=_("assigned unit"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        db_table = "coordination_followup"
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["assigned_unit", "status"])]

    def __str__(self) -> str:
        return self.description[:80]


class MeetingDocument(models.Model):
    """The meeting a printed document (invitation, minutes, packet) is for.
    Kept here rather than on the run, so the report pipeline does not depend
    on meetings; one row per run."""

    run = models.OneToOneField(
        ReportRun, verbose_name=_("document"), primary_key=True, on_delete=models.CASCADE, related_name="meeting_link"
    )
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="documents")

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return f"{self.meeting} – {self.run}"
