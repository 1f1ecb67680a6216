export type { Catalog, NamespaceProperties, TableLocation } from './catalog.js'
export {
  formatNamespace,
  formatTableIdentifier,
  parseNamespace,
  parseTableIdentifier,
  validateNamespace,
  validateTableIdentifier,
} from './table-identifier.js'
export type { Namespace, TableIdentifier } from './table-identifier.js'
export { openSqlCatalog } from './sql-catalog.js'
export type { SqlCatalog } from './sql-catalog.js'
export { SQL_CATALOG_DEFAULTS, validateSqlCatalogOptions } from './sql-catalog-options.js'
export type { SqlCatalogOptions } from './sql-catalog-options.js'
export { SQL_CATALOG_LIMITS } from './sql-catalog-layout.js'
export type { SqlCatalogLayoutVersion } from './sql-catalog-layout.js'
export { createCatalog, parseCatalogUri } from './create-catalog.js'
export type { CatalogTarget, CreateCatalogOptions } from './create-catalog.js'
