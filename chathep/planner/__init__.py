"""The layered planner: rules first, an LLM only for what the rules leave open."""
