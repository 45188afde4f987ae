from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from discussions.models import Flag, ModerationAction, Post, Room, Topic


@admin.register(Room)
class RoomAdmin(TranslationAdmin):
    list_display = ["name", "area", "visibility", "order", "topic_count", "post_count"]
    list_filter = ["area", "visibility"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["moderators"]
    search_fields = ["name_en", "name_fr"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "room", "author", "reply_count", "pinned", "locked",
                    "last_activity_at"]  # fmt: skip
    list_filter = ["room", "pinned", "locked"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    readonly_fields = ["last_post"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "topic", "author", "created_at", "hidden", "deleted_at"]
    list_filter = ["hidden"]
    raw_id_fields = ["topic", "author", "parent", "reply_to"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["post", "reporter", "resolved_by"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderator", "action", "topic", "reason"]
    list_filter = ["action"]
    raw_id_fields = ["moderator", "topic", "post"]
