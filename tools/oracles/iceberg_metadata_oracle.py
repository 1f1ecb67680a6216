#!/usr/bin/env python3
"""Iceberg table-metadata oracle: pyiceberg's independent reading and writing of metadata JSON.

K2's TypeScript spec layer (libs/iceberg/src/spec) is checked against it: pyiceberg shares no code
with ours, so agreement on parsed ids, schemas, specs, sort orders, transforms and partition paths
means both follow the Iceberg spec.

One JSON request on stdin, one JSON response on stdout; on failure {"error": "..."} on stdout and
exit status 1. Every 64-bit value in a response (snapshot ids, sequence numbers, timestamps) is a
decimal string, so a JSON reader without big integers loses nothing.

Requests:
  {"mode": "read", "path": PATH, "partition_values": [[V, ...], ...]}
    Parses the metadata file with TableMetadataUtil.parse_raw (pydantic validation) and returns
    {"format_version", "table_uuid", "location", "last_sequence_number", "last_updated_ms",
     "last_column_id", "current_schema_id", "default_spec_id", "last_partition_id",
     "default_sort_order_id", "current_snapshot_id" (or null), "properties",
     "schemas", "partition_specs", "sort_orders" (pyiceberg's own JSON dumps of each),
     "snapshots": [{"snapshot_id", "parent_snapshot_id", "sequence_number", "timestamp_ms",
                    "manifest_list", "summary", "schema_id"}],
     "refs": {NAME: {"snapshot_id", "type"}}, "snapshot_log", "metadata_log",
     "current_snapshot_id_via_refs", "partition_type" (the default spec's partition struct),
     "partition_paths": [partition_to_path of each tuple in partition_values]}.
  {"mode": "transforms", "cases": [{"transform": T, "type": TYPE, "value": V}]}
    -> {"results": [{"value": R, "human": H}]}: pyiceberg's transform of V and its
       to_human_string. Values: integers for int/long/date/time/timestamps, decimal text for
       decimals (quantized to the type's scale), strings, UUID text, hex for binary/fixed;
       results likewise, with integers as strings and decimals in plain notation.
  {"mode": "new", "schema": JSON, "spec": JSON, "sort_order": JSON, "location": L,
   "properties": {...}, "table_uuid": U, "snapshots": [{"snapshot_id": "N", "parent_snapshot_id":
   "N"|null, "sequence_number": "N", "timestamp_ms": "N", "manifest_list": L, "summary": {...}}]}
    -> {"metadata": TEXT}: new_table_metadata(...) (which assigns fresh ids), then each snapshot
       added and made main's head with update_table_metadata, dumped with model_dump_json().
"""

import decimal
import json
import sys
import uuid

from pyiceberg.partitioning import PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.table.metadata import TableMetadataUtil, new_table_metadata
from pyiceberg.table.refs import SnapshotRefType
from pyiceberg.table.snapshots import Operation, Snapshot, Summary
from pyiceberg.table.sorting import SortOrder
from pyiceberg.table.update import AddSnapshotUpdate, SetSnapshotRefUpdate, update_table_metadata
from pyiceberg.transforms import parse_transform
from pyiceberg.typedef import Record
from pyiceberg.types import (
    BinaryType,
    DateType,
    DecimalType,
    FixedType,
    IntegerType,
    LongType,
    StringType,
    TimestampType,
    TimestamptzType,
    TimeType,
    UUIDType,
)


class OracleError(Exception):
    """A request the oracle refuses; reported as {"error": ...}."""


def string_or_none(value):
    return None if value is None else str(value)


def read(request):
    with open(request["path"], encoding="utf-8") as f:
        md = TableMetadataUtil.parse_raw(f.read())
    schema = md.schema()
    spec = md.spec()
    main = md.snapshot_by_name("main")
    return {
        "format_version": md.format_version,
        "table_uuid": str(md.table_uuid),
        "location": md.location,
        "last_sequence_number": str(md.last_sequence_number),
        "last_updated_ms": str(md.last_updated_ms),
        "last_column_id": md.last_column_id,
        "current_schema_id": md.current_schema_id,
        "default_spec_id": md.default_spec_id,
        "last_partition_id": md.last_partition_id,
        "default_sort_order_id": md.default_sort_order_id,
        "current_snapshot_id": string_or_none(md.current_snapshot_id),
        "current_snapshot_id_via_refs": string_or_none(main.snapshot_id if main else None),
        "properties": md.properties,
        "schemas": [json.loads(s.model_dump_json()) for s in md.schemas],
        "partition_specs": [json.loads(s.model_dump_json()) for s in md.partition_specs],
        "sort_orders": [json.loads(o.model_dump_json()) for o in md.sort_orders],
        "snapshots": [
            {
                "snapshot_id": str(s.snapshot_id),
                "parent_snapshot_id": string_or_none(s.parent_snapshot_id),
                "sequence_number": string_or_none(s.sequence_number),
                "timestamp_ms": str(s.timestamp_ms),
                "manifest_list": s.manifest_list,
                "summary": json.loads(s.summary.model_dump_json()) if s.summary else None,
                "schema_id": s.schema_id,
            }
            for s in md.snapshots
        ],
        "refs": {
            name: {"snapshot_id": str(ref.snapshot_id), "type": str(ref.snapshot_ref_type)}
            for name, ref in md.refs.items()
        },
        "snapshot_log": [
            {"snapshot_id": str(e.snapshot_id), "timestamp_ms": str(e.timestamp_ms)}
            for e in md.snapshot_log
        ],
        "metadata_log": [
            {"metadata_file": e.metadata_file, "timestamp_ms": str(e.timestamp_ms)}
            for e in md.metadata_log
        ],
        "partition_type": json.loads(spec.partition_type(schema).model_dump_json()),
        "partition_paths": [
            spec.partition_to_path(Record(*values), schema)
            for values in request.get("partition_values", [])
        ],
    }


def source_type(text):
    simple = {
        "int": IntegerType(),
        "long": LongType(),
        "date": DateType(),
        "time": TimeType(),
        "timestamp": TimestampType(),
        "timestamptz": TimestamptzType(),
        "string": StringType(),
        "uuid": UUIDType(),
        "binary": BinaryType(),
    }
    if text in simple:
        return simple[text]
    if text.startswith("decimal("):
        precision, scale = text[len("decimal(") : -1].split(",")
        return DecimalType(int(precision), int(scale))
    if text.startswith("fixed["):
        return FixedType(int(text[len("fixed[") : -1]))
    raise OracleError(f"unsupported type {text}")


def to_python(iceberg_type, value):
    if isinstance(iceberg_type, DecimalType):
        # Values carry the column's scale, as they do when they come from Arrow or Parquet.
        return decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-iceberg_type.scale))
    if isinstance(iceberg_type, UUIDType):
        return uuid.UUID(value)
    if isinstance(iceberg_type, (BinaryType, FixedType)):
        return bytes.fromhex(value)
    return value


def to_json(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def transforms(request):
    results = []
    for case in request["cases"]:
        iceberg_type = source_type(case["type"])
        transform = parse_transform(case["transform"])
        value = transform.transform(iceberg_type)(to_python(iceberg_type, case["value"]))
        human = transform.to_human_string(transform.result_type(iceberg_type), value)
        results.append({"value": to_json(value), "human": human})
    return {"results": results}


def new(request):
    schema = Schema.model_validate_json(json.dumps(request["schema"]))
    spec = PartitionSpec.model_validate_json(json.dumps(request["spec"]))
    order = SortOrder.model_validate_json(json.dumps(request["sort_order"]))
    md = new_table_metadata(
        schema=schema,
        partition_spec=spec,
        sort_order=order,
        location=request["location"],
        properties=dict(request.get("properties", {})),
        table_uuid=uuid.UUID(request["table_uuid"]),
    )
    for s in request.get("snapshots", []):
        props = dict(s["summary"])
        operation = Operation(props.pop("operation"))
        snapshot = Snapshot(
            **{
                "snapshot-id": int(s["snapshot_id"]),
                "parent-snapshot-id": None
                if s.get("parent_snapshot_id") is None
                else int(s["parent_snapshot_id"]),
                "sequence-number": int(s["sequence_number"]),
                "timestamp-ms": int(s["timestamp_ms"]),
                "manifest-list": s["manifest_list"],
                "summary": Summary(operation, **props),
                "schema-id": md.current_schema_id,
            }
        )
        md = update_table_metadata(
            md,
            (
                AddSnapshotUpdate(snapshot=snapshot),
                SetSnapshotRefUpdate(
                    ref_name="main",
                    type=SnapshotRefType.BRANCH,
                    snapshot_id=snapshot.snapshot_id,
                ),
            ),
        )
    return {"metadata": md.model_dump_json()}


MODES = {"read": read, "transforms": transforms, "new": new}


def main():
    try:
        request = json.load(sys.stdin)
        mode = MODES.get(request.get("mode"))
        if mode is None:
            raise OracleError(f"unknown mode {request.get('mode')!r}")
        json.dump(mode(request), sys.stdout)
    except Exception as err:  # noqa: BLE001 - every failure is reported as JSON
        json.dump({"error": f"{type(err).__name__}: {err}"}, sys.stdout)
        sys.exit(1)


if __name__ == "__main__":
    main()
