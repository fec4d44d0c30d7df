from .sitemap_dates import register

__all__ = ["register"]
