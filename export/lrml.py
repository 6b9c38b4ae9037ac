"""The norms of a document as LegalRuleML (OASIS LegalRuleML Core 1.0, compact serialisation).

Read from the built graph (:mod:`.source`); the mapping (see ``README.md``):

- ``lrml:LegalSources``: every lid or item a norm comes from, ``sameAs`` its place in the Akoma
  Ntoso export (the expression's IRI and the ``eId``: ``…/nld@2018-01-01/!main#art_13__para_1``);
- ``lrml:Agents``: the parties (``sameAs`` their IRI);
- ``lrml:Associations``: each statement with the source it comes from (``appliesSource``,
  ``toTarget``);
- ``lrml:Statements``: a ``PrescriptiveStatement`` per norm, ``key`` from the norm's IRI, holding a
  ``ruleml:Rule``: its ``if`` the triggers (events) and conditions of the norm as atoms, its
  ``then`` the ``lrml:Obligation``, ``Permission`` or ``Prohibition`` (a power is a
  ``Permission`` with ``type`` ``dvo:Power``; every deontic element has the norm's class as its
  ``type``; the norm's IRI is the statement's ``Comment``) with a ``Bearer`` slot per bearer and an
  ``AuxiliaryParty`` slot per counterparty (the party, or the role where the text names the
  party by its role only), and the action as an atom (``ruleml:Rel`` the action concept of the
  ontology, the object in words as its argument); the whole norm in words, deadline, survival
  and notes included, as the rule's ``lrml:Paraphrase``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..ontology.namespace import DVO_NS as DVO
from .akn import names
from .eid import eid
from .source import Source, read

if TYPE_CHECKING:
    from ..store import KnowledgeBase

LRML_NS = "http://docs.oasis-open.org/legalruleml/ns/v1.0/"
RULEML_NS = "http://ruleml.org/spec"
L = f"{{{LRML_NS}}}"
R = f"{{{RULEML_NS}}}"

DEONTIC = {"Obligation": "Obligation", "Permission": "Permission", "Prohibition": "Prohibition", "Power": "Permission"}
NCNAME = re.compile(r"[^A-Za-z0-9._-]")


def lrml(kb: KnowledgeBase, name: str) -> bytes:
    """The norms of the document a user names by id or short title, as LegalRuleML XML (UTF-8)."""
    return serialize(build(read(kb, name)))


def serialize(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def key(prefix: str, text: str) -> str:
    """An NCName for a ``key`` (LegalRuleML keys and keyrefs are NCNames)."""
    return f"{prefix}-{NCNAME.sub('-', text)}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def norms(src: Source) -> list[tuple[str, dict[str, Any]]]:
    """The norms of a document in text order, each with the IRI of the lid or item it comes from."""
    out: list[tuple[str, dict[str, Any]]] = []
    for art in src.view["articles"]:
        for par in art["paragraphs"]:
            for node in [par, *par["items"]]:
                out += [(node["iri"], p) for p in node.get("provisions", []) if p["kind"] in DEONTIC]
    return out


def paraphrase(p: dict[str, Any]) -> str:
    """The norm in words (Dutch and the ontology's names), with what LegalRuleML has no place for."""
    parts = [f"{p['kind']}: {p['bearer']['text'] or ', '.join(p['bearer']['parties']) or '?'}"]
    if p.get("counterparty") and (p["counterparty"]["text"] or p["counterparty"]["parties"]):
        parts[0] += f" -> {p['counterparty']['text'] or ', '.join(p['counterparty']['parties'])}"
    parts[0] += ": " + ", ".join(p["action"]) + (f" ({p['action_object']})" if p.get("action_object") else "")
    if p.get("trigger"):
        parts.append("bij " + ", ".join(p["trigger"]))
    for c in p.get("conditions") or []:
        parts.append(f"voorwaarde: {c['text']}")
    if p.get("deadline"):
        parts.append(f"termijn: {p['deadline']['text']}")
    if p.get("survives"):
        parts.append("blijft na beëindiging gelden")
    for n in p.get("ambiguity_notes") or []:
        parts.append(f"note: {n}")
    return "; ".join(parts)


def build(src: Source) -> etree._Element:
    n = names(src)
    root = etree.Element(L + "LegalRuleML", nsmap={"lrml": LRML_NS, "ruleml": RULEML_NS})
    found = norms(src)
    sources = _sub(root, L + "LegalSources")
    seen: set[str] = set()
    for node, _ in found:
        if node not in seen:
            seen.add(node)
            _sub(sources, L + "LegalSource", key=key("src", eid(src.iri, node)),
                 sameAs=f"{n.expression}/!main#{eid(src.iri, node)}")
    agents = _sub(root, L + "Agents")
    for party in src.view["parties"]:
        _sub(agents, L + "Agent", key=key("party", party["party"]), sameAs=party["iri"])
    assoc = _sub(root, L + "Associations")
    for node, p in found:
        a = _sub(assoc, L + "Association")
        _sub(a, L + "appliesSource", keyref="#" + key("src", eid(src.iri, node)))
        _sub(a, L + "toTarget", keyref="#" + _statement_key(src, p))
    statements = _sub(root, L + "Statements", key=key("norms", src.id))
    for _, p in found:
        _statement(statements, src, p)
    return root


def _statement_key(src: Source, p: dict[str, Any]) -> str:
    return key("ps", p["iri"][len(src.iri) + 1:].replace("/", "_"))


def _statement(parent: etree._Element, src: Source, p: dict[str, Any]) -> None:
    st = _sub(parent, L + "PrescriptiveStatement", key=_statement_key(src, p))
    _sub(st, L + "Comment", p["iri"])  # the norm's IRI in the knowledge base
    rule = _sub(st, R + "Rule", closure="universal")
    _sub(rule, L + "Paraphrase", paraphrase(p))
    terms = src.terms.get(p["iri"], {})
    premises = terms.get("trigger", [])
    conditions = [c["text"] for c in p.get("conditions") or [] if c.get("text")]
    if premises or conditions:
        body = _sub(rule, R + "if")
        target = _sub(body, R + "And") if len(premises) + len(conditions) > 1 else body
        for iri, label in premises:
            atom = _sub(target, R + "Atom")
            _sub(atom, R + "Rel", label, iri=iri)
        for text in conditions:
            atom = _sub(target, R + "Atom")
            _sub(atom, R + "Rel", "voorwaarde", iri=DVO + "condition")
            _sub(atom, R + "Data", text)
    head = _sub(rule, R + "then")
    deontic = _sub(head, L + DEONTIC[p["kind"]], type=DVO + p["kind"])
    for role, side in (("Bearer", p["bearer"]), ("AuxiliaryParty", p.get("counterparty"))):
        for iri, label in _parties(src, side):
            slot = _sub(deontic, R + "slot")
            _sub(slot, L + role)
            _sub(slot, R + "Ind", label, iri=iri)
    actions = terms.get("action", [])
    # a norm of two actions ("informeren en overleggen"): both
    formula = _sub(deontic, R + "And") if len(actions) > 1 else deontic
    for iri, label in actions or [("", "")]:
        atom = _sub(formula, R + "Atom")
        _sub(atom, R + "Rel", label or None, iri=iri or None)
        if p.get("action_object"):
            _sub(atom, R + "Data", p["action_object"])


def _parties(src: Source, side: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The parties on one side of a norm: each party (its IRI and name), or, where the text names
    the side by a role only (a variable role: "de partij die door overmacht ..."), the role."""
    if not side:
        return []
    by_id = {p["party"]: p for p in src.view["parties"]}
    out = []
    for pid in side["parties"]:
        party = by_id.get(pid)
        out.append((party["iri"] if party else pid, party["label"] if party else pid))
    if not out:
        out = [(r["iri"], r["name"] or side["text"] or "") for r in side["roles"]]
    if not out and side.get("text"):
        out = [(DVO + "Party", side["text"])]
    return out


__all__ = ["LRML_NS", "RULEML_NS", "build", "key", "lrml", "norms", "paraphrase", "serialize"]
