"""Chinese prompt templates for the LLM answerer, kept apart from code so they can be reviewed."""

from prompts.templates import ANSWER_SYSTEM, ANSWER_USER, format_passages

__all__ = ["ANSWER_SYSTEM", "ANSWER_USER", "format_passages"]
