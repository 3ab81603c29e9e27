"""The telematic tests share the browser of the viewer's and the editor's."""

from tests.browser import browser  # noqa: F401 - the fixture, module-scoped
