"""ChatHEP planner evaluation on requests written by others (issue #12, item 6)."""
