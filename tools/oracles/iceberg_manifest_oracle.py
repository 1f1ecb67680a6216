#!/usr/bin/env python3
"""Iceberg manifest oracle: fastavro and pyiceberg read and write manifests and manifest lists.

K2 writes Iceberg manifests and manifest lists itself (libs/iceberg/src/spec). This script lets
tests check them against two implementations that share no code with ours: fastavro reads the
files as plain Avro (header, blocks, codec, records, and the Iceberg ids in the header schema),
pyiceberg reads them as Iceberg does when it plans a scan (projection by field id, sequence
number inheritance), and pyiceberg writes manifests for our reader.

One JSON request on stdin, one JSON response on stdout; on failure {"error": "..."} on stdout and
exit status 1.

Values in responses: every integer as a decimal string (64-bit ids exceed what a JS number holds),
bytes as hex, dates as days since the epoch, timestamps as µs since the epoch, decimals as text,
UUIDs in their hyphenated form, booleans and null as JSON has them. In requests, integers may be
JSON numbers or decimal strings, bytes are hex.

Requests:
  {"mode": "fastavro-read", "path": PATH}
    -> {"metadata": {KEY: TEXT}, "records": [...],
        "ids": {DOTTED_PATH: ID}, "missing_ids": [DOTTED_PATH]}
       ids walks the header schema: record fields give "a.b" -> field-id, arrays "a.element" ->
       element-id, int-keyed maps (arrays of k/v records) "a.key"/"a.value" -> the k/v fields' ids,
       Avro maps "a.key"/"a.value" -> key-id/value-id. missing_ids lists the paths without an id.
  {"mode": "pyiceberg-read", "manifest_list": PATH}
    -> {"manifests": [{MANIFEST_FILE_FIELDS..., "entries": [ENTRY]}]}
       read_manifest_list, then ManifestFile.fetch_manifest_entry(PyArrowFileIO(),
       discard_deleted=False), which applies sequence number inheritance. ENTRY has status,
       snapshot_id, sequence_number, file_sequence_number and data_file (every v2 field; partition
       as the list of values in partition field order; maps as {COLUMN_ID: VALUE}).
  {"mode": "pyiceberg-write", "dir": DIR, "schema": SCHEMA_JSON_TEXT, "spec": SPEC_JSON_TEXT,
   "snapshot_id": INT, "parent_snapshot_id": INT|null, "sequence_number": INT, "codec": CODEC,
   "entries": [ENTRY]}
    -> {"manifest": PATH, "manifest_list": PATH}
       write_manifest (v2) with the entries (partition values as a list, in partition field
       order), then write_manifest_list (v2) holding that one manifest.
"""

import datetime
import decimal
import enum
import json
import os
import sys
import uuid
from collections.abc import Mapping

import fastavro
from pyiceberg.io.pyarrow import PyArrowFileIO
from pyiceberg.manifest import (
    DataFile,
    DataFileContent,
    FileFormat,
    ManifestEntry,
    ManifestEntryStatus,
    read_manifest_list,
    write_manifest,
    write_manifest_list,
)
from pyiceberg.partitioning import PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.typedef import Record
from pyiceberg.types import (
    DateType,
    IntegerType,
    LongType,
    TimestampType,
    TimestamptzType,
    TimeType,
)

INTEGER_TYPES = (IntegerType, LongType, DateType, TimeType, TimestampType, TimestamptzType)

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EPOCH_DAY = datetime.date(1970, 1, 1)


class OracleError(Exception):
    """A request the oracle refuses; reported as {"error": ...}."""


def micros_of(dt):
    """Exact integer µs since the epoch (timedelta arithmetic, no float)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    delta = dt - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def to_json(value):
    """A decoded value -> the response representation described above."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return str(micros_of(value))
    if isinstance(value, datetime.date):
        return str((value - EPOCH_DAY).days)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Record):
        return [to_json(value[i]) for i in range(len(value))]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    raise OracleError(f"cannot represent {type(value).__name__} {value!r}")


def collect_ids(schema, path, ids, missing, named):
    """Walks an Avro schema (JSON form) and records the Iceberg id of every nested position."""
    if isinstance(schema, list):
        for branch in schema:
            if branch != "null":
                collect_ids(branch, path, ids, missing, named)
        return
    if isinstance(schema, str):
        if schema in named:
            collect_ids(named[schema], path, ids, missing, named)
        return
    kind = schema.get("type")
    if isinstance(kind, (dict, list)):
        collect_ids(kind, path, ids, missing, named)
        return
    if kind in ("record", "fixed", "enum") and "name" in schema:
        named[schema["name"]] = schema
    if kind == "record":
        for field in schema["fields"]:
            child = f"{path}.{field['name']}" if path else field["name"]
            field_id = field.get("field-id")
            if isinstance(field_id, int) and not isinstance(field_id, bool):
                ids[child] = field_id
            else:
                missing.append(child)
            collect_ids(field["type"], child, ids, missing, named)
    elif kind == "array" and schema.get("logicalType") == "map":
        record = schema["items"]
        if isinstance(record, str):
            record = named[record]
        key, value = record["fields"]
        for name, field in (("key", key), ("value", value)):
            field_id = field.get("field-id")
            if isinstance(field_id, int) and not isinstance(field_id, bool):
                ids[f"{path}.{name}"] = field_id
            else:
                missing.append(f"{path}.{name}")
            collect_ids(field["type"], f"{path}.{name}", ids, missing, named)
    elif kind == "array":
        element_id = schema.get("element-id")
        if isinstance(element_id, int) and not isinstance(element_id, bool):
            ids[f"{path}.element"] = element_id
        else:
            missing.append(f"{path}.element")
        collect_ids(schema["items"], f"{path}.element", ids, missing, named)
    elif kind == "map":
        for name in ("key", "value"):
            attr = schema.get(f"{name}-id")
            if isinstance(attr, int) and not isinstance(attr, bool):
                ids[f"{path}.{name}"] = attr
            else:
                missing.append(f"{path}.{name}")
        collect_ids(schema["values"], f"{path}.value", ids, missing, named)


def fastavro_read(request):
    with open(request["path"], "rb") as f:
        reader = fastavro.reader(f)
        metadata = {
            k: v.decode() if isinstance(v, bytes) else v for k, v in reader.metadata.items()
        }
        records = [to_json(r) for r in reader]
    raw_schema = json.loads(metadata["avro.schema"])
    ids, missing = {}, []
    collect_ids(raw_schema, "", ids, missing, {})
    return {"metadata": metadata, "records": records, "ids": ids, "missing_ids": missing}


def data_file_json(df):
    return {
        "content": to_json(df.content),
        "file_path": df.file_path,
        "file_format": to_json(df.file_format),
        "partition": to_json(df.partition),
        "record_count": to_json(df.record_count),
        "file_size_in_bytes": to_json(df.file_size_in_bytes),
        "column_sizes": to_json(df.column_sizes),
        "value_counts": to_json(df.value_counts),
        "null_value_counts": to_json(df.null_value_counts),
        "nan_value_counts": to_json(df.nan_value_counts),
        "lower_bounds": to_json(df.lower_bounds),
        "upper_bounds": to_json(df.upper_bounds),
        "key_metadata": to_json(df.key_metadata),
        "split_offsets": to_json(df.split_offsets),
        "equality_ids": to_json(df.equality_ids),
        "sort_order_id": to_json(df.sort_order_id),
        "spec_id": to_json(df.spec_id),
    }


MANIFEST_FILE_FIELDS = (
    "manifest_path",
    "manifest_length",
    "partition_spec_id",
    "content",
    "sequence_number",
    "min_sequence_number",
    "added_snapshot_id",
    "added_files_count",
    "existing_files_count",
    "deleted_files_count",
    "added_rows_count",
    "existing_rows_count",
    "deleted_rows_count",
    "partitions",
    "key_metadata",
)
SUMMARY_FIELDS = ("contains_null", "contains_nan", "lower_bound", "upper_bound")


def pyiceberg_read(request):
    io = PyArrowFileIO()
    out = []
    for manifest in read_manifest_list(io.new_input(request["manifest_list"])):
        item = {name: to_json(getattr(manifest, name)) for name in MANIFEST_FILE_FIELDS}
        if manifest.partitions is not None:
            item["partitions"] = [
                {name: to_json(getattr(summary, name)) for name in SUMMARY_FIELDS}
                for summary in manifest.partitions
            ]
        item["entries"] = [
            {
                "status": to_json(entry.status),
                "snapshot_id": to_json(entry.snapshot_id),
                "sequence_number": to_json(entry.sequence_number),
                "file_sequence_number": to_json(entry.file_sequence_number),
                "data_file": data_file_json(entry.data_file),
            }
            for entry in manifest.fetch_manifest_entry(io, discard_deleted=False)
        ]
        out.append(item)
    return {"manifests": out}


def opt_int(value):
    return None if value is None else int(value)


def opt_int_list(value):
    return None if value is None else [int(v) for v in value]


def int_map(value, convert):
    return None if value is None else {int(k): convert(v) for k, v in value.items()}


def build_data_file(spec, partition_type):
    partition = [
        int(value) if value is not None and isinstance(field.field_type, INTEGER_TYPES) else value
        for field, value in zip(partition_type.fields, spec["partition"], strict=True)
    ]
    return DataFile.from_args(
        content=DataFileContent(int(spec.get("content", 0))),
        file_path=spec["file_path"],
        file_format=FileFormat(spec.get("file_format", "PARQUET")),
        partition=Record(*partition),
        record_count=int(spec["record_count"]),
        file_size_in_bytes=int(spec["file_size_in_bytes"]),
        column_sizes=int_map(spec.get("column_sizes"), int),
        value_counts=int_map(spec.get("value_counts"), int),
        null_value_counts=int_map(spec.get("null_value_counts"), int),
        nan_value_counts=int_map(spec.get("nan_value_counts"), int),
        lower_bounds=int_map(spec.get("lower_bounds"), bytes.fromhex),
        upper_bounds=int_map(spec.get("upper_bounds"), bytes.fromhex),
        key_metadata=None,
        split_offsets=opt_int_list(spec.get("split_offsets")),
        equality_ids=None,
        sort_order_id=opt_int(spec.get("sort_order_id")),
    )


def pyiceberg_write(request):
    schema = Schema.model_validate_json(request["schema"])
    spec = PartitionSpec.model_validate_json(request["spec"])
    partition_type = spec.partition_type(schema)
    io = PyArrowFileIO()
    snapshot_id = int(request["snapshot_id"])
    codec = request.get("codec", "deflate")
    manifest_path = os.path.join(request["dir"], "pyiceberg-m0.avro")
    list_path = os.path.join(request["dir"], "pyiceberg-snap.avro")
    output = io.new_output(manifest_path)
    with write_manifest(2, spec, schema, output, snapshot_id, codec) as writer:
        for entry in request["entries"]:
            writer.add_entry(
                ManifestEntry.from_args(
                    status=ManifestEntryStatus(int(entry["status"])),
                    snapshot_id=opt_int(entry.get("snapshot_id")),
                    sequence_number=opt_int(entry.get("sequence_number")),
                    file_sequence_number=opt_int(entry.get("file_sequence_number")),
                    data_file=build_data_file(entry["data_file"], partition_type),
                )
            )
    manifest_file = writer.to_manifest_file()
    with write_manifest_list(
        2,
        io.new_output(list_path),
        snapshot_id,
        opt_int(request.get("parent_snapshot_id")),
        int(request["sequence_number"]),
        codec,
    ) as list_writer:
        list_writer.add_manifests([manifest_file])
    return {"manifest": manifest_path, "manifest_list": list_path}


MODES = {
    "fastavro-read": fastavro_read,
    "pyiceberg-read": pyiceberg_read,
    "pyiceberg-write": pyiceberg_write,
}


def main():
    try:
        request = json.load(sys.stdin)
        mode = MODES.get(request.get("mode"))
        if mode is None:
            raise OracleError(f"unknown mode {request.get('mode')!r}; one of {sorted(MODES)}")
        response = mode(request)
    except Exception as err:  # noqa: BLE001 - every failure becomes one JSON error line
        json.dump({"error": f"{type(err).__name__}: {err}"}, sys.stdout)
        sys.stdout.write("\n")
        return 1
    json.dump(response, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
