/**
 * One trade of the replay exchange's tape. Prices and quantities are integer units of 1e-8
 * (see decimal-units.ts); times are ms since the epoch, as Binance sends them.
 */
export interface ReplayTrade {
  /** Binance trade id (`t`, REST `id`): consecutive per symbol from 1 on a generated tape. */
  readonly id: number
  /** Price in units of 1e-8 (`p`). */
  readonly price: number
  /** Quantity in units of 1e-8 (`q`). */
  readonly quantity: number
  /** Trade time (`T`, REST `time`), ms. */
  readonly time: number
  /** Event time (`E`), ms: when the exchange pushed the event, at or a few ms after `time`. */
  readonly eventTime: number
  /** `m`: the buyer was the maker, i.e. the seller was the aggressor. */
  readonly isBuyerMaker: boolean
}
