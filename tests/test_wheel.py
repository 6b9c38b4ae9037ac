"""The wheel holds every data file of the source tree (a file missing from the package data
fails here, not after a plain `pip install .`). CI also installs the wheel into a clean virtual
environment and runs the commands from it (.ci/wheel-smoke)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SUBPACKAGES = ["clauses", "ontology", "rules", "query", "api", "validate", "diff", "queries", "words.yaml"]
DATA = {".ttl", ".yaml", ".rq", ".lark", ".md", ".txt", ".tsv", ".json", ".xsd", ".html", ".js", ".css"}
NAMED = {"LICENSE"}  # data files without a suffix (api/static/yasqe/LICENSE)


@pytest.mark.slow
def test_the_wheel_holds_every_data_file(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("dvo_kb-*.whl"))
    inside = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", *SUBPACKAGES], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    expected = [f"dvo_kb/{p}" for p in tracked if Path(p).suffix in DATA or Path(p).name in NAMED]
    assert len(expected) >= 90
    missing = [p for p in expected if p not in inside]
    assert not missing, missing
    assert "dvo_kb/validate/vocabulary.ttl" in inside  # the file the first wheel missed
    assert {"dvo_kb/api/static/yasqe/yasqe.min.js", "dvo_kb/api/static/yasqe/LICENSE"} <= inside  # the query page's editor
    assert not any(n.startswith(("dvo_kb/tests/", "dvo_kb/benchmarks/", "dvo_kb/.venv/")) for n in inside)
