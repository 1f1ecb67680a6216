#!/usr/bin/env python3
"""Parquet oracle: pyarrow reads Parquet data files the way Iceberg's Python stack does.

K2 writes Iceberg data files with DuckDB (libs/iceberg/src/parquet) and computes their metrics
itself. This script lets tests check files and metrics against pyarrow's Parquet reader (Apache
Arrow C++, no code shared with DuckDB): the Iceberg field id of every column from the Arrow schema
metadata (`PARQUET:field_id`), the Parquet logical and physical types, the footer numbers that
Java's ParquetUtil.footerMetrics and pyiceberg's data_file_statistics_from_parquet_metadata use,
and the rows themselves.

One JSON request on stdin, one JSON response on stdout; on failure {"error": "..."} on stdout and
exit status 1.

Request:
  {"files": [PATH], "rows": true|false}
Response:
  {"files": [{
     "num_rows": INT, "num_row_groups": INT,
     "field_ids": {DOTTED_ARROW_PATH: ID|null},   e.g. "trade_conditions.element", "vendor_data.key"
     "arrow_types": {TOP_LEVEL_NAME: ARROW_TYPE_TEXT},
     "columns": [{"path": PARQUET_PATH, "physical_type": T, "logical_type": TEXT, "field_id": ID}],
     "row_groups": [{"num_rows": INT, "columns": [{"path": PARQUET_PATH, "num_values": INT,
        "null_count": INT|null, "total_compressed_size": INT,
        "dictionary_page_offset": INT|null, "data_page_offset": INT}]}],
     "rows": {COLUMN: [VALUE]}                      only with "rows": true
  }]}
Values in "rows": timestamps as µs since the epoch and 64-bit integers as decimal strings (exact in
JS), decimals as exact text with the column's scale, lists as arrays, maps as [[key, value]] in
file order, null as null. Counts and offsets are JSON integers (all far below 2^53).
"""

import json
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


class OracleError(Exception):
    """A request the oracle refuses; reported as {"error": ...}."""


def field_id(field):
    meta = field.metadata or {}
    raw = meta.get(b"PARQUET:field_id")
    return int(raw) if raw is not None else None


def walk_ids(field, prefix, out):
    """Dotted Arrow paths -> field id, nested list elements and map keys/values included."""
    path = f"{prefix}{field.name}"
    out[path] = field_id(field)
    t = field.type
    if pa.types.is_map(t):
        walk_ids(t.key_field, f"{path}.", out)
        walk_ids(t.item_field, f"{path}.", out)
    elif pa.types.is_list(t) or pa.types.is_large_list(t):
        walk_ids(t.value_field, f"{path}.", out)
    elif pa.types.is_struct(t):
        for child in t:
            walk_ids(child, f"{path}.", out)


def parquet_path_ids(schema):
    """Parquet column paths (as in the footer) -> field id, following Arrow's nesting."""
    ids = {}

    def visit(field, parquet_prefix):
        t = field.type
        name = f"{parquet_prefix}{field.name}"
        if pa.types.is_map(t):
            visit(t.key_field, f"{name}.key_value.")
            visit(t.item_field, f"{name}.key_value.")
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            visit(t.value_field, f"{name}.list.")
        elif pa.types.is_struct(t):
            for child in t:
                visit(child, f"{name}.")
        else:
            ids[name] = field_id(field)

    for field in schema:
        visit(field, "")
    return ids


def exact_values(column):
    """A column as JSON-safe exact values (see the module docstring)."""
    t = column.type
    if pa.types.is_timestamp(t):
        if t.unit != "us":
            raise OracleError(f"timestamp unit {t.unit}, expected us")
        return [None if v is None else str(v) for v in pc.cast(column, pa.int64()).to_pylist()]
    if pa.types.is_decimal(t) or pa.types.is_int64(t):
        return [None if v is None else str(v) for v in pc.cast(column, pa.string()).to_pylist()]
    if pa.types.is_map(t):
        return [None if v is None else [[k, val] for k, val in v] for v in column.to_pylist()]
    return column.to_pylist()


def describe(path, with_rows):
    pf = pq.ParquetFile(path)
    md = pf.metadata
    schema = pf.schema_arrow
    ids = {}
    for field in schema:
        walk_ids(field, "", ids)
    by_path = parquet_path_ids(schema)
    columns = []
    for i in range(md.num_columns):
        col = md.schema.column(i)
        if col.path not in by_path:
            raise OracleError(f"no Arrow field for Parquet column {col.path}")
        columns.append(
            {
                "path": col.path,
                "physical_type": col.physical_type,
                "logical_type": str(col.logical_type),
                "field_id": by_path[col.path],
            }
        )
    groups = []
    for r in range(md.num_row_groups):
        rg = md.row_group(r)
        chunks = []
        for c in range(rg.num_columns):
            chunk = rg.column(c)
            stats = chunk.statistics if chunk.is_stats_set else None
            chunks.append(
                {
                    "path": chunk.path_in_schema,
                    "num_values": chunk.num_values,
                    "null_count": stats.null_count if stats is not None and stats.has_null_count else None,
                    "total_compressed_size": chunk.total_compressed_size,
                    "dictionary_page_offset": chunk.dictionary_page_offset if chunk.has_dictionary_page else None,
                    "data_page_offset": chunk.data_page_offset,
                }
            )
        groups.append({"num_rows": rg.num_rows, "columns": chunks})
    out = {
        "num_rows": md.num_rows,
        "num_row_groups": md.num_row_groups,
        "field_ids": ids,
        "arrow_types": {field.name: str(field.type) for field in schema},
        "columns": columns,
        "row_groups": groups,
    }
    if with_rows:
        table = pf.read()
        out["rows"] = {name: exact_values(table.column(name)) for name in table.column_names}
    return out


def main():
    try:
        request = json.load(sys.stdin)
        files = request.get("files")
        if not isinstance(files, list):
            raise OracleError("request needs a list of files")
        response = {"files": [describe(p, bool(request.get("rows"))) for p in files]}
    except (OracleError, OSError, ValueError, pa.ArrowException) as err:
        json.dump({"error": f"{type(err).__name__}: {err}"}, sys.stdout)
        sys.exit(1)
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
