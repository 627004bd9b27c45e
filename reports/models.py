"""Figures and documents: the review narrative and each requested document."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kit.text import NFCModel


class ReviewDraft(NFCModel):
    """The narrative the standing office writes for the yearly review; the
    chair approves it and the approved text is what prints."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
        APPROVED = "approved", _("Approved")

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
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
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
        ANNEX = "annex", _("Annex tables")
        REGISTER = "register", _("Activity register")
        MEETING_PACKET = "meeting_packet", _("Meeting packet")
        PERIOD_REVIEW = "period_review", _("Period review")
        INTERIM_REVIEW = "interim_review", _("Preliminary review report")
        INVITATION = "invitation", _("Meeting invitation")
        MINUTES = "minutes", _("Meeting minutes")

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

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & Q(page_count__isnull=False)),
                name="report_done_has_file_facts",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="reportrun_status_requested")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.programme}"
