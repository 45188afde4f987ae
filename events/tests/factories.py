from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Document, Event, EventSession, Poll, PollOption


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.WORKSHOP
    status = Event.Status.OPEN
    visibility = Event.Visibility.PUBLIC
    slug = factory.Sequence(lambda n: f"event-{n}")
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    title_fr = factory.Sequence(lambda n: f"Atelier {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    time_zone = "Africa/Nairobi"
    online = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(int)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    title_en = factory.Sequence(lambda n: f"Session {n}")


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poll
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    question_en = "Which topics next time?"
    max_choices = 2

    @factory.post_generation
    def labels(self, create, extracted, **kwargs):
        for order, label in enumerate(extracted or ["Business models", "FHIR", "Privacy"]):
            PollOption.objects.create(poll=self, order=order, label_en=label)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Slides {n}")
    link = "https://example.org/slides.pdf"
