"""API shapes of the MT experiment report (issue 19, part 5)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from service.experiment import report as experiment_report


class OriginCount(BaseModel):
    segments: int
    share: float | None = Field(description="Share of the row's non-blank segments (0-1).")


class ExperimentFigures(BaseModel):
    requests: int = Field(description="Requests delivered in the period that went through drafting.")
    words: int = Field(description="Source words of their non-blank segments.")
    segments_by_origin: dict[str, OriginCount] = Field(
        description="memory (exact or fuzzy), adapted_memory, machine_shown, machine_held_back (unreliable, "
                    "not shown), copied (names, references, dates only), no_draft.")
    post_edit_distance: float | None = Field(
        description="Mean normalised edit distance (0-1) between the draft shown and the confirmed text.")
    seconds_per_word_with_draft: float | None = Field(
        description="Active editing seconds per source word, confirmed segments whose draft was shown.")
    seconds_per_word_without_draft: float | None = Field(
        description="The same without a draft shown (held back as unreliable, or none).")
    words_per_hour: float | None = Field(description="Source words per hour of active editing, all origins.")
    kept_in_house: int = Field(
        description="Requests revised in house that the routing would have outsourced without drafts.")
    vendor_cost_avoided_eur: float = Field(
        description="What the cheapest vendor full-translation rate would have charged for those requests.")
    pages_avoided: dict[str, int] = Field(description="Pages not translated: scope, reuse, standard_form.")

    @classmethod
    def of(cls, sums: experiment_report.Sums) -> ExperimentFigures:
        """The figures of a row's sums."""
        return cls(**experiment_report.figures(sums))


class ExperimentRow(ExperimentFigures):
    source_lang: str
    target_lang: str
    service_level: str = Field(description="information, light_revision, full_revision or certified.")


class ExperimentReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    rows: list[ExperimentRow] = Field(description="Per language pair and service level, busiest first.")
    total: ExperimentFigures

    @classmethod
    def of(cls, built: experiment_report.Report) -> ExperimentReport:
        """The API view of a built report."""
        rows = [ExperimentRow(source_lang=r.source_lang, target_lang=r.target_lang, service_level=r.service_level,
                              **experiment_report.figures(r.sums)) for r in built.rows]
        return cls.model_validate({"from": built.start, "to": built.end, "rows": rows,
                                   "total": ExperimentFigures.of(built.total)})
