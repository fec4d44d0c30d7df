from .drafts_apart import register

__all__ = ["register"]
