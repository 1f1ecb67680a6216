import { u8 } from './shared-arrays.js'

/** A growable array of repetition or definition levels (each fits a byte). */
export class LevelBuffer {
  values: Uint8Array = u8(1024)
  length = 0

  push(level: number): void {
    if (this.length === this.values.length) {
      const next = u8(this.values.length * 2)
      next.set(this.values)
      this.values = next
    }
    this.values[this.length++] = level
  }

  /** Makes room for `n` levels and returns the array (write at `length`, then add `n`). */
  ensure(n: number): Uint8Array {
    if (this.length + n > this.values.length) {
      let size = this.values.length * 2
      while (size < this.length + n) size *= 2
      const next = u8(size)
      next.set(this.values.subarray(0, this.length))
      this.values = next
    }
    return this.values
  }

  reset(): void {
    this.length = 0
  }
}
