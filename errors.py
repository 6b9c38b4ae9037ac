"""Errors a user can cause and fix: the CLI prints them as one line and exits with 2."""


class UserError(Exception):
    """Bad input: an unknown document or article, malformed SPARQL, an unreadable file, ..."""

    exit_code = 2


class NotFound(UserError):
    """Input that names something that does not exist: an unknown document, article, lid or
    party (the API answers 404)."""
