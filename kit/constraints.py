"""Check constraints that a model's validation evaluates in Python.

Django validates a CheckConstraint by asking the database (one SELECT per
constraint, and an activity has ten, checked by the form and again by the
service before saving: twenty queries per save). `Checked` evaluates the
conditions it understands — AND, OR, NOT of `field`, `field__gte/gt/lte/lt/
exact/isnull` against a constant or `F("other")` — on the instance's own
values, with SQL's three-valued logic (a comparison with NULL is unknown and
a CHECK passes unless its condition is false, as PostgreSQL enforces it).
Anything else goes to the database, as before. The database still enforces
every constraint; this only answers the form sooner (kit/tests/
test_constraints.py compares both answers on random rows).

Migrations see Django's CheckConstraint (deconstruct), so nothing changes in
the schema."""

import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

_OPERATORS = {
    "exact": operator.eq,
    "gte": operator.ge,
    "gt": operator.gt,
    "lte": operator.le,
    "lt": operator.lt,
}


class _Unsupported(Exception):
    pass


def evaluate(condition, values: dict):
    """True, False or None (unknown) for `condition` on {field name: value};
    _Unsupported for what is not understood, KeyError for a field missing."""
    if isinstance(condition, Q):
        results = [evaluate(child, values) for child in condition.children]
        if condition.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        elif condition.connector == Q.OR:
            result = True if True in results else (None if None in results else False)
        else:
            raise _Unsupported
        return (None if result is None else not result) if condition.negated else result
    if not isinstance(condition, tuple):
        raise _Unsupported
    lookup, expected = condition
    name, _, op = lookup.partition("__")
    op = op or "exact"
    if "__" in op:
        raise _Unsupported
    value = values[name]
    if op == "isnull":
        if not isinstance(expected, bool):
            raise _Unsupported
        return (value is None) == expected
    if op not in _OPERATORS:
        raise _Unsupported
    if isinstance(expected, F):
        if "__" in expected.name:
            raise _Unsupported
        expected = values[expected.name]
    elif expected is None:
        if op != "exact":
            raise _Unsupported
        return value is None  # Django reads `field=None` as IS NULL
    elif hasattr(expected, "resolve_expression"):
        raise _Unsupported
    if value is None or expected is None:
        return None
    return _OPERATORS[op](value, expected)


class Checked(models.CheckConstraint):
    def validate(self, model, instance, exclude=None, using=None):
        exclude = set(exclude or ())
        values = {
            field.name: getattr(instance, field.attname)
            for field in model._meta.local_concrete_fields
            if field.name not in exclude and not field.generated
        }
        if "pk" not in exclude:
            values["pk"] = instance.pk
        try:
            result = evaluate(self.condition, values)
        except KeyError:
            return  # a field left out of the validation: Django skips the constraint too
        except _Unsupported:
            kwargs = {"using": using} if using is not None else {}
            return super().validate(model, instance, exclude=exclude, **kwargs)
        if result is False:
            raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs
