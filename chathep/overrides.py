"""Choices made outside the request text (the app's sidebar): typed, never re-parsed.

The app used to spell its sidebar choices out in English ("Use dy_2018. With Rochester
corrections.") for the rule parser to read back. An :class:`Overrides` goes to
:func:`chathep.api.ask` instead and sets the planner's draft fields directly
(:func:`chathep.planner.build.with_overrides`): the chosen samples replace those the request
names (words would add to them; a "data/MC comparison" still gets the era's data added to
MC-only samples, as for samples named in words), the corrections are added to those the
request asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from chathep.catalog import Catalog
from chathep.errors import SpecError, did_you_mean
from chathep.registry import corrections as corrections_registry


@dataclass(frozen=True)
class Overrides:
    """Samples and corrections chosen in a form; empty fields leave the request's choice."""

    samples: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    #: hide the data in this mass window, GeV (chathep.blinding): the jet-pair mass plots
    blind: tuple[float, float] | None = None

    def __bool__(self) -> bool:
        return bool(self.samples or self.corrections or self.blind)

    def check(self, catalog: Catalog) -> None:
        """Raise :class:`SpecError` (with the known names) for an unknown sample or correction."""
        for name in self.samples:
            if name not in catalog.samples:
                known = list(catalog.samples)
                raise SpecError(
                    f"Unknown sample {name!r} in the chosen samples{did_you_mean(name, known)}",
                    hint=f"Known samples: {', '.join(known)}.",
                )
        if self.blind is not None:
            from chathep.blinding import check_window

            check_window(self.blind)
        for name in self.corrections:
            if name not in corrections_registry.WORDS:
                words = corrections_registry.WORDS
                raise SpecError(
                    f"Unknown correction {name!r} in the chosen corrections"
                    f"{did_you_mean(name, words)}",
                    hint=f"Corrections: {', '.join(words)}.",
                )

    def describe(self) -> str:
        """One line for the plan: what was set outside the request."""
        parts = []
        if self.samples:
            parts.append("samples " + ", ".join(self.samples))
        if self.corrections:
            parts.append("corrections " + ", ".join(self.corrections))
        if self.blind is not None:
            parts.append(f"data blinded in {self.blind[0]:g}-{self.blind[1]:g} GeV")
        return "Chosen in the settings: " + "; ".join(parts) + "."
