export { WORKSPACE_ROOT, computeProjectGraph, createLintProbe } from './lint-probe.js'
export type { LintFinding, LintProbe } from './lint-probe.js'
