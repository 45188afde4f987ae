"""The directory keeps its total and facet counts in the cache for a minute; a write to
what it counts shows at once, never a minute later."""

import pytest

from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _counts(response, facet):
    groups = {name: options for name, _label, options in response.context["facet_groups"]}
    return {value: count for value, _label, count, _selected in groups[facet]}


def test_a_new_member_shows_in_the_directory_counts_at_once(client, member):
    client.force_login(member)
    MemberFactory(display_name="Awa", role="funder", country="ML")
    first = client.get("/en/members/")
    assert _counts(first, "country").get("ML") == 1
    assert first.context["page"].paginator.count == 2

    MemberFactory(display_name="Binta", role="funder", country="ML")
    second = client.get("/en/members/")
    assert _counts(second, "country")["ML"] == 2
    assert _counts(second, "role")["funder"] == 2
    assert second.context["page"].paginator.count == 3
    assert "Binta" in second.content.decode()


def test_changed_interests_and_organisations_show_in_the_counts_at_once(client, member):
    client.force_login(member)
    awa = MemberFactory(display_name="Awa", organisation=OrganisationFactory(kind="ministry"))
    awa.interests.set(["mobile money"])
    assert _counts(client.get("/en/members/"), "interest") == {"mobile money": 1}

    awa.interests.set(["openIMIS"])
    assert _counts(client.get("/en/members/"), "interest") == {"openIMIS": 1}

    awa.organisation.kind = "funder"
    awa.organisation.save()
    kinds = _counts(client.get("/en/members/"), "kind")
    assert kinds["funder"] == 1 and kinds["ministry"] == 0


def test_a_member_leaving_disappears_from_the_counts_at_once(client, member):
    client.force_login(member)
    awa = MemberFactory(display_name="Awa", country="ML")
    assert _counts(client.get("/en/members/"), "country").get("ML") == 1
    awa.delete()
    assert "ML" not in _counts(client.get("/en/members/"), "country")


def test_visitors_and_members_do_not_share_counts(client, member):
    MemberFactory(display_name="Awa", country="ML", profile_visibility="public")
    MemberFactory(display_name="Binta", country="ML", profile_visibility="members")
    assert _counts(client.get("/en/members/"), "country")["ML"] == 1
    client.force_login(member)
    assert _counts(client.get("/en/members/"), "country")["ML"] == 2


@pytest.mark.redis
def test_the_directory_reads_the_tag_labels_once_however_many_tags_it_shows(
    client, member, redis_commands
):
    for n in range(8):
        MemberFactory(display_name=f"Awa {n}").interests.set(["mobile money", f"tag-{n}"])
    client.force_login(member)
    client.get("/en/members/")
    redis_commands.clear()
    assert "Awa 7" in client.get("/en/members/").content.decode()
    label_reads = [c for c in redis_commands if c[0] == "GET" and "tag-labels" in str(c[1])]
    assert len(label_reads) == 1
