"""Reference data of a company: the company itself, its chart, journals, taxes,
currencies, partners, products and payment terms.
"""
