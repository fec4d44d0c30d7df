from .toc_entries import register

__all__ = ["register"]
