"""Follow-ups: reminding customers of overdue receivables, level by level.

Owns the levels, runs, their rendered letters and e-mails, disputes and holds.
"""
