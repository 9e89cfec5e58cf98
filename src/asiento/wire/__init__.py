"""The wire format: JSON (and YAML) shapes that more than one adapter reads.

The API takes them as request bodies and the CLI from ``--file``; both refuse bad
input alike (decimal strings only, no unknown fields) because they share these models.
Only pydantic models and their conversion to the services' commands live here.
"""
