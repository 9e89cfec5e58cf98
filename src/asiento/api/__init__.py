"""REST API: thin FastAPI adapters over ``asiento.services``."""
