"""The ledger: journal entries drafted, posted, reversed and verified.

Owns the one path into the ledger (``posting``), manual entries and their
batch posting, the read models of entries, and the hash-chain check.
"""
