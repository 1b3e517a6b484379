"""The committed JSON Schemas are the data model's; editors use them through the modeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaflet.schema import SCHEMAS, schema_texts

from conftest import BRANDS, FORMAT, ROOT

SCHEMA_DIR = ROOT / "schemas"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_not_stale(name):
    committed = SCHEMA_DIR / name
    assert committed.exists(), f"schemas/{name} is missing: run `leaflet schema`"
    assert committed.read_text(encoding="utf-8") == schema_texts()[name], (
        f"schemas/{name} is stale: the data model changed. Run `leaflet schema` and commit the result."
    )


def test_schema_command_writes_both(cli):
    cli("schema", "-o", "out")
    assert cli.code == 0, cli.err
    assert sorted(Path(p).name for p in cli.out.split()) == sorted(SCHEMAS)
    for name in SCHEMAS:
        assert (cli.folder / "out" / name).read_text(encoding="utf-8") == schema_texts()[name]


def test_schemas_describe_the_fields():
    content = json.loads(schema_texts()["content.schema.json"])
    brand = json.loads(schema_texts()["brand.schema.json"])
    assert {"title", "published", "review_by", "sections"} <= set(content["required"])
    assert content["additionalProperties"] is False and "checks" in content["properties"]
    frequency = content["$defs"]["Risk"]["properties"]["frequency"]["anyOf"][0]["enum"]
    assert frequency == ["very common", "common", "uncommon", "rare", "very rare", "not known"]
    assert brand["required"] == ["name"] and brand["additionalProperties"] is False


@pytest.mark.parametrize(
    "path, schema",
    [
        *[(p, "content.schema.json") for p in sorted((ROOT / "content").glob("*.yaml"))],
        *[(p, "brand.schema.json") for p in sorted(BRANDS.glob("*.yaml"))],
    ],
)
def test_examples_carry_the_yaml_language_server_modeline(path, schema):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert target == (SCHEMA_DIR / schema).resolve()


def test_the_shared_format_examples_match_the_schemas():
    """A minimal JSON Schema check (required fields, no unknown fields) of the pinned examples."""
    import yaml

    for example, name in (
        (FORMAT / "content-example.yaml", "content.schema.json"),
        (FORMAT / "brand-example.yaml", "brand.schema.json"),
    ):
        data = yaml.safe_load(example.read_text(encoding="utf-8"))
        schema = json.loads(schema_texts()[name])
        assert set(schema["required"]) <= set(data) <= set(schema["properties"]), example.name
