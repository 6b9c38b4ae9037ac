"""The FastAPI service (the service issue; not built yet)."""
