"""Argument patterns as data: which entities fill a role, by where they stand relative to the trigger.

An event rule lists one pattern per role (`EventRule.roles`); patterns read the resolved entities of a
`Context` and give spans. Text patterns that no entity covers stay code (`EventRule.pattern_arguments`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from curate.rules.base import Span
from curate.rules.context import Context

Side = Literal["before", "after"]
# A check of an entity found for a role, given the text (a count of things, not an area).
Keep = Callable[[str, Span], bool]


@dataclass(frozen=True)
class Nearest:
    """The entity of `labels` nearest the trigger on its `side`, in the trigger's sentence."""

    role: str
    labels: tuple[str, ...]
    side: Side = "before"
    not_after: str = ""  # characters an entity may not follow (a date after 比 is a baseline: 比1-10月提高)

    def find(self, ctx: Context, start: int, end: int) -> list[Span]:
        """Return the entity filling the role of the trigger at `[start, end)` (a list of at most one)."""
        s_start, s_end = ctx.sentence(start)
        if self.not_after:
            within = ctx.within(s_start, start, self.labels) if self.side == "before" else ctx.within(end, s_end, self.labels)
            found = [e for e in within if e.start == 0 or ctx.text[e.start - 1] not in self.not_after]
            return found[-1:] if self.side == "before" else found[:1]
        if self.side == "before":
            return ctx.last_within(s_start, start, self.labels)
        return ctx.first_within(end, s_end, self.labels)


@dataclass(frozen=True)
class InClause:
    """Every entity of `labels` in the trigger's clause: on its `side`, or anywhere in it (`side=None`);
    `else_after`: when the clause has none, the nearest after the trigger in its sentence; `keep`: which
    of the entities found fill the role; `own`: in a clause with several triggers, only the entities whose
    nearest trigger on the left is this one (集中开工96个、竣工79个: 96 is the groundbreaking's), or that count
    the subject right before it (20个项目集中开工、9个项目集中投产: 9 is the start of production's)."""

    role: str
    labels: tuple[str, ...]
    side: Side | None = None
    else_after: bool = False
    keep: Keep | None = None
    own: bool = False

    def find(self, ctx: Context, start: int, end: int) -> list[Span]:
        """Return the entities filling the role of the trigger at `[start, end)`, in text order."""
        lo = end if self.side == "after" else ctx.clause_start(start)
        hi = start if self.side == "before" else ctx.clause_end(end)
        found = ctx.within(lo, hi, self.labels)
        if self.own and ctx.trigger_starts:
            c_start = ctx.clause_start(start)
            found = [e for e in found if _owner(ctx, e, c_start) in (None, start)]
        if not found and self.else_after:
            found = ctx.first_within(end, ctx.sentence(start)[1], self.labels)
        return found if self.keep is None else [e for e in found if self.keep(ctx.text, e)]


# Between a count and the trigger whose subject it counts (20个项目集中开工).
# "Projects" as these pages count them (重点项目, 产业项目): also the counted noun of `events`.
PROJECTS = "(?:重点|重大|产业)?项目"
_SUBJECT_OF = re.compile(PROJECTS)


def _owner(ctx: Context, entity: Span, c_start: int) -> int | None:
    """Return the start of the trigger an entity of a clause belongs to: the one whose subject it counts, else
    the nearest on its left."""
    after = _SUBJECT_OF.match(ctx.text, entity.end)
    if after and ctx.next_trigger(entity.end) == after.end():
        return after.end()
    return ctx.previous_trigger(entity.start, c_start)


@dataclass(frozen=True)
class Doers:
    """Who does the act: persons, else a nominal group (and their 职务 and 所属机构 where the type has
    those roles), see `EventRule.people_arguments`."""

    role: str


RolePattern = Nearest | InClause | Doers
TIME = Nearest("时间", ("DATE",), not_after="比较")
