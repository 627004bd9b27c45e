import random

import pytest

from coordination.permissions import get_access
from devtools.factories import ActivityFactory
from programmes.measures import FUNDING_FIELDS, QUANTITY_FIELDS


@pytest.fixture
def year_activities(programme, units):
    """Activities of 2023 across the units, with seeded random figures and
    statuses: only the confirmed ones count."""
    rng = random.Random(15)
    rows = []
    for i in range(30):
        unit = units[rng.choice(["district", "commune", "union", "province"])]
        values = {f: rng.choice([0, rng.randint(1, 50)]) for f in QUANTITY_FIELDS}
        values.update({f: rng.choice([0, rng.randint(1, 900) * 100_000]) for f in FUNDING_FIELDS})
        rows.append(
            ActivityFactory(
                programme=programme,
                lead_unit=unit,
                status=rng.choice(["confirmed", "confirmed", "submitted", "draft"]),
                title=f"Hoạt động {i}",
                **values,
            )
        )
    return rows


@pytest.fixture
def office_access(committee, standing_office):
    return get_access(standing_office, committee.slug)
