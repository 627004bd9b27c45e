"""Roles and scope, in one place.

Every view and export asks this module who may do what and which rows a
user sees. Outsiders of a committee get 404 (the committee does not exist for
them); members whose role lacks a right get 403.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import StartsWith
from django.http import Http404

from coordination.directory import Kept
from coordination.models import CommitteeRole, DirectoryStamp, SteeringCommittee, Unit

Role = CommitteeRole.Role
ADMIN = "admin"


class Right(StrEnum):
    """What a role may do (DESIGN.md §3). The administrator has them all."""

    ENTER_ACTIVITIES = "enter_activities"
    SEE_ALL = "see_all"  # every row of the committee, not only one's units
    REVIEW_ACTIVITIES = "review_activities"
    MANAGE_PROGRAMME = "manage_programme"  # programme, tasks, targets, status
    MANAGE_MEETINGS = "manage_meetings"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_UNITS = "manage_units"
    WRITE_REVIEW = "write_review"  # the narrative of the yearly review
    APPROVE_REVIEW = "approve_review"
    ORDER_REPORTS = "order_reports"
    DOWNLOAD_REPORTS = "download_reports"
    REOPEN_YEAR = "reopen_year"
    # evaluate and recognise models, draft the commendation lists
    MANAGE_EMULATION = "manage_emulation"
    # check the sub-units' submitted activities before the standing office
    CHECK_SUBUNITS = "check_subunits"


RIGHTS: dict[str, frozenset[Right]] = {
    Role.SECRETARY: frozenset({Right.ENTER_ACTIVITIES}),
    Role.STANDING_OFFICE: frozenset(Right) - {Right.APPROVE_REVIEW, Right.CHECK_SUBUNITS},
    Role.CHAIR: frozenset({Right.SEE_ALL, Right.APPROVE_REVIEW, Right.DOWNLOAD_REPORTS}),
    Role.STAFF: frozenset({Right.SEE_ALL, Right.ORDER_REPORTS, Right.DOWNLOAD_REPORTS}),
    Role.MIDDLE: frozenset({Right.CHECK_SUBUNITS}),
}
ALL_RIGHTS = frozenset(Right)


@dataclass
class Access:
    """What one user may do in one committee."""

    committee: SteeringCommittee
    role: str
    unit_paths: tuple[str, ...] = field(default_factory=tuple)  # the role's own units
    unit_ids: frozenset[int] = frozenset()  # those units and every unit below them
    # The committee's DirectoryStamp when this access was checked; None: not read (pickers then read the rows).
    directory_stamp: int | None = None

    @property
    def rights(self) -> frozenset[Right]:
        return ALL_RIGHTS if self.role == ADMIN else RIGHTS[self.role]

    def can(self, right: Right) -> bool:
        return right in self.rights

    def require(self, right: Right) -> None:
        if not self.can(right):
            raise PermissionDenied

    @property
    def sees_all(self) -> bool:
        return self.can(Right.SEE_ALL)

    @property
    def can_review(self) -> bool:
        return self.can(Right.REVIEW_ACTIVITIES)

    @property
    def can_approve(self) -> bool:
        return self.can(Right.APPROVE_REVIEW)

    @property
    def is_secretary(self) -> bool:
        return self.role == Role.SECRETARY

    def role_label(self) -> str:
        from django.utils.translation import gettext

        if self.role == ADMIN:
            return gettext("Administrator")
        return str(Role(self.role).label)

    def unit_q(self, prefix: str) -> Q:
        """Rows whose unit (reached through `prefix`) lies in this user's
        subtrees: an IN list of ids, which the planner handles far better
        than a join with a LIKE per row. An empty scope matches nothing."""
        field = f"{prefix}id__in" if prefix else "pk__in"
        return Q(**{field: sorted(self.unit_ids)})


def committees_for(user) -> QuerySet[SteeringCommittee]:
    if not user.is_authenticated:
        return SteeringCommittee.objects.none()
    if user.is_superuser:
        return SteeringCommittee.objects.all()
    return SteeringCommittee.objects.filter(roles__user=user).distinct()


def get_access(user, committee_slug: str) -> Access:
    """The user's access to a committee, or 404 for an outsider."""
    if not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        committee = SteeringCommittee.objects.filter(slug=committee_slug).annotate(directory_stamp=_stamp("pk")).first()
        if committee is None:
            raise Http404
        return Access(committee=committee, role=ADMIN, directory_stamp=committee.directory_stamp)
    role = (
        CommitteeRole.objects.select_related("committee")
        .filter(user=user, committee__slug=committee_slug)
        .annotate(directory_stamp=_stamp("committee_id"))
        .first()
    )
    if role is None:
        raise Http404
    paths: tuple[str, ...] = ()
    ids: frozenset[int] = frozenset()
    if role.role in (Role.SECRETARY, Role.MIDDLE):
        if role.directory_stamp is None:
            ids, paths = _scope(role)
        else:
            ids, paths = _SCOPES.get((role.pk, role.directory_stamp), lambda: _scope(role))
    return Access(
        committee=role.committee,
        role=role.role,
        unit_paths=paths,
        unit_ids=ids,
        directory_stamp=role.directory_stamp,
    )


# A secretary's units, kept per web process under the committee's directory
# stamp, which triggers renew with every write to the committee's units and to
# the units its roles are given (coordination/directory.py).
_SCOPES = Kept(4096)


def _scope(role: CommitteeRole) -> tuple[frozenset[int], tuple[str, ...]]:
    """The ids of every unit of the committee under one of the role's units,
    and the paths of the role's own units: one query."""
    assigned = CommitteeRole.units.through.objects.filter(committeerole_id=role.pk)
    rows = list(
        Unit.objects.filter(committee_id=role.committee_id)
        .filter(Exists(assigned.filter(StartsWith(OuterRef("path"), F("unit__path")))))
        .annotate(assigned=Exists(assigned.filter(unit_id=OuterRef("pk"))))
        .values_list("pk", "path", "assigned")
    )
    return frozenset(pk for pk, _path, _assigned in rows), tuple(path for _pk, path, assigned in rows if assigned)


def _stamp(committee_ref: str) -> Subquery:
    """The committee's directory stamp, read in the same query as the access."""
    return Subquery(DirectoryStamp.objects.filter(committee_id=OuterRef(committee_ref)).values("stamp")[:1])


def own_units(access: Access) -> QuerySet[Unit]:
    """A secretary's own units (those the role names, not the ones below)."""
    return scope_units(access).filter(path__in=access.unit_paths)


def scope_units(access: Access) -> QuerySet[Unit]:
    """Units the user sees: the whole committee, or a secretary's subtrees."""
    units = Unit.objects.filter(committee=access.committee)
    if access.sees_all:
        return units
    return units.filter(access.unit_q(""))
