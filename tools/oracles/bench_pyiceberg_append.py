#!/usr/bin/env python3
"""pyiceberg side of the Iceberg append benchmark (tools/bench, `npm run bench:iceberg-append`).

The benchmark appends the same generated trades to `market_data.trades_v2` with K2's writer and
with pyiceberg, each in a fresh warehouse whose table K2's `ensureTable` created (same schema,
partition spec, sort order and properties, zstd included), through the SQLite catalog both share
(`SqlCatalog("k2", uri="sqlite:///<wh>/catalog.db", warehouse="file://<wh>")`).

Three subcommands, each printing one JSON object on stdout (on failure {"error": "..."} and exit
status 1). Integers that may exceed 2^53 (sums) are decimal strings.

  prepare --warehouse WH --ndjson FILE --out FILE.arrow
      Reads the trades K2 generated (NDJSON: decimals as strings with 8 fractional digits,
      timestamps as integer µs, vendor_data as an object), builds a pa.Table with exactly the
      table's Arrow schema (`table.schema().as_arrow()`, field ids included) and writes it as an
      uncompressed Arrow IPC file, so that each timed run loads its input cheaply and losslessly.
      -> {"rows", "seconds", "checksums"}
  append --warehouse WH --input FILE.arrow
      Loads the IPC file fully into memory and checks its schema against the table's (not timed),
      then times exactly one `table.append(arrow_table)`. The data-file part is timed by wrapping
      pyiceberg's `_dataframe_to_data_files` (which `Transaction.append` imports at call time);
      the rest is the commit (manifest, manifest list, metadata, catalog swap).
      -> {"seconds", "write_seconds", "commit_seconds", "files", "total_records",
          "cpu_seconds", "main_thread_seconds", "rss_before_bytes", "peak_rss_bytes", "versions"}
      cpu_seconds is the process's CPU time (all threads: pyarrow's writers too), main_thread_seconds
      the calling thread's (`time.thread_time()`).
  verify --warehouse WH
      Reads the table back with pyiceberg: `scan().count()`, the current snapshot's summary and
      the checksums of every row (`scan().to_arrow()`), for the benchmark to compare with the
      checksums of the generated trades (tools/bench/src/trade-checksums.ts, same fields).
      -> {"scan_count", "summary", "checksums"}
"""

import argparse
import importlib.metadata
import json
import os
import resource
import sys
import time
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pyiceberg
import pyiceberg.io.pyarrow as pyiceberg_pyarrow
from pyiceberg.catalog.sql import SqlCatalog

TABLE = ("market_data", "trades_v2")
SCALE = 8


def load_table(warehouse):
    warehouse = os.path.abspath(warehouse)
    catalog = SqlCatalog("k2", uri=f"sqlite:///{warehouse}/catalog.db", warehouse=f"file://{warehouse}")
    return catalog.load_table(TABLE)


def checksums(tbl):
    """The fields of TradeChecksums (trade-checksums.ts) for an Arrow table of trades."""

    def exact_sum(column, scale=0):
        total = pc.sum(pc.cast(column, pa.decimal128(38, scale))).as_py()
        return str(int((total or Decimal(0)).scaleb(scale)))

    def as_int64(column):
        return pc.cast(column, pa.int64())

    # A map array is a list array of entries (no compute kernel takes maps): count by offsets.
    entries = sum(c.offsets[-1].as_py() - c.offsets[0].as_py() for c in tbl["vendor_data"].chunks)
    return {
        "rows": tbl.num_rows,
        "distinct_message_ids": pc.count_distinct(tbl["message_id"]).as_py(),
        "price_unscaled_sum": exact_sum(tbl["price"], SCALE),
        "quantity_unscaled_sum": exact_sum(tbl["quantity"], SCALE),
        "timestamp_sum": exact_sum(as_int64(tbl["timestamp"])),
        "ingestion_timestamp_sum": exact_sum(as_int64(tbl["ingestion_timestamp"])),
        "source_sequence_sum": exact_sum(tbl["source_sequence"]),
        "vendor_data_entries": entries,
    }


def column_array(field, values):
    """One column of the NDJSON rows as an Arrow array of exactly `field.type`."""
    t = field.type
    if pa.types.is_decimal(t):
        # Arrow parses decimal text exactly (no float in between); 8 fractional digits fit scale 8.
        return pa.array(values, pa.large_string()).cast(t)
    if pa.types.is_timestamp(t):
        return pa.array(values, pa.int64()).cast(t)
    if pa.types.is_map(t):
        return pa.array([None if v is None else list(v.items()) for v in values], type=t)
    return pa.array(values, type=t)


def prepare(args):
    started = time.perf_counter()
    schema = load_table(args.warehouse).schema().as_arrow()
    rows = []
    with open(args.ndjson, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    arrays = [column_array(field, [row[field.name] for row in rows]) for field in schema]
    tbl = pa.Table.from_arrays(arrays, schema=schema)
    with pa.OSFile(args.out, "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        writer.write_table(tbl, max_chunksize=128 * 1024)
    return {"rows": tbl.num_rows, "seconds": time.perf_counter() - started, "checksums": checksums(tbl)}


def rss_bytes():
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def append(args):
    table = load_table(args.warehouse)
    with pa.OSFile(args.input, "rb") as source:
        arrow_table = pa.ipc.open_file(source).read_all()
    expected = table.schema().as_arrow()
    if not arrow_table.schema.equals(expected, check_metadata=True):
        raise ValueError(f"input schema differs from the table's:\n{arrow_table.schema}\n!=\n{expected}")

    write_seconds = 0.0
    original = pyiceberg_pyarrow._dataframe_to_data_files

    def timed_data_files(*a, **kw):
        nonlocal write_seconds
        t0 = time.perf_counter()
        try:
            return list(original(*a, **kw))
        finally:
            write_seconds += time.perf_counter() - t0

    pyiceberg_pyarrow._dataframe_to_data_files = timed_data_files
    rss_before = rss_bytes()
    cpu_before = time.process_time()
    thread_before = time.thread_time()
    started = time.perf_counter()
    table.append(arrow_table)
    seconds = time.perf_counter() - started
    main_thread_seconds = time.thread_time() - thread_before
    cpu_seconds = time.process_time() - cpu_before
    pyiceberg_pyarrow._dataframe_to_data_files = original

    summary = table.current_snapshot().summary
    return {
        "seconds": seconds,
        "write_seconds": write_seconds,
        "commit_seconds": seconds - write_seconds,
        "cpu_seconds": cpu_seconds,
        "main_thread_seconds": main_thread_seconds,
        "files": int(summary["added-data-files"]),
        "total_records": int(summary["total-records"]),
        "rss_before_bytes": rss_before,
        # Linux reports ru_maxrss in KiB.
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "versions": {
            "python": sys.version.split()[0],
            "pyiceberg": pyiceberg.__version__,
            "pyarrow": pa.__version__,
            # pyiceberg computes partition transforms (here day(timestamp)) with pyiceberg-core.
            "pyicebergCore": importlib.metadata.version("pyiceberg-core"),
        },
    }


def verify(args):
    table = load_table(args.warehouse)
    snapshot = table.current_snapshot()
    scan = table.scan()
    return {
        "scan_count": scan.count(),
        "summary": {} if snapshot is None else dict(snapshot.summary.additional_properties)
        | {"operation": str(snapshot.summary.operation.value)},
        "checksums": checksums(scan.to_arrow()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--warehouse", required=True)
    p.add_argument("--ndjson", required=True)
    p.add_argument("--out", required=True)
    a = sub.add_parser("append")
    a.add_argument("--warehouse", required=True)
    a.add_argument("--input", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--warehouse", required=True)
    args = parser.parse_args()
    try:
        result = {"prepare": prepare, "append": append, "verify": verify}[args.command](args)
    except Exception as e:  # noqa: BLE001 - reported to the benchmark as data
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        sys.exit(1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
