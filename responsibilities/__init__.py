"""Domain: responsibilities, assignments (RACI) and their evidence (sources and quotes).

The rule book (rules.py) and the level vocabulary (levels.py) live here, at the bottom of
the dependency graph: every other package may import this one, and it imports none of them.
"""
