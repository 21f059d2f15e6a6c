"""The explicit registry of rules (entity rules, then event rules) and the rule-set version."""

from __future__ import annotations

import hashlib
from functools import cache

from curate.rules.base import DATA, Rule, data_files
from curate.rules.event_types import (
    AttendRule,
    GroundbreakRule,
    IndicatorRule,
    InvestRule,
    MeetingHeldRule,
    RankingRule,
    ReportRule,
    SigningRule,
    SpeechRule,
    VisitRule,
)
from curate.rules.events import EventRule
from curate.rules.numbers import DateRule, MoneyRule, PercentRule, QuantityRule
from curate.rules.organisations import CompanyAliasRule, CompanyBrandRule, CompanySuffixRule, GovRule, OrgRule
from curate.rules.people import (
    PersonAfterTitleRule,
    PersonBeforeVerbRule,
    PersonListRule,
    PersonRepeatRule,
    TitleRule,
)
from curate.rules.phrases import (
    CompanyListRule,
    CongressRule,
    MeetingRule,
    ProjectAfterCompanyRule,
    ProjectInfraRule,
    ProjectListRule,
)
from curate.rules.places import (
    GpeGazetteerRule,
    GpeShortRule,
    LocRule,
    ProvinceAbbreviationRule,
    TownRule,
    ZoneRule,
)

ENTITY_RULES: tuple[Rule, ...] = (
    MeetingRule(), CongressRule(), ProjectAfterCompanyRule(), ProjectListRule(), ProjectInfraRule(),
    CompanySuffixRule(), CompanyBrandRule(), OrgRule(), TitleRule(), GovRule(), LocRule(),
    PersonAfterTitleRule(), PersonListRule(), PersonBeforeVerbRule(), PersonRepeatRule(), CompanyAliasRule(), CompanyListRule(),
    ZoneRule(), GpeGazetteerRule(), TownRule(), GpeShortRule(), ProvinceAbbreviationRule(),
    DateRule(), MoneyRule(), PercentRule(), QuantityRule(),
)
EVENT_RULES: tuple[EventRule, ...] = (
    MeetingHeldRule(), AttendRule(), SpeechRule(), ReportRule(), VisitRule(),
    GroundbreakRule(), SigningRule(), InvestRule(), IndicatorRule(), RankingRule(),
)
RULES: tuple[Rule, ...] = ENTITY_RULES + EVENT_RULES


@cache
def ruleset_version() -> str:
    """Return `rules-<sha256[:10]>` over every rule's name@version and every word list's contents."""
    h = hashlib.sha256()
    for rule in RULES:
        h.update(f"{rule.source}\n".encode())
    for path in data_files():
        h.update(str(path.relative_to(DATA)).encode() + b"\n" + path.read_bytes())
    return f"rules-{h.hexdigest()[:10]}"
