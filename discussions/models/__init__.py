"""The discussion models, one module per noun; threads are explained in posts.py."""

from discussions.models.moderation import (  # noqa: F401
    Flag,
    ModerationAction,
)
from discussions.models.notifications import (  # noqa: F401
    Notification,
)
from discussions.models.posts import (  # noqa: F401
    BODY_MAX_LENGTH,
    DISPLAY_DEPTH,
    MAX_STORED_DEPTH,
    SEGMENT_WIDTH,
    Post,
    PostVersion,
)
from discussions.models.reactions import (  # noqa: F401
    Reaction,
)
from discussions.models.rooms import (  # noqa: F401
    Area,
    Room,
)
from discussions.models.subscriptions import (  # noqa: F401
    Subscription,
)
from discussions.models.topics import (  # noqa: F401
    TITLE_MAX_LENGTH,
    Topic,
    TopicReadState,
)
