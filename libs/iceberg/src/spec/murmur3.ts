const C1 = 0xcc9e2d51
const C2 = 0x1b873593

/**
 * MurmurHash3, x86 32-bit variant (the hash of the `bucket[N]` transform, spec: "Bucket Transform
 * Details" and appendix B), as a signed 32-bit integer like Java's and pyiceberg's (mmh3)
 * results. Blocks are read little-endian; `seed` is 0 for Iceberg.
 */
export function murmur3X86_32(bytes: Uint8Array, seed = 0): number {
  const length = bytes.length
  const blocks = length - (length % 4)
  let h = seed | 0
  for (let i = 0; i < blocks; i += 4) {
    const k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24)
    h ^= mixK(k)
    h = rotl(h, 13)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  const tail = length & 3
  if (tail > 0) {
    let k = 0
    if (tail === 3) k ^= (bytes[blocks + 2] as number) << 16
    if (tail >= 2) k ^= (bytes[blocks + 1] as number) << 8
    k ^= bytes[blocks] as number
    h ^= mixK(k)
  }
  h ^= length
  return fmix(h)
}

function mixK(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1), 15), C2)
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}

function fmix(h: number): number {
  let x = h
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x | 0
}
