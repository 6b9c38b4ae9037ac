"""Reports of a :class:`~dvo_kb.diff.compare.Diff`: text (grouped by article, substantive first)
and an HTML fragment (two columns, the changed words in ``<del>``/``<ins>``, no JavaScript)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import UserError
from ..words import month_names
from .compare import Change, Diff, LidPair, Pair, config, summary
from .load import Article
from .text import TOKEN, normalized, opcodes

HERE = Path(__file__).parent


@cache
def labels(lang: str) -> dict[str, Any]:
    with (HERE / "labels.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    if lang not in data:
        raise UserError(f"unknown language {lang!r}; use one of: {', '.join(sorted(data))}")
    return dict(data[lang])


def _field(lab: dict[str, Any], f: str) -> str:
    return str(lab["fields"].get(f, f))


def _where(c: Change, side: str, lab: dict[str, Any]) -> str:
    art = getattr(c, f"{side}_article")
    if art is None:
        return str(lab.get("absent", "-"))
    par = getattr(c, f"{side}_paragraph")
    norm = getattr(c, f"{side}_norm")
    out = (f"{lab['article']} {art}" if art[:1].isdigit() else str(lab.get("places", {}).get(art, art))) + (f" lid {par}" if par and par != "0" else "")
    if norm:
        kind = norm.rsplit("/", 2)[-2]
        out += f" ({lab.get('units', {}).get(kind, kind)} {norm.rsplit('/', 1)[-1]})"
    return out


def _places(c: Change, lab: dict[str, Any]) -> str:
    """Where a change is in A and in B ("A art. 5.1 lid 2 (norm 1) | B art. 5.1"); nothing for
    a change of the document as a whole."""
    a, b = _where(c, "a", lab), _where(c, "b", lab)
    return "" if c.a_article is None and c.b_article is None else f"A {a} | B {b}"


def _line(c: Change, lab: dict[str, Any], lang: str = "en") -> list[str]:
    where = _places(c, lab)
    head = f"- {_field(lab, c.field)}: {lab['kinds'].get(c.kind, c.kind)}" + (f"  [{where}]" if where else "")
    out = [head]
    if c.field == "text":
        out[0] = f"- {_quote(c.before)} -> {_quote(c.after)}" + (f"  [{where}]" if where else "")
        return out
    before, after, _ = c.in_words(lang)  # the comparison's own words in the report's language
    if before is not None:
        out.append(f"    {lab['before']}: {before}")
    if after is not None:
        out.append(f"    {lab['after']}: {after}")
    return out


def _quote(x: Any) -> str:
    return "\u2205" if x is None else f"\u201c{x}\u201d"


def _levels(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    out = []
    for lv in config()["levels"]:
        cs = [c for c in changes if c.level == lv and not (c.field == "text" and c.covered_by)]
        if cs:
            out.append((lv, cs))
    return out


def render_text(diff: Diff, lang: str = "en") -> str:
    """A readable report: the document-level changes, then each aligned pair of articles with
    its changes by level (substantive first, the word-level changes last; word changes that a
    substantive change accounts for are left out), then the articles only in A and only in B."""
    lab = labels(lang)
    lines = [lab["title"].format(a=diff.a.id, b=diff.b.id),
             f"A: {diff.a.view.get('title')}", f"B: {diff.b.view.get('title')}", ""]
    warnings = _not_reviewed(diff, lab)
    if warnings:
        lines[3:3] = warnings + [""]
    if diff.document_changes:
        lines.append(lab["document"])
        for c in diff.document_changes:
            lines += ["  " + x for x in _line(c, lab, lang)]
        lines.append("")
    unchanged = []
    for p in diff.pairs:
        groups = _levels(p.changes)
        if not groups:
            unchanged.append(p)
            continue
        lines.append(_pair_head(p, lab))
        for lv, cs in groups:
            lines.append(f"  {lab['levels'][lv]}")
            for c in cs:
                lines += ["    " + x for x in _line(c, lab, lang)]
                if c.note and c.level != "consequential":
                    lines.append(f"      ({c.in_words(lang)[2]})")
        lines.append("")
    for key, arts in (("only_a", diff.only_a), ("only_b", diff.only_b)):
        if arts:
            lines.append(lab[key])
            for a in arts:
                lines.append(f"  {lab['article']} {a.number}" + (f" ({a.heading})" if a.heading else ""))
                for par in a.paragraphs:
                    lines.append("    " + par["text"].replace("\n", "\n    "))
                for n in a.norms:
                    lines.append(f"    * {summary(n, lang)}")
            lines.append("")
    if unchanged:
        lines.append(lab["unchanged"] + ": " + ", ".join(f"{p.a_article}->{p.b_article}" for p in unchanged))
    return "\n".join(lines).rstrip() + "\n"


def _pair_head(p: Pair, lab: dict[str, Any], score: bool = True) -> str:
    how = lab["how"].get(p.how, p.how) + (f", {p.score}" if score else "")
    return f"{lab['article']} {p.a_article} -> {lab['article']} {p.b_article} ({how})"


# -- HTML ---------------------------------------------------------------------------------------
def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _marked(text: str, spans: list[tuple[int, int]], tag: str) -> str:
    """The text with the tokens in ``spans`` (token index ranges) wrapped in ``tag``."""
    toks = list(TOKEN.finditer(text))
    out, pos = [], 0
    for i1, i2 in spans:
        if i1 == i2:
            continue
        start, end = toks[i1].start(), toks[i2 - 1].end()
        out.append(_e(text[pos:start]))
        out.append(f"<{tag}>{_e(text[start:end])}</{tag}>")
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _columns(lp: LidPair) -> tuple[str, str]:
    table = config()["changes"]["normalize"]
    ta = "\n".join(p["text"] for p in lp.a)
    tb = "\n".join(p["text"] for p in lp.b)
    if not lp.a:
        return "", _marked(tb, [(0, len(TOKEN.findall(tb)))], "ins")
    if not lp.b:
        return _marked(ta, [(0, len(TOKEN.findall(ta)))], "del"), ""
    ops = opcodes(normalized(TOKEN.findall(ta), table), normalized(TOKEN.findall(tb), table))
    return (_marked(ta, [(i1, i2) for _, i1, i2, _, _ in ops], "del"),
            _marked(tb, [(j1, j2) for _, _, _, j1, j2 in ops], "ins"))


def _lid_label(arts: list[str], lids: list[dict[str, Any]], lab: dict[str, Any]) -> str:
    return ", ".join(f"{lab['article']} {a}" + (f" lid {p['paragraph']}" if p["paragraph"] else "")
                     for a, p in zip(arts, lids, strict=False))


def _change_html(c: Change, lab: dict[str, Any], names: dict[str, str] | None = None,
                 docs: dict[str, str] | None = None) -> str:
    where = _e(_places(c, lab))
    if c.field == "text":
        return (f'<li class="dvo-diff-{_e(c.level)}"><del>{_e(c.before)}</del> <ins>{_e(c.after)}</ins> '
                f'<small>{where}</small></li>')
    body = f"<strong>{_e(_field(lab, c.field))}</strong>: {_e(lab['kinds'].get(c.kind, c.kind))}"
    if c.before is not None:
        body += f"<br><del>{_e(_documents_named(reader_words(c.before, lab, names), lab, docs))}</del>"
    if c.after is not None:
        body += f"<br><ins>{_e(_documents_named(reader_words(c.after, lab, names), lab, docs))}</ins>"
    if c.note:
        body += f"<br><em>{_e(reader_words(c.note, lab, names))}</em>"
    return f'<li class="dvo-diff-{_e(c.level)}">{body} <small>{where}</small></li>'


MONTHS_NL = month_names("nl")  # dvo_kb/words.yaml


def _names(diff: Diff) -> dict[str, str]:
    """The parties of both documents by id ("beek" -> "gemeente Beek")."""
    return {p["party"]: p.get("label") or p["party"] for side in (diff.a, diff.b) for p in side.view["parties"]}


def _who(ids: str, names: dict[str, str]) -> str:
    """"[sittard-geleen/hoofd-sociale-zaken, partij/beek]" in names: "gemeente Sittard-Geleen
    (hoofd sociale zaken), partij gemeente Beek"."""
    out = []
    for x in (i.strip() for i in ids.split(",")):
        head, _, rest = x.partition("/")
        if head in names:
            out.append(names[head] + (f" ({rest.replace('-', ' ')})" if rest else ""))
        elif rest.rsplit("/", 1)[-1] in names:
            out.append(f"{head.replace('-', ' ')} {names[rest.rsplit('/', 1)[-1]]}")
        else:
            out.append(x.replace("-", " ").replace("/", " "))
    return ", ".join(out)


def reader_words(text: Any, lab: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """A value of a change as a reader reads it: the parties' names instead of their ids, and in
    a Dutch report the comparison's own words (compare.summary, deadline_text, the notes) and
    dates in Dutch. The words quoted from the documents stay as they are."""
    text = str(text)
    text = re.sub(r"\[(var/[a-z0-9-]+(?:,\s*var/[a-z0-9-]+)*)\]", lambda m: "[" + ", ".join(  # a variable role
        f"{lab.get('variable', 'variable role')}: {x.strip()[4:].replace('-', ' ')}" for x in m[1].split(",")) + "]", text)
    if names:
        text = re.sub(r"\[([a-z0-9/,\s-]+)\]", lambda m: f"[{_who(m[1], names)}]" if any(
            i.strip().split("/")[0] in names or i.strip().rsplit("/", 1)[-1] in names for i in m[1].split(","))
            else m[0], text)
        text = re.sub(r"^([a-z][a-z0-9-]*)(?=: | \(|$)", lambda m: names.get(m[1], m[1]), text)  # a party's own change
        text = re.sub(r"(no longer a party|new party): ([a-z0-9, -]+)", lambda m: m[1] + ": " + ", ".join(
            names.get(x.strip(), x.strip()) for x in m[2].split(",")), text)
    for pattern, repl in lab.get("words", []):
        text = re.sub(pattern, _kind_term if repl == "<kind>" else repl, text)
    if lab.get("dates") == "nl":
        text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b",
                      lambda m: f"{int(m[3])} {MONTHS_NL[int(m[2]) - 1]} {m[1]}" if 1 <= int(m[2]) <= 12 else m[0], text)
    return text


def _documents_named(text: str, lab: dict[str, Any], docs: dict[str, str] | None) -> str:
    """A value that is a document's id, or a division of one ("cr-pwm-2020/art/3/lid/5"), by the
    document's name ("Centrumregeling ... art. 3 lid 5"); any other value unchanged."""
    m = re.fullmatch(r"([a-z0-9][a-z0-9-]*)((?:/[a-z]+/[0-9A-Za-z.]+)*)", text)
    if not docs or not m or m[1] not in docs:
        return text
    words = [docs[m[1]]]
    parts = m[2].strip("/").split("/") if m[2] else []
    for unit, number in zip(parts[::2], parts[1::2], strict=False):
        words.append(f"{lab['article'] if unit == 'art' else unit} {number}")
    return " ".join(words)


def _kind_term(m: re.Match[str]) -> str:
    from ..api.labels import term

    return (term(m[1], "nl") or m[1]) + (" van " if m[2] == " of " else m[2])


def _slug(x: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", x.lower()).strip("-")


def _not_reviewed(diff: Diff, lab: dict[str, Any]) -> list[str]:
    """A warning per side whose provisions were extracted by dvo-kb add and not reviewed."""
    return [lab["not_reviewed"].format(n=side.unreviewed, doc=side.id) for side in (diff.a, diff.b) if side.unreviewed]


def render_html(diff: Diff, lang: str = "en", docs: dict[str, str] | None = None) -> str:
    """An HTML fragment (a ``<section>``) for the web UI: the changes of each aligned pair of
    articles by level, and the two texts side by side with the changed words marked. ``docs``:
    what the reader calls a document, by id ("dvo-pwm-2018" -> "DVO-2018"), for the heading,
    the columns and the documents a change names (an id where none is given)."""
    lab = labels(lang)
    names = _names(diff)
    docs = docs or {}
    a_name, b_name = docs.get(diff.a.id, diff.a.id), docs.get(diff.b.id, diff.b.id)
    out = [f'<section class="dvo-diff" lang="{_e(lang)}">',
           f"<h2>{_e(lab['title'].format(a=a_name, b=b_name))}</h2>",
           f"<p>A: {_e(diff.a.view.get('title'))}<br>B: {_e(diff.b.view.get('title'))}</p>"]
    out += [f'<p class="dvo-diff-not-reviewed"><strong>{_e(w)}</strong></p>' for w in _not_reviewed(diff, lab)]
    if diff.document_changes:
        out.append(f'<section class="dvo-diff-document"><h3>{_e(lab["document"])}</h3><ul>')
        out += [_change_html(c, lab, names, docs) for c in diff.document_changes]
        out.append("</ul></section>")
    for p in diff.pairs:
        out.append(f'<section class="dvo-diff-pair" id="diff-{_e(_slug(p.a_article + "-" + p.b_article))}">')
        out.append(f"<h3>{_e(_pair_head(p, lab, score=False).replace(' -> ', ' → '))}</h3>")  # the text report: ->
        for lv, cs in _levels(p.changes):
            if lv == "text":
                continue
            out.append(f'<h4>{_e(lab["levels"][lv])}</h4><ul class="dvo-diff-changes">')
            out += [_change_html(c, lab, names, docs) for c in cs]
            out.append("</ul>")
        out.append('<table class="dvo-diff-columns"><thead><tr>'
                   f"<th>A {_e(a_name)}</th><th>B {_e(b_name)}</th></tr></thead><tbody>")
        for lp in p.lids:
            left, right = _columns(lp)
            out.append(f'<tr><td><small>{_e(_lid_label(lp.a_article, lp.a, lab))}</small><br>{left}</td>'
                       f'<td><small>{_e(_lid_label(lp.b_article, lp.b, lab))}</small><br>{right}</td></tr>')
        out.append("</tbody></table></section>")
    for key, arts, tag in (("only_a", diff.only_a, "del"), ("only_b", diff.only_b, "ins")):
        if arts:
            out.append(f'<section class="dvo-diff-{key.replace("_", "-")}"><h3>{_e(lab[key])}</h3>')
            out += [_only_html(a, tag, lab, names) for a in arts]
            out.append("</section>")
    out.append("</section>")
    return "\n".join(out) + "\n"


def _only_html(a: Article, tag: str, lab: dict[str, Any], names: dict[str, str] | None = None) -> str:
    head = f"{lab['article']} {a.number}" + (f" ({a.heading})" if a.heading else "")
    pars = "".join(f"<p><{tag}>{_e(p['text'])}</{tag}></p>".replace("\n", "<br>") for p in a.paragraphs)
    norms = "".join(f"<li>{_e(reader_words(summary(n), lab, names))}</li>" for n in a.norms)
    return f"<article><h4>{_e(head)}</h4>{pars}" + (f"<ul>{norms}</ul>" if norms else "") + "</article>"
