"""The validation report as text for people: grouped by article, the worst first."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import yaml

from .validator import SEVERITY_ORDER, Finding, Result, _art_key, summary


@cache
def labels() -> dict[str, dict[str, str]]:
    """The report's words per language (validate/report.yaml)."""
    data = yaml.safe_load(Path(__file__).with_name("report.yaml").read_text(encoding="utf-8"))
    return {lang: {k: str(v) for k, v in words.items()} for lang, words in data.items()}


def _heading(article: str | None, L: dict[str, str]) -> str:
    if article is None:
        return L["document"]
    if article in ("preamble", "closing"):
        return L[article]
    return f"{L['article']} {article}"


def render_text(result: Result, lang: str = "nl") -> str:
    L = labels().get(lang, labels()["nl"])
    from ..ontology.load import term_text

    kind = term_text(result.kind, lang)[0] if result.kind else result.kind  # the ontology's label ("overeenkomst")
    out = [f"{result.title}", f"  {L['kind']}: {kind}; {L['articles']}: {len(result.articles)}; "
           f"{L['norms']}: {len(result.norms)}"]
    parties = [p["name"] for p in result.parties if p.get("municipality")]
    out.append(f"  {L['parties']}: " + ", ".join(parties) if parties else f"  {L['no_parties']}")
    counts = summary(result.findings)
    conforms = L["conforms_but"] if counts["warning"] else L["conforms"]
    out.append("  " + (conforms if result.conforms else "") +
               (" " if result.conforms else "") + L["fails"].format(n=counts["violation"], w=counts["warning"],
                                                                    i=counts["info"]))
    clean = result.checked_clean()
    if clean:
        out.append(f"  {L['clean']}: {', '.join(clean)}")
    groups: dict[str | None, list[Finding]] = defaultdict(list)
    for f in result.findings:
        groups[f.article].append(f)
    for article in sorted(groups, key=_art_key):
        out.append("")
        out.append(_heading(article, L))
        # (rule and message last: findings of one severity and lid in the same order on every run)
        for f in sorted(groups[article], key=lambda f: (SEVERITY_ORDER[f.severity], f.paragraph or "", f.rule, f.message)):
            where = f" {L['lid']} {f.paragraph}" if f.paragraph else ""
            msg = f.message if lang == "nl" else (f.message_en or f.message)
            out.append(f"  [{L[f.severity]}] {f.rule}{where}: {msg}")
            out.append(f"      {L['source']}: {f.source if lang == 'nl' else (f.source_en or f.source)}")
    return "\n".join(out) + "\n"
