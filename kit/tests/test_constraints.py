"""Check constraints evaluated in Python (issue 18): the answer must be the
database's own. For random activities, the row is accepted by the database
(its CHECK constraints, in a savepoint) exactly when no constraint's Python
evaluation is false; a condition the evaluator does not understand still
goes to the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint, Q
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import MAX_AMOUNT, Activity
from devtools.factories import ActivityFactory
from kit.constraints import Checked
from programmes.measures import FUNDING_FIELDS

AMOUNTS = st.sampled_from([-1, 0, 5, MAX_AMOUNT, MAX_AMOUNT + 1])
DAYS = st.one_of(st.none(), st.sampled_from([dt.date(2023, 3, 1), dt.date(2023, 3, 2), dt.date(2023, 2, 28)]))
ROWS = st.fixed_dictionaries(
    {
        **{f: AMOUNTS for f in FUNDING_FIELDS},
        "start_date": DAYS,
        "end_date": DAYS,
        "status": st.sampled_from(["draft", "submitted", "returned", "confirmed"]),
        "return_reason": st.sampled_from(["", "Thiếu ảnh"]),
        "version": st.sampled_from([0, 1, 2]),
        "with_category": st.booleans(),
    }
)


@pytest.fixture
def template(programme, units):
    return ActivityFactory.build(programme=programme, lead_unit=units["district"])


def _python_accepts(activity) -> bool:
    try:
        activity.validate_constraints()
    except ValidationError:
        return False
    return True


def _database_accepts(activity) -> bool:
    try:
        with transaction.atomic():
            Activity.objects.bulk_create([activity])
    except IntegrityError:
        return False
    Activity.objects.filter(pk=activity.pk).delete()
    return True


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=ROWS)
def test_python_and_the_database_agree_on_every_row(template, row):
    activity = ActivityFactory.build(
        programme=template.programme,
        committee=template.programme.committee,
        lead_unit=template.lead_unit,
        category=template.category if row.pop("with_category") else None,
        **row,
    )
    assert _python_accepts(activity) == _database_accepts(activity), row


def test_every_check_of_an_activity_is_answered_without_a_query(template, django_assert_num_queries):
    checks = [c for c in Activity._meta.constraints if isinstance(c, CheckConstraint)]
    assert len(checks) == 10 and all(isinstance(c, Checked) for c in checks)
    template.end_date = template.start_date - dt.timedelta(days=1)
    broken = []
    with django_assert_num_queries(0):
        for check in checks:
            try:
                check.validate(Activity, template)
            except ValidationError:
                broken.append(check.name)
    assert broken == ["activity_end_after_start"]


def test_a_comparison_with_null_passes_as_a_check_does(template):
    template.status, template.start_date, template.end_date = "draft", None, None
    template.validate_constraints()  # end >= start is unknown: not a violation


def test_a_condition_it_does_not_understand_is_asked_of_the_database(template):
    constraint = Checked(condition=Q(title__startswith="Hoạt động"), name="title_prefix")
    with CaptureQueriesContext(connection) as asked:
        constraint.validate(Activity, template)
    assert any("SELECT" in q["sql"] for q in asked.captured_queries)
    template.title = "Khác"
    with pytest.raises(ValidationError):
        constraint.validate(Activity, template)


def test_a_field_left_out_skips_the_constraint_as_django_does(template):
    template.category = None
    template.status = "submitted"
    with pytest.raises(ValidationError):
        template.validate_constraints()
    template.validate_constraints(exclude={"category"})
