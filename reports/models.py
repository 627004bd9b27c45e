"""Figures and documents: the review narrative and each requested document."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kit.text import NFCModel


class ApprovableText(NFCModel):
    """A text the standing office writes and sends to the co-chairs, who
    approve it as a whole or return it (reports.services.approvals): the
    review texts, a commendation list. Each keeps its decisions in a table
    of its own with the related name "approvals" and says what is approved
    through `text_hash()`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        # a co-chair sent it back to the standing office with a comment
        RETURNED = "returned", _("Returned for revision")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # When the standing office last saved the text: approvals count from then.
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # SHA-256 of the text the approver saw and approved.
    approved_hash = models.CharField(_("hash of the approved text"), max_length=64, blank=True)

    class Meta:
        abstract = True

    def text_hash(self) -> str:
        raise NotImplementedError


class ReviewDraft(ApprovableText):
    """The narrative the standing office writes for the yearly review; the
    chair approves it and the approved text is what prints."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_drafts",
    )
    # The final review of a policy document's period (a five-year Đề án) has
    # no programme of its own.
    policy_document = models.OneToOneField(
        "programmes.PolicyDocument",
        verbose_name=_("policy document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_draft",
    )
    # Empty: the yearly review's text; else the text of that period's review
    # (the July preliminary review of the first six months, for instance).
    period = models.OneToOneField(
        "programmes.ReportingPeriod",
        verbose_name=_("reporting period"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_draft",
    )
    general_assessment = models.TextField(_("general assessment"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    limitations = models.TextField(_("limitations and causes"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    directions = models.TextField(_("directions and tasks for next year"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    TEXT_FIELDS = ("general_assessment", "strengths", "limitations", "lessons", "directions", "proposals")

    class Meta:
        verbose_name = _("review draft")
        verbose_name_plural = _("review drafts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False), name="review_approved_has_date"
            ),
            models.UniqueConstraint(
                fields=["programme"], condition=Q(period__isnull=True), name="one_yearly_review_text"
            ),
            models.CheckConstraint(
                condition=Q(programme__isnull=False, policy_document__isnull=True)
                | Q(programme__isnull=True, policy_document__isnull=False, period__isnull=True),
                name="review_text_of_a_year_or_a_policy_document",
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme or self.policy_document)

    def text_hash(self) -> str:
        """SHA-256 of the narrative as it reads now."""
        text = "\x1e".join(getattr(self, name) for name in self.TEXT_FIELDS)
        return hashlib.sha256(text.encode()).hexdigest()


class ReportRun(models.Model):
    """One requested document and what was printed in it."""

    class Kind(models.TextChoices):
        YEARLY_REVIEW = "yearly_review", _("Yearly review report")
        COMMENDATION_PROPOSAL = "award_proposal", _("Commendation proposal")
        COMMENDATION_DECISION = "award_decision", _("Commendation decision")
        ANNEX = "annex", _("Annex tables")
        REGISTER = "register", _("Activity register")
        MEETING_PACKET = "meeting_packet", _("Meeting packet")
        PERIOD_REVIEW = "period_review", _("Period review")
        INTERIM_REVIEW = "interim_review", _("Preliminary review report")
        INVITATION = "invitation", _("Meeting invitation")
        MINUTES = "minutes", _("Meeting minutes")
        CONCLUSIONS = "conclusions", _("Notice of conclusions")

    class Stage(models.TextChoices):
        """The document's life in the office, once printed."""

        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for signature")
        SIGNED = "signed", _("Signed")
        ISSUED = "issued", _("Issued")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="report_runs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The subject of a period review (a meeting's documents are linked from
    # the meetings app, which builds on this one).
    policy_document = models.ForeignKey(
        "programmes.PolicyDocument",
        verbose_name=_("policy document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
    )
    period = models.ForeignKey(
        "programmes.ReportingPeriod",
        verbose_name=_("reporting period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_runs",
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    # Header lines, number and symbol, place and date, signer, distribution:
    # stored with the run because organisations are renamed over time.
    document_meta = models.JSONField(_("document details"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF file"), upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The editable Word copy, made from the same content as the PDF.
    docx = models.FileField(_("Word file"), upload_to="reports/%Y/", blank=True)
    docx_sha256 = models.CharField(_("SHA-256 of the Word file"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    figures_snapshot = models.JSONField(_("figures printed"), default=dict, blank=True)
    data_fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # A long register is rendered in chunks by several workers; the last
    # chunk to finish hands the run to the merge.
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    # Given at issue, from the register of its document type.
    register = models.ForeignKey(
        "DocumentRegister",
        verbose_name=_("document register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_number = models.PositiveIntegerField(_("issued number"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # The signed and sealed paper, scanned: the official copy.
    official_copy = models.FileField(_("signed copy"), upload_to="reports/signed/%Y/", blank=True)
    official_sha256 = models.CharField(_("SHA-256 of the signed copy"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & Q(page_count__isnull=False)),
                name="report_done_has_file_facts",
            ),
            models.UniqueConstraint(fields=["register", "issued_number"], name="one_document_per_register_number"),
            models.CheckConstraint(
                condition=~Q(stage="issued") | (Q(issued_number__isnull=False) & Q(issued_on__isnull=False)),
                name="issued_document_has_number_and_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="reportrun_status_requested")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.programme}"


class DocumentRegister(models.Model):
    """The register (sổ văn bản) of one document type: numbers run from 1 in
    each year (State format) or each term of the Party committee (Party
    format), and are never given twice."""

    committee = models.ForeignKey(
        "coordination.SteeringCommittee",
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="document_registers",
    )
    doc_type = models.CharField(_("document type"), max_length=10)
    # "2026" or "2025–2030"
    period = models.CharField(_("year or term"), max_length=20)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("document register")
        verbose_name_plural = _("document registers")
        constraints = [
            models.UniqueConstraint(fields=["committee", "doc_type", "period"], name="one_register_per_type_and_period")
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.period}"


class DocumentStep(NFCModel):
    """One step of a printed document through the office: who moved it,
    when, to which stage, with what note."""

    run = models.ForeignKey(ReportRun, verbose_name=_("document"), on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=10, choices=ReportRun.Stage.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("document step")
        verbose_name_plural = _("document steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.run_id} {self.stage}"


class ApprovalBase(NFCModel):
    """One co-chair's decision on a text: approved (with the hash of what
    they read) or returned to the standing office with a comment. A text is
    approved when the head of every co-running body approved it as it reads
    now. Each approvable text keeps its decisions in a table of its own
    (related name "approvals"), all of this shape."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    # The co-running body whose head decided (empty: a committee that has
    # no co-running bodies recorded, where one chair approves alone).
    body = models.ForeignKey(
        "coordination.Unit",
        verbose_name=_("co-running body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    text_hash = models.CharField(_("hash of the text"), max_length=64)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.decision}"


class Approval(ApprovalBase):
    """A decision on the review text or on the year's programme."""

    review = models.ForeignKey(
        ReviewDraft,
        verbose_name=_("review text"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="approvals",
    )

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review__isnull=False, programme__isnull=True)
                | Q(review__isnull=True, programme__isnull=False),
                name="approval_of_a_review_or_a_programme",
            ),
            models.CheckConstraint(condition=~Q(decision="returned") | ~Q(comment=""), name="a_return_says_why"),
        ]
