"""Purchase and sales orders, receipts and deliveries, and bills made from them.

Owns the order life cycle, bill control policies and the 3-way matching
verdict (Should Be Paid).
"""
