from modeltranslation.translator import TranslationOptions, register

from events.models import ActionItem, Event, EventSession, Outcome, Poll, PollOption


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "background", "objectives", "place")


@register(EventSession)
class EventSessionTranslationOptions(TranslationOptions):
    fields = ("title", "agenda", "activity", "summary")


@register(Outcome)
class OutcomeTranslationOptions(TranslationOptions):
    fields = ("objective", "outcome")


@register(ActionItem)
class ActionItemTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Poll)
class PollTranslationOptions(TranslationOptions):
    fields = ("question",)


@register(PollOption)
class PollOptionTranslationOptions(TranslationOptions):
    fields = ("label",)
