/**
 * Typed arrays on SharedArrayBuffers, for every large buffer of the encoder. Two reasons: encoding
 * workers read them without a copy, and V8 does not count shared memory as external memory of
 * the allocating thread. Plain ArrayBuffers do count: every 64 MB of them start a full marking of
 * the heap, which, next to the caller's rows (a million live row objects weigh ~1 GiB), cost more
 * than the encoding itself (measured: 100 x 4 MB ArrayBuffers beside 3 M live objects 8.7 s,
 * as SharedArrayBuffers 1 ms).
 */
export function u8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length))
}

export function u32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(4 * length))
}

export function i32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * length))
}

export function f32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(4 * length))
}

export function f64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * length))
}
