import pytest

from discussions.models import DISPLAY_DEPTH, MAX_STORED_DEPTH, Post
from discussions.selectors import page_of_post, thread_for_topic
from discussions.tests.factories import make_reply, make_topic

pytestmark = pytest.mark.django_db


def test_thread_reads_in_conversation_order_whatever_the_posting_order():
    topic = make_topic()
    first = make_reply(topic=topic, body="first")
    second = make_reply(topic=topic, body="second")
    answer_to_first = make_reply(topic=topic, parent=first, body="answer to first")
    answer_to_answer = make_reply(topic=topic, parent=answer_to_first, body="deeper")
    posts = thread_for_topic(topic=topic, page_number=1, reader=None).posts
    assert [p.body for p in posts] == ["first", "answer to first", "deeper", "second"]
    assert [p.depth for p in posts] == [1, 2, 3, 1]
    assert answer_to_answer.path.startswith(first.path)
    assert second.path > answer_to_answer.path


def test_replies_deeper_than_the_page_nests_are_shown_flat_and_name_the_post_they_answer():
    topic = make_topic()
    post = None
    for _ in range(DISPLAY_DEPTH + 2):
        post = make_reply(topic=topic, parent=post)
    assert post.depth == DISPLAY_DEPTH + 2
    assert post.display_depth == DISPLAY_DEPTH
    assert post.shown_flat


def test_storage_depth_is_bounded_but_the_answered_post_is_kept():
    topic = make_topic()
    post = None
    for _ in range(MAX_STORED_DEPTH + 3):
        post = make_reply(topic=topic, parent=post)
    deepest = Post.objects.order_by("-depth").first()
    assert deepest.depth == MAX_STORED_DEPTH
    assert post.depth == MAX_STORED_DEPTH
    assert post.reply_to.depth == MAX_STORED_DEPTH
    assert post.shown_flat


def test_thread_pages_never_split_a_sub_thread(settings, monkeypatch):
    monkeypatch.setattr("discussions.selectors.SUB_THREADS_PER_PAGE", 2)
    topic = make_topic()
    tops = [make_reply(topic=topic, body=f"top {n}") for n in range(5)]
    for n in range(3):
        make_reply(topic=topic, parent=tops[1], body=f"under top 1 #{n}")
    page1 = thread_for_topic(topic=topic, page_number=1, reader=None)
    page2 = thread_for_topic(topic=topic, page_number=2, reader=None)
    page3 = thread_for_topic(topic=topic, page_number=3, reader=None)
    assert [p.body for p in page1.posts] == [
        "top 0", "top 1", "under top 1 #0", "under top 1 #1", "under top 1 #2",
    ]  # fmt: skip
    assert [p.body for p in page2.posts] == ["top 2", "top 3"]
    assert [p.body for p in page3.posts] == ["top 4"]
    assert page3.num_pages == 3
    assert page1.opening == page3.opening


def test_thread_pages_hold_about_fifty_replies_of_whole_sub_threads(monkeypatch):
    monkeypatch.setattr("discussions.selectors.POSTS_PER_PAGE", 4)
    topic = make_topic()
    tops = [make_reply(topic=topic, body=f"top {n}") for n in range(3)]
    for n in range(2):
        make_reply(topic=topic, parent=tops[0], body=f"under top 0 #{n}")
    for n in range(5):
        make_reply(topic=topic, parent=tops[1], body=f"under top 1 #{n}")
    pages = [thread_for_topic(topic=topic, page_number=n, reader=None) for n in (1, 2, 3)]
    # top 0 (3 replies) is under 4, so top 1 joins it even though it is large; top 2 is next.
    assert [p.body for p in pages[0].posts][:4] == [
        "top 0", "under top 0 #0", "under top 0 #1", "top 1",
    ]  # fmt: skip
    assert len(pages[0].posts) == 9
    assert [p.body for p in pages[1].posts] == ["top 2"]
    assert pages[0].num_pages == 2
    assert pages[2].number == 2  # out of range: the last page
    deep = Post.objects.get(body="under top 1 #4")
    assert page_of_post(post=deep) == 1
    assert page_of_post(post=Post.objects.get(body="top 2")) == 2


def test_topic_and_room_read_as_their_names_and_the_topic_address_holds_its_slug():
    topic = make_topic(title="Mobile money for CHWs")
    assert str(topic) == "Mobile money for CHWs"
    assert (
        topic.get_absolute_url() == f"/en/rooms/{topic.room.slug}/{topic.pk}-mobile-money-for-chws/"
    )
    assert str(topic.room) == topic.room.name
