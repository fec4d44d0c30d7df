from .feed_stylesheet import register

__all__ = ["register"]
