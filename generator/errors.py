"""Exceptions that stop a command. Everything about the content is a Diagnostic instead."""


class PlaybookError(Exception):
    """A problem with the command's input as a whole; the command exits with code 2."""
