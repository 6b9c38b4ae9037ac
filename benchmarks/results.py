"""Writing one section of benchmarks/RESULTS.md (shared by the benchmark scripts)."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def write_section(key: str, title: str, command: str, table: str) -> None:
    """Replaces the section between <!-- key:start --> and <!-- key:end --> (or appends it)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    block = f"{start}\n{table}\n{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + f"\n\n## {title}\n\n`{command}`\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
