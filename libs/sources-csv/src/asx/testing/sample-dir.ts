import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Where the real ASX sample may be: next to the repository (`../shared/data/asx-2014-03`, the
 * workspace layout) or at the machines' shared folder when the repository is cloned elsewhere.
 */
export const ASX_SAMPLE_CANDIDATES: readonly string[] = [
  fileURLToPath(new URL('../../../../../../shared/data/asx-2014-03', import.meta.url)),
  '/work/shared/data/asx-2014-03',
]

/** The real ASX sample (read-only): the first candidate that exists. */
export const ASX_SAMPLE_DIR: string =
  ASX_SAMPLE_CANDIDATES.find((dir) => existsSync(`${dir}/trades`)) ?? ASX_SAMPLE_CANDIDATES[0]!
