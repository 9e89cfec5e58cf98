"""Printed documents: Jinja2 templates rendered to HTML, then to PDF by WeasyPrint."""
