import factory

from coordination.tests.factories import CommitteeFactory
from programmes.models import Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    committee = factory.SubFactory(CommitteeFactory)
    year = 2023
    title = factory.LazyAttribute(lambda p: f"Chương trình phối hợp năm {p.year}")
    status = Programme.Status.ACTIVE
