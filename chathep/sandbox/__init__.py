"""The sandbox for generated analysis code (issue 6).

Code from the compiler, an LLM or a user runs only through :func:`run_script`: a static
check, then a separate process with rlimits, namespaces where available and an audit
hook. Results come back as JSON (:func:`load_json_output`) or ``.npy`` arrays, never pickle.
"""

from chathep.sandbox.layers import active_layers
from chathep.sandbox.outputs import load_json_output, load_npy_output
from chathep.sandbox.policy import Policy
from chathep.sandbox.runner import SandboxRun, run_script
from chathep.sandbox.static import Finding, check_code

__all__ = [
    "Finding",
    "Policy",
    "SandboxRun",
    "active_layers",
    "check_code",
    "load_json_output",
    "load_npy_output",
    "run_script",
]
