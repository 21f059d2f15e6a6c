"""The explicit registry of rules (entity rules, then event rules), the order of work, and the rule-set version.

Entity rules run layer by layer (`LAYER_ORDER`), in registry order within a layer; each reads the spans
of the rules run before it from the document's `Layers`. Then `annotate.py` resolves overlaps, finds
the triggers given the entities, and the events' arguments given the entities and every trigger.
"""

from __future__ import annotations

import hashlib
from functools import cache

from curate.records import Document
from curate.rules.base import DATA, Layers, Rule, data_files
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
from curate.rules.organisations import (
    CompanyAliasRule,
    CompanyBeforeTitleRule,
    CompanyBrandRule,
    CompanySuffixRule,
    GovRule,
    OrgRule,
)
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
    ProjectSiteRule,
)
from curate.rules.places import (
    CountyShortRule,
    GpeGazetteerRule,
    GpeShortRule,
    LocRegionRule,
    LocRule,
    ProvinceAbbreviationRule,
    TownRule,
    ZoneRule,
)

ENTITY_RULES: tuple[Rule, ...] = (
    MeetingRule(), CongressRule(), ProjectAfterCompanyRule(), ProjectListRule(), ProjectSiteRule(), ProjectInfraRule(),
    CompanySuffixRule(), CompanyBrandRule(), CompanyBeforeTitleRule(), OrgRule(), TitleRule(), GovRule(),
    PersonAfterTitleRule(), PersonListRule(), PersonBeforeVerbRule(), PersonRepeatRule(), CompanyAliasRule(), CompanyListRule(),
    ZoneRule(), GpeGazetteerRule(), TownRule(), CountyShortRule(), GpeShortRule(), ProvinceAbbreviationRule(), LocRule(),
    LocRegionRule(),
    DateRule(), MoneyRule(), PercentRule(), QuantityRule(),
)
EVENT_RULES: tuple[EventRule, ...] = (
    MeetingHeldRule(), AttendRule(), SpeechRule(), ReportRule(), VisitRule(),
    GroundbreakRule(), SigningRule(), InvestRule(), IndicatorRule(), RankingRule(),
)
RULES: tuple[Rule, ...] = ENTITY_RULES + EVENT_RULES

# The entity layers in the order of work: a rule may read the spans of every rule run before it.
# The registry order above stays the listing order (`curate rules`, the rule-set version, and which
# rule keeps an exact duplicate span of equal priority), so regrouping the work changes neither.
LAYER_ORDER: tuple[str, ...] = ("numbers", "divisions", "places", "organisations", "people", "phrases")
WORK_ORDER: tuple[Rule, ...] = tuple(rule for layer in LAYER_ORDER for rule in ENTITY_RULES if rule.layer == layer)


def find_layers(doc: Document) -> Layers:
    """Return every entity rule's spans in the document, found layer by layer (`LAYER_ORDER`)."""
    layers = Layers(doc)
    for rule in WORK_ORDER:
        layers.add(rule.name, rule.find_spans(doc, layers))
    return layers


@cache
def ruleset_version() -> str:
    """Return `rules-<sha256[:10]>` over every rule's name@version and every word list's contents."""
    h = hashlib.sha256()
    for rule in RULES:
        h.update(f"{rule.source}\n".encode())
    for path in data_files():
        h.update(str(path.relative_to(DATA)).encode() + b"\n" + path.read_bytes())
    return f"rules-{h.hexdigest()[:10]}"
