"""What the units actually did: activities and their attachments."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import Locality, Unit
from kit.constraints import Checked
from kit.text import NFCModel, fold
from programmes.measures import FUNDING_FIELDS, QUANTITY_MEASURES
from programmes.models import ActivityCategory

# Above any single activity a province has recorded; catches a typo of three
# extra zeros without refusing a real large project.
MAX_AMOUNT = 1_000_000_000_000  # 1,000 tỷ đồng
MAX_QUANTITY = 10_000_000


# The value of an activity: the sum of its funding sources, in đồng.
AMOUNT = F("funding_state") + F("funding_social") + F("funding_units")


class Counting(models.TextChoices):
    """Which activities the figures count."""

    CONFIRMED = "confirmed", _("Confirmed only")
    REPORTED = "reported", _("Submitted or confirmed")  # what the units have reported so far


class ActivityQuerySet(models.QuerySet):
    def counted(self, counting: str = Counting.CONFIRMED) -> "ActivityQuerySet":
        """The activities the figures count: confirmed, or also submitted."""
        return self.filter(status__in=COUNTED_STATUSES.get(counting, COUNTED_STATUSES[Counting.CONFIRMED]))


def _non_negative(field: str) -> Checked:
    return Checked(condition=Q(**{f"{field}__gte": 0}), name=f"activity_{field}_non_negative")


class Activity(NFCModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        CONFIRMED = "confirmed", _("Confirmed")

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="activities"
    )
    # The programme's committee, copied on every save (a programme never moves
    # to another committee): the lists over all years walk one index per
    # committee, (committee, start date, id), instead of sorting its rows.
    committee = models.ForeignKey(
        "coordination.SteeringCommittee", on_delete=models.CASCADE, related_name="+", editable=False, db_index=False
    )
    # Category and dates may be missing while the activity is a draft (a
    # half-typed record is saved rather than lost); submission requires them.
    category = models.ForeignKey(
        ActivityCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("activity name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_activities"
    )
    participating_units = models.ManyToManyField(
        Unit, verbose_name=_("participating units"), blank=True, related_name="participated_activities"
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )

    houses_built = models.PositiveIntegerField(_("houses built"), default=0)
    houses_repaired = models.PositiveIntegerField(_("houses repaired"), default=0)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    people_examined = models.PositiveIntegerField(_("people examined"), default=0)
    gifts = models.PositiveIntegerField(_("gifts"), default=0)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    man_days = models.PositiveIntegerField(_("man-days"), default=0)

    funding_state = models.BigIntegerField(_("state budget (đồng)"), default=0)
    funding_social = models.BigIntegerField(_("socialized contributions (đồng)"), default=0)
    funding_units = models.BigIntegerField(_("units' own contributions (đồng)"), default=0)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    external_ref = models.CharField(_("external reference"), max_length=100, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Folded title, description and reference: search ignores case, tone
    # marks and their placement (Hoà = Hòa).
    search_text = models.TextField(editable=False, default="")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The version the unit sent for review; a later version while it is still
    # submitted was edited after sending, and the office sees what changed.
    submitted_version = models.PositiveIntegerField(_("version submitted"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # The middle level's check (a regional command, a commune Party
    # committee) of a submitted activity of one of its sub-units, before the
    # standing office reviews it; cleared when it is sent again or returned.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by (middle level)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at (middle level)"), null=True, blank=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[participating_units])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-id"]
        constraints = [
            *[_non_negative(f) for f in FUNDING_FIELDS],
            *[Checked(condition=Q(**{f"{f}__lte": MAX_AMOUNT}), name=f"activity_{f}_max") for f in FUNDING_FIELDS],
            Checked(condition=Q(end_date__gte=F("start_date")), name="activity_end_after_start"),
            Checked(condition=~Q(status="returned") | ~Q(return_reason=""), name="activity_returned_has_reason"),
            Checked(condition=Q(version__gte=1), name="activity_version_positive"),
            Checked(
                condition=Q(status="draft")
                | (Q(category__isnull=False) & Q(start_date__isnull=False) & Q(end_date__isnull=False)),
                name="activity_complete_unless_draft",
            ),
            models.UniqueConstraint(
                fields=["programme", "external_ref"], condition=~Q(external_ref=""), name="activity_unique_external_ref"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "category"], name="activity_prog_status_cat"),
            models.Index(fields=["programme", "lead_unit"], name="activity_prog_unit"),
            models.Index(fields=["programme", "locality"], name="activity_prog_locality"),
            models.Index(fields=["programme", "-start_date", "-id"], name="activity_prog_start_id"),
            models.Index(fields=["committee", "-start_date", "-id"], name="activity_committee_start_id"),
            # The review queues and reminders over every programme of a committee.
            models.Index(fields=["committee", "status", "submitted_at"], name="activity_committee_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        self.committee_id = self.programme.committee_id
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return fold(" ".join([self.title, self.description, self.external_ref]))

    @property
    def amount_total(self) -> int:
        return sum(getattr(self, f) for f in FUNDING_FIELDS)

    @property
    def is_complete(self) -> bool:
        return bool(self.category_id and self.start_date and self.end_date)

    @property
    def changed_since_submission(self) -> bool:
        return (
            self.status == self.Status.SUBMITTED
            and self.submitted_version is not None
            and self.version != self.submitted_version
        )

    # What a draft may leave empty but a unit must fill in to send it for review.
    SUBMISSION_FIELDS = ("category", "start_date", "end_date")

    def missing_for_submission(self) -> list[str]:
        """The names of the SUBMISSION_FIELDS still empty."""
        return [name for name in self.SUBMISSION_FIELDS if not getattr(self, self._meta.get_field(name).attname)]

    @classmethod
    def needed_to_submit(cls, name: str) -> str:
        """The message on a field a submission needs and that is empty."""
        return _("Fill in “%(field)s” before submitting for review.") % {
            "field": capfirst(cls._meta.get_field(name).verbose_name)
        }

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("The end date is before the start date."))
        programme = self.programme if self.programme_id else None
        if programme and self.start_date:
            category = self.category if self.category_id else None
            if not programme.accepts(self.start_date, category):
                errors.setdefault("start_date", []).append(_outside_message(programme, self.start_date, category))
        if programme and self.end_date and not self.start_date and not programme.accepts(self.end_date, None):
            errors.setdefault("end_date", []).append(_outside_message(programme, self.end_date, None))
        if programme and self.end_date and self.end_date > programme.data_end:
            errors.setdefault("end_date", []).append(
                _("The end date is after the end of the %(year)s data year (%(end)s).")
                % {"year": programme.year, "end": programme.data_end.strftime("%d/%m/%Y")}
            )
        for f in FUNDING_FIELDS:
            value = getattr(self, f)
            if value is not None and value > MAX_AMOUNT:
                errors.setdefault(f, []).append(_("This amount is implausibly large; check the number of zeros."))
        for m in QUANTITY_MEASURES:
            value = getattr(self, m.name)
            if value is not None and value > MAX_QUANTITY:
                errors.setdefault(m.name, []).append(_("This number is implausibly large."))
        if programme and self.lead_unit_id and self.lead_unit.committee_id != programme.committee_id:
            errors.setdefault("lead_unit", []).append(_("The unit belongs to another committee."))
        # Units and localities are renamed, merged and dissolved: an activity
        # names them as they were on its date.
        if self.start_date:
            for name, value in (
                ("lead_unit", self.lead_unit if self.lead_unit_id else None),
                ("locality", self.locality if self.locality_id else None),
            ):
                if value is not None and not value.is_valid_on(self.start_date):
                    errors.setdefault(name, []).append(
                        _("“%(name)s” did not exist under this name on %(date)s; choose the one valid then.")
                        % {"name": value.name, "date": self.start_date.strftime("%d/%m/%Y")}
                    )
        if self.status == self.Status.RETURNED and not self.return_reason.strip():
            errors.setdefault("return_reason", []).append(_("Give the reason for returning the activity."))
        if errors:
            raise ValidationError(errors)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Names on disk carry no user text; the original name is kept in a field.

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.activity.programme_id}/{uuid.uuid4().hex}.{ext[:8]}"


COUNTED_STATUSES = {
    Counting.CONFIRMED: (Activity.Status.CONFIRMED,),
    Counting.REPORTED: (Activity.Status.SUBMITTED, Activity.Status.CONFIRMED),
}


class Attachment(NFCModel):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to="attachments/thumbs/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        constraints = [Checked(condition=Q(size__gt=0), name="attachment_not_empty")]

    def __str__(self) -> str:
        return self.original_name


def _outside_message(programme, day, category) -> str:
    """Why a date does not belong to the programme, naming the days that do."""
    window_start = programme.tet_window()[0]
    text = _("%(date)s is outside the %(year)s programme's data year (%(start)s–%(end)s).") % {
        "date": day.strftime("%d/%m/%Y"),
        "year": programme.year,
        "start": programme.data_start.strftime("%d/%m/%Y"),
        "end": programme.data_end.strftime("%d/%m/%Y"),
    }
    if window_start < programme.data_start and day < programme.data_start:
        if category is not None and category.tet_campaign:
            return text
        return (
            text
            + " "
            + _("Only activities of Tết campaign categories may start earlier, from %(from)s, for the Tết of %(year)s.")
            % {"from": window_start.strftime("%d/%m/%Y"), "year": programme.year}
        )
    return text


class ActivityTotal(models.Model):
    """Per programme, status and category: how many activities and the sum of
    every measure. Kept by database triggers in the same transaction as each
    write to the activities (activities/rollup.py), so that a totals row over
    years reads a few hundred of these instead of every activity."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    category_key = models.BigIntegerField()  # the category's id, 0 without one (a draft)
    count = models.BigIntegerField(default=0)
    houses_built = models.BigIntegerField(default=0)
    houses_repaired = models.BigIntegerField(default=0)
    beneficiaries = models.BigIntegerField(default=0)
    people_examined = models.BigIntegerField(default=0)
    gifts = models.BigIntegerField(default=0)
    sessions = models.BigIntegerField(default=0)
    participants = models.BigIntegerField(default=0)
    man_days = models.BigIntegerField(default=0)
    funding_state = models.BigIntegerField(default=0)
    funding_social = models.BigIntegerField(default=0)
    funding_units = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "status", "category_key"], name="activity_total_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.status}/{self.category_key}: {self.count}"


class FiguresStamp(models.Model):
    """Random numbers that change, in the same transaction, with every write
    to what a programme's figures are made of: one per status of its
    activities, one (status "") for the programme row, its targets and the
    categories (database triggers, activities/stamps.py). A web process keeps
    the summary's figures under the stamps they were read with. Written by
    the triggers only; no foreign key, so that deleting a programme (whose
    activities' triggers write here as they go) needs no order."""

    programme = models.BigIntegerField()
    status = models.CharField(max_length=20, blank=True)
    stamp = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "status"], name="figures_stamp_unique_key")]

    def __str__(self) -> str:
        return f"{self.programme}/{self.status}: {self.stamp}"
