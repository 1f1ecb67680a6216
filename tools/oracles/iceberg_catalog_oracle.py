#!/usr/bin/env python3
"""Iceberg catalog oracle: pyiceberg's SqlCatalog behind a JSON-over-stdio CLI.

K2's SQL catalog (libs/iceberg/src/catalog) writes the JDBC catalog layout that Java's JdbcCatalog
and pyiceberg's SqlCatalog share. This script points pyiceberg at the same database so tests can
check that each side sees what the other wrote: namespaces, their properties, table identifiers,
metadata locations and compare-and-swap commits.

One JSON request on stdin, one JSON response on stdout; on a malformed request {"error": "..."} on
stdout and exit status 1.

Request:
  {"uri": "sqlite:////abs/catalog.db", "warehouse": "file:///abs/dir", "name": "k2", "ops": [OP]}
Response:
  {"results": [{"ok": VALUE} | {"error": {"type": EXCEPTION_CLASS, "message": TEXT}}]}
  one result per op, in order; an op that raises does not stop the ones after it.

Namespaces and identifiers are JSON arrays of levels (["market_data"], ["market_data", "t"]).
Ops (VALUE in brackets):
  {"op": "list_namespaces", "parent": NS?}        [sorted list of NS]
  {"op": "namespace_exists", "namespace": NS}     [bool]
  {"op": "load_namespace_properties", "namespace": NS}  [object]
  {"op": "create_namespace", "namespace": NS, "properties": {...}?}  [null]
  {"op": "list_tables", "namespace": NS}          [sorted list of identifiers]
  {"op": "table_exists", "identifier": ID}        [bool]
  {"op": "create_table", "identifier": ID}        [metadata location]
      a table with one optional long column `id`; pyiceberg writes its first metadata file.
  {"op": "load_table", "identifier": ID}          [{"metadata_location", "table_uuid", "properties"}]
      reads the metadata file the catalog points at.
  {"op": "set_properties", "identifier": ID, "properties": {...}}  [new metadata location]
      a pyiceberg commit: new metadata file, then the catalog's compare-and-swap.
  {"op": "drop_table", "identifier": ID}          [null]
"""

import json
import sys

from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.schema import Schema
from pyiceberg.types import LongType, NestedField


class OracleError(Exception):
    """A request the oracle refuses; reported as {"error": ...}."""


def tuple_of(value, what):
    if not isinstance(value, list) or not all(isinstance(level, str) for level in value):
        raise OracleError(f"{what} must be a JSON array of strings, got {value!r}")
    return tuple(value)


def run_op(catalog, op):
    kind = op.get("op")
    if kind == "list_namespaces":
        parent = tuple_of(op.get("parent", []), "parent")
        return sorted(list(ns) for ns in catalog.list_namespaces(parent))
    if kind == "namespace_exists":
        return catalog.namespace_exists(tuple_of(op["namespace"], "namespace"))
    if kind == "load_namespace_properties":
        return dict(catalog.load_namespace_properties(tuple_of(op["namespace"], "namespace")))
    if kind == "create_namespace":
        catalog.create_namespace(tuple_of(op["namespace"], "namespace"), op.get("properties", {}))
        return None
    if kind == "list_tables":
        return sorted(list(ident) for ident in catalog.list_tables(tuple_of(op["namespace"], "namespace")))
    if kind == "table_exists":
        return catalog.table_exists(tuple_of(op["identifier"], "identifier"))
    if kind == "create_table":
        schema = Schema(NestedField(field_id=1, name="id", field_type=LongType(), required=False))
        return catalog.create_table(tuple_of(op["identifier"], "identifier"), schema).metadata_location
    if kind == "load_table":
        table = catalog.load_table(tuple_of(op["identifier"], "identifier"))
        return {
            "metadata_location": table.metadata_location,
            "table_uuid": str(table.metadata.table_uuid),
            "properties": dict(table.metadata.properties),
        }
    if kind == "set_properties":
        table = catalog.load_table(tuple_of(op["identifier"], "identifier"))
        with table.transaction() as tx:
            tx.set_properties(op["properties"])
        return catalog.load_table(table.name()).metadata_location
    if kind == "drop_table":
        catalog.drop_table(tuple_of(op["identifier"], "identifier"))
        return None
    raise OracleError(f"unknown op {kind!r}")


def main():
    try:
        request = json.load(sys.stdin)
        for key in ("uri", "warehouse", "ops"):
            if key not in request:
                raise OracleError(f"request needs {key!r}")
        catalog = SqlCatalog(request.get("name", "k2"), uri=request["uri"], warehouse=request["warehouse"])
    except (OracleError, ValueError) as e:
        json.dump({"error": str(e)}, sys.stdout)
        return 1
    results = []
    try:
        for op in request["ops"]:
            try:
                results.append({"ok": run_op(catalog, op)})
            except OracleError as e:
                json.dump({"error": str(e)}, sys.stdout)
                return 1
            except Exception as e:  # noqa: BLE001 - every pyiceberg failure is a result to compare
                results.append({"error": {"type": type(e).__name__, "message": str(e)}})
    finally:
        catalog.close()
    json.dump({"results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
