"""Use cases and request and response shapes load on first use (advocacy.first_use, decisions 109 and
110): naming one before it is imported gives a stand-in that imports it when an attribute is first
read, safely across threads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"


def _run(code: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", textwrap.dedent(code)],
        env={"PYTHONPATH": str(FUNCTIONS), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_use_case_loads_when_first_used_and_is_then_the_module_itself() -> None:
    _run(
        """
        import sys
        from advocacy.services import previews
        assert "advocacy.services.previews" not in sys.modules
        preview = previews.preview  # the first read imports it
        assert "advocacy.services.previews" in sys.modules
        assert preview is sys.modules["advocacy.services.previews"].preview
        from advocacy.services import previews as again
        assert again is sys.modules["advocacy.services.previews"]  # imported: the module itself
        """
    )


def test_what_is_set_through_the_stand_in_is_set_on_the_module() -> None:
    _run(
        """
        import sys
        from advocacy.services import previews
        previews.LIMIT_FOR_A_TEST = 3
        assert sys.modules["advocacy.services.previews"].LIMIT_FOR_A_TEST == 3
        del previews.LIMIT_FOR_A_TEST
        assert not hasattr(sys.modules["advocacy.services.previews"], "LIMIT_FOR_A_TEST")
        """
    )


def test_a_patch_through_a_stand_in_is_undone_on_the_module() -> None:
    _run(
        """
        import sys
        import pytest
        from advocacy.services import previews
        patch = pytest.MonkeyPatch()
        patch.setattr(previews, "preview", lambda url: "fake")
        assert sys.modules["advocacy.services.previews"].preview("x") == "fake"
        patch.undo()
        assert sys.modules["advocacy.services.previews"].preview.__module__ == "advocacy.services.previews"
        """
    )


def test_threads_reading_one_use_case_at_once_see_one_module() -> None:
    _run(
        """
        import sys, threading
        from advocacy.services import previews
        seen, start = [], threading.Barrier(8)
        def read():
            start.wait()
            seen.append(previews.preview)
        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        assert len(seen) == 8 and len({id(f) for f in seen}) == 1
        """
    )


def test_a_name_that_is_no_use_case_is_an_import_error() -> None:
    _run(
        """
        try:
            from advocacy.services import no_such_use_case
        except ImportError:
            pass
        else:
            raise AssertionError("imported a use case that does not exist")
        """
    )


def test_a_shape_family_loads_when_first_read_through_the_package() -> None:
    _run(
        """
        import sys
        from advocacy import schemas
        assert "advocacy.schemas.rewards" not in sys.modules
        shape = schemas.rewards.RewardOut  # the first read imports it
        assert shape is sys.modules["advocacy.schemas.rewards"].RewardOut
        assert schemas.rewards is sys.modules["advocacy.schemas.rewards"]  # imported: the module itself
        try:
            schemas.no_such_family
        except AttributeError:
            pass
        else:
            raise AssertionError("a stand-in for a module that does not exist")
        """
    )


def test_the_routers_import_no_use_case_and_only_the_shapes_their_declarations_need() -> None:
    """Every router imported, none run: the use cases and the shapes wait for the requests that use
    them. `common` holds the types the routes' parameters are declared with; `exports` is in the
    OpenAPI answers the export routes declare (with the bases and example values it is made of), and
    `shapes` holds the error body every route declares."""
    _run(
        """
        import sys
        import advocacy.api.app
        loaded = {name for name in sys.modules if name.startswith(("advocacy.services.", "advocacy.schemas."))}
        assert loaded == {"advocacy.schemas.common", "advocacy.schemas.exports", "advocacy.schemas.example_ids", "advocacy.schemas.shapes"}, sorted(loaded)
        """
    )


def test_the_type_checker_knows_every_shape_family() -> None:
    """`schemas/__init__.py` names each family for type checkers (`schemas.<family>` is then typed,
    not Any): a new module must be listed there."""
    import pkgutil

    from advocacy import schemas

    assert sorted(schemas.__all__) == sorted(module.name for module in pkgutil.iter_modules(schemas.__path__))
