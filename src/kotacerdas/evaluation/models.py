"""The yearly smart-city evaluation's tables; the SPBE tables are in spbe_models.py."""

from .spbe_models import (  # noqa: F401  (one app, two modules of tables)
    SpbeAspect,
    SpbeAssessment,
    SpbeDomain,
    SpbeEvidence,
    SpbeIndicator,
    SpbeInstrument,
    SpbeProgrammeTag,
    SpbeScore,
)
