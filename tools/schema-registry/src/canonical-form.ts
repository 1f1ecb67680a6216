const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'])
const NAMED_TYPES = new Set(['record', 'error', 'enum', 'fixed'])

/**
 * The identity of a schema for id assignment and lookups: two texts get the same id exactly when
 * this string is equal. Upstream compares Avro's `Schema.toString()`, which ignores whitespace,
 * attribute order, `{"type":"string"}` vs `"string"` and how a full name is spelled, but keeps every
 * attribute. That is why this is not the Avro Parsing Canonical Form: it would give
 * `{"type":"bytes","logicalType":"decimal",...}` the id of plain `"bytes"`, and a decoder fetching
 * that id would lose the decimal. Expects a schema that already parsed.
 */
export function canonicalForm(schema: unknown): string {
  return JSON.stringify(normalize(schema, ''))
}

function normalize(schema: unknown, namespace: string): unknown {
  if (typeof schema === 'string')
    return PRIMITIVES.has(schema) ? schema : qualify(schema, namespace)
  if (Array.isArray(schema)) return schema.map((branch) => normalize(branch, namespace))
  if (!isObject(schema)) return schema
  const type = schema['type']
  // `{"type": X}` with nothing else is X itself (a primitive, a named reference or a nested type).
  if (Object.keys(schema).length === 1) return normalize(type, namespace)
  if (typeof type === 'string' && NAMED_TYPES.has(type)) return normalizeNamed(schema, namespace)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key]
    const isChildType =
      key === 'type' ||
      (key === 'items' && type === 'array') ||
      (key === 'values' && type === 'map')
    out[key] = isChildType ? normalize(value, namespace) : sortKeys(value)
  }
  return out
}

// Named types are written with their full name and no `namespace`, so `{"name":"a.b.C"}`,
// `{"name":"C","namespace":"a.b"}` and `C` nested in `a.b` all come out the same.
function normalizeNamed(schema: Record<string, unknown>, enclosing: string): unknown {
  const fullName = fullNameOf(schema, enclosing)
  const namespace = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : ''
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key]
    if (key === 'namespace') continue
    if (key === 'name') out[key] = fullName
    else if (key === 'aliases' && Array.isArray(value)) {
      out[key] = value.map((alias) =>
        typeof alias === 'string' ? qualify(alias, namespace) : alias,
      )
    } else if (key === 'fields' && Array.isArray(value)) {
      out[key] = value.map((field) => normalizeField(field, namespace))
    } else out[key] = sortKeys(value)
  }
  return out
}

function normalizeField(field: unknown, namespace: string): unknown {
  if (!isObject(field)) return field
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(field).sort()) {
    out[key] = key === 'type' ? normalize(field[key], namespace) : sortKeys(field[key])
  }
  return out
}

// Avro spec, "Names": a dotted name is already full; otherwise the explicit namespace (even "")
// wins over the enclosing one.
function fullNameOf(schema: Record<string, unknown>, enclosing: string): string {
  const name = String(schema['name'])
  if (name.includes('.')) return name
  const explicit = schema['namespace']
  const namespace = typeof explicit === 'string' ? explicit : enclosing
  return namespace === '' ? name : `${namespace}.${name}`
}

function qualify(name: string, namespace: string): string {
  return name.includes('.') || namespace === '' ? name : `${namespace}.${name}`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key])
  return out
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
