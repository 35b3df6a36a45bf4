"""Sphinx configuration."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

from mastodon.__version__ import __version__  # noqa: E402

project = "mastodon"
author = "The mastodon library authors"
copyright = "2026, " + author
version = release = __version__
extensions = ["sphinx.ext.autodoc"]
autodoc_member_order = "bysource"
exclude_patterns = ["_build"]
html_theme = "alabaster"
nitpicky = False
