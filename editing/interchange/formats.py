"""Text <-> document for JSON, YAML and CSV.

JSON and YAML carry the document as it is. CSV carries it as one row per value
(`section,key,field,value`) so that a single file holds every section; list values are
keys separated by spaces (keys are slugs, which contain none), an assignment's key is
`role/responsibility`. Records read from CSV remember their first line for error messages.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml

from responsibilities.spreadsheet import csv_writer, unguard_cell

from .bounded import BoundsError, load_json, load_yaml, refuse_oversized
from .spec import HEADER_STRINGS, SECTION_BY_NAME

FORMATS = ("json", "yaml", "csv")
CSV_HEADER = ["section", "key", "field", "value"]
LINE = "__line__"
# Records read from a workbook remember their cell (e.g. `Matrix!D14`) for error messages.
CELL = "__cell__"


class FormatError(ValueError):
    """The text is not a readable document; the message says where."""


def detect_format(path: str | Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise FormatError(f"Unknown format '{explicit}'; use one of {', '.join(FORMATS)}.")
        return explicit
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    suffix = {"yml": "yaml"}.get(suffix, suffix)
    if suffix not in FORMATS:
        raise FormatError(
            f"Cannot tell the format of '{path}' from its extension; "
            f"name it .json, .yaml or .csv, or pass --format."
        )
    return suffix


def dump(document: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    if fmt == "csv":
        return _dump_csv(document)
    raise FormatError(f"Unknown format '{fmt}'; use one of {', '.join(FORMATS)}.")


def check_size(size: int) -> None:
    """A FormatError when a file of `size` bytes is over the import limit (read it after)."""
    try:
        refuse_oversized(size)
    except BoundsError as exc:
        raise FormatError(str(exc)) from None


def load(text: str, fmt: str) -> dict:
    """The document in `text`, within bounds (editing.interchange.bounded): no file over
    PMROLES_IMPORT_MAX_BYTES, no YAML anchors or aliases, no key twice in one mapping."""
    try:
        refuse_oversized(len(text.encode("utf-8")))
        return _load(text, fmt)
    except BoundsError as exc:
        raise FormatError(str(exc)) from None


def _load(text: str, fmt: str) -> dict:
    if fmt == "json":
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise FormatError(f"line {exc.lineno}, column {exc.colno}: {exc.msg}.") from None
    if fmt == "yaml":
        try:
            return load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise FormatError(f"{where}not valid YAML ({problem}).") from None
    if fmt == "csv":
        return _load_csv(text)
    raise FormatError(f"Unknown format '{fmt}'; use one of {', '.join(FORMATS)}.")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _dump_csv(document: dict) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(["meta", "", "format", document["format"]])
    writer.writerow(["meta", "", "version", document["version"]])
    for name in HEADER_STRINGS:
        if name in document:
            writer.writerow(["meta", "", name, document[name]])
    role_map = document["map"]
    for name, value in role_map.items():
        if name != "slug":
            writer.writerow(["map", role_map["slug"], name, _cell(value)])
    for section_name, section in SECTION_BY_NAME.items():
        for record in document.get(section_name, []):
            if section.key:
                key, in_key = record[section.key], {section.key}
            else:
                key, in_key = f"{record['role']}/{record['responsibility']}", set(section.refs)
            for column in section.columns:
                if column not in in_key:
                    writer.writerow([section_name, key, column, _cell(record.get(column))])
    return out.getvalue()


def _load_csv(text: str) -> dict:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError("line 1: the file is empty.") from None
    if [h.strip().lower() for h in header] != CSV_HEADER:
        raise FormatError(f"line 1: the header must be {','.join(CSV_HEADER)}.")
    document: dict = {"map": {}}
    records: dict[tuple[str, str], dict] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 4:
            raise FormatError(f"line {line}: expected 4 columns, found {len(row)}.")
        # Cells were guarded against spreadsheet formulas on export (`'=…`): undo that.
        section_name, key, field, value = (unguard_cell(cell) for cell in row)
        if section_name == "meta":
            document[field] = int(value) if field == "version" and value.isdigit() else value
        elif section_name == "map":
            document["map"].setdefault("slug", key)
            document["map"].setdefault(LINE, line)
            document["map"][field] = value or None if field == "based_on" else value
        elif section_name in SECTION_BY_NAME:
            section = SECTION_BY_NAME[section_name]
            record = records.get((section_name, key))
            if record is None:
                record = {LINE: line}
                if section.key:
                    record[section.key] = key
                else:
                    role, _, responsibility = key.partition("/")
                    record.update(role=role, responsibility=responsibility)
                records[(section_name, key)] = record
                document.setdefault(section_name, []).append(record)
            record[field] = value.split() if field in section.many else value
        else:
            raise FormatError(f"line {line}: unknown section '{section_name}'.")
    return document
