"""ChatHEP: requests in words to readable coffea analyses, data/MC plots and cited recipes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chathep")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext chathep`` registers the ``%%chathep`` magic (see :mod:`chathep.magic`)."""
    from chathep.magic import load_ipython_extension as _load

    _load(ipython)
