"""Thin views: read the form, ask permissions, call a service or a selector, render."""

from discussions.views.moderation import (  # noqa: F401
    moderation_queue,
    post_flag,
    post_moderate,
    topic_moderate,
)
from discussions.views.notifications import (  # noqa: F401
    notification_list,
    notification_open,
)
from discussions.views.posts import (  # noqa: F401
    post_delete,
    post_edit,
    post_history,
    post_permalink,
    post_reply,
)
from discussions.views.reactions import (  # noqa: F401
    post_react,
)
from discussions.views.rooms import (  # noqa: F401
    room_detail,
    room_list,
)
from discussions.views.subscriptions import (  # noqa: F401
    room_subscribe,
    topic_subscribe,
)
from discussions.views.topics import (  # noqa: F401
    topic_create,
    topic_detail,
)
