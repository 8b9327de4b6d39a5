"""The model card shipped beside the classifier: data, licences, figures, date."""

from __future__ import annotations

from typing import Any

LICENCES = {
    "cold": "COLD, thu-coai/COLDataset (Deng et al., EMNLP 2022): Apache-2.0",
    "ced": "CED, thunlp/Chinese_Rumor_Dataset: no licence stated; cite the CED paper",
    "fbs": "FBS spam SMS, Cypher-Z/FBS_SMS_Dataset (Zhang et al., CCS 2020): no licence "
    "stated; cite the CCS'20 paper",
    "sms80w": "first 10,000 rows of the 800k labelled Chinese SMS corpus: no licence stated",
    "smssub": "spam subtypes of the same corpus, hand-labelled (noisy): no licence stated",
    "street": "the street set (data/street), written for this project: CC BY 4.0",
}


def render(
    card: dict[str, Any],
    dev: dict[str, Any] | None,
    title: str = "netpatrol text classifier",
    command: str = "`netpatrol train`",
) -> str:
    lines = [
        f"# Model card: {title}",
        "",
        f"- version: {card['version']}; trained {card['trained_at']}",
        f"- classes: {', '.join(card['classes'])}",
        "- model: linear SVM over hashed character n-grams of the normalised text, "
        "sublinear tf-idf, per-class sigmoid calibration (scikit-learn "
        f"{card['software']['scikit-learn']}); stored as plain arrays (classifier.npz)",
        f"- configuration: `{card['config']}`",
        f"- reproduce: {command}; it reads ../shared/data/train and "
        "data/street/train.jsonl and shuffles with a fixed seed",
        "",
        "## Training data",
        "",
        "| source | rows | origin and licence |",
        "|---|---|---|",
    ]
    for source, rows in card["rows_by_source"].items():
        lines.append(f"| {source} | {rows} | {LICENCES.get(source, 'unknown')} |")
    lines += ["", f"Rows by category: {card['rows_by_category']}", ""]
    if dev:
        lines += [
            "## Figures on the dev data (the classifier alone, top class)",
            "",
            "| source | accuracy | macro-F1 |",
            "|---|---|---|",
        ]
        for source, scores in dev["by_source"].items():
            lines.append(f"| {source} | {scores['accuracy']:.3f} | {scores['macro_f1']:.3f} |")
        pooled = dev["pooled"]
        lines.append(f"| pooled | {pooled['accuracy']:.3f} | {pooled['macro_f1']:.3f} |")
        lines.append("")
    lines += [
        "## Limits",
        "",
        "- The sources are narrow: COLD (offensive comments), CED (2009-2017 microblog "
        "rumours), SMS spam. Rumour and insult scores on other kinds of post are weaker than "
        "these figures; a rumour finding is a prompt to verify, never a verdict.",
        "- Drugs, guns and explosives are learnt from the street set alone (their rows "
        "above); the lexicon and the intent rules carry most of them.",
        "- smssub labels are noisy; sms80w's normal rows are short fragments.",
        "",
    ]
    return "\n".join(lines)
