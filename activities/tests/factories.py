import datetime as dt

import factory

from activities.models import Activity
from coordination.tests.factories import UnitFactory
from programmes.models import ActivityCategory
from programmes.tests.factories import ProgrammeFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    programme = factory.SubFactory(ProgrammeFactory)
    category = factory.LazyFunction(lambda: ActivityCategory.objects.order_by("order").first())
    title = factory.Sequence(lambda n: f"Hoạt động thử nghiệm {n}")
    start_date = factory.LazyAttribute(lambda a: dt.date(a.programme.year, 3, 10))
    end_date = factory.LazyAttribute(lambda a: a.start_date)
    lead_unit = factory.SubFactory(UnitFactory, committee=factory.SelfAttribute("..programme.committee"))
    status = Activity.Status.SUBMITTED
