"""The committee and who is in it: localities, units, committees, members,
user roles, and the audit log of their logins."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kit.text import NFCModel


class ValidityQuerySet(models.QuerySet):
    """Rows valid over a period (valid_from, valid_to; either may be open)."""

    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Validity:
    """The same rule for one row already read (see ValidityQuerySet)."""

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def has_ended_by(self, day) -> bool:
        return self.valid_to is not None and self.valid_to < day


class TreeMixin(models.Model):
    """A materialized path ("12/40/41/") so a whole subtree is one indexed
    prefix filter instead of a recursive walk."""

    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = self._compute_path()
        if new_path != old_path:
            type(self).objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                # Re-root descendants when a node moves.
                for child in type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path) :]
                    type(self).objects.filter(pk=child.pk).update(path=child.path)

    def _compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk}/"

    def clean(self):
        super().clean()
        if self.pk and self.parent_id:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
                node = node.parent

    def subtree_filter(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}path__startswith": self.path})


class Locality(Validity, TreeMixin, NFCModel):
    """An administrative unit as it was over a period. A renamed or merged
    locality is a new row whose predecessors point to it as successor, so a
    2022 activity keeps the commune and district of 2022."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province / city")
        DISTRICT = "district", _("District / town")
        COMMUNE = "commune", _("Commune / ward")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("official code"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="locality_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SteeringCommittee(NFCModel):
    class DocumentProfile(models.TextChoices):
        PARTY = "party", _("Party document format")
        STATE = "state", _("State document format")

    slug = models.SlugField(_("short code"), unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    decision_number = models.CharField(_("founding decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    province = models.ForeignKey(
        Locality,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_running_units = models.ManyToManyField(
        "Unit", verbose_name=_("co-running units"), blank=True, related_name="co_run_committees"
    )
    standing_office = models.ForeignKey(
        "Unit",
        verbose_name=_("standing office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_office_of",
    )
    document_profile = models.CharField(
        _("document format"), max_length=10, choices=DocumentProfile.choices, default=DocumentProfile.PARTY
    )
    # Default letterhead of printed documents; each document stores its own
    # copy, since bodies are renamed over time.
    letterhead_parent = models.CharField(
        _("letterhead: parent body"), max_length=200, blank=True, help_text=_("e.g. TỈNH ỦY SƠN HÀ")
    )
    letterhead_body = models.CharField(
        _("letterhead: issuing body"), max_length=300, blank=True, help_text=_("e.g. BAN CHỈ ĐẠO CHƯƠNG TRÌNH PHỐI HỢP")
    )
    document_symbol = models.CharField(
        _("symbol of its documents"), max_length=50, blank=True, help_text=_("e.g. BCĐ, as in Số 15-BC/BCĐ")
    )
    place_name = models.CharField(_("place in the date line"), max_length=100, blank=True, help_text=_("e.g. Sơn Hà"))
    # Party-format documents are numbered per term of the Party committee.
    term_started_on = models.DateField(
        _("start of the current term"),
        null=True,
        blank=True,
        help_text=_("the date of the Party congress; Party-format documents are numbered from 1 in each term"),
    )

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Unit(Validity, TreeMixin, NFCModel):
    """A member unit of one committee, from province level to grassroots.
    Renaming, merging or dissolving (the 2025 reform) ends this row's validity
    and points to a successor; past activities stay attached to it."""

    class Kind(models.TextChoices):
        PARTY_COMMISSION = "party_commission", _("Party commission")
        MILITARY_COMMAND = "military_command", _("Military command")
        MILITARY_UNIT = "military_unit", _("Military unit stationed in the province")
        GOVERNMENT = "government", _("Government body")
        SOCIO_POLITICAL = "socio_political", _("Socio-political organization")
        LOCAL_COMMITTEE = "local_committee", _("Local Party / people's committee")
        OTHER = "other", _("Other")

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    stationed_at = models.ForeignKey(
        Locality,
        verbose_name=_("stationed at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ValidityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period",
            ),
            models.UniqueConstraint(fields=["committee", "name", "valid_from"], name="unit_unique_name_period"),
        ]
        indexes = [models.Index(fields=["committee", "path"])]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.committee_id != self.committee_id:
            raise ValidationError({"parent": _("The parent unit belongs to another committee.")})


class CommitteeRole(models.Model):
    """What a login may do in one committee, and for secretaries which units
    (with their sub-units) they enter activities for."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Unit secretary")
        STANDING_OFFICE = "standing_office", _("Standing office")
        # One role for the head and the deputy heads: shown as their leadership, not as "head / deputy".
        CHAIR = "chair", _("Committee leadership")
        STAFF = "staff", _("Office staff")
        # a unit with sub-units (a regional defence command, a commune Party
        # committee) that checks its sub-units' activities before the standing office
        MIDDLE = "middle", _("Middle review level")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="committee_roles"
    )
    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), blank=True, related_name="user_roles")

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        constraints = [models.UniqueConstraint(fields=["user", "committee"], name="one_role_per_committee")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.committee}"


class Member(NFCModel):
    """A person in the committee (who sits on it, not who logs in)."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head")
        STANDING_DEPUTY = "standing_deputy", _("Standing deputy head")
        DEPUTY = "deputy", _("Deputy head")
        MEMBER = "member", _("Member")
        SUPPORT = "support", _("Support team")

    committee = models.ForeignKey(
        SteeringCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    rank = models.CharField(_("military rank"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("role in the committee"), max_length=20, choices=Role.choices)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="member_term_period",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class AuditEvent(models.Model):
    """Who logged in (or failed to), exported or downloaded what, and when."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Download")
        PASSWORD_CHANGED = "password_changed", _("Password changed")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username typed"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["kind", "username", "at"]), models.Index(fields=["kind", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username or self.user}"


class DirectoryStamp(models.Model):
    """A random number that changes, in the same transaction, with every
    write to a committee's units, to any locality or to the committee row
    itself (database triggers, coordination/directory.py). Each web process
    keeps the pickers' rows of a committee under it: a page reads the stamp
    in the query that checks the user's access, and a stamp it has not seen
    means the rows changed. Written by the triggers only."""

    committee = models.OneToOneField(SteeringCommittee, on_delete=models.CASCADE, primary_key=True, related_name="+")
    stamp = models.BigIntegerField()

    class Meta:
        verbose_name = _("directory stamp")
        verbose_name_plural = _("directory stamps")

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.stamp}"
