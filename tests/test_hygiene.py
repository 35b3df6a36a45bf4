"""The package's own house rules, checked on every module."""

import importlib
import pkgutil

import pytest

import mastodon

MODULES = sorted(info.name for info in pkgutil.walk_packages(mastodon.__path__, "mastodon."))


def test_the_module_list_is_the_package():
    assert "mastodon.pagination" in MODULES and "mastodon._results" in MODULES


@pytest.mark.parametrize("name", ["mastodon", *MODULES])
def test_every_module_has_a_docstring(name):
    # A statement above the docstring (an import, say) makes it a plain expression:
    # __doc__ is None then, and help() and the API docs lose the module's description.
    module = importlib.import_module(name)
    assert isinstance(module.__doc__, str) and module.__doc__.strip(), f"{name} has no module docstring"
