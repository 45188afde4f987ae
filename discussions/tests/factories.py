import factory

from discussions import services
from discussions.models import Area, Room
from members.tests.factories import MemberFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("slug",)

    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_fr = factory.Sequence(lambda n: f"Salle {n}")
    slug = factory.Sequence(lambda n: f"room-{n}")
    description_en = "Talk about paying health workers."
    description_fr = "Parlons du paiement des agents de santé."
    area = Area.MAPPING
    visibility = Room.Visibility.PUBLIC


def make_topic(*, room=None, author=None, title="Paying vaccinators by mobile money",
               body="How do you pay campaign workers?", tags=None):  # fmt: skip
    return services.topic_create(
        room=room or RoomFactory(),
        author=author or MemberFactory(),
        title=title,
        body=body,
        tags=tags or [],
    )


def make_reply(*, topic, author=None, body="A reply.", parent=None):
    return services.post_create(
        topic=topic, author=author or MemberFactory(), body=body, parent=parent
    )
