"""The editor's tests share the browser of the viewer's."""

from tests.browser import browser  # noqa: F401 - the fixture, module-scoped
