"""Validation of draft agreements: text in, article-level findings out.

The pipeline (each step with its data beside it):

1. :mod:`.reader`: a draft file (.txt, .docx, Turtle, JSON-LD) -> numbered lines (or a graph);
2. the structural parser of :mod:`dvo_kb.clauses.parser` -> a :class:`~dvo_kb.clauses.model.Document`;
3. :mod:`.draft`: what kind of document it is, its title, dates and references (``lexicon/``);
4. :mod:`.parties` and :mod:`.extract`: the parties and roles the draft defines, and its norms
   (kind, bearer, deadline) from cue lexicons (``lexicon/``), never tuned lid by lid;
5. :mod:`.validator`: the draft as RDF (the corpus vocabulary) checked with the SHACL shapes
   of ``shapes/`` against the rule catalogue ``catalogue.yaml`` -> findings.
"""
