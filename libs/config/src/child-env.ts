/**
 * The environment for a child process K2 starts (the demo's supervisor): this process's
 * environment without the `unset` variables, plus `set`. The one place outside `loadConfig` that
 * reads `process.env` (D10: only `@k2/config` does), so that callers never copy it themselves.
 */
export function childEnvironment(
  set: Readonly<Record<string, string>>,
  unset: readonly string[] = [],
  from: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {}
  const drop = new Set(unset)
  for (const [name, value] of Object.entries(from)) {
    if (value !== undefined && !drop.has(name)) env[name] = value
  }
  return { ...env, ...set }
}
