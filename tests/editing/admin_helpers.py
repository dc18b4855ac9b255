"""Build admin POST data from the page the admin rendered, as a browser would submit it."""


def _add(data: dict, form, name: str) -> None:
    value = form[name].value()
    key = form.add_prefix(name)
    if value is None or value is False:
        return
    if value is True:
        data[key] = "on"
    elif isinstance(value, list | tuple):
        data[key] = [str(getattr(v, "pk", v)) for v in value]
    else:
        data[key] = str(getattr(value, "pk", value))


def form_data(response) -> dict:
    """Every field of the change form and its inlines, with the values shown on the page."""
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _add(data, form, name)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _add(data, inline_form, name)
    return data


def add_inline_row(data: dict, prefix: str, values: dict) -> None:
    """Append one extra row to inline `prefix` (e.g. "assignments")."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
