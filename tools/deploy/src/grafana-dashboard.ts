import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { REPO_ROOT } from './compose-file.js'

/** A Grafana datasource reference (`{type, uid}`). */
export interface DatasourceRef {
  readonly type?: string
  readonly uid?: string
}

/** One query of a panel; Prometheus targets carry PromQL in `expr`. */
export interface PanelTarget {
  readonly refId: string
  readonly expr?: string
  readonly datasource?: DatasourceRef
}

/** A dashboard panel (rows nest theirs in `panels`). */
export interface DashboardPanel {
  readonly id: number
  readonly type: string
  readonly title: string
  readonly datasource?: DatasourceRef
  readonly gridPos?: {
    readonly x: number
    readonly y: number
    readonly w: number
    readonly h: number
  }
  readonly targets?: readonly PanelTarget[]
  readonly panels?: readonly DashboardPanel[]
}

/** A dashboard JSON model, as far as the checks read it. */
export interface Dashboard {
  readonly uid: string
  readonly title: string
  readonly panels: readonly DashboardPanel[]
}

/** Reads a dashboard JSON file (relative paths from the repository root); throws on invalid JSON. */
export function readDashboard(path: string): Dashboard {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, path), 'utf8')) as Dashboard
}

/** Every panel of the dashboard, those inside collapsed rows included, in document order. */
export function dashboardPanels(dashboard: {
  readonly panels: readonly DashboardPanel[]
}): DashboardPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...dashboardPanels({ panels: p.panels ?? [] })])
}

/** The PromQL of each of a panel's targets (targets without `expr` left out). */
export function panelQueries(panel: DashboardPanel): string[] {
  return (panel.targets ?? []).flatMap((t) => (t.expr === undefined ? [] : [t.expr]))
}
