"""What a model declares about itself (see :mod:`chathep.llm.registry` for how it is used)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from chathep.llm.sources import GGUFSource, SourceStatus

#: schema_decoding: answers under a JSON-schema grammar; fill_fields: fills the fields the rules
#: left open well enough to beat asking the user (measured, BENCHMARKS.md); whole_spec: decodes
#: the whole draft; freeform_code: writes coffea code itself; rewrite: restates a request the
#: rules could not place in the rules' terse style, checked by the rules
#: (:mod:`chathep.planner.rewrite`).
Capability = Literal["schema_decoding", "fill_fields", "whole_spec", "freeform_code", "rewrite"]
CAPABILITIES: tuple[str, ...] = get_args(Capability)
SizeClass = Literal["tiny", "small", "medium", "large", "server"]


def size_class(parameters: int) -> SizeClass:
    """tiny < 300M parameters <= small < 2B <= medium < 10B <= large."""
    if parameters < 300_000_000:
        return "tiny"
    if parameters < 2_000_000_000:
        return "small"
    if parameters < 10_000_000_000:
        return "medium"
    return "large"


@dataclass(frozen=True)
class ModelInfo:
    """One local model: where its GGUF comes from, its shape, and what it is good for."""

    name: str
    description: str
    source: GGUFSource
    size_bytes: int
    parameters: int
    context_length: int
    capabilities: frozenset[str]
    extra: str | None = None  # the chathep pyproject extra that installs it
    aliases: tuple[str, ...] = ()
    notes: str = ""  # where the capability claims come from

    def __post_init__(self) -> None:
        unknown = set(self.capabilities) - set(CAPABILITIES)
        if unknown:
            raise ValueError(f"model {self.name}: unknown capabilities {sorted(unknown)}")

    @property
    def distributions(self) -> tuple[str, ...]:
        return self.source.distributions

    @property
    def size_class(self) -> SizeClass:
        return size_class(self.parameters)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def locate(self) -> Path | None:
        return self.source.locate()

    def status(self) -> SourceStatus:
        return self.source.status()

    @property
    def install_hint(self) -> str:
        if self.extra:
            return (
                f"pip install 'chathep[{self.extra}]' "
                f"(from a checkout: pip install -e '.[{self.extra}]')"
            )
        return "pip install " + " ".join(self.distributions)


@dataclass(frozen=True)
class ModelCapabilities:
    """What the *configured* model (a registered name, a GGUF path or a server) can do."""

    model: str
    size_class: SizeClass
    schema_decoding: bool
    whole_spec: bool
    freeform_code: bool
    context_length: int | None = None
    registered: bool = False
    fill_fields: bool = False
    rewrite: bool = False

    def can(self, capability: Capability) -> bool:
        return bool(getattr(self, capability))
