from modeltranslation.translator import TranslationOptions, register

from discussions.models import Room


@register(Room)
class RoomTranslationOptions(TranslationOptions):
    fields = ("name", "description")
