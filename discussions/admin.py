"""Admin pages for the discussions. Saves, deletes and actions go through the same
services as the site's views, so HTML, versions, counters and the moderation log stay
true whichever door a change comes in by."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from discussions import services
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
    readonly_fields = ["author", "last_post"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        stored = Topic.objects.select_related("room").get(pk=obj.pk)
        moderator = request.user
        if "title" in form.changed_data or "slug" in form.changed_data:
            stored.title, stored.slug = obj.title, obj.slug
            stored.save(update_fields=["title", "slug", "updated_at"])
        if "locked" in form.changed_data:
            services.topic_set_locked(topic=stored, moderator=moderator, locked=obj.locked)
        if "pinned" in form.changed_data:
            services.topic_set_pinned(topic=stored, moderator=moderator, pinned=obj.pinned)
        if "room" in form.changed_data:
            services.topic_move(topic=stored, moderator=moderator, room=obj.room)

    def delete_model(self, request, obj):
        services.topic_delete(topic=obj)

    def delete_queryset(self, request, queryset):
        for topic in queryset:
            services.topic_delete(topic=topic)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "topic", "author", "created_at", "hidden", "deleted_at"]
    list_filter = ["hidden"]
    fields = ["topic", "author", "parent", "reply_to", "body", "hidden"]
    readonly_fields = ["topic", "author", "parent", "reply_to"]

    def has_add_permission(self, request):
        return False  # a post needs its place in a thread: members reply on the site

    def save_model(self, request, obj, form, change):
        stored = Post.objects.select_related("topic").get(pk=obj.pk)
        if "body" in form.changed_data:
            services.post_edit(post=stored, editor=request.user, body=obj.body)
        if "hidden" in form.changed_data:
            hide = services.post_hide if obj.hidden else services.post_unhide
            hide(post=stored, moderator=request.user)

    def delete_model(self, request, obj):
        services.post_purge(post=obj)

    def delete_queryset(self, request, queryset):
        # A reply goes with its parent: purge top-down and skip what is already gone.
        for post in queryset.order_by("depth"):
            if Post.objects.filter(pk=post.pk).exists():
                services.post_purge(post=post)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["post", "reporter", "resolved_by"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderator", "action", "topic", "reason"]
    list_filter = ["action"]
    raw_id_fields = ["moderator", "topic", "post"]
