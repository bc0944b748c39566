"""Settings, read once from `PASSERELLE_*` environment variables (and an optional `.env` file)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.agreement import DELAY_DAYS

DEFAULT_SECRET = "dev-secret-change-me"
REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All configuration of the service; every field maps to `PASSERELLE_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="PASSERELLE_", env_file=".env", extra="ignore")

    env: Literal["development", "demo", "test", "production"] = "development"
    var_dir: Path = Path("var")
    database_url: str = ""
    broker_url: str = ""
    storage_dir: Path | None = None
    models_dir: Path | None = None
    glossaries_dir: Path | None = None
    secret_key: str = DEFAULT_SECRET
    base_url: str = "http://127.0.0.1:8000"

    # Intake
    max_upload_bytes: int = 50 * 1024 * 1024
    default_delay_days: int = DELAY_DAYS

    # `information` deliveries (unrevised machine translation) are left out of the agreement's indicators and
    # reported apart; True counts them in (then run `passerelle indicators --year Y --rebuild-rollup` once).
    indicators_count_information: bool = False

    # Consultations: answer due this many working days after the question (French public holidays excluded)
    consultation_due_working_days: int = Field(default=5, ge=1, le=60)

    # E-mail notices of new messages: sent only when smtp_host is set
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_from: str = "passerelle@localhost"
    smtp_timeout_seconds: float = 10.0

    # Auth
    token_ttl_minutes: int = 8 * 60
    # Sign-in throttling (service/auth/throttle.py): checks let through per counter and window, then one
    # per delay, the delay doubling from login_delay_seconds to login_max_delay_seconds.
    login_max_attempts: int = Field(default=10, ge=1)  # one account from one address
    login_client_max_attempts: int = Field(default=20, ge=1)  # one address, all accounts
    login_account_max_attempts: int = Field(default=50, ge=1)  # one account, every address but its own
    login_window_seconds: int = Field(default=900, gt=0)
    login_delay_seconds: float = Field(default=1.0, gt=0)
    login_max_delay_seconds: float = Field(default=900.0, gt=0)

    # Background work
    celery_eager: bool = False
    worker_concurrency: int = 2
    callback_max_attempts: int = 8

    # Work one request may cause (service/document/bounds.py); passing a bound fails the request with a code.
    # 500,000 characters are about 330 billing pages of 1,500 characters, three times the longest documents
    # the agency handles (1-100 pages), and take about 7 minutes to draft on 2 cores, well inside the MT
    # time limit; 50 MB of text would be a hundred times that, and is refused at intake.
    max_request_characters: int = Field(default=500_000, gt=0)
    max_request_segments: int = Field(default=20_000, gt=0)
    # A Word file's XML parts, measured before python-docx builds its tree (a 19 KB file can hold 12 MB).
    docx_max_xml_bytes: int = Field(default=25_000_000, gt=0)
    docx_max_xml_elements: int = Field(default=500_000, gt=0)

    # Text extraction (ocr_max_pages is also the bound on pages per request, Word files included)
    ocr_max_pages: int = 500
    ocr_dpi: int = 300
    ocr_max_image_pixels: int = 120_000_000
    # Pages of one document OCRed side by side (one tesseract process and OpenMP thread each);
    # 0: one per core of the worker. Several worker processes on one machine: divide the cores.
    ocr_processes: int = Field(default=0, ge=0)

    # Machine translation
    mt_beam_size: int = 4
    mt_inter_threads: int = 1
    mt_intra_threads: int = 0
    mt_max_batch_size: int = 32
    mt_memory_budget_mb: int = 2048
    mt_repetition_penalty: float = Field(default=1.1, ge=1)
    mt_no_repeat_ngram_size: int = Field(default=3, ge=0)
    # Machine drafts below this confidence (0-1) are held back as "suggestion peu fiable"; unset, the
    # threshold chosen by the calibration (mt_models/calibration.json) applies.
    draft_min_confidence: float | None = Field(default=None, ge=0, le=1)
    tm_fuzzy_threshold: float = Field(default=75.0, ge=0, le=100)

    # Outsourcing: mask NIR, IBAN, e-mail and phone numbers in vendor packages
    vendor_mask_pii: bool = True

    # Data retention (days after delivery; 0 keeps forever)
    retention_originals_days: int = 90
    retention_translations_days: int = 0
    # Requests unchanged this long before review are re-queued by the periodic sweep.
    stalled_after_minutes: int = 15
    # Redis/SQS only: an unacknowledged task goes to another worker after this long. Keep it above the
    # longest task and the longest retry countdown, or a running task is handed out twice.
    broker_visibility_timeout: int = 3600
    # Celery time limits per queue, in seconds: past the soft limit the task records the request `failed`
    # (code time_limit_exceeded); the hard limit kills a task stuck where the soft one cannot reach it.
    # Keep the hard limits below the visibility timeout (the worker warns otherwise).
    ocr_soft_time_limit: int = Field(default=1800, gt=0)
    ocr_time_limit: int = Field(default=1900, gt=0)
    mt_soft_time_limit: int = Field(default=1800, gt=0)
    mt_time_limit: int = Field(default=1900, gt=0)
    light_soft_time_limit: int = Field(default=600, gt=0)
    light_time_limit: int = Field(default=660, gt=0)
    # HTTP requests let in at once, the others queue: keep it below the database connection pool
    # (PostgreSQL 30, SQLite 20 per process) and the thread pool (40).
    max_concurrent_requests: int = 12
    # Of those, uploads (submissions): few, so a burst of a thousand leaves the CPU to translators' saves
    # and page views; more would not store them faster on a small machine, only queue everything else.
    max_concurrent_uploads: int = Field(default=3, ge=1)
    # A request is let in only once its body has arrived (service/kit/limiter.py): no byte for this long,
    # or the whole body not in after the second one, answers 408.
    body_idle_timeout_seconds: float = Field(default=15.0, gt=0)
    body_timeout_seconds: float = Field(default=600.0, gt=0)

    @model_validator(mode="after")
    def _fill_defaults_and_refuse_default_secret(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.var_dir / 'passerelle.db').as_posix()}"
        if not self.broker_url:
            self.broker_url = f"sqla+sqlite:///{(self.var_dir / 'broker.db').as_posix()}"
        if self.storage_dir is None:
            self.storage_dir = self.var_dir / "storage"
        if self.glossaries_dir is None:
            self.glossaries_dir = self.var_dir / "glossaries"
        for queue in ("ocr", "mt", "light"):
            soft, hard = getattr(self, f"{queue}_soft_time_limit"), getattr(self, f"{queue}_time_limit")
            if soft >= hard:
                raise ValueError(
                    f"PASSERELLE_{queue.upper()}_SOFT_TIME_LIMIT ({soft}) must be below "
                    f"PASSERELLE_{queue.upper()}_TIME_LIMIT ({hard}): the soft limit records the failure, "
                    "the hard one only kills what the soft one could not stop.")
        if self.env == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "PASSERELLE_SECRET_KEY is still the development default; set a long random value "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`) in production."
            )
        return self

    def time_limits(self, queue: str) -> tuple[int, int]:
        """The soft and hard time limits of the tasks of `queue` (ocr, mt or light), in seconds."""
        return getattr(self, f"{queue}_soft_time_limit"), getattr(self, f"{queue}_time_limit")

    @property
    def ocr_page_processes(self) -> int:
        """How many pages of one document are OCRed at once (`ocr_processes`, 0 = the machine's cores)."""
        return self.ocr_processes or os.cpu_count() or 1

    @property
    def demo_mode(self) -> bool:
        """Whether demo accounts and their shared password are accepted."""
        return self.env in {"development", "demo", "test"}

    @property
    def shipped_models_dir(self) -> Path:
        """The folder of MT models shipped with the code."""
        return REPO_ROOT / "mt_models" / "models"

    @property
    def model_dirs(self) -> list[Path]:
        """Folders searched for MT models: the shipped ones, then `PASSERELLE_MODELS_DIR`."""
        dirs = [self.shipped_models_dir]
        if self.models_dir is not None:
            dirs.append(self.models_dir)
        return dirs


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache after changing the environment)."""
    return Settings()
