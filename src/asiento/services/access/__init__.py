"""Who may act, and the record of what they did.

Owns the acting principal and its role check, users and memberships, API
tokens, the audit log and idempotency keys.
"""
