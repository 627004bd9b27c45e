"""What the committee agreed to do in a year: the activity categories it
measures by, policy documents, programmes, their content items (tasks) and
targets."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import SteeringCommittee, Unit
from kit import lunar
from kit.text import NFCModel
from programmes.measures import MEASURES, QUANTITY_FIELDS, with_unit


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
    tet_campaign = models.BooleanField(
        _("Tết campaign"),
        default=False,
        help_text=_(
            "Activities of this category may be dated in the weeks before the Lunar New Year, "
            "in December of the year before, and still belong to the programme of that Tết's year."
        ),
    )

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

    # As printed in documents, whatever the interface language.
    KIND_WORDS = {"project": "Đề án", "resolution": "Nghị quyết", "plan": "Kế hoạch", "directive": "Chỉ thị"}

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

    @property
    def kind_word(self) -> str:
        return self.KIND_WORDS.get(self.kind, self.kind)

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

    class DataYear(models.TextChoices):
        CALENDAR = "calendar", _("The calendar year (01/01–31/12)")
        DEC15 = "dec15", _("From 15/12 of the year before to 14/12")

    class TetFrom(models.IntegerChoices):
        # (lunar month × 100 + day) of the first day of the Tết campaign
        ELEVENTH_15 = 1115, _("the 15th of the 11th lunar month")
        TWELFTH_1 = 1201, _("the 1st of the 12th lunar month (mùng 1 tháng Chạp)")
        TWELFTH_15 = 1215, _("the 15th of the 12th lunar month (rằm tháng Chạp)")

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
    data_year = models.CharField(
        _("data year"),
        max_length=10,
        choices=DataYear.choices,
        default=DataYear.CALENDAR,
        help_text=_("Which days the year's figures count."),
    )
    tet_from = models.PositiveSmallIntegerField(
        _("Tết campaign from"),
        choices=TetFrom.choices,
        default=TetFrom.TWELFTH_1,
        help_text=_(
            "Activities of Tết campaign categories dated from this day before the Tết of the programme's year "
            "(to the 15th of the 1st lunar month) belong to this programme."
        ),
    )

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

    # -- the programme's calendar ------------------------------------------------
    @property
    def data_start(self) -> dt.date:
        if self.data_year == self.DataYear.DEC15:
            return dt.date(self.year - 1, 12, 15)
        return dt.date(self.year, 1, 1)

    @property
    def data_end(self) -> dt.date:
        if self.data_year == self.DataYear.DEC15:
            return dt.date(self.year, 12, 14)
        return dt.date(self.year, 12, 31)

    def tet_window(self) -> tuple[dt.date, dt.date]:
        """The Tết campaign days for the Tết of this programme's year."""
        return lunar.tet_window(self.year, start=divmod(self.tet_from, 100))

    @property
    def opening(self) -> dt.date:
        """The earliest date an activity of this programme can have: the
        start of its data year or of its Tết campaign, whichever is earlier."""
        return min(self.data_start, self.tet_window()[0])

    def accepts(self, day: dt.date, category: "ActivityCategory | None") -> bool:
        """Whether an activity starting on `day` belongs to this programme."""
        if self.data_start <= day <= self.data_end:
            return True
        first, last = self.tet_window()
        return bool(category is not None and category.tet_campaign and first <= day <= last)


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
    def measure_name(self) -> str:
        measure = MEASURES.get(self.measure)
        return str(measure.label) if measure else self.measure

    @property
    def measure_unit(self) -> str:
        measure = MEASURES.get(self.measure)
        return str(measure.unit_of_measure) if measure else ""

    @property
    def measure_label(self) -> str:
        measure = MEASURES.get(self.measure)
        return with_unit(measure.label, measure.unit_of_measure) if measure else self.measure

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.measure not in MEASURES:
            raise ValidationError({"measure": _("Unknown measure.")})


class ReportingPeriod(NFCModel):
    """A stretch of a programme year the committee reports on: the first six
    months for the July preliminary review, a quarter, the whole year, the
    Tết campaign, or any range. Figures count the activities of the programme
    that start from `start` to the cut-off date (or `end`). A locked period's
    figures are frozen: activities dated in it cannot be changed."""

    class Kind(models.TextChoices):
        FIRST_HALF = "first-half", _("First six months")
        Q1 = "q1", _("First quarter")
        Q2 = "q2", _("Second quarter")
        Q3 = "q3", _("Third quarter")
        Q4 = "q4", _("Fourth quarter")
        YEAR = "year", _("Whole year")
        TET = "tet", _("Tết campaign")
        CUSTOM = "custom", _("Other period")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CUSTOM)
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    cutoff = models.DateField(
        _("data cut-off date"),
        null=True,
        blank=True,
        help_text=_("Figures count activities starting up to this day (“tính đến ngày …”); empty: to the end."),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lock_note = models.CharField(_("reason for the last lock change"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["programme", "start", "-end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
            models.UniqueConstraint(fields=["programme", "name"], name="period_unique_name"),
            models.UniqueConstraint(
                fields=["programme", "kind"], condition=~Q(kind="custom"), name="period_one_of_each_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def committee_id(self) -> int:
        return self.programme.committee_id

    @property
    def counted_until(self) -> dt.date:
        return self.cutoff or self.end

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.counted_until)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The period ends before it starts.")
        if self.cutoff and self.start and self.end and not (self.start <= self.cutoff <= self.end):
            errors["cutoff"] = _("The cut-off date must lie within the period.")
        if self.programme_id and self.start and self.end:
            opening, closing = self.programme.opening, self.programme.data_end
            if self.start < opening or self.end > closing:
                errors["start"] = _("The period must lie within the %(year)s data year (%(start)s–%(end)s).") % {
                    "year": self.programme.year,
                    "start": opening.strftime("%d/%m/%Y"),
                    "end": closing.strftime("%d/%m/%Y"),
                }
        if errors:
            raise ValidationError(errors)

    def same_period_of(self, programme: "Programme") -> tuple[dt.date, dt.date]:
        """The span of the same period in another programme year: the period
        of the same kind there if it exists, else the same days."""
        if self.kind != self.Kind.CUSTOM:
            other = programme.periods.filter(kind=self.kind).first()
            if other is not None:
                return other.span
            preset = {p.kind: p for p in presets(programme)}.get(self.kind)
            if preset is not None:  # the usual period there, cut off on the same day as this one
                shift = programme.year - self.programme.year
                end = _shift(self.cutoff, shift) if self.cutoff else preset.end
                return (preset.start, min(end, preset.end))
        shift = programme.year - self.programme.year
        return (_shift(self.start, shift), _shift(self.counted_until, shift))


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def presets(programme: Programme) -> list[ReportingPeriod]:
    """The usual periods of a programme year, unsaved: the first half and the
    quarters start at the programme's opening (so a Tết campaign begun in
    December counts in the first half), the year runs to the data year's
    end, and the Tết campaign is its window."""
    year = programme.year
    opening, closing = programme.opening, programme.data_end
    kind = ReportingPeriod.Kind
    tet_first, tet_last = programme.tet_window()
    rows = [
        (kind.FIRST_HALF, f"6 tháng đầu năm {year}", opening, dt.date(year, 6, 30)),
        (kind.Q1, f"Quý I năm {year}", opening, dt.date(year, 3, 31)),
        (kind.Q2, f"Quý II năm {year}", dt.date(year, 4, 1), dt.date(year, 6, 30)),
        (kind.Q3, f"Quý III năm {year}", dt.date(year, 7, 1), dt.date(year, 9, 30)),
        (kind.Q4, f"Quý IV năm {year}", dt.date(year, 10, 1), closing),
        (kind.YEAR, f"Năm {year}", opening, closing),
        (kind.TET, f"Tết Nguyên đán {year}", tet_first, tet_last),
    ]
    return [ReportingPeriod(programme=programme, kind=k, name=n, start=s, end=e) for k, n, s, e in rows]


class PolicyTarget(models.Model):
    """A target for the whole period of a policy document (e.g. "2.000 nhà
    đại đoàn kết in 2021–2025"), entered once; the progress of each year is
    read from the activities."""

    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("policy document"), on_delete=models.CASCADE, related_name="targets"
    )
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="policy_targets"
    )
    measure = models.CharField(_("measure"), max_length=30)
    target_value = models.BigIntegerField(_("target value"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target for the period")
        verbose_name_plural = _("targets for the period")
        ordering = ["document", "category__order", "measure"]
        constraints = [
            models.CheckConstraint(condition=Q(target_value__gte=0), name="policy_target_non_negative"),
            models.UniqueConstraint(fields=["document", "category", "measure"], name="policy_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.measure}: {self.target_value}"

    def clean(self):
        super().clean()
        if self.measure not in MEASURES:
            raise ValidationError({"measure": _("Unknown measure.")})


class ReportingObligation(NFCModel):
    """What the standing office asks of the units for a period: "all member
    units report the first half by 20/6". Empty `units`: every member unit
    at the top of the committee's tree that exists on the due day."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.CASCADE, related_name="obligations"
    )
    due_on = models.DateField(_("report due by"))
    units = models.ManyToManyField(
        "coordination.Unit", verbose_name=_("units that must report"), blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.period} – {self.due_on:%d/%m/%Y}"


class UnitReport(NFCModel):
    """A unit's report for a period, closed with its short narrative: what
    went well, the difficulties, its proposals."""

    obligation = models.ForeignKey(
        ReportingObligation, verbose_name=_("reporting deadline"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey("coordination.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    went_well = models.TextField(_("what went well"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("closed by (name)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["closed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["obligation", "unit"], name="one_report_per_unit_and_deadline")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.obligation}"
