/**
 * `@k2/tools-deploy`: checks of the Docker stack (docker-compose.yml, Dockerfile, deploy/): the
 * Compose file against the Compose Specification schema, the wiring between services, and the
 * Grafana dashboard's PromQL against the metrics K2 defines (D8).
 */
export {
  REPO_ROOT,
  readYaml,
  readComposeFile,
  interpolateUnset,
  environmentOf,
  portsOf,
  bindMountsOf,
  dependenciesOf,
} from './compose-file.js'
export type { ComposeFile, ComposeService, PortMapping, BindMount } from './compose-file.js'
export { COMPOSE_SCHEMA_SOURCE, validateComposeDocument } from './compose-schema.js'
export { promqlMetricNames, resolveMetricName } from './promql-metric-names.js'
export type { NamedMetric } from './promql-metric-names.js'
export { dashboardPanels, panelQueries, readDashboard } from './grafana-dashboard.js'
export type { Dashboard, DashboardPanel, DatasourceRef, PanelTarget } from './grafana-dashboard.js'
