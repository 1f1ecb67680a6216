#!/usr/bin/env python3
"""Iceberg table oracle: pyiceberg and DuckDB's iceberg extension read tables; pyiceberg appends.

K2 writes Iceberg tables with its own code (libs/iceberg). This script reads them back with two
readers that share none of it, and writes to them with pyiceberg, so tests can check row for row
that every side sees exactly the same data:
  - pyiceberg (SqlCatalog on the same SQLite file and warehouse): snapshots, scans with time travel
    and row filters, the files its planner picks, and `Table.append(pyarrow.Table)`;
  - DuckDB's iceberg extension (`iceberg_scan` / `iceberg_snapshots` on a metadata file), loaded
    from the `duckdb-extension-avro` and `duckdb-extension-iceberg` wheels of DuckDB's version.

One JSON request on stdin, one JSON response on stdout; on failure {"error": "..."} on stdout and
exit status 1.

Canonical rows (how tests compare rows across readers): one JSON array per row, columns in schema
order, written with json.dumps(ensure_ascii=False, separators=(",", ":")): strings as they are,
integers (long, and timestamps as µs since the epoch) as decimal strings, decimals as plain text
with exactly the column's scale ("0.00000001"), lists as arrays, maps as [[key, value], ...] sorted
by key (code point order), nulls as null. Every integer elsewhere in a response (snapshot ids,
sequence numbers, counts in summaries) is a decimal string too, so JavaScript loses nothing.

Scan results (SCAN_RESULT): {"count": N, "sums": {DECIMAL_COLUMN: TEXT}, "min": {TS_COLUMN: µs},
  "max": {TS_COLUMN: µs}, "rows": [CANONICAL_ROW] (sorted, only when asked), "files": [PATH]
  (sorted; pyiceberg only, when asked)}. Sums are exact (never floats), with the column's scale;
  min/max skip nulls and are null for an empty scan.

Requests:
  {"mode": "versions"}
    -> {"pyiceberg", "pyarrow", "duckdb", "pyiceberg_core" (null when missing: only
        append-pyiceberg needs it, for day(timestamp) partitions), "extensions": {"avro": PATH,
        "iceberg": PATH}}; fails naming what else is missing.
  {"mode": "read-pyiceberg", "catalog": CATALOG, "table": "ns.name",
   "scans": [{"snapshot_id": "ID"?, "row_filter": "symbol == 'X'"?, "rows": BOOL?, "files": BOOL?}]}
    -> {"metadata_location", "current_snapshot_id", "snapshots": [SNAPSHOT], "scans": [SCAN_RESULT]}
       SNAPSHOT: {"snapshot_id", "parent_snapshot_id", "sequence_number", "timestamp_ms",
       "operation", "summary": {KEY: TEXT}}, in metadata order.
  {"mode": "read-duckdb", "metadata_location": LOCATION,
   "scans": [{"snapshot_id": "ID"?, "where": SQL?, "rows": BOOL?}]}
    -> {"snapshots": [{"snapshot_id", "sequence_number", "operation"}], "scans": [SCAN_RESULT]}
       `where` is a DuckDB SQL condition on the table's columns (tests only).
  {"mode": "append-pyiceberg", "catalog": CATALOG, "table": "ns.name", "rows": [ROW]}
    -> {"snapshot_id", "parent_snapshot_id", "sequence_number", "metadata_location",
        "summary": {KEY: TEXT}, "added_files": [{"path", "record_count", "partition": [V]}]}
       ROW: {COLUMN: VALUE}, decimals as text, timestamps as µs (number or text), longs as numbers
       or text, lists as arrays, maps as objects (or [[k, v], ...]), null for null. The Arrow table
       has exactly the Arrow schema pyiceberg derives from the Iceberg schema (Schema.as_arrow()).
CATALOG: {"uri": "sqlite:////abs/catalog.db", "warehouse": "file:///abs/dir", "name": "k2"}.
"""

import decimal
import glob
import json
import os
import sys

decimal.getcontext().prec = 80


class OracleError(Exception):
    """A request the oracle refuses; reported as {"error": ...}."""


# --- canonical rows -----------------------------------------------------------------------------


def canonical(value, kind):
    """One normalised column value -> its canonical JSON value (see the docstring)."""
    if value is None:
        return None
    if kind[0] == "decimal":
        return decimal_text(value, kind[1])
    if kind[0] == "map":
        pairs = value.items() if isinstance(value, dict) else value
        return [[canonical(k, ("plain",)), canonical(v, ("plain",))] for k, v in sorted(pairs)]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [canonical(v, ("plain",)) for v in value]
    if isinstance(value, str):
        return value
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    raise OracleError(f"no canonical form for {type(value).__name__} {value!r}")


def decimal_text(value, scale):
    """Plain decimal text with exactly `scale` fractional digits; refuses to round."""
    d = decimal.Decimal(str(value)) if not isinstance(value, decimal.Decimal) else value
    q = d.quantize(decimal.Decimal(1).scaleb(-scale))
    if q != d:
        raise OracleError(f"decimal {d} has more than {scale} fractional digits")
    return format(q, "f")


def canonical_rows(names, kinds, columns):
    """Sorted canonical row texts of equal-length columns."""
    count = len(columns[0]) if columns else 0
    rows = []
    for i in range(count):
        values = [canonical(columns[c][i], kinds[c]) for c in range(len(names))]
        rows.append(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
    rows.sort()
    return rows


def summarize(names, kinds, columns, want_rows):
    """SCAN_RESULT of normalised columns: count, exact decimal sums, timestamp min/max."""
    count = len(columns[0]) if columns else 0
    out = {"count": count, "sums": {}, "min": {}, "max": {}}
    for name, kind, values in zip(names, kinds, columns):
        present = [v for v in values if v is not None]
        if kind[0] == "decimal":
            total = sum((decimal.Decimal(v) for v in present), decimal.Decimal(0))
            out["sums"][name] = decimal_text(total, kind[1])
        elif kind[0] == "timestamp":
            out["min"][name] = str(min(present)) if present else None
            out["max"][name] = str(max(present)) if present else None
    if want_rows:
        out["rows"] = canonical_rows(names, kinds, columns)
    return out


# --- pyiceberg ----------------------------------------------------------------------------------


def open_catalog(request):
    from pyiceberg.catalog.sql import SqlCatalog

    cat = request.get("catalog")
    if not isinstance(cat, dict) or "uri" not in cat or "warehouse" not in cat:
        raise OracleError('"catalog" must be {"uri", "warehouse", "name"?}')
    return SqlCatalog(cat.get("name", "k2"), uri=cat["uri"], warehouse=cat["warehouse"])


def summary_of(summary):
    if summary is None:
        return {}
    out = {"operation": summary.operation.value}
    out.update({k: str(v) for k, v in summary.additional_properties.items()})
    return out


def snapshot_json(s):
    summary = summary_of(s.summary)
    return {
        "snapshot_id": str(s.snapshot_id),
        "parent_snapshot_id": None if s.parent_snapshot_id is None else str(s.parent_snapshot_id),
        "sequence_number": str(s.sequence_number),
        "timestamp_ms": str(s.timestamp_ms),
        "operation": summary.get("operation"),
        "summary": summary,
    }


def arrow_columns(table):
    """An Arrow table -> (names, kinds, normalised Python columns)."""
    import pyarrow as pa

    names, kinds, columns = [], [], []
    for field, column in zip(table.schema, table.columns):
        t = field.type
        if pa.types.is_timestamp(t):
            if t.unit != "us":
                raise OracleError(f"column {field.name}: timestamp unit {t.unit}, expected us")
            kinds.append(("timestamp",))
            values = column.cast(pa.int64()).to_pylist()
        elif pa.types.is_decimal(t):
            kinds.append(("decimal", t.scale))
            values = column.to_pylist()
        elif pa.types.is_map(t):
            kinds.append(("map",))
            values = column.to_pylist()
        else:
            kinds.append(("plain",))
            values = column.to_pylist()
        names.append(field.name)
        columns.append(values)
    return names, kinds, columns


def read_pyiceberg(request):
    catalog = open_catalog(request)
    table = catalog.load_table(request["table"])
    results = []
    for scan_request in request.get("scans", []):
        kwargs = {}
        if scan_request.get("snapshot_id") is not None:
            kwargs["snapshot_id"] = int(scan_request["snapshot_id"])
        if scan_request.get("row_filter") is not None:
            kwargs["row_filter"] = scan_request["row_filter"]
        scan = table.scan(**kwargs)
        names, kinds, columns = arrow_columns(scan.to_arrow())
        result = summarize(names, kinds, columns, bool(scan_request.get("rows")))
        if scan_request.get("files"):
            result["files"] = sorted(task.file.file_path for task in scan.plan_files())
        results.append(result)
    current = table.metadata.current_snapshot_id
    return {
        "metadata_location": table.metadata_location,
        "current_snapshot_id": None if current is None else str(current),
        "snapshots": [snapshot_json(s) for s in table.metadata.snapshots],
        "scans": results,
    }


def arrow_value(field_type, value):
    """A request value -> what pyarrow.array takes for `field_type`."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_timestamp(field_type) or pa.types.is_integer(field_type):
        return int(value)
    if pa.types.is_decimal(field_type):
        return decimal.Decimal(str(value))
    if pa.types.is_map(field_type):
        pairs = value.items() if isinstance(value, dict) else value
        return [
            (arrow_value(field_type.key_type, k), arrow_value(field_type.item_type, v))
            for k, v in pairs
        ]
    if pa.types.is_list(field_type) or pa.types.is_large_list(field_type):
        return [arrow_value(field_type.value_type, v) for v in value]
    return value


def append_pyiceberg(request):
    import pyarrow as pa
    from pyiceberg.manifest import ManifestEntryStatus

    catalog = open_catalog(request)
    table = catalog.load_table(request["table"])
    schema = table.schema().as_arrow()
    rows = request.get("rows")
    if not isinstance(rows, list) or not rows:
        raise OracleError('"rows" must be a non-empty array')
    for row in rows:
        unknown = set(row) - set(schema.names)
        if unknown:
            raise OracleError(f"row has columns the table lacks: {sorted(unknown)}")
    arrays = [
        pa.array([arrow_value(f.type, row.get(f.name)) for row in rows], type=f.type)
        for f in schema
    ]
    table.append(pa.Table.from_arrays(arrays, schema=schema))
    table = catalog.load_table(request["table"])
    snapshot = table.current_snapshot()
    added = []
    for manifest in snapshot.manifests(table.io):
        for entry in manifest.fetch_manifest_entry(table.io, discard_deleted=True):
            if (
                entry.status == ManifestEntryStatus.ADDED
                and entry.snapshot_id == snapshot.snapshot_id
            ):
                f = entry.data_file
                partition = [f.partition[i] for i in range(len(f.partition))]
                added.append(
                    {
                        "path": f.file_path,
                        "record_count": str(f.record_count),
                        "partition": [None if v is None else str(v) for v in partition],
                    }
                )
    out = snapshot_json(snapshot)
    return {
        "snapshot_id": out["snapshot_id"],
        "parent_snapshot_id": out["parent_snapshot_id"],
        "sequence_number": out["sequence_number"],
        "metadata_location": table.metadata_location,
        "summary": out["summary"],
        "added_files": sorted(added, key=lambda f: f["path"]),
    }


# --- DuckDB -------------------------------------------------------------------------------------


def extension_path(package):
    """The `.duckdb_extension` file shipped in the PyPI wheel `package` for this DuckDB version."""
    import duckdb

    try:
        module = __import__(package)
    except ImportError as err:
        raise OracleError(f"{package} is not installed: {err}") from None
    base = os.path.dirname(module.__file__)
    pattern = os.path.join(base, "extensions", f"v{duckdb.__version__}", "*.duckdb_extension")
    found = glob.glob(pattern)
    if len(found) != 1:
        raise OracleError(f"{package}: no extension file for DuckDB {duckdb.__version__} in {base}")
    return found[0]


def open_duckdb():
    import duckdb

    # The wheels' extension files are not signed by the DuckDB build we load them into; avro
    # first, because the iceberg extension reads manifests through it.
    conn = duckdb.connect(
        config={"allow_unsigned_extensions": "true", "autoinstall_known_extensions": "false"}
    )
    conn.execute(f"LOAD {sql_string(extension_path('duckdb_extension_avro'))}")
    conn.execute(f"LOAD {sql_string(extension_path('duckdb_extension_iceberg'))}")
    return conn


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name):
    return '"' + name.replace('"', '""') + '"'


def read_duckdb(request):
    conn = open_duckdb()
    location = sql_string(request["metadata_location"])
    snapshots = [
        {"snapshot_id": sid, "sequence_number": seq, "operation": op}
        for sid, seq, op in conn.execute(
            "SELECT snapshot_id::VARCHAR, sequence_number::VARCHAR, operation "
            f"FROM iceberg_snapshots({location}) ORDER BY sequence_number"
        ).fetchall()
    ]
    results = []
    for scan_request in request.get("scans", []):
        source = f"iceberg_scan({location}"
        if scan_request.get("snapshot_id") is not None:
            source += f", snapshot_from_id => {int(scan_request['snapshot_id'])}"
        source += ")"
        where = f" WHERE {scan_request['where']}" if scan_request.get("where") else ""
        described = conn.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        names, kinds, selects, aggregates = [], [], [], ["count(*)"]
        for column_name, column_type, *_ in described:
            col = sql_ident(column_name)
            names.append(column_name)
            if column_type.startswith("TIMESTAMP"):
                kinds.append(("timestamp",))
                selects.append(f"epoch_us({col})")
                aggregates += [f"min(epoch_us({col}))", f"max(epoch_us({col}))"]
            elif column_type.startswith("DECIMAL"):
                scale = int(column_type.rstrip(")").split(",")[1])
                kinds.append(("decimal", scale))
                selects.append(col)
                aggregates.append(f"sum({col})::VARCHAR")
            elif column_type.startswith("MAP("):
                kinds.append(("map",))
                selects.append(f"map_keys({col}), map_values({col})")
            else:
                kinds.append(("plain",))
                selects.append(col)
        agg = conn.execute(f"SELECT {', '.join(aggregates)} FROM {source}{where}").fetchone()
        result = {"count": agg[0], "sums": {}, "min": {}, "max": {}}
        i = 1
        for name, kind in zip(names, kinds):
            if kind[0] == "timestamp":
                result["min"][name] = None if agg[i] is None else str(agg[i])
                result["max"][name] = None if agg[i + 1] is None else str(agg[i + 1])
                i += 2
            elif kind[0] == "decimal":
                total = decimal.Decimal(0) if agg[i] is None else decimal.Decimal(agg[i])
                result["sums"][name] = decimal_text(total, kind[1])
                i += 1
        if scan_request.get("rows"):
            fetched = conn.execute(f"SELECT {', '.join(selects)} FROM {source}{where}").fetchall()
            columns = [[] for _ in names]
            for record in fetched:
                j = 0
                for c, kind in enumerate(kinds):
                    if kind[0] == "map":
                        keys, values = record[j], record[j + 1]
                        columns[c].append(None if keys is None else list(zip(keys, values)))
                        j += 2
                    else:
                        columns[c].append(record[j])
                        j += 1
            result["rows"] = canonical_rows(names, kinds, columns)
        results.append(result)
    return {"snapshots": snapshots, "scans": results}


# --- versions -----------------------------------------------------------------------------------


def versions(_request):
    from importlib import metadata

    found = {}
    for package in ("pyiceberg", "pyarrow", "duckdb"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            raise OracleError(f"{package} is not installed") from None
    try:
        # Only `append-pyiceberg` needs it: pyiceberg computes day(timestamp) partitions with it.
        found["pyiceberg_core"] = metadata.version("pyiceberg-core")
    except metadata.PackageNotFoundError:
        found["pyiceberg_core"] = None
    found["extensions"] = {
        "avro": extension_path("duckdb_extension_avro"),
        "iceberg": extension_path("duckdb_extension_iceberg"),
    }
    return found


MODES = {
    "versions": versions,
    "read-pyiceberg": read_pyiceberg,
    "read-duckdb": read_duckdb,
    "append-pyiceberg": append_pyiceberg,
}


def main():
    try:
        # UTF-8 both ways whatever the locale: canonical rows carry non-ASCII text unescaped.
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        mode = MODES.get(request.get("mode"))
        if mode is None:
            raise OracleError(f"unknown mode {request.get('mode')!r}")
        write(mode(request))
    except Exception as err:  # noqa: BLE001 - every failure is reported as JSON
        write({"error": f"{type(err).__name__}: {err}"})
        sys.exit(1)


def write(response):
    sys.stdout.buffer.write(json.dumps(response, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
