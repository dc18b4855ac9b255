"""Reading the comparison page's HTML in tests: the page, its grid, rows, cells and columns."""

import re


def page_html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def grid_of(html):
    return html.split('<table class="cgrid', 1)[1].split("</table>", 1)[0]


def rows_of(html):
    """The responsibilities in the grid, in order."""
    return re.findall(r'<tr class="row [^"]*" data-responsibility="([\w-]+)"', grid_of(html))


def row_of(html, slug):
    return grid_of(html).split(f'data-responsibility="{slug}"', 1)[1].split("</tr>", 1)[0]


def cells_of(html, slug):
    return re.findall(r"<td class=\"cell.*?</td>", row_of(html, slug), re.S)


def column_headers(html):
    head = grid_of(html).split("</thead>", 1)[0]
    return re.findall(r'<th scope="col" class="role-col"><a href="/roles/([\w-]+)/">', head)
