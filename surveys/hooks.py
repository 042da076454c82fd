"""Where a higher app (collaboration) adds to the survey pages and exports, so surveys never imports it.

Receivers are registered in the higher app's `AppConfig.ready` and take keyword arguments only; each should
accept `**context` so that an argument added here later does not break it.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.hooks import Hook


@dataclass(frozen=True)
class DeckSlide:
    """A text slide of the PowerPoint deck (surveys.deck): its title and one paragraph per line."""

    title: str
    lines: list[str]


# The Excel summary's sheets after the survey's own. Receivers get `survey`, `clusters` (the dashboard filter's
# clusters, or None), `lines` (the header lines every sheet repeats) and `disclosure`, and return a list of
# `portal.core.xlsx.Sheet`s; they are called when the survey's sheets have been written.
summary_sheets = Hook("summary sheets")

# The meeting pack's sections after the survey's findings. Receivers get `survey`, `clusters`, `disclosure` and
# `audience` ("direktion" for the management, "bestyrelse" for the board), and return None or a dict: "template", the partial the pack includes, and whatever that partial reads from `section`.
meeting_pack_sections = Hook("meeting pack sections")

# The PowerPoint deck's slides after the charts and the municipalities (surveys.deck). Receivers get the same
# arguments as `meeting_pack_sections` and return None or a `DeckSlide`.
deck_slides = Hook("deck slides")

# A survey wave is being published into the footprint (surveys.services_publish). Receivers get `survey` and
# `dry_run`, make (or with `dry_run` only count) what they derive from the wave, and return
# {cluster id: {preview kind: [Danish description of each record]}} for the preview, the kinds being those of
# services_publish.PREVIEW_KINDS ("added", "superseded", "unchanged", "conflicts", ...).
wave_published = Hook("survey wave published")
