import logging
import time

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag, TaggedItem

from cop_portal.filters import order_by_collated
from members import permissions
from members.models import Member, Organisation, TagLabel
from members.permissions import STEERING_COMMITTEE

# Whom a member in one role is most likely to want to meet.
COMPLEMENTARY_ROLES = {
    Member.Role.HEALTH_WORKER: [Member.Role.PROGRAMME_MANAGER, Member.Role.PAYMENT_PROVIDER],
    Member.Role.PROGRAMME_MANAGER: [
        Member.Role.PAYMENT_PROVIDER,
        Member.Role.FUNDER,
        Member.Role.IMPLEMENTER,
    ],
    Member.Role.PAYMENT_PROVIDER: [Member.Role.PROGRAMME_MANAGER, Member.Role.IMPLEMENTER],
    Member.Role.FUNDER: [
        Member.Role.PROGRAMME_MANAGER,
        Member.Role.IMPLEMENTER,
        Member.Role.RESEARCHER,
    ],
    Member.Role.IMPLEMENTER: [
        Member.Role.PROGRAMME_MANAGER,
        Member.Role.PAYMENT_PROVIDER,
        Member.Role.RESEARCHER,
    ],
    Member.Role.RESEARCHER: [
        Member.Role.PROGRAMME_MANAGER,
        Member.Role.FUNDER,
        Member.Role.IMPLEMENTER,
    ],
    Member.Role.OTHER: [],
}


def steering_committee_members() -> QuerySet[Member]:
    return Member.objects.filter(groups__name=STEERING_COMMITTEE, is_active=True).order_by("pk")


def listed_members(*, viewer) -> QuerySet[Member]:
    """Members who appear in the directory: the profiles the viewer may read (active,
    approved, with a verified address; visitors see only those made public)."""
    return Member.objects.filter(permissions.readable_profile(viewer))


def member_tagged_ids(tag_name: str):
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Member), tag__name__iexact=tag_name
    ).values("object_id")


def member_directory(*, viewer) -> QuerySet[Member]:
    """The directory's members before filters, with what a card shows, in name order
    (French collation on PostgreSQL)."""
    members = (
        listed_members(viewer=viewer).select_related("organisation").prefetch_related("interests")
    )
    return order_by_collated(members, "display_name", "pk")


logger = logging.getLogger(__name__)
DIRECTORY_VERSION_KEY = "members:directory:version"


def bump_directory_version(**_signal) -> None:
    """A member, their address, organisation or interests changed: the directory's cached
    counts are stale. A new version (never reused, even after the cache lost the old one)
    makes every cached count unreachable; they expire on their own."""
    try:
        cache.set(DIRECTORY_VERSION_KEY, time.time_ns(), None)
    except Exception:  # the cache is down: nothing is read from it either
        logger.warning("directory cache unreachable: version not bumped", exc_info=True)


def directory_cache_key(*, viewer) -> str | None:
    """Who sees the same directory rows, and which data version they saw: visitors share
    one cache, approved members another; anyone else (a pending account sees itself in the
    directory) gets their own. Counts are raw values, so the language is not in the key."""
    try:
        version = cache.get_or_set(DIRECTORY_VERSION_KEY, time.time_ns, None)
    except Exception:  # the cache is down: count every time, as before it existed
        return None
    if not permissions.is_member(viewer):
        viewer_class = "visitor"
    elif viewer.approval == Member.Approval.APPROVED:
        viewer_class = "member"
    else:
        viewer_class = f"member-{viewer.pk}"
    return f"{viewer_class}:{version}"


def member_language_counts(members: QuerySet[Member]) -> dict[str, int]:
    """Members per spoken language, in one query (languages are stored as ",fr,en,")."""
    return members.order_by().aggregate(
        **{
            code: Count("pk", filter=Q(languages__contains=f",{code},"))
            for code, _label in Member.Language.choices
        }
    )


def member_interest_counts(members: QuerySet[Member], *, limit: int = 20) -> dict[str, int]:
    """The most common interests among these members, most common first, in one query."""
    tags = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Member),
            taggit_taggeditem_items__object_id__in=members.order_by().values("pk"),
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")[:limit]
    )
    return {tag.name: tag.n for tag in tags}


def organisation_directory() -> QuerySet[Organisation]:
    organisations = Organisation.objects.listed().annotate(
        member_count=Count(
            "members",
            filter=Q(members__is_active=True, members__approval=Member.Approval.APPROVED),
        )
    )
    return order_by_collated(organisations, "name", "pk")


def organisation_country_counts(organisations: QuerySet[Organisation]) -> dict[str, int]:
    """Organisations per country they are based or active in, in one query."""
    counts: dict[str, int] = {}
    rows = organisations.order_by().values_list("pk", "based_in", "active_in").distinct()
    for _pk, based_in, active_in in rows:
        for code in {based_in, *active_in.split(",")} - {""}:
            counts[code] = counts.get(code, 0) + 1
    return counts


def colleagues_for(*, member: Member, limit: int = 6) -> list[Member]:
    """Up to `limit` members to meet, ranked by shared interests, then same country, then a
    complementary role; each comes with `reasons`, a list of sentences. Three queries."""
    member_type = ContentType.objects.get_for_model(Member)
    my_tags = {tag.pk: tag.name for tag in member.interests.all()}
    shared = (
        TaggedItem.objects.filter(
            content_type=member_type, object_id=OuterRef("pk"), tag_id__in=list(my_tags)
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    complements = COMPLEMENTARY_ROLES.get(member.role, [])
    same_country = (
        Case(When(country=member.country, then=Value(1)), default=Value(0))
        if member.country
        else Value(0)
    )
    candidates = (
        listed_members(viewer=member)
        .exclude(pk=member.pk)
        .annotate(
            shared_count=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)),
            same_country=same_country,
            complementary=Case(
                When(role__in=complements, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(Q(shared_count__gt=0) | Q(same_country=1) | Q(complementary=1))
        .select_related("organisation")
        .order_by("-shared_count", "-same_country", "-complementary", "display_name", "pk")
    )[:limit]
    colleagues = list(candidates)
    shared_names: dict[int, list[str]] = {c.pk: [] for c in colleagues}
    if my_tags and colleagues:
        for object_id, tag_id in TaggedItem.objects.filter(
            content_type=member_type, object_id__in=list(shared_names), tag_id__in=list(my_tags)
        ).values_list("object_id", "tag_id"):
            shared_names[object_id].append(my_tags[tag_id])
    for colleague in colleagues:
        reasons = []
        # In the reader's language: "vaccination" on French pages, not "immunisation".
        names = sorted((TagLabel.label(name) for name in shared_names[colleague.pk]), key=str.lower)
        if names:
            reasons.append(
                ngettext(
                    "%(count)s shared interest: %(names)s",
                    "%(count)s shared interests: %(names)s",
                    len(names),
                )
                % {"count": len(names), "names": ", ".join(names)}
            )
        if colleague.same_country:
            reasons.append(_("Also works in %(country)s") % {"country": colleague.country.name})
        if colleague.complementary:
            reasons.append(
                _("%(role)s: a role that complements yours")
                % {"role": colleague.get_role_display()}
            )
        colleague.reasons = reasons
    return colleagues
