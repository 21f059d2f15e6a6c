"""Rules stage: weak labelling functions that pre-annotate documents (see `registry.RULES`)."""

from curate.rules.base import Rule, Span
from curate.rules.registry import ENTITY_RULES, EVENT_RULES, RULES, ruleset_version

__all__ = ["ENTITY_RULES", "EVENT_RULES", "RULES", "Rule", "Span", "ruleset_version"]
