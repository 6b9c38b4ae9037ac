"""Questions in Dutch and English compiled to SPARQL (the question-language issue; not built yet)."""
