"""The adversarial suite: every hostile program is blocked or contained, host unchanged.

Each program in tests/adversarial/ runs three ways: with every layer, with the static
check off (the runtime layers alone), and with the static check and namespaces off (the
audit hook and rlimits alone, as on a machine without bubblewrap). After each run the
host is inspected: listeners, canary files, a victim process, the secret.
"""

from __future__ import annotations

import pytest
from adversarial.harness import RESOURCE_REASONS, arena, attack, case_names, suite_settings

from chathep.sandbox import Policy
from chathep.sandbox.layers import choose_namespaces

MODES = {
    "all-layers": Policy(),
    "no-static": Policy(static_check=False),
    "audit+rlimits-only": Policy(static_check=False, namespaces="none"),
}
#: Attacks contained without a refusal to report: the environment is scrubbed, so there is
#: nothing to steal; native code runs inside bubblewrap, where the shell it starts finds a
#: read-only filesystem and no network.
SILENT_OK = {"read_env_secret", "llvmlite_native_call"}
#: Known limits of the audit hook (PEP 578 is not a sandbox): once numba has loaded
#: llvmlite and ctypes, native code runs without audit events. bubblewrap contains it.
NEEDS_NAMESPACES = {
    "llvmlite_native_call": "native code through llvmlite bypasses the audit hook",
}


def test_suite_is_large_enough() -> None:
    assert len(case_names()) >= 30


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", case_names())
def test_attack_is_contained(name: str, mode: str, tmp_path) -> None:
    if name in NEEDS_NAMESPACES and choose_namespaces(MODES[mode]) != "bwrap":
        pytest.xfail(NEEDS_NAMESPACES[name])
    policy = MODES[mode]
    with arena(tmp_path) as bait:
        outcome = attack(name, bait, policy, suite_settings())
    assert outcome.evidence == [], f"{name} escaped under {mode}: {outcome.evidence}"
    if name not in SILENT_OK:
        assert outcome.stopped_by, f"{name} ran to completion under {mode}"
        assert outcome.reason.strip(), f"{name}: the user gets no reason under {mode}"
    if outcome.stopped_by == "static":
        assert "line " in outcome.reason
    if name in RESOURCE_REASONS and outcome.stopped_by != "static":
        assert outcome.killed_reason in RESOURCE_REASONS[name]
    if mode != "all-layers":
        assert outcome.stopped_by != "static"


def test_static_check_alone_refuses_most_cases() -> None:
    """Every case that spells out its attack is refused before running, naming the line."""
    from adversarial.harness import HERE

    from chathep.sandbox import check_code

    refused = [n for n in case_names() if check_code((HERE / f"{n}.py").read_text())]
    # these attack through allowed APIs (open, pathlib, numpy, uproot) or resources
    runtime_only = {
        "big_file", "chmod_canary", "delete_canary_pathlib", "infinite_loop", "memory_bomb",
        "disk_fill", "dev_shm_write",
        "net_uproot_http", "numpy_write_outside", "overwrite_canary", "read_etc_shadow",
        "read_ssh_key", "rename_canary", "sleep_forever", "stdout_flood", "write_input_data",
        "write_outside",
    }  # fmt: skip
    assert set(case_names()) - set(refused) == runtime_only


@pytest.mark.parametrize("mode", ["all-layers", "audit+rlimits-only"])
def test_the_disk_limit_holds_whatever_the_timing(mode: str, tmp_path, monkeypatch) -> None:
    """The run directory's size is checked every DISK_CHECK_S while the code runs; a run that
    fills the disk and exits between two checks is still stopped for disk usage (the final
    check). Without it the disk_fill case passed as a success under load."""
    from chathep.sandbox import runner

    monkeypatch.setattr(runner, "DISK_CHECK_S", 1e9)  # no check while the code runs
    with arena(tmp_path) as bait:
        outcome = attack("disk_fill", bait, MODES[mode], suite_settings())
    assert outcome.killed_reason == "disk usage"
    assert outcome.stopped_by
    # and the program did not finish: a new file in the full run directory is refused when it
    # is opened (was: a fast run wrote all 1 GiB and printed ESCAPED before any check)
    assert outcome.evidence == [], outcome.evidence
