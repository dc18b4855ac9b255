"""`manage.py export_roles --format xlsx`: the map's workbook, readable by openpyxl and opened
by LibreOffice without repair (converted headless to CSV and compared with the Matrix sheet)."""

import csv
import io
import os
import shutil
import subprocess

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tests.health_world import build_health_map

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice")


def _export(tmp_path, *args):
    err = io.StringIO()
    call_command("export_roles", *args, stderr=err)
    return err.getvalue()


def test_writes_the_workbook_to_the_file(tmp_path):
    build_health_map()
    target = tmp_path / "map.xlsx"
    message = _export(tmp_path, "--map", "health-check", "--output", str(target))
    assert message.strip() == f"Wrote map 'health-check' to {target} (9 responsibilities)."
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Matrix", "Evidence", "Health", "Legend", "About"]
    assert dict(wb["About"].iter_rows(values_only=True))["Address"] == "/matrix/?map=health-check"


def test_format_option_and_refusals(tmp_path):
    build_health_map()
    target = tmp_path / "out.bin"
    _export(tmp_path, "--map", "health-check", "--format", "xlsx", "--output", str(target))
    assert target.read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError, match="An XLSX workbook is binary: pass --output FILE.xlsx."):
        call_command("export_roles", "--format", "xlsx", "--map", "health-check")
    with pytest.raises(CommandError, match="There is no role map 'nope'"):
        call_command("export_roles", "--map", "nope", "--output", str(tmp_path / "x.xlsx"))


def test_libreoffice_opens_it_and_reads_the_matrix(tmp_path):
    """GIVEN the hand-built map's workbook WHEN LibreOffice converts it headless to CSV THEN
    the CSV is the Matrix sheet, row for row (a file LibreOffice had to repair would not
    convert, or would lose cells)."""
    if SOFFICE is None:
        if os.environ.get("PMROLES_REQUIRE_SOFFICE") == "1":
            pytest.fail("PMROLES_REQUIRE_SOFFICE=1 but soffice is not installed.")
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it.")
    build_health_map()
    target = tmp_path / "map.xlsx"
    _export(tmp_path, "--map", "health-check", "--output", str(target))
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader((tmp_path / "map.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["Responsibility", "Area", "Kind", "Lead", "Builder", "Advisor", "Idle"]
    assert rows[1] == ["Set direction", "Work", "responsibility", "A", "R", "", ""]
    assert rows[3] == ["Review it", "Work", "responsibility", "", "I", "C", ""]
    assert len(rows) == 10
