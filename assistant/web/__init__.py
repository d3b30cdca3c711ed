"""The served product: Gradio chat at /, REST API under /api/v1, the embeddable widget."""
