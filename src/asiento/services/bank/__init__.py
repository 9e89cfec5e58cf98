"""Bank statements: import, the balance check, and reconciling their lines.

Owns statement import (all or nothing, never twice), CSV profiles, the
per-line reconciliation and its undo, suggestions, reconciliation rules and
the automatic pass over open lines.
"""
