"""Roles and scope, in one place.

Every view and export asks this module who may do what and which rows a
user sees. Outsiders of a committee get 404 (the committee does not exist for
them); members whose role lacks a right get 403.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.http import Http404

from coordination.models import CommitteeRole, SteeringCommittee, Unit

Role = CommitteeRole.Role
ADMIN = "admin"

# The rights of each role (DESIGN.md §3). The administrator has them all.
RIGHTS: dict[str, frozenset[str]] = {
    Role.SECRETARY: frozenset({"enter_activities"}),
    Role.STANDING_OFFICE: frozenset(
        {
            "enter_activities",
            "see_all",
            "review_activities",
            "manage_programme",
            "order_reports",
            "download_reports",
            "reopen_year",
        }
    ),
    Role.CHAIR: frozenset({"see_all", "approve_review", "download_reports"}),
    Role.STAFF: frozenset({"see_all", "order_reports", "download_reports"}),
}
ALL_RIGHTS = reduce(or_, RIGHTS.values())


@dataclass
class Access:
    """What one user may do in one committee."""

    committee: SteeringCommittee
    role: str
    unit_paths: tuple[str, ...] = field(default_factory=tuple)  # the role's own units
    unit_ids: frozenset[int] = frozenset()  # those units and every unit below them

    @property
    def rights(self) -> frozenset[str]:
        return ALL_RIGHTS if self.role == ADMIN else RIGHTS[self.role]

    def can(self, right: str) -> bool:
        return right in self.rights

    def require(self, right: str) -> None:
        if not self.can(right):
            raise PermissionDenied

    @property
    def sees_all(self) -> bool:
        return self.can("see_all")

    @property
    def can_review(self) -> bool:
        return self.can("review_activities")

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
        committee = SteeringCommittee.objects.filter(slug=committee_slug).first()
        if committee is None:
            raise Http404
        return Access(committee=committee, role=ADMIN)
    role = CommitteeRole.objects.select_related("committee").filter(user=user, committee__slug=committee_slug).first()
    if role is None:
        raise Http404
    paths: tuple[str, ...] = ()
    ids: frozenset[int] = frozenset()
    if role.role == Role.SECRETARY:
        # One query: every unit of the committee under one of the role's units.
        assigned = CommitteeRole.units.through.objects.filter(committeerole_id=role.pk)
        rows = list(
            Unit.objects.filter(committee=role.committee)
            .filter(Exists(assigned.filter(StartsWith(OuterRef("path"), F("unit__path")))))
            .annotate(assigned=Exists(assigned.filter(unit_id=OuterRef("pk"))))
            .values_list("pk", "path", "assigned")
        )
        ids = frozenset(pk for pk, _path, _assigned in rows)
        paths = tuple(path for _pk, path, assigned in rows if assigned)
    return Access(committee=role.committee, role=role.role, unit_paths=paths, unit_ids=ids)


def scope_units(access: Access) -> QuerySet[Unit]:
    """Units the user sees: the whole committee, or a secretary's subtrees."""
    units = Unit.objects.filter(committee=access.committee)
    if access.sees_all or access.can("manage_programme"):
        return units
    return units.filter(access.unit_q(""))


def _committee_programmes(access: Access):
    # A subquery rather than a join, so that a filter on one programme can
    # walk the (programme, start date, id) index in order.
    from programmes.models import Programme

    return Programme.objects.filter(committee=access.committee).values("pk")


def scope_activities(access: Access, queryset=None):
    """Activities the user may read. A secretary reads those led by a unit in
    their subtrees and those their units took part in."""
    from activities.models import Activity

    qs = queryset if queryset is not None else Activity.objects.all()
    qs = qs.filter(programme__in=_committee_programmes(access))
    if access.sees_all:
        return qs
    # The link table alone: no second pass over the activities.
    participated = Activity.participating_units.through.objects.filter(access.unit_q("unit__")).values("activity_id")
    return qs.filter(access.unit_q("lead_unit__") | Q(pk__in=participated))


def editable_activities(access: Access, queryset=None):
    """Activities the user may change: a secretary only those led by a unit in
    their subtrees, never after confirmation; the standing office all."""
    from activities.models import Activity

    qs = queryset if queryset is not None else Activity.objects.all()
    qs = qs.filter(programme__in=_committee_programmes(access))
    if access.can("review_activities"):
        return qs
    if not access.can("enter_activities"):
        return qs.none()
    return qs.filter(access.unit_q("lead_unit__")).exclude(status=Activity.Status.CONFIRMED)
