"""Notebook kernels start quietly: ``make report`` (:func:`render.execute`) and ``make notebooks``
(:func:`render.refresh`) both run their kernels over IPC sockets, so ipykernel has no unencrypted TCP traffic
to warn about and nothing reaches the terminal.

A one-cell notebook is run through each path; the cell prints the transport the kernel was started with.
"""
import nbformat
import pytest

from analysis.reporting import render

ASK_TRANSPORT = "from ipykernel.kernelapp import IPKernelApp\nprint(IPKernelApp.instance().transport)"


def tiny_notebook(path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(ASK_TRANSPORT)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def printed(nb):
    return "".join(o.get("text", "") for cell in nb.cells for o in cell.get("outputs", []) if o.get("name") == "stdout")


def test_a_report_notebook_runs_its_kernel_over_ipc_and_prints_no_warning(tmp_path, capfd):
    executed = render.execute(tiny_notebook(tmp_path / "tiny.ipynb"), {"x": 2}, tmp_path / "out.ipynb")
    assert printed(executed).strip() == "ipc"
    out, err = capfd.readouterr()
    assert "WARNING" not in out + err and "without encryption" not in out + err


def test_make_notebooks_runs_its_kernels_over_ipc_and_prints_no_warning(tmp_path, capfd):
    nb_path = tiny_notebook(tmp_path / "tiny.ipynb")
    render.refresh([nb_path])
    assert printed(nbformat.read(nb_path, as_version=4)).strip() == "ipc"
    out, err = capfd.readouterr()
    assert "WARNING" not in out + err and "without encryption" not in out + err


@pytest.mark.parametrize("run", ["execute", "refresh"])
def test_a_kernel_that_fails_shows_what_it_printed_to_standard_error(tmp_path, run, caplog):
    nb_path = tiny_notebook(tmp_path / "tiny.ipynb")
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import os\nos.write(2, b'the kernel says why\\n')\nraise SystemExit(3)"))
    nbformat.write(nb, nb_path)
    with pytest.raises(Exception):
        if run == "execute":
            render.execute(nb_path, {}, tmp_path / "out.ipynb")
        else:
            render.refresh([nb_path])
    assert "the kernel says why" in caplog.text


def test_a_report_notebook_importing_the_package_warns_nothing_into_its_output(tmp_path):
    nb_path = tiny_notebook(tmp_path / "tiny.ipynb")
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import analysis.progress\nfrom analysis.reporting import render, plots"))
    nbformat.write(nb, nb_path)
    executed = render.execute(nb_path, {}, tmp_path / "out.ipynb")
    warned = [o.get("text", "") for cell in executed.cells for o in cell.get("outputs", []) if o.get("name") == "stderr"]
    assert warned == []
