"""Both notebooks run top to bottom in a real Jupyter kernel, and are stored without outputs.

The kernel is the ``python3`` spec that ipykernel installs into the
environment running the tests (jupyter_client starts it with this same
interpreter), so no user-level kernelspec is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.notebook


def test_both_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["belgorod-walkthrough.ipynb", "border-proximity-at-scale.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    import nbformat  # here, not at the top: every test process collects this file, one runs it

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("GEO_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.setenv("GEO_PROGRESS", "0")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first failure
    errors = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
              if out.output_type == "error"]
    assert errors == []
    images = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
              if "image/png" in out.get("data", {})]
    assert images, "each notebook shows at least one figure"
    if path.stem == "belgorod-walkthrough":
        assert (tmp_path / "belgorod-report.html").stat().st_size > 100_000
        assert (tmp_path / "belgorod-report.png").exists() and (tmp_path / "belgorod.html").exists()
