#!/usr/bin/env python3
"""Avro oracle: fastavro's independent Avro implementation behind a JSON-over-stdio CLI.

K2's TypeScript codecs (libs/codecs) are checked against it: they share no code with fastavro, so
agreement on canonical forms, fingerprints and bytes means both follow the Avro spec.

One JSON request on stdin, one JSON response on stdout; on failure {"error": "..."} on stdout and
exit status 1.

Value representation (both directions): records as JSON objects, decimals as exact decimal strings
(decode prints them with format(d, 'f'), i.e. with the schema's scale), timestamp-micros as integer
microseconds since the epoch (computed exactly from the datetime, never through a float), bytes as
hex, everything else as JSON has it.

Requests:
  {"mode": "canonical", "schema": PATH}
    -> {"canonical": TEXT, "fingerprint": HEX16}
       HEX16 is fastavro.schema.fingerprint(canonical, 'CRC-64-AVRO'): the 8 fingerprint bytes
       little-endian, as they appear in a single-object header (same as Avro Java).
  {"mode": "decode", "schema": PATH, "framing": "single-object" | "confluent", "messages": [HEX]}
    -> {"messages": [{"record": {...}, "fingerprint": HEX16} | {"record": {...}, "schema_id": N}]}
       single-object: checks the C3 01 marker and that the fingerprint is the schema's;
       confluent: checks the 0x00 magic byte and reports the schema id. Trailing bytes are errors.
  {"mode": "encode", "schema": PATH, "framing": ..., "schema_id": N (confluent), "records": [...]}
    -> {"messages": [HEX]}
"""

import datetime
import decimal
import io
import json
import sys

import fastavro
from fastavro.schema import fingerprint, to_parsing_canonical_form

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
SINGLE_OBJECT_MARKER = b"\xc3\x01"
CONFLUENT_MAGIC = b"\x00"
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


class OracleError(Exception):
    """A request the oracle refuses; reported as {"error": ...}."""


def load_schema(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return raw, fastavro.parse_schema(raw)


def schema_fingerprint(raw):
    return fingerprint(to_parsing_canonical_form(raw), "CRC-64-AVRO")


def micros_of(dt):
    """Exact integer µs since the epoch of an aware datetime (timedelta arithmetic, no float)."""
    delta = dt - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def to_json(value):
    """fastavro's decoded value -> the JSON representation described above."""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise OracleError(f"naive datetime {value!r} from fastavro")
        return micros_of(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, float):
        raise OracleError(f"float {value!r} in a K2 record")
    return value


def from_json(schema, value, named):
    """The JSON representation -> what fastavro's writer takes, walking the schema."""
    if isinstance(schema, str):
        if schema in PRIMITIVES:
            return from_json({"type": schema}, value, named)
        return from_json(named[schema], value, named)
    if isinstance(schema, list):
        if value is None:
            if "null" in schema:
                return None
            raise OracleError("null for a union without null")
        errors = []
        for branch in schema:
            if branch == "null":
                continue
            try:
                return from_json(branch, value, named)
            except (OracleError, TypeError, ValueError, decimal.InvalidOperation) as err:
                errors.append(str(err))
        raise OracleError(f"no union branch takes {value!r}: {errors}")
    kind = schema["type"]
    logical = schema.get("logicalType")
    if "name" in schema and kind in ("record", "enum", "fixed", "error"):
        named[schema["name"]] = schema
    if logical == "decimal" and kind == "bytes":
        if not isinstance(value, str):
            raise OracleError(f"decimal {value!r} must be a string")
        return decimal.Decimal(value)
    if logical == "timestamp-micros" and kind == "long":
        if not isinstance(value, int) or isinstance(value, bool):
            raise OracleError(f"timestamp-micros {value!r} must be an integer")
        return EPOCH + datetime.timedelta(microseconds=value)
    if kind == "record" or kind == "error":
        if not isinstance(value, dict):
            raise OracleError(f"record {schema.get('name')} needs an object, got {value!r}")
        return {
            f["name"]: from_json(f["type"], value[f["name"]], named)
            for f in schema["fields"]
            if f["name"] in value
        }
    if kind == "array":
        if not isinstance(value, list):
            raise OracleError(f"array needs a list, got {value!r}")
        return [from_json(schema["items"], v, named) for v in value]
    if kind == "map":
        if not isinstance(value, dict):
            raise OracleError(f"map needs an object, got {value!r}")
        return {k: from_json(schema["values"], v, named) for k, v in value.items()}
    if kind in ("bytes", "fixed"):
        return bytes.fromhex(value)
    if kind in ("int", "long") and (not isinstance(value, int) or isinstance(value, bool)):
        raise OracleError(f"{kind} needs an integer, got {value!r}")
    if kind == "string" and not isinstance(value, str):
        raise OracleError(f"string needs text, got {value!r}")
    if kind == "boolean" and not isinstance(value, bool):
        raise OracleError(f"boolean needs true/false, got {value!r}")
    if kind == "null" and value is not None:
        raise OracleError(f"null needs null, got {value!r}")
    return value


def canonical(request):
    raw, _ = load_schema(request["schema"])
    return {"canonical": to_parsing_canonical_form(raw), "fingerprint": schema_fingerprint(raw)}


def read_body(parsed, body):
    stream = io.BytesIO(body)
    record = fastavro.schemaless_reader(stream, parsed, None)
    if stream.tell() != len(body):
        raise OracleError(f"{len(body) - stream.tell()} trailing bytes after the record")
    return to_json(record)


def decode(request):
    raw, parsed = load_schema(request["schema"])
    framing = request["framing"]
    expected = schema_fingerprint(raw)
    out = []
    for i, text in enumerate(request["messages"]):
        message = bytes.fromhex(text)
        if framing == "single-object":
            if len(message) < 10 or message[:2] != SINGLE_OBJECT_MARKER:
                raise OracleError(f"message {i}: no single-object marker C3 01")
            found = message[2:10].hex()
            if found != expected:
                raise OracleError(f"message {i}: fingerprint {found}, schema has {expected}")
            out.append({"record": read_body(parsed, message[10:]), "fingerprint": found})
        elif framing == "confluent":
            if len(message) < 5 or message[:1] != CONFLUENT_MAGIC:
                raise OracleError(f"message {i}: no Confluent magic byte 0x00")
            schema_id = int.from_bytes(message[1:5], "big", signed=True)
            out.append({"record": read_body(parsed, message[5:]), "schema_id": schema_id})
        else:
            raise OracleError(f"unknown framing {framing!r}")
    return {"messages": out}


def encode(request):
    raw, parsed = load_schema(request["schema"])
    framing = request["framing"]
    if framing == "single-object":
        header = SINGLE_OBJECT_MARKER + bytes.fromhex(schema_fingerprint(raw))
    elif framing == "confluent":
        header = CONFLUENT_MAGIC + int(request["schema_id"]).to_bytes(4, "big", signed=True)
    else:
        raise OracleError(f"unknown framing {framing!r}")
    out = []
    for record in request["records"]:
        stream = io.BytesIO()
        fastavro.schemaless_writer(stream, parsed, from_json(raw, record, {}))
        out.append((header + stream.getvalue()).hex())
    return {"messages": out}


MODES = {"canonical": canonical, "decode": decode, "encode": encode}


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
