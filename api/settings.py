"""The service's settings are the settings of dvo-kb (``dvo_kb/settings.py``): one object,
read by the CLI and the service alike. ``ApiSettings`` is its old name, kept for the routers
that still import it."""

from __future__ import annotations

from ..settings import Settings

ApiSettings = Settings

__all__ = ["ApiSettings", "Settings"]
