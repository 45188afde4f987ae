from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    Exists,
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
from django_countries import countries
from taggit.models import Tag, TaggedItem

from members import permissions
from members.models import Member, Organisation
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
    """Members who appear in the directory: active, approved, with a verified address;
    visitors see only those who made their profile public."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    members = Member.objects.filter(
        Exists(verified), is_active=True, approval=Member.Approval.APPROVED
    )
    if not permissions.is_member(viewer):
        members = members.filter(profile_visibility=Member.Visibility.PUBLIC)
    return members


def _member_tagged_ids(tag_name: str):
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Member), tag__name__iexact=tag_name
    ).values("object_id")


MEMBER_FILTERS = {
    "q": lambda v: Q(display_name__icontains=v) | Q(organisation__name__icontains=v),
    "role": lambda v: Q(role=v),
    "country": lambda v: Q(country=v),
    "kind": lambda v: Q(organisation__kind=v),
    "language": lambda v: Q(languages__contains=f",{v},"),
    "interest": lambda v: Q(pk__in=_member_tagged_ids(v)),
}


def _filtered(members: QuerySet[Member], filters: dict, *, skip: str | None = None):
    for name, value in filters.items():
        if name != skip and name in MEMBER_FILTERS:
            members = members.filter(MEMBER_FILTERS[name](value))
    return members


def member_directory(*, viewer, filters: dict) -> QuerySet[Member]:
    return (
        _filtered(listed_members(viewer=viewer), filters)
        .select_related("organisation")
        .prefetch_related("interests")
        .order_by("display_name", "pk")
    )


def member_directory_facets(*, viewer, filters: dict) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per filter value. Each facet counts with every other filter applied but not
    its own, so a reader sees how many they would find by changing that one filter.
    One query per facet, whatever the number of members."""
    base = listed_members(viewer=viewer)
    facets = {}

    role_counts = dict(
        _filtered(base, filters, skip="role").values_list("role").annotate(n=Count("pk"))
    )
    facets["role"] = [(v, label, role_counts.get(v, 0)) for v, label in Member.Role.choices]

    country_counts = (
        _filtered(base, filters, skip="country")
        .exclude(country="")
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    facets["country"] = sorted(
        ((code, countries.name(code), n) for code, n in country_counts),
        key=lambda row: row[1],
    )

    kind_counts = dict(
        _filtered(base, filters, skip="kind")
        .exclude(organisation=None)
        .values_list("organisation__kind")
        .annotate(n=Count("pk"))
    )
    facets["kind"] = [(v, label, kind_counts.get(v, 0)) for v, label in Organisation.Kind.choices]

    language_counts = _filtered(base, filters, skip="language").aggregate(
        **{
            code: Count("pk", filter=Q(languages__contains=f",{code},"))
            for code, _label in Member.Language.choices
        }
    )
    facets["language"] = [(v, label, language_counts[v]) for v, label in Member.Language.choices]

    tagged = _filtered(base, filters, skip="interest").values("pk")
    tags = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Member),
            taggit_taggeditem_items__object_id__in=tagged,
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")[:20]
    )
    facets["interest"] = [(tag.name, tag.name, tag.n) for tag in tags]
    return facets


ORGANISATION_FILTERS = {
    "q": lambda v: Q(name__icontains=v),
    "kind": lambda v: Q(kind=v),
    "country": lambda v: Q(based_in=v) | Q(active_in__contains=v),
}


def organisation_directory(*, filters: dict) -> QuerySet[Organisation]:
    organisations = Organisation.objects.listed().annotate(
        member_count=Count(
            "members",
            filter=Q(members__is_active=True, members__approval=Member.Approval.APPROVED),
        )
    )
    for name, value in filters.items():
        if name in ORGANISATION_FILTERS:
            organisations = organisations.filter(ORGANISATION_FILTERS[name](value))
    return organisations.order_by("name")


def organisation_countries() -> list[tuple[str, str]]:
    """Countries that some organisation is based or active in, for the filter."""
    codes = set()
    for based_in, active_in in Organisation.objects.listed().values_list("based_in", "active_in"):
        codes.add(based_in)
        codes.update(code for code in active_in.split(",") if code)
    codes.discard("")
    return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])


def organisation_kind_counts(*, filters: dict) -> list[tuple[str, str, int]]:
    others = {k: v for k, v in filters.items() if k != "kind"}
    counts = dict(
        organisation_directory(filters=others)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return [(v, label, counts.get(v, 0)) for v, label in Organisation.Kind.choices]


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
        names = sorted(shared_names[colleague.pk], key=str.lower)
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
