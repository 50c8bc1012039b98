"""chiso: monitor an innovation plan's targets from agencies' reports."""

from chiso._chiso import __version__

__all__ = ["__version__"]
