"""Read rules stated once, in three shapes that cannot disagree.

An app states who may read one kind of object as a small tree of rules, and gets:

- ``check(member, obj) -> bool`` for one row (a view's guard, a template's ``if``);
- ``q(member, prefix="") -> Q`` for lists, feeds, search and counts, usable on related
  rows through ``prefix`` (topics reuse the room rule with ``prefix="room__"``);
- ``readers(obj) -> Q`` on the member table: who may read this object (notification
  recipients, the moderators told of a flag).

The agreement test (``discussions/tests/test_access.py``) holds every pair to
``check(m, o) == Model.objects.filter(q(m)).contains(o)`` for every role and visibility.

The rule pieces:

``Table(field, {value: who})``
    the object's field names which members qualify (``who`` is a :class:`MemberTest`);
    a value missing from the table lets nobody in.
``Grant(relation, who=...)``
    members named on the object through a relation (a many-to-many such as a room's
    moderators, or a foreign key such as a note's author) qualify.
``Itself()``
    the object is the member (a member reads their own profile).
``Where(field=value, ...)``
    a condition on the object alone, exact values or ``field__isnull``.
``InQuery(lambda: queryset_of_pks)``
    a condition on the object alone that only the database can answer.
``Via(relation, rule)``
    the rule of a related object (``Via("topic__room", room_rule)``).
``Who(test)``
    a condition on the member alone.

Combine them with ``|`` and ``&``. This module imports no app: member tests are built by
``members.permissions`` from a Python predicate and the same condition as a ``Q`` on the
member table.

Example: the evidence app (later) declares, in ``evidence/permissions.py``::

    from cop_portal import access
    from members.permissions import anyone, is_member, is_steering

    item_rule = access.Rule(
        EvidenceItem,
        access.Where(published=True)
        & access.Table("visibility", {"public": anyone, "members": is_member,
                                      "steering": is_steering})
        | access.Grant("author", who=is_member),
    )
    can_read_item, readable_item = item_rule.pair()

and lists with ``EvidenceItem.objects.filter(readable_item(request.user))``, guards a page
with ``get_readable_or_deny(EvidenceItem.objects, can_read_item, pk=pk)``
(``cop_portal.guards``), and finds comments' readers with ``Comment.objects.filter(
readable_item(member, prefix="item__"))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q


class _All:
    """Every row: no condition (kept apart from Q(), which `|` would swallow)."""

    def __repr__(self) -> str:
        return "ALL"


class _Nothing:
    def __repr__(self) -> str:
        return "NOTHING"


ALL = _All()
NOTHING = _Nothing()


def _or(parts):
    parts = [p for p in parts if p is not NOTHING]
    if any(p is ALL for p in parts):
        return ALL
    if not parts:
        return NOTHING
    result = parts[0]
    for p in parts[1:]:
        result = result | p
    return result


def _and(parts):
    parts = [p for p in parts if p is not ALL]
    if any(p is NOTHING for p in parts):
        return NOTHING
    if not parts:
        return ALL
    result = parts[0]
    for p in parts[1:]:
        result = result & p
    return result


def as_q(condition, prefix: str = "") -> Q:
    """ALL and NOTHING as a Q: no condition, or one that no row meets."""
    if condition is ALL:
        return Q()
    if condition is NOTHING:
        return Q(**{f"{prefix}pk__in": []})
    return condition


@dataclass(frozen=True)
class MemberTest:
    """A condition on a member in two shapes: a predicate on one member (visitors
    included) and the same condition as a Q on the member table (``q() is None``
    for a test no stored member meets, ALL for every member)."""

    name: str
    predicate: Callable[[object], bool]
    member_q: Callable[[], object]

    def __call__(self, member) -> bool:
        return bool(self.predicate(member))

    def q(self):
        return self.member_q()


class Node:
    def check(self, member, obj) -> bool:
        raise NotImplementedError

    def q(self, member, model, prefix: str):
        raise NotImplementedError

    def readers(self, obj):
        raise NotImplementedError

    def __or__(self, other: Node) -> Node:
        return Any(self, other)

    def __and__(self, other: Node) -> Node:
        return Every(self, other)


class Any(Node):
    def __init__(self, *nodes: Node):
        self.nodes = nodes

    def check(self, member, obj) -> bool:
        return any(n.check(member, obj) for n in self.nodes)

    def q(self, member, model, prefix):
        return _or([n.q(member, model, prefix) for n in self.nodes])

    def readers(self, obj):
        return _or([n.readers(obj) for n in self.nodes])


class Every(Node):
    def __init__(self, *nodes: Node):
        self.nodes = nodes

    def check(self, member, obj) -> bool:
        return all(n.check(member, obj) for n in self.nodes)

    def q(self, member, model, prefix):
        return _and([n.q(member, model, prefix) for n in self.nodes])

    def readers(self, obj):
        return _and([n.readers(obj) for n in self.nodes])


class Table(Node):
    def __init__(self, field: str, table: dict):
        self.field = field
        self.table = {str(value): who for value, who in table.items()}

    def check(self, member, obj) -> bool:
        who = self.table.get(str(getattr(obj, self.field)))
        return who is not None and who(member)

    def q(self, member, model, prefix):
        values = [value for value, who in self.table.items() if who(member)]
        return Q(**{f"{prefix}{self.field}__in": values}) if values else NOTHING

    def readers(self, obj):
        who = self.table.get(str(getattr(obj, self.field)))
        return NOTHING if who is None else who.q()


def _is_stored_member(member) -> bool:
    return bool(member is not None and getattr(member, "is_authenticated", False) and member.pk)


class Grant(Node):
    def __init__(self, relation: str, *, who: MemberTest):
        self.relation = relation
        self.who = who

    def _many(self, model) -> bool:
        field = model._meta.get_field(self.relation)
        return field.many_to_many or field.one_to_many

    def check(self, member, obj) -> bool:
        if not _is_stored_member(member) or not self.who(member):
            return False
        if not self._many(type(obj)):
            return getattr(obj, f"{self.relation}_id") == member.pk
        prefetched = getattr(obj, "_prefetched_objects_cache", {})
        if self.relation in prefetched:
            return any(m.pk == member.pk for m in prefetched[self.relation])
        # A page asks the same question several times: remember the answer on the member.
        cache = member.__dict__.setdefault("_cop_access_grants", {})
        key = (obj._meta.label, self.relation, obj.pk)
        if key not in cache:
            cache[key] = getattr(obj, self.relation).filter(pk=member.pk).exists()
        return cache[key]

    def q(self, member, model, prefix):
        if not _is_stored_member(member) or not self.who(member):
            return NOTHING
        if not self._many(model):
            return Q(**{f"{prefix}{self.relation}": member.pk})
        # A subquery, not a join: a join would repeat a row once per named member.
        named = model._default_manager.filter(**{self.relation: member.pk}).values("pk")
        return Q(**{f"{prefix}pk__in": named})

    def readers(self, obj):
        if self._many(type(obj)):
            named = Q(pk__in=getattr(obj, self.relation).values("pk"))
        else:
            named = Q(pk=getattr(obj, f"{self.relation}_id"))
        return _and([named, self.who.q()])


class Itself(Node):
    """The object is the reading member."""

    def check(self, member, obj) -> bool:
        return _is_stored_member(member) and member.pk == obj.pk

    def q(self, member, model, prefix):
        return Q(**{f"{prefix}pk": member.pk}) if _is_stored_member(member) else NOTHING

    def readers(self, obj):
        return Q(pk=obj.pk)


class Where(Node):
    """Exact values of the object's own fields (``field__isnull=True`` too)."""

    def __init__(self, **lookups):
        self.lookups = lookups

    def _holds(self, obj) -> bool:
        for lookup, expected in self.lookups.items():
            if lookup.endswith("__isnull"):
                if (getattr(obj, lookup[: -len("__isnull")]) is None) != expected:
                    return False
            elif getattr(obj, lookup) != expected:
                return False
        return True

    def check(self, member, obj) -> bool:
        return self._holds(obj)

    def q(self, member, model, prefix):
        return Q(**{f"{prefix}{k}": v for k, v in self.lookups.items()})

    def readers(self, obj):
        return ALL if self._holds(obj) else NOTHING


class InQuery(Node):
    """The object's primary key is among those a query returns (a verified address)."""

    def __init__(self, pks: Callable[[], object]):
        self.pks = pks

    def _holds(self, obj) -> bool:
        return type(obj)._default_manager.filter(pk=obj.pk, pk__in=self.pks()).exists()

    def check(self, member, obj) -> bool:
        return self._holds(obj)

    def q(self, member, model, prefix):
        return Q(**{f"{prefix}pk__in": self.pks()})

    def readers(self, obj):
        return ALL if self._holds(obj) else NOTHING


class Who(Node):
    """A condition on the member alone, whatever the object."""

    def __init__(self, test: MemberTest):
        self.test = test

    def check(self, member, obj) -> bool:
        return self.test(member)

    def q(self, member, model, prefix):
        return ALL if self.test(member) else NOTHING

    def readers(self, obj):
        return self.test.q()


class Via(Node):
    """The rule of a related object: ``Via("topic__room", room_rule)``."""

    def __init__(self, relation: str, rule: Rule | Node):
        self.path = relation.split("__")
        self.node = rule.node if isinstance(rule, Rule) else rule

    def _target(self, obj):
        for name in self.path:
            obj = getattr(obj, name)
        return obj

    def _model(self, model):
        for name in self.path:
            model = model._meta.get_field(name).related_model
        return model

    def check(self, member, obj) -> bool:
        return self.node.check(member, self._target(obj))

    def q(self, member, model, prefix):
        inner = prefix + "__".join(self.path) + "__"
        return self.node.q(member, self._model(model), inner)

    def readers(self, obj):
        return self.node.readers(self._target(obj))


class Rule:
    """One read rule for one model; see the module docstring."""

    def __init__(self, model, node: Node):
        self.model = model
        self.node = node

    def check(self, member, obj) -> bool:
        return self.node.check(member, obj)

    def q(self, member, prefix: str = "") -> Q:
        return as_q(self.node.q(member, self.model, prefix), prefix)

    def readers(self, obj) -> Q:
        """Who may read this object, as a filter on the member table."""
        return as_q(self.node.readers(obj))

    def pair(self):
        """``can_read_x, readable_x`` for an app's permissions module."""
        return self.check, self.q
