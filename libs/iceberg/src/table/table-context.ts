import { NOOP_LOGGER, type Logger } from '@k2/core'

import type { Catalog } from '../catalog/index.js'
import type { FileIO } from '../io/index.js'

/** What table operations need: the catalog that holds metadata pointers and the file IO. */
export interface TableContext {
  readonly catalog: Catalog
  readonly io: FileIO
  readonly logger?: Logger
}

/** The context's logger, or a silent one. */
export function loggerOf(ctx: TableContext): Logger {
  return (ctx.logger ?? NOOP_LOGGER).child({ component: 'iceberg' })
}
