"""schemathesis against the service's OpenAPI schema, in process (ASGI): no example of any
operation may get a 5xx. The number of examples is bounded so that this runs in well under a
minute; the generated values are random, the checks are the same every run."""

from __future__ import annotations

import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from dvo_kb.api.main import app  # noqa: E402

# a POSTed query body: real queries (cheap ones, refused ones, a broken one) and random text
QUERIES = ["ASK {}", "SELECT ?id WHERE { ?d dvo:documentId ?id } LIMIT 3", "SELECT * WHERE { ?s ?p ?o }",
           "CONSTRUCT { ?a dvo:number ?n } WHERE { ?a dvo:number ?n } LIMIT 5", "DESCRIBE <urn:x>",
           "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
           "SELECT ?x WHERE { ?x ?y }"]
schemathesis.openapi.media_type("application/sparql-query", st.one_of(
    st.sampled_from([q.encode() for q in QUERIES]), st.text(max_size=200).map(str.encode)))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=int(os.environ.get("DVO_KB_SCHEMATHESIS_EXAMPLES", "15")), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])
