import { describe, expect, it } from 'vitest'

import { METRIC_DEFINITIONS } from '@k2/telemetry'

import { readYaml } from './compose-file.js'
import { dashboardPanels, panelQueries, readDashboard } from './grafana-dashboard.js'
import { promqlMetricNames, resolveMetricName } from './promql-metric-names.js'

const DASHBOARD = 'deploy/grafana/dashboards/k2.json'

/** D8's dashboard: each required panel and the K2 metrics its queries must read. */
const REQUIRED_PANELS: Readonly<Record<string, readonly string[]>> = {
  'Live BTC Price': ['k2_last_trade_price'],
  'Ingest rate': ['k2_iceberg_rows_written_total'],
  Freshness: ['k2_ingest_to_commit_seconds'],
  'Consumer lag': ['k2_kafka_consumer_lag_messages'],
  'Errors / DLQ': ['k2_binance_message_errors_total', 'k2_dead_letters_total'],
  'Actor restarts': ['k2_actor_restarts_total'],
  'API latency': ['k2_http_request_duration_seconds'],
}

const dashboard = readDashboard(DASHBOARD)
const panels = dashboardPanels(dashboard)
const queryPanels = panels.filter((p) => panelQueries(p).length > 0)

/** The K2 metrics (definition names) the panel's queries read; throws on none. */
function metricsOf(title: string): string[] {
  const panel = panels.find((p) => p.title === title)
  if (!panel) throw new Error(`no panel "${title}"`)
  return panelQueries(panel).flatMap((q) =>
    promqlMetricNames(q).map((n) => resolveMetricName(n, METRIC_DEFINITIONS)?.name ?? n),
  )
}

describe(DASHBOARD, () => {
  it('is a dashboard with a uid, a title and unique panel ids', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/)
    expect(dashboard.title).toBe('K2')
    const ids = panels.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it.each(Object.entries(REQUIRED_PANELS))('has the panel "%s" reading %j', (title, metrics) => {
    expect(panels.filter((p) => p.title === title)).toHaveLength(1)
    expect(metricsOf(title)).toEqual(expect.arrayContaining([...metrics]))
  })

  it('shows the live price of BTCUSDT', () => {
    const [query] = panelQueries(panels.find((p) => p.title === 'Live BTC Price')!)
    expect(query).toMatch(/\bk2_last_trade_price\{[^}]*symbol="BTCUSDT"[^}]*\}/)
  })

  it.each(queryPanels.flatMap((p) => panelQueries(p).map((q) => [p.title, q] as const)))(
    '"%s": %s queries only metrics K2 exports',
    (_title, query) => {
      const names = promqlMetricNames(query)
      expect(names.length).toBeGreaterThan(0)
      const unknown = names.filter((n) => resolveMetricName(n, METRIC_DEFINITIONS) === undefined)
      expect(unknown, 'not in libs/telemetry metric-definitions.ts').toEqual([])
    },
  )

  it('queries the provisioned Prometheus datasource in every panel and target', () => {
    const provisioned = readYaml('deploy/grafana/provisioning/datasources/prometheus.yml') as {
      datasources: { uid: string; type: string }[]
    }
    const uids = provisioned.datasources.map((d) => d.uid)
    for (const panel of queryPanels) {
      expect(uids, panel.title).toContain(panel.datasource?.uid)
      for (const target of panel.targets ?? []) {
        expect(uids, `${panel.title} ${target.refId}`).toContain(
          target.datasource?.uid ?? panel.datasource?.uid,
        )
      }
    }
  })

  it('lays panels out inside the 24-column grid without overlaps', () => {
    const cells = new Set<string>()
    for (const { title, gridPos } of panels) {
      expect(gridPos, title).toBeDefined()
      const { x, y, w, h } = gridPos!
      expect(x + w, title).toBeLessThanOrEqual(24)
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${title} overlaps at ${i},${j}`).toBe(false)
          cells.add(`${i},${j}`)
        }
      }
    }
  })
})
