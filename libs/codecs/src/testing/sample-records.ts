import {
  ExactDecimal,
  createQuote,
  createReferenceData,
  createTrade,
  type QuoteV2,
  type ReferenceDataV2,
  type TradeV2,
} from '@k2/core'

/**
 * Realistic v2 records for codec tests, built through the core factories so they are exactly what
 * adapters produce. Shapes follow D9 (Binance trade events: `BINANCE-{t}`, timestamp = T x 1000,
 * vendor_data with base/quote asset and maker flags) and the ASX vendor files (`ASX-{company_id}-
 * {YYYYMMDD}-{row}`, condition codes, AUD). Each case is named for what it covers.
 */
export const SAMPLE_TRADES: ReadonlyArray<{ readonly name: string; readonly record: TradeV2 }> = [
  {
    name: 'Binance BTCUSDT, seller aggressor, full vendor_data',
    record: createTrade({
      trade_id: 'BINANCE-3606271234',
      symbol: 'BTCUSDT',
      exchange: 'binance',
      asset_class: 'crypto',
      timestamp: 1718035200120 * 1000,
      price: '67432.15000000',
      quantity: '0.00150000',
      currency: 'USDT',
      side: 'SELL',
      source_sequence: 3606271234,
      ingestion_timestamp: 1718035200123456,
      platform_sequence: 1,
      vendor_data: {
        base_asset: 'BTC',
        quote_asset: 'USDT',
        is_buyer_maker: 'true',
        event_time: '1718035200123',
        trade_time: '1718035200120',
        is_best_match: 'true',
      },
    }),
  },
  {
    name: 'Binance ETHBTC, small price, buyer aggressor',
    record: createTrade({
      trade_id: 'BINANCE-441908712',
      symbol: 'ETHBTC',
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: 1718035201007 * 1000,
      price: '0.05123000',
      quantity: '1.23450000',
      currency: 'BTC',
      side: 'BUY',
      source_sequence: 441908712,
      ingestion_timestamp: 1718035201009871,
      vendor_data: {
        base_asset: 'ETH',
        quote_asset: 'BTC',
        is_buyer_maker: 'false',
        event_time: '1718035201010',
        trade_time: '1718035201007',
        is_best_match: '',
      },
    }),
  },
  {
    name: 'Binance BNBEUR, no platform sequence yet',
    record: createTrade({
      trade_id: 'BINANCE-20391',
      symbol: 'BNBEUR',
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: '2024-06-10T16:00:02.345Z',
      price: '512.3',
      quantity: '0.01',
      currency: 'EUR',
      side: 'BUY',
      source_sequence: 20391,
      ingestion_timestamp: '2024-06-10T16:00:02.346001Z',
      vendor_data: { base_asset: 'BNB', quote_asset: 'EUR', is_buyer_maker: 'false' },
    }),
  },
  {
    name: 'ASX BHP with condition codes and vendor columns',
    record: createTrade({
      trade_id: 'ASX-7078-20140311-42',
      symbol: 'BHP',
      exchange: 'ASX',
      asset_class: 'equities',
      timestamp: '2014-03-11T00:10:12.345678Z',
      price: '36.45',
      quantity: '1500',
      currency: 'AUD',
      side: 'UNKNOWN',
      trade_conditions: ['XT', 'CX'],
      ingestion_timestamp: '2024-06-10T08:00:00.000001Z',
      platform_sequence: 9_007_199_254_740_990,
      vendor_data: { company_id: '7078', row: '42', venue: 'ASX TradeMatch', value: '54675.00' },
    }),
  },
  {
    name: 'ASX short sale, empty vendor_data, no conditions',
    record: createTrade({
      trade_id: 'ASX-7078-20140311-43',
      symbol: 'BHP',
      exchange: 'ASX',
      asset_class: 'equities',
      timestamp: '2014-03-11T00:10:12.345678Z',
      price: '36.44',
      quantity: '200',
      currency: 'AUD',
      side: 'SELL_SHORT',
      trade_conditions: [],
      ingestion_timestamp: '2024-06-10T08:00:00.000002Z',
      vendor_data: {},
    }),
  },
  {
    name: 'extreme decimals: largest decimal(18,8) price, smallest quantity',
    record: createTrade({
      trade_id: 'BINANCE-1',
      symbol: 'SHIBUSDT',
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: 1_700_000_000_000_001,
      price: '9999999999.99999999',
      quantity: '0.00000001',
      currency: 'USDT',
      side: 'BUY',
      source_sequence: 0,
      ingestion_timestamp: 1_700_000_000_000_002,
    }),
  },
  {
    name: 'zero price and quantity',
    record: createTrade({
      trade_id: 'BINANCE-2',
      symbol: 'BTCUSDT',
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: 1_700_000_000_000_001,
      price: '0',
      quantity: '0.00000000',
      currency: 'USDT',
      side: 'SELL',
      ingestion_timestamp: 1_700_000_000_000_001,
    }),
  },
  {
    name: 'pre-1970 timestamps with µs precision',
    record: createTrade({
      trade_id: 'NYSE-IBM-19690720-1',
      symbol: 'IBM',
      exchange: 'NYSE',
      asset_class: 'equities',
      timestamp: '1969-07-20T20:17:40.000001Z',
      price: '361.25',
      quantity: '100',
      currency: 'USD',
      side: 'UNKNOWN',
      ingestion_timestamp: '1969-12-31T23:59:59.999999Z',
    }),
  },
  {
    name: 'before 1827: |µs| above 2^52 (historical back-fill)',
    record: createTrade({
      trade_id: 'LSE-CONSOLS-18150620-1',
      symbol: 'CONSOLS',
      exchange: 'LSE',
      asset_class: 'futures',
      timestamp: '1815-06-20T10:00:00.000001Z',
      price: '56.5',
      quantity: '1000',
      currency: 'GBP',
      side: 'BUY',
      source_sequence: 9_007_199_254_740_991,
      ingestion_timestamp: '1815-06-20T10:00:00.000002Z',
    }),
  },
  {
    name: 'unicode symbol, currency and vendor_data',
    record: createTrade({
      trade_id: 'ATHEX-ΑΛΦΑ-20240610-7',
      symbol: 'ΑΛΦΑ',
      exchange: 'athex',
      asset_class: 'equities',
      timestamp: '2024-06-10T07:30:00.5Z',
      price: '1.6235',
      quantity: '12000',
      currency: '€UR',
      side: 'BUY',
      trade_conditions: ['Ü', '⚡'],
      ingestion_timestamp: '2024-06-10T07:30:00.500100Z',
      vendor_data: { Händler: 'Überkreuz – 東京 🚀', '': 'empty key' },
    }),
  },
]

/** Realistic v2 quotes: Binance book ticker, one-sided ASX pre-open quotes, extremes. */
export const SAMPLE_QUOTES: ReadonlyArray<{ readonly name: string; readonly record: QuoteV2 }> = [
  {
    name: 'Binance BTCUSDT book ticker',
    record: createQuote({
      quote_id: 'BINANCE-BTCUSDT-52437897731',
      symbol: 'BTCUSDT',
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: 1718035200120 * 1000,
      bid_price: '67432.15000000',
      bid_quantity: '2.10450000',
      ask_price: '67432.16000000',
      ask_quantity: '0.00300000',
      currency: 'USDT',
      source_sequence: 52437897731,
      ingestion_timestamp: 1718035200121777,
      vendor_data: { update_id: '52437897731' },
    }),
  },
  {
    name: 'one-sided ASX pre-open quote: zero bid',
    record: createQuote({
      quote_id: 'ASX-7078-20140311-Q1',
      symbol: 'BHP',
      exchange: 'ASX',
      asset_class: 'equities',
      timestamp: '2014-03-10T22:59:59.999999Z',
      bid_price: '0',
      bid_quantity: '0',
      ask_price: '36.50',
      ask_quantity: '5000',
      currency: 'AUD',
      ingestion_timestamp: '2014-03-10T23:00:00Z',
      vendor_data: null,
    }),
  },
  {
    name: 'extreme decimals and empty vendor_data',
    record: createQuote({
      quote_id: 'BINANCE-SHIBUSDT-1',
      symbol: 'SHIBUSDT',
      exchange: 'BINANCE',
      asset_class: 'crypto',
      timestamp: -1_000_000_000_000_001,
      bid_price: '0.00000001',
      bid_quantity: '9999999999.99999999',
      ask_price: '0.00000002',
      ask_quantity: '1234567890.12345678',
      currency: 'USDT',
      source_sequence: 0,
      ingestion_timestamp: 1,
      platform_sequence: 7,
      vendor_data: {},
    }),
  },
]

/** Realistic v2 reference data: listed, delisted, 19th-century listings, unicode names. */
export const SAMPLE_REFERENCE_DATA: ReadonlyArray<{
  readonly name: string
  readonly record: ReferenceDataV2
}> = [
  {
    name: 'BHP, listed, with ISIN and vendor columns',
    record: createReferenceData({
      company_id: '7078',
      symbol: 'BHP',
      exchange: 'ASX',
      asset_class: 'equities',
      company_name: 'BHP Group Limited',
      isin: 'AU000000BHP4',
      currency: 'AUD',
      listing_date: '1885-08-13',
      ingestion_timestamp: 1718035200123456,
      vendor_data: { gics_sector: 'Materials', abn: '49 004 028 077' },
    }),
  },
  {
    name: 'delisted, no ISIN or currency, listed before 1827',
    record: createReferenceData({
      company_id: '1001',
      symbol: 'BNSW',
      exchange: 'ASX',
      asset_class: 'equities',
      company_name: 'Bank of New South Wales',
      isin: null,
      currency: null,
      listing_date: '1817-04-08T00:00:00Z',
      delisting_date: '1982-10-01T00:00:00Z',
      is_active: false,
      ingestion_timestamp: '2024-06-10T08:00:00.000001Z',
    }),
  },
  {
    name: 'unicode company name, empty vendor_data',
    record: createReferenceData({
      company_id: '7203',
      symbol: '7203',
      exchange: 'TSE',
      asset_class: 'equities',
      company_name: 'トヨタ自動車株式会社 (Toyota Motor Corporation) — Société Générale ✓',
      isin: 'JP3633400001',
      currency: 'JPY',
      listing_date: '1949-05-16T00:00:00Z',
      ingestion_timestamp: 1718035200000000,
      vendor_data: {},
    }),
  },
]

/**
 * A record as plain JSON-able data: decimals as exact text with `scale` fractional digits (the
 * format an independent reader prints), everything else unchanged. Used to compare records.
 */
export function toPlain(value: unknown, scale = 8): unknown {
  if (ExactDecimal.isDecimal(value)) return (value as ExactDecimal).toFixed(scale)
  if (Array.isArray(value)) return value.map((v) => toPlain(v, scale))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v, scale)]))
  }
  return value
}
