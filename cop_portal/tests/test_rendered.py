"""The rendered-text seam: services store source, HTML and renderer version together, and
`manage.py rerender` brings rows an older renderer made up to date, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from cop_portal.markdown import RENDERER_VERSION
from cop_portal.rendered import MarkdownField
from discussions import services
from discussions.models import Post, PostVersion
from discussions.tests.factories import make_reply, make_topic
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _rerender(*args) -> str:
    out = StringIO()
    call_command("rerender", *args, stdout=out)
    return out.getvalue()


def test_a_reply_written_through_the_service_stores_the_current_renderer_version():
    post = make_reply(topic=make_topic(), body="**Paid** on time")
    post.refresh_from_db()
    assert (post.body, post.body_html, post.body_renderer_version) == (
        "**Paid** on time",
        "<p><strong>Paid</strong> on time</p>",
        RENDERER_VERSION,
    )


def test_an_edit_keeps_the_old_text_and_html_in_step_in_its_version(member):
    post = make_reply(topic=make_topic(), author=member, body="*one*")
    services.post_edit(post=post, editor=member, body="*two*")
    post.refresh_from_db()
    version = PostVersion.objects.get(post=post)
    assert (post.body_html, post.body_renderer_version) == ("<p><em>two</em></p>", RENDERER_VERSION)
    assert (version.body, version.body_html) == ("*one*", "<p><em>one</em></p>")
    assert version.body_renderer_version == RENDERER_VERSION


def test_a_bio_saved_through_the_profile_form_stores_the_current_renderer_version(client, member):
    client.force_login(member)
    data = {
        "display_name": member.display_name,
        "role": "health_worker",
        "bio": "I pay **vaccinators**.",
        "preferred_language": "en",
        "email_notifications": "immediate",
        "profile_visibility": "members",
    }
    assert client.post("/en/members/me/edit/", data).status_code == 302
    member.refresh_from_db()
    assert member.bio_html == "<p>I pay <strong>vaccinators</strong>.</p>"
    assert member.bio_renderer_version == RENDERER_VERSION


def test_rerender_updates_only_rows_an_older_renderer_made_and_a_second_run_changes_none():
    old_member = MemberFactory(bio="**old**", bio_html="stale", bio_renderer_version=0)
    current = MemberFactory(
        bio="**new**", bio_html="kept as is", bio_renderer_version=RENDERER_VERSION
    )
    post = make_reply(topic=make_topic(), body="_reply_")
    Post.objects.filter(pk=post.pk).update(body_html="stale", body_renderer_version=1)

    stale_members = Member.objects.filter(bio_renderer_version__lt=RENDERER_VERSION).count()

    first = _rerender()

    old_member.refresh_from_db()
    current.refresh_from_db()
    post.refresh_from_db()
    assert (old_member.bio_html, old_member.bio_renderer_version) == (
        "<p><strong>old</strong></p>",
        RENDERER_VERSION,
    )
    assert current.bio_html == "kept as is"
    assert (post.body_html, post.body_renderer_version) == (
        "<p><em>reply</em></p>",
        RENDERER_VERSION,
    )
    assert f"members.Member: {stale_members} re-rendered" in first
    assert "discussions.Post: 1 re-rendered" in first
    assert "0 rows re-rendered" in _rerender()


def test_rerender_keeps_mention_links(member):
    post = make_reply(topic=make_topic(), body=f"Thanks @{member.handle}")
    Post.objects.filter(pk=post.pk).update(body_html="stale", body_renderer_version=0)
    _rerender()
    post.refresh_from_db()
    assert f'<a class="mention" href="/members/{member.pk}/"' in post.body_html


def test_rerender_all_re_renders_current_rows_too_in_batches():
    MemberFactory.create_batch(
        3, bio="*x*", bio_html="hand-written", bio_renderer_version=RENDERER_VERSION
    )
    out = _rerender("--all", "--batch-size", "2")
    assert "members.Member: " in out
    assert set(Member.objects.exclude(bio="").values_list("bio_html", flat=True)) == {
        "<p><em>x</em></p>"
    }


@isolate_apps("members")
def test_a_markdown_field_without_its_companions_fails_the_system_check():
    class Note(models.Model):  # noqa: DJ008 (a throwaway model)
        text = MarkdownField()

        class Meta:
            app_label = "members"

    errors = Note._meta.get_field("text").check()
    assert [error.id for error in errors] == ["cop_portal.E001", "cop_portal.E001"]
