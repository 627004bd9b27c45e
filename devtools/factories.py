"""Test data factories for every app, in one place (factory_boy)."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from activities.models import Activity
from coordination.models import CommitteeRole, Locality, Member, SteeringCommittee, Unit
from programmes.models import ActivityCategory, Programme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn Văn"
    password = factory.django.Password("pw-for-tests-2026")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = Locality.Level.COMMUNE


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringCommittee

    slug = factory.Sequence(lambda n: f"committee-{n}")
    name = factory.Sequence(lambda n: f"Ban Chỉ đạo thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"BCĐ {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.OTHER


class CommitteeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeRole
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = CommitteeRole.Role.STAFF

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    committee = factory.SubFactory(CommitteeFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    role = Member.Role.MEMBER
    term_start = dt.date(2021, 1, 1)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    committee = factory.SubFactory(CommitteeFactory)
    year = 2023
    title = factory.LazyAttribute(lambda p: f"Chương trình phối hợp năm {p.year}")
    status = Programme.Status.ACTIVE


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    programme = factory.SubFactory(ProgrammeFactory)
    committee = factory.LazyAttribute(lambda a: a.programme.committee)  # as save() sets it; bulk_create needs it
    category = factory.LazyFunction(lambda: ActivityCategory.objects.order_by("order").first())
    title = factory.Sequence(lambda n: f"Hoạt động thử nghiệm {n}")
    start_date = factory.LazyAttribute(lambda a: dt.date(a.programme.year, 3, 10))
    end_date = factory.LazyAttribute(lambda a: a.start_date)
    lead_unit = factory.SubFactory(UnitFactory, committee=factory.SelfAttribute("..programme.committee"))
    status = Activity.Status.SUBMITTED
