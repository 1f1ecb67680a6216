/** A map bounded by the summed weight of its values; least recently used entries go first. */
export class WeightedLru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>()
  private total = 0

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key)
    if (hit === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, hit)
    return hit.value
  }

  set(key: string, value: V, weight: number): void {
    const old = this.map.get(key)
    if (old !== undefined) {
      this.map.delete(key)
      this.total -= old.weight
    }
    this.map.set(key, { value, weight })
    this.total += weight
    // The newest entry stays even when it alone is over the bound (it is being used).
    while (this.total > this.maxWeight && this.map.size > 1) {
      const [oldest, entry] = this.map.entries().next().value as [string, { weight: number }]
      this.map.delete(oldest)
      this.total -= entry.weight
    }
  }
}
