from django.urls import path

from discussions import feeds, views

app_name = "discussions"

topic = "rooms/<slug:room_slug>/<int:pk>-<slug:slug>/"

urlpatterns = [
    path("rooms/", views.room_list, name="room-list"),
    path("rooms/moderation/", views.moderation_queue, name="moderation-queue"),
    path("rooms/feed/rss/", feeds.LatestTopicsFeed(), name="feed-rss"),
    path("rooms/feed/atom/", feeds.LatestTopicsAtomFeed(), name="feed-atom"),
    path("rooms/posts/<int:pk>/", views.post_permalink, name="post-permalink"),
    path("rooms/posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("rooms/posts/<int:pk>/delete/", views.post_delete, name="post-delete"),
    path("rooms/posts/<int:pk>/history/", views.post_history, name="post-history"),
    path("rooms/posts/<int:pk>/react/", views.post_react, name="post-react"),
    path("rooms/posts/<int:pk>/flag/", views.post_flag, name="post-flag"),
    path("rooms/posts/<int:pk>/moderate/", views.post_moderate, name="post-moderate"),
    path("rooms/<slug:slug>/", views.room_detail, name="room-detail"),
    path("rooms/<slug:slug>/new/", views.topic_create, name="topic-create"),
    path("rooms/<slug:slug>/watch/", views.room_subscribe, name="room-subscribe"),
    path("rooms/<slug:slug>/feed/rss/", feeds.LatestTopicsFeed(), name="room-feed-rss"),
    path("rooms/<slug:slug>/feed/atom/", feeds.LatestTopicsAtomFeed(), name="room-feed-atom"),
    path(topic, views.topic_detail, name="topic-detail"),
    path(topic + "reply/", views.post_reply, name="post-reply"),
    path(topic + "watch/", views.topic_subscribe, name="topic-subscribe"),
    path(topic + "moderate/", views.topic_moderate, name="topic-moderate"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/<int:pk>/", views.notification_open, name="notification-open"),
]
