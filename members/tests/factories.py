import functools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from members.handles import unique_handle
from members.models import Member, Organisation
from members.permissions import MODERATORS, STEERING_COMMITTEE

PASSWORD = "a-long-test-password-2026"


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.IMPLEMENTER
    based_in = "KE"
    confirmed = True


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Faker("name")
    handle = factory.LazyAttribute(lambda o: unique_handle(o.display_name))
    role = Member.Role.PROGRAMME_MANAGER
    organisation = factory.SubFactory("members.tests.factories.OrganisationFactory")
    country = "KE"
    preferred_language = "en"

    # Hashed once: Argon2 is slow on purpose, and suites create hundreds of members.
    password = factory.LazyFunction(lambda: _password_hash())

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Members have a verified address unless built with verified=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def group_names(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                _join(self, name)


def _join(member, name: str) -> None:
    member.groups.add(Group.objects.get_or_create(name=name)[0])


class ModeratorFactory(MemberFactory):
    @factory.post_generation
    def moderators_group(self, create, extracted, **kwargs):
        if create:
            _join(self, MODERATORS)


class SteeringMemberFactory(MemberFactory):
    @factory.post_generation
    def steering_group(self, create, extracted, **kwargs):
        if create:
            _join(self, STEERING_COMMITTEE)
