"""The question parser: tags -> an Intent, with the grammar ``question.lark``.

A question that does not parse raises :class:`QuestionError`, whose message names the word
where the parse stopped and suggests the closest supported forms (Lark's ``match_examples``
over the example questions of ``examples.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from .tagger import Lexicon, Tag, tag

HERE = Path(__file__).parent


class QuestionError(Exception):
    """A question the grammar cannot parse; the message says where and what would work."""


@dataclass
class Intent:
    name: str  # who_whom, norms, deadlines, articles, share, definition, compare, in_force, survival, disputes, topic
    modal: str | None = None  # must, may, must_not, may_not
    kinds: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    towards_parties: list[str] = field(default_factory=list)
    towards_roles: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    concepts: list[frozenset[str]] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    negated: bool = False
    survive: bool = False
    costs: bool = False
    court: bool = False
    inforce: bool = False


class _Tags(Lexer):
    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any, parser_state: Any = None) -> Iterator[Token]:  # type: ignore[override]
        for t in data:
            tok = Token(t.type, t)
            tok.start_pos = t.start
            tok.end_pos = t.end
            tok.column = t.start + 1
            yield tok


@lru_cache(maxsize=1)
def grammar() -> Lark:
    return Lark.open("question.lark", rel_to=__file__, parser="lalr", lexer=_Tags)


HEADS = {"who_q": "who_whom", "norms_q": "norms", "modal_q": "norms", "deadline_q": "deadlines",
         "articles_q": "articles", "share_q": "share", "define_q": "definition", "compare_q": "compare",
         "inforce_q": "in_force", "survive_q": "survival", "court_q": "disputes", "topic_q": "topic"}


class _ToIntent(Transformer[Token, Any]):
    def __init__(self) -> None:
        super().__init__()
        self.intent = Intent("?")

    @staticmethod
    def _v(tok: Any) -> Any:
        return tok.value.value if isinstance(tok, Token) else tok

    def must(self, _: Any) -> str:
        return "must"

    def may(self, _: Any) -> str:
        return "may"

    def must_not(self, _: Any) -> str:
        return "must_not"

    def may_not(self, _: Any) -> str:
        return "may_not"

    def party(self, c: list[Any]) -> None:
        self.intent.parties.append(self._v(c[0]))

    def role(self, c: list[Any]) -> None:
        self.intent.roles.append(self._v(c[0]))

    def towards(self, c: list[Any]) -> None:
        tok = c[-1]
        (self.intent.towards_parties if tok.type == "PARTY" else self.intent.towards_roles).append(self._v(tok))

    def doc(self, c: list[Any]) -> None:
        if self._v(c[0]) not in self.intent.documents:
            self.intent.documents.append(self._v(c[0]))

    def concept(self, c: list[Any]) -> None:
        self.intent.concepts.append(self._v(c[-1]))

    def object(self, c: list[Any]) -> None:
        tok = c[-1]
        if tok.type == "COSTS":
            self.intent.costs = True
        else:
            self.intent.objects.append(self._v(tok))

    def costs(self, _: Any) -> None:
        self.intent.costs = True

    def date(self, c: list[Any]) -> None:
        self.intent.dates.append(self._v(c[-1]))

    def term_slot(self, c: list[Any]) -> None:
        self.intent.terms.append(self._v(c[0]))

    def term(self, c: list[Any]) -> None:
        tok = c[0]
        if tok.type == "CONCEPT":
            self.intent.concepts.append(self._v(tok))
            self.intent.terms.append(tok.value.text)
        elif tok.type in ("OBJECT", "ROLE", "COSTS"):
            self.intent.terms.append(tok.value.text)
        elif tok.type == "TERM":
            self.intent.terms.append(tok.value.value)
        else:
            self.intent.terms.append(" ".join(t.value.text for t in c))

    def not_(self, _: Any) -> None:
        self.intent.negated = True

    def kind(self, c: list[Any]) -> None:
        self.intent.kinds.extend(str(self._v(c[0])).split("|"))

    def survive(self, _: Any) -> None:
        self.intent.survive = True

    def court(self, _: Any) -> None:
        self.intent.court = True

    def inforce(self, _: Any) -> None:
        self.intent.inforce = True

    def and_(self, _: Any) -> None:
        pass

    def filler(self, _: Any) -> None:
        pass

    def slot(self, _: Any) -> None:
        pass


def _collect(tree: Tree[Any], t: _ToIntent) -> None:
    head: Tree[Any] = tree.children[0]
    t.intent.name = HEADS[head.data]
    for child in head.children:
        if isinstance(child, Token):
            if child.type == "KIND":
                t.intent.kinds.extend(str(child.value.value).split("|"))
            elif child.type == "SURVIVE":
                t.intent.survive = True
            elif child.type == "CONCEPT":
                t.intent.concepts.append(child.value.value)
            elif child.type == "NOT":
                t.intent.negated = True
            elif child.type == "COURT":
                t.intent.court = True
            elif child.type == "DATE":
                t.intent.dates.append(child.value.value)
        elif isinstance(child, str):
            t.intent.modal = child


def parse(question: str, lex: Lexicon, explain: bool = True) -> tuple[Intent, list[Tag]]:
    """The question's intent and tags, or QuestionError; ``explain``: the error says where the
    parse stopped and which example questions come closest (costly: off where a refusal is not
    the answer, as when the text index answers instead)."""
    tags = tag(question, lex)
    if not tags:
        raise QuestionError("de vraag heeft geen woorden / the question has no words; " + suggestions_text())
    try:
        tree = grammar().parse(tags)  # type: ignore[arg-type]
    except UnexpectedInput as exc:
        raise QuestionError(_explain(exc, question, tags, lex) if explain else "not a form of the grammar") from None
    t = _ToIntent()
    tree = t.transform(tree)
    _collect(tree, t)
    return t.intent, tags


@lru_cache(maxsize=1)
def examples() -> dict[str, list[str]]:
    with (HERE / "examples.yaml").open(encoding="utf-8") as fh:
        data: dict[str, list[str]] = yaml.safe_load(fh)
    return data


def suggestions_text(forms: list[str] | None = None) -> str:
    ex = examples()
    if not forms:  # Dutch first: a Dutch example of four forms, then an English one of two
        from .language import question_language

        dutch = [next((q for q in qs if question_language(q) == "nl"), None) for qs in ex.values()]
        english = [next((q for q in qs if question_language(q) == "en"), None) for qs in ex.values()]
        forms = [q for q in dutch if q][:4] + [q for q in english if q][:2]
    return "voorbeelden / questions that work look like: " + "; ".join(f'"{q}"' for q in forms)


def _explain(exc: UnexpectedInput, question: str, tags: list[Tag], lex: Lexicon) -> str:
    tok = getattr(exc, "token", None)
    unknown = [t for t in tags if t.type == "WORD"]
    if unknown:
        words = ", ".join(f'"{t.text}"' for t in unknown[:5])
        where = (f"{words} {'is' if len(unknown) == 1 else 'are'} not in the vocabulary "
                 f"(first at character {unknown[0].start + 1})")
    elif tok is not None and getattr(tok, "type", None) == "WORD":
        where = f'the word "{tok.value.text}" (at character {tok.value.start + 1}) is not in the vocabulary'
    elif tok is not None and getattr(tok, "type", "") == "$END":
        where = "the question ends before it says what it asks"
    elif tok is not None and hasattr(tok, "value") and isinstance(tok.value, Tag):
        where = f'it stopped at "{tok.value.text}" (at character {tok.value.start + 1})'
    else:
        where = "it could not be read"
    label = None
    try:
        tagged = {k: [tag(q, lex) for q in qs] for k, qs in examples().items()}
        label = exc.match_examples(grammar().parse, tagged, use_accepts=True)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - suggestions are a courtesy; the message stands without them
        label = None
    forms = examples().get(label, [])[:3] if label else None
    return f"de vraag is niet te begrijpen / cannot understand the question: {where}; " + suggestions_text(forms)
