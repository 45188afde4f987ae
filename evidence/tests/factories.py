import factory
from django.utils import timezone

from evidence.models import EvidenceItem


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Paying health workers by mobile money {n}")
    title_fr = factory.Sequence(lambda n: f"Payer les agents de santé par mobile money {n}")
    summary_en = "What a ministry learnt from paying campaign workers digitally."
    summary_fr = "Ce qu’un ministère a appris en payant les agents de campagne numériquement."
    area = "mapping"
    kind = EvidenceItem.Kind.REPORT
    year = 2020
    countries = ["SN"]
    languages = ",en,"
    status = EvidenceItem.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


def published(**kwargs) -> EvidenceItem:
    return EvidenceItemFactory(**kwargs)


def in_status(status: str, **kwargs) -> EvidenceItem:
    published_at = timezone.now() if status == EvidenceItem.Status.PUBLISHED else None
    if status == EvidenceItem.Status.ARCHIVED:
        published_at = timezone.now()
    return EvidenceItemFactory(status=status, published_at=published_at, **kwargs)
