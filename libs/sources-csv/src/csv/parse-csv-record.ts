/**
 * Splits one CSV record (RFC 4180 section 2) into fields: comma-separated; a field in double
 * quotes may hold commas, line breaks and doubled quotes (`""` -> `"`). Returns `incomplete` when
 * a quoted field is still open at the end of the text (the record continues on the next line),
 * or an error for a quote in the middle of an unquoted field or text after a closing quote.
 */
export function parseCsvRecord(
  text: string,
):
  | { readonly kind: 'fields'; readonly fields: string[] }
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'error'; readonly reason: string } {
  const fields: string[] = []
  let i = 0
  const n = text.length
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = ''
      let j = i + 1
      for (;;) {
        const q = text.indexOf('"', j)
        if (q === -1) return { kind: 'incomplete' }
        value += text.slice(j, q)
        if (text.charCodeAt(q + 1) === 34) {
          value += '"'
          j = q + 2
          continue
        }
        i = q + 1
        break
      }
      fields.push(value)
      if (i === n) return { kind: 'fields', fields }
      if (text.charCodeAt(i) !== 44 /* , */) {
        return { kind: 'error', reason: `text after the closing quote at column ${i + 1}` }
      }
      i++
      continue
    }
    const comma = text.indexOf(',', i)
    const end = comma === -1 ? n : comma
    const value = text.slice(i, end)
    if (value.includes('"')) {
      return { kind: 'error', reason: `a quote inside an unquoted field at column ${i + 1}` }
    }
    fields.push(value)
    if (comma === -1) return { kind: 'fields', fields }
    i = comma + 1
  }
}
