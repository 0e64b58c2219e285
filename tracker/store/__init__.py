"""The central store: SQLAlchemy models, engines and migrations."""
