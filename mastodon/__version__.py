"""The package version, read by the build (pyproject.toml) and the docs."""

__version__ = "0.1.0"
