"""What the committee agreed to do in a year: the activity categories it
measures by, policy documents, programmes, their content items (tasks) and
targets."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import SteeringCommittee, Unit
from kit.text import NFCModel
from programmes.measures import MEASURES, QUANTITY_FIELDS


class ActivityCategory(NFCModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    measures = models.JSONField(
        _("measures that apply"),
        default=list,
        blank=True,
        help_text=_("Names of the quantity measures recorded for this category."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        # Kept from when categories lived with the activities.
        db_table = "activities_activitycategory"
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if not isinstance(self.measures, list) or any(m not in QUANTITY_FIELDS for m in self.measures):
            raise ValidationError({"measures": _("Choose among: %(names)s.") % {"names": ", ".join(QUANTITY_FIELDS)}})


class PolicyDocument(NFCModel):
    class Kind(models.TextChoices):
        PROJECT = "project", _("Project (Đề án)")
        RESOLUTION = "resolution", _("Resolution (Nghị quyết)")
        PLAN = "plan", _("Plan (Kế hoạch)")
        DIRECTIVE = "directive", _("Directive (Chỉ thị)")

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="policy_documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number_symbol = models.CharField(_("number and symbol"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    period_start = models.PositiveSmallIntegerField(_("period from (year)"))
    period_end = models.PositiveSmallIntegerField(_("period to (year)"))
    orientation_year = models.PositiveSmallIntegerField(_("orientation to (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="policy_period_order"),
            models.CheckConstraint(
                condition=Q(orientation_year__isnull=True) | Q(orientation_year__gte=F("period_end")),
                name="policy_orientation_after_period",
            ),
            models.UniqueConstraint(fields=["committee", "number_symbol"], name="policy_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} – {self.title}"


class ProgrammeQuerySet(models.QuerySet):
    def of(self, committee) -> "ProgrammeQuerySet":
        return self.filter(committee=committee)

    def newest_first(self) -> "ProgrammeQuerySet":
        return self.order_by("-year")

    def open(self) -> "ProgrammeQuerySet":
        """Programmes whose data may still change."""
        return self.exclude(status=Programme.Status.CLOSED)

    def current(self, *, fallback: bool = True) -> "Programme | None":
        """The programme a page opens on (see pick_current)."""
        return pick_current(self.newest_first(), fallback=fallback)


def pick_current(programmes, *, fallback: bool = True) -> "Programme | None":
    """The latest programme that is no longer being planned; with
    `fallback`, the latest of all when every one is planned. `programmes`
    is ordered newest first (a list a page has already read is fine)."""
    programmes = list(programmes)
    current = next((p for p in programmes if p.status != Programme.Status.PLANNING), None)
    if current is None and fallback and programmes:
        return programmes[0]
    return current


class Programme(NFCModel):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="programmes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    policy_documents = models.ManyToManyField(
        PolicyDocument, verbose_name=_("policy documents implemented"), blank=True, related_name="programmes"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNING)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="one_programme_per_committee_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="programme_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ProgrammeTask(NFCModel):
    """A content item (nội dung phối hợp) of the programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("content"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("supporting units"), blank=True, related_name="supported_tasks"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.TextField(_("progress note"), blank=True)

    history = HistoricalRecords(m2m_fields=[supporting_units])

    class Meta:
        verbose_name = _("programme content")
        verbose_name_plural = _("programme contents")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="task_unique_order"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
        ]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A target (chỉ tiêu): a value of one measure for one category, for the
    whole programme or for one responsible unit."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets"
    )
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="targets"
    )
    measure = models.CharField(_("measure"), max_length=30)
    target_value = models.BigIntegerField(_("target value"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["programme", "category__order", "measure"]
        constraints = [
            models.CheckConstraint(condition=Q(target_value__gte=0), name="target_value_non_negative"),
            models.UniqueConstraint(
                fields=["programme", "category", "measure"],
                condition=Q(unit__isnull=True),
                name="target_unique_programme_wide",
            ),
            models.UniqueConstraint(
                fields=["programme", "category", "measure", "unit"],
                condition=Q(unit__isnull=False),
                name="target_unique_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.measure}: {self.target_value}"

    @property
    def measure_label(self) -> str:
        measure = MEASURES.get(self.measure)
        return f"{measure.label} ({measure.unit_of_measure})" if measure else self.measure

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.measure not in MEASURES:
            raise ValidationError({"measure": _("Unknown measure.")})
