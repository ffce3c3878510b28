"""Errors raised while opening or migrating the database."""


class DatabaseError(Exception):
    """The database cannot be used; the message is one line for the operator."""
