"""Template tags of the web app: fragments written in Python where the engine is slow."""
