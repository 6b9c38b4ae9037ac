"""The FastAPI service: SPARQL endpoint, JSON API, pages for legal advisors (see main.py)."""
