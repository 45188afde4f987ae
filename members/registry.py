"""Seams through which other apps add to a member's page, export and erasure, without
members importing them (apps may import members, never the other way round).

An app registers in its AppConfig.ready(), naming every relation to the member model it
answers for (`"app_label.Model.field"`), so that a test can prove none is forgotten:

    registry.register_exporter("discussions", export_member_data,
                               relations=["discussions.Post.author", ...])
    registry.register_eraser(erase_member_data,
                             relations={"discussions.Subscription.member": "deleted", ...})
    registry.exclude("discussions.Flag.resolved_by", purpose=Purpose.EXPORT,
                     reason="a moderator's decision on someone else's flag")
    registry.register_profile_section(recent_posts_section)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from django.db.models import Model

    from members.models import Member


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class Exporter(Protocol):
    def __call__(self, member: Member, /) -> Any:
        """JSON-able data: everything the app holds about the member."""


class Eraser(Protocol):
    def __call__(self, member: Member, /) -> None:
        """Erase what the app keeps about the member that is personal."""


class ProfileSectionProvider(Protocol):
    def __call__(self, *, member: Member, viewer: Any) -> ProfileSection | None:
        """A section for the member's profile as `viewer` sees it, or None."""


class Purpose(StrEnum):
    EXPORT = "export"
    ERASURE = "erasure"


@dataclass(frozen=True)
class Coverage:
    """How one relation to a member is handled for one purpose, or why it is left out."""

    relation: str  # "app_label.Model.field"
    purpose: Purpose
    handled: bool
    note: str  # what export or erasure does with the rows, or why they are excluded


_exporters: dict[str, Exporter] = {}
_profile_sections: list[ProfileSectionProvider] = []
_erasers: list[Eraser] = []
_coverage: dict[tuple[str, Purpose], Coverage] = {}


def _record(entry: Coverage) -> None:
    _coverage[(entry.relation, entry.purpose)] = entry


def cover(relation: str, *, purpose: Purpose, note: str) -> None:
    """Declare a relation handled where the function is not registered (the members app
    calls its own export and erasure directly)."""
    _record(Coverage(relation, purpose, handled=True, note=note))


def exclude(relation: str, *, purpose: Purpose, reason: str) -> None:
    """Declare a relation deliberately left out of export or erasure, and why."""
    if not reason.strip():
        raise ValueError(f"Excluding {relation} from {purpose} needs a reason.")
    _record(Coverage(relation, purpose, handled=False, note=reason))


def register_exporter(name: str, func: Exporter, *, relations: Iterable[str] = ()) -> None:
    _exporters[name] = func
    for relation in relations:
        cover(relation, purpose=Purpose.EXPORT, note=f"exported under {name!r}")


def register_profile_section(func: ProfileSectionProvider) -> None:
    if func not in _profile_sections:
        _profile_sections.append(func)


def register_eraser(func: Eraser, *, relations: Mapping[str, str] | None = None) -> None:
    """`relations` maps each relation to what erasure does with it ("deleted", "kept,
    shown as by a former member"...)."""
    if func not in _erasers:
        _erasers.append(func)
    for relation, what in (relations or {}).items():
        cover(relation, purpose=Purpose.ERASURE, note=what)


def coverage() -> dict[tuple[str, Purpose], Coverage]:
    return dict(_coverage)


def relations_to(model: type[Model]) -> list[str]:
    """Every FK, one-to-one and many-to-many of any installed model that points at `model`."""
    from django.apps import apps

    return sorted(
        f"{other._meta.label}.{f.name}"
        for other in apps.get_models()
        for f in other._meta.get_fields()
        if f.is_relation and not f.auto_created and f.related_model is model
    )


def uncovered_relations(model: type[Model]) -> list[str]:
    """The relations to `model` that neither export nor erasure answers for."""
    return [
        f"{relation} ({purpose})"
        for relation in relations_to(model)
        for purpose in Purpose
        if (relation, purpose) not in _coverage
    ]


def exported_parts(member: Member) -> dict[str, Any]:
    return {name: func(member) for name, func in sorted(_exporters.items())}


def profile_sections(*, member: Member, viewer: Any) -> list[ProfileSection]:
    sections = (func(member=member, viewer=viewer) for func in _profile_sections)
    return [section for section in sections if section is not None]


def run_erasers(member: Member) -> None:
    for func in _erasers:
        func(member)
