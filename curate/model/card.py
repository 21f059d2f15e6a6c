"""Model card: a model's description (`model.json`) → a readable README.md for its folder."""

from __future__ import annotations

from typing import Any

from curate.model.lexicon import CORRECTION_PAGES, TRUSTED, Lexicon
from curate.model.train import TRUST_CONFIDENCE, TRUST_GAIN, TRUST_SUPPORT


def _row(label: str, s: dict[str, Any]) -> str:
    cells = [f"{s[m][k]['f1']:.3f}" for m in ("exact", "set") for k in ("entities", "triggers", "arguments")]
    return f"| {label} | " + " | ".join(cells) + " |"


def _or_dash(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def render_card(meta: dict[str, Any], lexicon: Lexicon) -> str:
    """Return the model card in Markdown."""
    t, held = meta["training"], meta["held_out"]
    out = [f"# curate model `model@{meta['hash']}`", "",
           "A character-level CRF (CRFsuite) tagging entities and event triggers, combined with the rules "
           "(`curate annotate --model`).", "",
           "## Training data", "",
           f"- source: `{t['source']}`" + (f" (version `{t['version']}`)" if t.get("version") else ""),
           f"- content hash: `{t['hash']}`, documents: {t['documents']}"
           + (f" ({t['skipped']} without gold skipped)" if t.get("skipped") else ""),
           f"- training time (final model): {t['seconds']} s", f"- schema version {meta['schema_version']}, "
           f"label set `{meta['label_set']}` ({len(meta['labels'])} labels)", "",
           "## Features", ""] + [f"- {f}" for f in meta["features"]] + [
           f"- lexicon: {len(lexicon.entries)} human-confirmed (text, label) entries, "
           f"{sum(e.precision >= TRUSTED for e in lexicon.entries)} with precision ≥ {TRUSTED} on the training "
           f"texts (features of a training document use the lexicon of the other {meta['folds'] - 1} folds)",
           f"- CRF parameters: `{meta['params']}`", "",
           "## Held-out split and learning curve", ""]
    if not meta["learning_curve"]:
        out.append("Too few documents for a held-out split (fewer than 5).")
    else:
        out += [f"Held out: {len(held['documents'])} documents ({', '.join(held['documents'])}); the curve "
                f"trains on the first N of the other {held['training_documents']}. F1 (0 = rules alone):", "",
                "| training docs | entities | triggers | arguments | entities (set) | triggers (set) | "
                "arguments (set) |", "|---|---|---|---|---|---|---|"]
        out += [_row(str(p["documents"]), p) for p in meta["learning_curve"]]
        c = held.get("confidence")
        if c:
            out += ["", f"Confidence on the held-out split (`curate annotate --model` puts it in `meta.score`; push "
                    f"sends it as the prediction score): a right span's confidence is higher than a wrong one's "
                    f"with probability {_or_dash(c['span_auc'])} ({c['spans_right']} right, {c['spans_wrong']} wrong "
                    f"spans; 0.5 is chance); the document score's rank correlation with each page's wrong or "
                    f"missed spans per character is {_or_dash(c['score_vs_errors_spearman'])} ({c['documents']} "
                    "documents; 0 is chance)."]
    labels = held.get("labels") or {}
    if labels:
        trusted = meta.get("trusted_labels") or []
        chosen = f"**{', '.join(trusted) if trusted else 'none'}**"
        why = ("On the held-out split, per label: its gold spans and the exact F1 of the rules' spans and of the "
               "tagger's alone")
        if meta.get("trust_evidence"):
            why += (f". The labels that take their spans from the tagger (the rules' where none of them overlaps) were "
                    f"chosen outside it: {chosen}. {meta['trust_evidence']}")
        else:
            why += (f" (trained on the other documents). A label with at least {TRUST_SUPPORT} gold spans there on which "
                    f"the tagger beats the rules by at least {TRUST_GAIN} F1, and by more than 0 in "
                    f"{TRUST_CONFIDENCE:.0%} of the resamples of the held-out documents (the gain in the worst "
                    f"{1 - TRUST_CONFIDENCE:.0%}: `gain_low`), takes its spans from the tagger (the rules' where none "
                    f"of them overlaps): {chosen}. (The held-out scores above do not use them: these pages chose them.)")
        if not meta.get("adds_triggers", True):
            why += " The tagger adds no triggers."
        out += ["", "## Labels the tagger is trusted with", "", why, "",
                "| label | gold | rules | tagger | gain_low | trusted |", "|---|---|---|---|---|---|"]
        out += [f"| {label} | {c['gold']} | {c['rules_f1']:.3f} | {c['model_f1']:.3f} | "
                f"{_or_dash(c.get('gain_low'))} | {'yes' if label in trusted else ''} |" for label, c in labels.items()]
    floor, floors = meta.get("trigger_floor") or 0.0, held.get("floors") or {}
    if floor or floors:
        chosen = f"**{floor}**" if floor else "**none**"
        if meta.get("trust_evidence"):
            why = f"Chosen outside the held-out split (above): {chosen}."
        else:
            why = (f"The floor of those below that raises the held-out split's trigger F1 most, by at least {TRUST_GAIN} "
                   f"and by more than 0 in {TRUST_CONFIDENCE:.0%} of the resamples of its documents: {chosen}.")
        out += ["", "## Rule triggers the model doubts", "",
                "A rule's trigger whose confidence is below the model's floor loses its event (with its arguments). "
                + why, ""]
        if floors:
            out += ["| floor | trigger F1 without | with | gain_low | chosen |", "|---|---|---|---|---|"]
            out += [f"| {f} | {c['without']:.3f} | {c['with']:.3f} | {_or_dash(c.get('gain_low'))} | "
                    f"{'yes' if float(f) == floor else ''} |" for f, c in floors.items()]
    fixes = meta.get("corrections") or []
    out += ["", "## Rule spans people corrected", "",
            f"The rules proposed these (text, label) pairs on at least {CORRECTION_PAGES} training pages and people "
            f"corrected them the same way on every page (removed or relabelled entities), never keeping one: "
            f"`curate annotate --model` does so before them"
            + (": none." if not fixes else f" ({len(fixes)}, the most frequent shown)."), ""]
    if fixes:
        out += ["| text | label | people made it | pages |", "|---|---|---|---|"]
        out += [f"| {text} | {label} | {to or '(removed)'} | {n} |" for text, label, to, n in fixes[:20]]
    out += ["", "## Lexicon (most frequent)", "", "| text | label | count | precision |", "|---|---|---|---|"]
    out += [f"| {e.text} | {e.label} | {e.count} | {e.precision:.2f} |" for e in lexicon.entries[:15]]
    return "\n".join(out) + "\n"
