"""Errors a user can cause and fix: the CLI prints them as one line and exits with 2."""


class UserError(Exception):
    """Bad input: an unknown document or article, malformed SPARQL, an unreadable file, ...
    ``cli_hint``: what to do about it in the command's own words ("geef --replace ..."), said by the
    CLI after the message; the message itself names no command-line option and no server path,
    so that a web page or the API can show it as it is."""

    exit_code = 2

    def __init__(self, *args: object, cli_hint: str | None = None) -> None:
        super().__init__(*args)
        self.cli_hint = cli_hint


class NotFound(UserError):
    """Input that names something that does not exist: an unknown document, article, lid or
    party (the API answers 404)."""
