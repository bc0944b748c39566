"""The retention policy: how many days after delivery originals and translations are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from service.config import get_settings


@dataclass(frozen=True)
class RetentionPolicy:
    """Days after delivery before purging; 0 keeps forever.

    Attributes:
        originals_days: the submitted document, its extracted page texts and the segments' source,
            draft and final texts go this many days after delivery (or cancellation).
        translations_days: the delivered translation (deliverable document) goes this many days
            after delivery.
    """

    originals_days: int = 90
    translations_days: int = 0

    def originals_cutoff(self, today: date) -> date | None:
        """Requests closed on or before this date lose their originals; None when kept forever."""
        return _cutoff(self.originals_days, today)

    def translations_cutoff(self, today: date) -> date | None:
        """Requests delivered on or before this date lose their translation; None when kept forever."""
        return _cutoff(self.translations_days, today)


def _cutoff(days: int, today: date) -> date | None:
    if days <= 0:
        return None
    return today - timedelta(days=days)


def from_settings() -> RetentionPolicy:
    """The policy configured by `PASSERELLE_RETENTION_ORIGINALS_DAYS` / `..._TRANSLATIONS_DAYS`."""
    settings = get_settings()
    return RetentionPolicy(
        originals_days=settings.retention_originals_days,
        translations_days=settings.retention_translations_days,
    )
