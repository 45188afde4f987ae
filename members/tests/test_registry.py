"""Every relation to a member is exported and erased, or excluded with a reason, so a
model added by a later app cannot be forgotten by "download my data" or deletion."""

import pytest
from django.db import models

from members import registry
from members.models import Member


def test_every_relation_to_a_member_is_exported_and_erased_or_excluded_with_a_reason():
    assert registry.uncovered_relations(Member) == []
    for entry in registry.coverage().values():
        assert entry.note.strip(), entry


def test_the_registry_knows_the_relations_that_exist_today():
    relations = registry.relations_to(Member)
    assert "discussions.Post.author" in relations
    assert "discussions.Room.moderators" in relations
    assert "account.EmailAddress.user" in relations


def test_a_relation_nobody_answers_for_is_reported(monkeypatch):
    covered = registry.coverage()
    del covered[("discussions.Reaction.member", registry.Purpose.ERASURE)]
    monkeypatch.setattr(registry, "_coverage", covered)
    assert registry.uncovered_relations(Member) == ["discussions.Reaction.member (erasure)"]


def test_a_model_added_later_with_a_member_relation_is_reported(monkeypatch):
    class Attendance(models.Model):  # noqa: DJ008 (a throwaway model)
        member = models.ForeignKey(Member, on_delete=models.CASCADE)

        class Meta:
            app_label = "members"

    try:
        assert "members.Attendance.member (export)" in registry.uncovered_relations(Member)
    finally:
        from django.apps import apps

        del apps.all_models["members"]["attendance"]
        apps.clear_cache()


def test_an_exclusion_needs_a_reason():
    with pytest.raises(ValueError):
        registry.exclude("x.Y.member", purpose=registry.Purpose.EXPORT, reason=" ")
