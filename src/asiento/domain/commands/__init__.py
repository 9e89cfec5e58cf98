"""Typed commands of the reference data: one frozen dataclass per use case.

A ``New*`` command carries every field of a new record with its default; a
``*Changes`` command carries only what a partial update sets: a field left at
``UNSET`` is not changed, ``None`` clears it. Services merge the changes into
the current record (``merged``) and check the whole result with the same rule
a new record meets, so a rule holds the same way on create and update.
The rules that need no database (required names, ranges, known kinds) live next
to the commands, in this package.
"""
