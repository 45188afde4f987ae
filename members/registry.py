"""Seams through which other apps add to a member's page, export and erasure, without
members importing them (apps may import members, never the other way round).

An app registers in its AppConfig.ready():
    registry.register_exporter("discussions", export_member_data)
    registry.register_profile_section(recent_posts_section)
    registry.register_eraser(erase_member_data)
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)


_exporters: dict[str, Callable] = {}
_profile_sections: list[Callable] = []
_erasers: list[Callable] = []


def register_exporter(name: str, func: Callable) -> None:
    """func(member) -> JSON-able data: everything the app holds about the member."""
    _exporters[name] = func


def register_profile_section(func: Callable) -> None:
    """func(*, member, viewer) -> ProfileSection | None, shown on the member's profile."""
    if func not in _profile_sections:
        _profile_sections.append(func)


def register_eraser(func: Callable) -> None:
    """func(member) erases what the app keeps about the member that is personal."""
    if func not in _erasers:
        _erasers.append(func)


def exported_parts(member) -> dict:
    return {name: func(member) for name, func in sorted(_exporters.items())}


def profile_sections(*, member, viewer) -> list[ProfileSection]:
    sections = (func(member=member, viewer=viewer) for func in _profile_sections)
    return [section for section in sections if section is not None]


def run_erasers(member) -> None:
    for func in _erasers:
        func(member)
