"""Customer invoices, vendor bills and their credit notes, from draft to posted.

Owns drafting (defaults, totals), posting with due dates, credit notes and
refunds, batch actions, the printed document and sending it by e-mail.
"""
