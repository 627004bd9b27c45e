"""The emulation movement "Dân vận khéo": the register of models and of
exemplary collectives and individuals (gương điển hình), their recognition
at each level over the years and the activities that are their evidence;
and the commendation lists (đề nghị khen thưởng) of each review, approved
by the co-chairs and printed as a proposal and a decision."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from coordination.models import Locality, SteeringCommittee, Unit
from kit.text import NFCModel, fold
from programmes.models import PolicyDocument, Programme, ReportingPeriod
from reports.models import ApprovableText, ApprovalBase, ReportRun


class Field(models.TextChoices):
    """The four fields the movement registers models in."""

    ECONOMY = "economy", _("Economy")
    CULTURE = "culture", _("Culture and society")
    DEFENCE = "defence", _("Defence and security")
    POLITICAL = "political", _("Building the political system")


class Level(models.TextChoices):
    """Where a model was recognised, from the commune up."""

    COMMUNE = "commune", _("Commune level")
    DISTRICT = "district", _("District or regional level")
    PROVINCE = "province", _("Provincial level")
    NATIONAL = "national", _("National level")


LEVEL_RANK = {level: rank for rank, level in enumerate(Level.values)}


class Exemplar(NFCModel):
    """A "Dân vận khéo" model, or an exemplary collective or individual, as
    its unit registered it and as it was recognised since."""

    class Kind(models.TextChoices):
        MODEL = "model", _("Model")
        COLLECTIVE = "collective", _("Exemplary collective")
        INDIVIDUAL = "individual", _("Exemplary individual")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered, awaiting evaluation")
        RETURNED = "returned", _("Returned to the unit")
        RECOGNISED = "recognised", _("Recognised")
        REPLICATED = "replicated", _("Replicated")

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="exemplars"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MODEL)
    name = models.CharField(_("name"), max_length=300)
    # Of an individual: their position (chức vụ) in the unit.
    position = models.CharField(_("position"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit that runs it"), on_delete=models.PROTECT, related_name="exemplars"
    )
    locality = models.ForeignKey(
        Locality, verbose_name=_("locality"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(_("field"), max_length=12, choices=Field.choices)
    registered_year = models.PositiveSmallIntegerField(_("year registered"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    # The highest level it was recognised at, and the year (kept with the
    # recognitions below).
    level = models.CharField(_("level recognised"), max_length=10, choices=Level.choices, blank=True)
    recognised_year = models.PositiveSmallIntegerField(_("year recognised"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("evidence (activities)"), blank=True, related_name="exemplars"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: a form saved over someone else's change is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("model or exemplar")
        verbose_name_plural = _("models and exemplars")
        ordering = ["-registered_year", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_year__gte=1990, registered_year__lte=2100), name="exemplar_year"
            ),
            models.CheckConstraint(
                condition=Q(level="", recognised_year__isnull=True) | (~Q(level="") & Q(recognised_year__isnull=False)),
                name="exemplar_level_with_year",
            ),
        ]
        indexes = [models.Index(fields=["committee", "registered_year"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        """Still the unit's to edit: not yet recognised."""
        return self.status in (self.Status.REGISTERED, self.Status.RETURNED)


class Recognition(NFCModel):
    """An exemplar recognised at one level in one year, by a decision."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("model or exemplar"), on_delete=models.CASCADE, related_name="recognitions"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    reference = models.CharField(_("decision (number, date)"), max_length=200, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "level"], name="recognised_once_per_level"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="recognition_year"),
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} – {self.get_level_display()} {self.year}"


class ExemplarEvent(NFCModel):
    """One change in an exemplar's history: who, when, what and why."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        EDITED = "edited", _("Edited")
        EVIDENCE = "evidence", _("Evidence changed")
        RETURNED = "returned", _("Returned to the unit")
        RECOGNISED = "recognised", _("Recognised")
        REPLICATED = "replicated", _("Marked as replicated")
        PHOTO = "photo", _("Photo added")

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("model or exemplar"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    # {label: [before, after]} of the fields that changed
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]


def exemplar_photo_path(instance, filename: str) -> str:
    return f"exemplars/{instance.exemplar.committee_id}/{instance.exemplar_id}/{filename}"


class ExemplarPhoto(NFCModel):
    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("model or exemplar"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to=exemplar_photo_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to="exemplars/thumbs/", blank=True)
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
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="exemplar_photo_not_empty")]


class Form(models.TextChoices):
    """The forms of commendation a list proposes. Only the committee's own
    certificate of merit is awarded by the committee's decision; the others
    are proposed to the body that awards them."""

    COMMITTEE = "committee", _("Certificate of merit of the steering committee")
    PARTY_COMMISSION = "party", _("Certificate of merit of the Party Mass Mobilization Commission")
    MILITARY = "military", _("Certificate of merit of the Provincial Military Command")
    PEOPLES_COMMITTEE = "people", _("Certificate of merit of the Chairman of the Provincial People's Committee")


# Printed as the documents name them, highest first.
FORM_ORDER = [Form.PEOPLES_COMMITTEE, Form.MILITARY, Form.PARTY_COMMISSION, Form.COMMITTEE]


class CommendationProposal(ApprovableText):
    """The list of collectives and individuals the standing office proposes
    for commendation at one review: the yearly review, a period's review of
    the year (the half-year one) or a policy document's final review. One
    list per review; the co-chairs approve it as a whole."""

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="commendation_lists"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="commendation_lists"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendation_lists",
    )
    policy_document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("policy document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commendation_lists",
    )
    grounds = models.TextField(_("grounds"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commendation list")
        verbose_name_plural = _("commendation lists")
        ordering = ["-programme__year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(period__isnull=True, policy_document__isnull=True),
                name="one_commendation_list_per_year",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(period__isnull=False), name="one_commendation_list_per_period"
            ),
            models.UniqueConstraint(
                fields=["policy_document"],
                condition=Q(policy_document__isnull=False),
                name="one_commendation_list_per_document",
            ),
        ]

    def __str__(self) -> str:
        return self.review_label()

    def review_label(self) -> str:
        """ "Tổng kết năm 2022", "Sơ kết 6 tháng đầu năm 2023", "Tổng kết Đề án
        số 05-ĐA/BCĐ giai đoạn 2021–2025"."""
        if self.policy_document_id:
            doc = self.policy_document
            return f"Tổng kết {doc.kind_word} {doc.number_symbol} giai đoạn {doc.period_start}–{doc.period_end}"
        if self.period_id:
            name = self.period.name
            word = "Sơ kết" if self.period.kind == "first-half" else "Kết quả"
            return f"{word} {name[:1].lower()}{name[1:]}"
        return f"Tổng kết năm {self.programme.year}"

    def subject_words(self) -> str:
        """What the list commends results in: "thực hiện Chương trình phối
        hợp năm 2022" or "… 6 tháng đầu năm 2023", or the Đề án's period."""
        if self.policy_document_id:
            doc = self.policy_document
            return f"thực hiện {doc.kind_word} {doc.number_symbol} giai đoạn {doc.period_start}–{doc.period_end}"
        if self.period_id:
            name = self.period.name
            return f"thực hiện Chương trình phối hợp {name[:1].lower()}{name[1:]}"
        return f"thực hiện Chương trình phối hợp năm {self.programme.year}"

    def text_hash(self) -> str:
        """SHA-256 of what the co-chairs approve: the grounds and every
        entry as it reads."""
        lines = [self.grounds]
        for e in self.entries.order_by("pk"):
            lines.append(f"{e.recipient}|{e.form}|{e.unit_id}|{e.name}|{e.position}|{e.achievement}")
        return hashlib.sha256("\x1e".join(lines).encode()).hexdigest()

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.APPROVED


class CommendationEntry(NFCModel):
    """One collective or individual on a commendation list."""

    class Recipient(models.TextChoices):
        COLLECTIVE = "collective", _("Collective")
        INDIVIDUAL = "individual", _("Individual")

    proposal = models.ForeignKey(
        CommendationProposal, verbose_name=_("commendation list"), on_delete=models.CASCADE, related_name="entries"
    )
    recipient = models.CharField(_("collective or individual"), max_length=10, choices=Recipient.choices)
    form = models.CharField(_("form of commendation"), max_length=10, choices=Form.choices, default=Form.COMMITTEE)
    # The collective itself, or the individual's unit.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="commendations")
    # A collective's printed name (the unit's by default); an individual's full name.
    name = models.CharField(_("name"), max_length=300)
    position = models.CharField(_("position"), max_length=200, blank=True)
    # The folded name that tells one person from another within a unit.
    name_key = models.CharField(max_length=300, editable=False)
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("from the register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    achievement = models.TextField(_("achievement"), blank=True)

    class Meta:
        verbose_name = _("commendation entry")
        verbose_name_plural = _("commendation entries")
        ordering = ["pk"]
        constraints = [
            # A unit or a person is proposed once for one review.
            models.UniqueConstraint(
                fields=["proposal", "unit"], condition=Q(recipient="collective"), name="collective_proposed_once"
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit", "name_key"],
                condition=Q(recipient="individual"),
                name="individual_proposed_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = " ".join(fold(self.name).split())
        super().save(*args, **kwargs)


class ProposalApproval(ApprovalBase):
    """A co-chair's decision on a commendation list."""

    proposal = models.ForeignKey(
        CommendationProposal, verbose_name=_("commendation list"), on_delete=models.CASCADE, related_name="approvals"
    )

    class Meta(ApprovalBase.Meta):
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.CheckConstraint(condition=~Q(decision="returned") | ~Q(comment=""), name="a_list_return_says_why")
        ]


class ProposalDocument(models.Model):
    """The commendation list a printed proposal or decision is for; kept
    here so the report pipeline does not depend on this app."""

    run = models.OneToOneField(
        ReportRun, verbose_name=_("document"), primary_key=True, on_delete=models.CASCADE, related_name="proposal_link"
    )
    proposal = models.ForeignKey(
        CommendationProposal, verbose_name=_("commendation list"), on_delete=models.PROTECT, related_name="documents"
    )

    class Meta:
        verbose_name = _("commendation document")
        verbose_name_plural = _("commendation documents")

    def __str__(self) -> str:
        return f"{self.proposal} – {self.run}"
