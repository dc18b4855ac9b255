"""The role-map interchange format (`format: pmroles-rolemap`, `version: 1`).

A document is a plain dict that JSON, YAML and CSV all carry (see docs/export-format.md):
`formats` turns text into a document and back, `document` builds one from the database,
`check` validates one and says where every problem is. Writing it to the database is a
service (`editing.services.import_role_map`) because it has rules and a transaction.
"""

from .check import Checked, Problem, check
from .document import build_document
from .formats import FORMATS, FormatError, check_size, detect_format, dump, load
from .spec import FORMAT_NAME, FORMAT_VERSION, SECTIONS

__all__ = [
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SECTIONS",
    "Checked",
    "FormatError",
    "Problem",
    "build_document",
    "check",
    "check_size",
    "detect_format",
    "dump",
    "load",
]
