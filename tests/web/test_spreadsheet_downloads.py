"""The pages' spreadsheet downloads: the matrix and the comparison as XLSX (the same writer as
the API and the command), and `bom=1` on the CSVs."""

import io

import openpyxl
import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_reads")]

PM_PO = "/compare/?roles=product-manager,product-owner"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_matrix_as_xlsx_is_the_whole_map_with_its_health(client, sample):
    response = client.get("/matrix/?format=xlsx")
    assert 'filename="raci-matrix-reference.xlsx"' in response["Content-Disposition"]
    wb = _workbook(response)
    assert wb.sheetnames == ["Matrix", "Evidence", "Health", "Legend", "About"]
    rows = list(wb["Matrix"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Responsibility", "Area", "Kind", "Product Manager")
    assert len(rows) == 1 + 7  # six responsibilities and the shared quality
    assert len(list(wb["Health"].iter_rows())) > 1
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Address"] == "http://testserver/matrix/?format=xlsx"


def test_the_comparison_as_xlsx_has_its_roles_as_columns(client, sample):
    response = client.get(PM_PO + "&format=xlsx")
    assert 'filename="product-manager-vs-product-owner.xlsx"' in response["Content-Disposition"]
    wb = _workbook(response)
    header = next(wb["Matrix"].iter_rows(values_only=True))
    assert header == ("Responsibility", "Area", "Kind", "Product Manager", "Product Owner")
    vision = next(
        r for r in wb["Matrix"].iter_rows(values_only=True) if r[0] == "Set the product vision"
    )
    assert vision[3:] == ("A", "C")
    health = list(wb["Health"].iter_rows(values_only=True))
    assert health[1][0] == "Health is checked for a whole map, not for a comparison."
    assert dict(wb["About"].iter_rows(values_only=True))["Comparison"] == (
        "Product Manager vs Product Owner"
    )


def test_bom_1_starts_the_csvs_with_a_byte_order_mark(client, sample):
    compared = client.get(PM_PO + "&format=csv&bom=1").content
    assert compared.startswith(b"\xef\xbb\xbfarea,responsibility,kind,")
    plain = client.get(PM_PO + "&format=csv").content
    assert plain.startswith(b"area,")
    matrix = b"".join(client.get("/matrix/?format=csv&bom=1").streaming_content)
    assert matrix.startswith(b"\xef\xbb\xbfarea,responsibility,kind,")


def test_a_bad_bom_is_a_400(client, sample):
    response = client.get(PM_PO + "&format=csv&bom=maybe")
    assert response.status_code == 400
    assert "bom “maybe” must be 1 (start with a byte order mark) or 0." in response.content.decode()
