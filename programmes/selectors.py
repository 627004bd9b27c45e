"""Reads on programmes."""

from django.core.management.base import CommandError

from coordination.models import SteeringCommittee
from programmes.models import Programme


def programme_for_command(committee_slug: str, year: int) -> tuple[SteeringCommittee, Programme]:
    """A committee's programme of a year, for the management commands,
    or a CommandError that says in Vietnamese what is missing."""
    committee = SteeringCommittee.objects.filter(slug=committee_slug).first()
    if committee is None:
        raise CommandError(f"Không có Ban Chỉ đạo “{committee_slug}”.")
    programme = Programme.objects.filter(committee=committee, year=year).first()
    if programme is None:
        raise CommandError(f"Ban Chỉ đạo “{committee_slug}” không có chương trình năm {year}.")
    return committee, programme
