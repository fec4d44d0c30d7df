from .editor_notes import register

__all__ = ["register"]
