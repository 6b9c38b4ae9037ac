"""schemathesis against the service's OpenAPI schema, in process (ASGI): no example of any
operation may get a 5xx. The number of examples is bounded so that this runs in well under a
minute; the generated values are random, the checks are the same every run."""

from __future__ import annotations

import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from dvo_kb.api import deps  # noqa: E402
from dvo_kb.api.main import app  # noqa: E402


def _warm_now(*then: Any) -> None:
    """The service's warm-up done at once, not in its background thread: that thread compiles
    and imports (the text index, pyLODE) while hypothesis parses the source of its strategies,
    and hypothesis once failed with a SystemError from ast.parse between the two (CI, eighth session)."""
    deps.registry.asker().index.warm()
    deps.registry.rules()
    for f in then:
        f()


deps.warm = _warm_now  # for the rest of this worker too: a warm-up done at once only starts slower

# a POSTed query body: real queries (cheap ones, refused ones, a broken one) and random text
QUERIES = ["ASK {}", "SELECT ?id WHERE { ?d dvo:documentId ?id } LIMIT 3", "SELECT * WHERE { ?s ?p ?o }",
           "CONSTRUCT { ?a dvo:number ?n } WHERE { ?a dvo:number ?n } LIMIT 5", "DESCRIBE <urn:x>",
           "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
           "SELECT ?x WHERE { ?x ?y }"]
schemathesis.openapi.media_type("application/sparql-query", st.one_of(
    st.sampled_from([q.encode() for q in QUERIES]), st.text(max_size=200).map(str.encode)))
# POST /api/documents writes into the data directory: fuzzed against the real server only (with a
# temporary one), not in process
schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(
    path_regex="^/(api/documents|validate/add)$", method="POST")


@schema.parametrize()
# without hypothesis's explain phase: it parses source with `ast`, which CPython 3.11 can fail with
# "AST constructor recursion depth mismatch" after a deep recursion elsewhere (a flaky SystemError)
@settings(max_examples=int(os.environ.get("DVO_KB_SCHEMATHESIS_EXAMPLES", "8")), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck), phases=[p for p in Phase if p is not Phase.explain])
def test_no_server_errors(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


def test_schemathesis_checks_all_against_a_real_server(server: str, tmp_path: Any) -> None:
    """`schemathesis run --checks all` against a real dvo-kb serve: every check (status codes and
    media types as documented, response schemas and headers, valid data accepted, invalid data
    rejected, 405 with Allow for undeclared methods, ...) in the coverage, fuzzing and stateful
    phases. tests/data/schemathesis.toml lists, per operation, the 400s no schema can state and
    values of the corpus for the resources' paths."""
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("schemathesis")
    config = Path(__file__).parent / "data" / "schemathesis.toml"
    examples = os.environ.get("DVO_KB_SCHEMATHESIS_EXAMPLES", "15")  # more for a longer run (the suite: under 10 minutes)
    proc = subprocess.run([str(exe), "--config-file", str(config), "run", server + "/openapi.json", "--checks", "all",
                           "--max-examples", examples, "--workers", "1", "--seed", "20", "--no-color"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its cache there
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
    assert " passed" in proc.stdout and "failure" not in proc.stdout.split("SUMMARY")[-1]
