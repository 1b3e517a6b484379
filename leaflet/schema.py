"""JSON Schemas of the content and brand files, made from the data model itself.

`leaflet schema` writes them to schemas/; the committed copies are what editors use (through the
``# yaml-language-server: $schema=...`` line at the top of each YAML file) to autocomplete field
names and underline mistakes while the author types. A test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from .load import Brand, Leaflet
from .load.model import json_schema
from .output import write_atomic

SCHEMAS = {
    "content.schema.json": (
        Leaflet,
        "Leaflet content file",
        "One patient leaflet, in one language: see docs/content-format.md.",
    ),
    "brand.schema.json": (
        Brand,
        "Leaflet brand file",
        "One clinic's name, contact details, look and prices: see docs/brand-file.md.",
    ),
}


def schema_of(model, title: str, description: str) -> dict:
    schema = json_schema(model)
    schema.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        **schema,
    }


def schema_texts() -> dict[str, str]:
    """File name -> the schema as committed (stable key order, two-space indent, final newline)."""
    return {name: json.dumps(schema_of(*spec), indent=2, ensure_ascii=False) + "\n" for name, spec in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    return [write_atomic(text.encode("utf-8"), Path(folder) / name) for name, text in schema_texts().items()]
