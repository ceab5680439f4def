"""ChatHEP: requests in words to readable coffea analyses, data/MC plots and cited recipes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("chathep")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
