from .review_dates import register

__all__ = ["register"]
