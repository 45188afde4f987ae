"""Every write in the discussion rooms, one module per noun: one function per use case,
atomic, keyword-only. The names are re-exported here for callers."""

from discussions.services.erasure import (  # noqa: F401
    member_discussion_data_erase,
)
from discussions.services.moderation import (  # noqa: F401
    PostModeration,
    TopicModeration,
    flag_create,
    flags_dismiss,
    post_hide,
    post_moderate,
    post_unhide,
    topic_moderate,
    topic_move,
    topic_set_locked,
    topic_set_pinned,
)
from discussions.services.notification_reads import (  # noqa: F401
    notification_group_mark_read,
)
from discussions.services.notifications import (  # noqa: F401
    notifications_mark_read,
)
from discussions.services.posts import (  # noqa: F401
    RateLimited,
    post_create,
    post_delete,
    post_edit,
    post_rate_check,
)
from discussions.services.quotes import (  # noqa: F401
    quote_for_reply,
)
from discussions.services.reactions import (  # noqa: F401
    reaction_set,
    reaction_toggle,
)
from discussions.services.removal import (  # noqa: F401
    post_purge,
    topic_delete,
)
from discussions.services.subscriptions import (  # noqa: F401
    subscribe,
    unsubscribe,
)
from discussions.services.topics import (  # noqa: F401
    topic_create,
    topic_mark_read,
)
