from modeltranslation.translator import TranslationOptions, register

from evidence.models import EvidenceItem, ItemInReview


@register(EvidenceItem)
class EvidenceItemTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "key_findings", "what_worked", "what_did_not")


@register(ItemInReview)
class ItemInReviewTranslationOptions(TranslationOptions):
    """The review queue's proxy shares the item's translated fields."""

    fields = ()
