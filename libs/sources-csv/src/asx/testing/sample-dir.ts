import { fileURLToPath } from 'node:url'

/** The real ASX sample of the workspace (`../shared/data/asx-2014-03`), read-only. */
export const ASX_SAMPLE_DIR = fileURLToPath(
  new URL('../../../../../../shared/data/asx-2014-03', import.meta.url),
)
