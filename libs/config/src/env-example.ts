import { ENV_VARS } from './env-vars.js'

/** The text of `.env.example`: every variable with its description and default (D10). */
export function renderEnvExample(): string {
  const lines = [
    '# K2 configuration. Every variable is optional; the value shown is the default.',
    '# Generated from libs/config/src/env-vars.ts (a test keeps this file in sync).',
    '',
  ]
  for (const spec of Object.values(ENV_VARS)) {
    lines.push(`# ${spec.description}`)
    lines.push(spec.default === undefined ? `# ${spec.name}=` : `${spec.name}=${spec.default}`)
    lines.push('')
  }
  return lines.join('\n')
}
