import { describe, expect, it } from 'vitest'

import { promqlMetricNames, resolveMetricName } from './promql-metric-names.js'

describe('promqlMetricNames', () => {
  it.each([
    ['bare selector', 'k2_actor_restarts_total', ['k2_actor_restarts_total']],
    ['label matchers', 'k2_last_trade_price{symbol="BTCUSDT"}', ['k2_last_trade_price']],
    [
      'matcher values that look like names',
      'k2_x{table="k2_other_total", route=~"/v1/(a|b)", y!~\'sum(z)\'}',
      ['k2_x'],
    ],
    [
      'rate over a Grafana range variable',
      'rate(k2_iceberg_rows_written_total[$__rate_interval])',
      ['k2_iceberg_rows_written_total'],
    ],
    [
      'aggregation with the grouping first',
      'histogram_quantile(0.99, sum by (le, route) (rate(k2_h_bucket{route=~"/v1/.*"}[5m])))',
      ['k2_h_bucket'],
    ],
    [
      'aggregation with the grouping after',
      'sum(rate(k2_a_total[1m])) without (instance, job)',
      ['k2_a_total'],
    ],
    [
      'binary operators, vector matching, bool and numbers',
      'k2_a_sum / on(job) group_left(route) k2_a_count > bool 1e-3 and k2_b unless k2_c',
      ['k2_a_count', 'k2_a_sum', 'k2_b', 'k2_c'],
    ],
    ['group_left without a label list', 'k2_a * on(x) group_left k2_b', ['k2_a', 'k2_b']],
    [
      'offsets, subqueries and the @ modifier',
      'max_over_time(deriv(k2_lag[5m])[1h:30s]) offset 1h30m - k2_lag @ end()',
      ['k2_lag'],
    ],
    [
      '__name__ matchers',
      '{__name__="k2_dead_letters_total", source="feed"}',
      ['k2_dead_letters_total'],
    ],
    ['regex __name__ matchers name no one metric', '{__name__=~"k2_.+"}', []],
    ['string arguments', 'label_replace(k2_a, "dst", "$1", "src", "(k2_fake)")', ['k2_a']],
    ['Grafana variables outside brackets', 'k2_a{symbol=~"$symbol"} * ${factor}', ['k2_a']],
    ['keywords are case-insensitive', 'k2_a AND k2_b OR Inf', ['k2_a', 'k2_b']],
    ['comments', 'k2_a # k2_commented_out\n+ k2_b', ['k2_a', 'k2_b']],
    ['colons of recording rules', 'job:k2_rows:rate5m', ['job:k2_rows:rate5m']],
    ['duplicates once, sorted', 'k2_b + k2_a + k2_b', ['k2_a', 'k2_b']],
  ])('%s', (_case, expr, names) => {
    expect(promqlMetricNames(expr)).toEqual(names)
  })
})

describe('resolveMetricName', () => {
  const metrics = [
    { name: 'k2_freshness_seconds', type: 'histogram' },
    { name: 'k2_rows_total', type: 'counter' },
    { name: 'k2_lag_messages', type: 'gauge' },
  ] as const

  it.each([
    ['k2_rows_total', 'k2_rows_total'],
    ['k2_lag_messages', 'k2_lag_messages'],
    ['k2_freshness_seconds_bucket', 'k2_freshness_seconds'],
    ['k2_freshness_seconds_sum', 'k2_freshness_seconds'],
    ['k2_freshness_seconds_count', 'k2_freshness_seconds'],
  ])('%s is a series of %s', (series, metric) => {
    expect(resolveMetricName(series, metrics)?.name).toBe(metric)
  })

  it.each([
    ['a name K2 does not define', 'k2_rows'],
    ['histogram suffixes on a counter', 'k2_rows_total_count'],
    ['histogram suffixes on a gauge', 'k2_lag_messages_bucket'],
    ['a suffix-less typo', 'k2_freshness_second_bucket'],
  ])('%s resolves to nothing', (_case, series) => {
    expect(resolveMetricName(series, metrics)).toBeUndefined()
  })
})
