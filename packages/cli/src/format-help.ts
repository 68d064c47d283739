import { type CliDefaults, defaultConfig, OPTION_SPECS } from './cli-options.js'

export interface HelpInput {
  command: string
  description: string
  envPrefix: string
  defaults: CliDefaults
}

/** Renders `--help`: each flag with its environment variable, unit and default. */
export function formatHelp(input: HelpInput): string {
  const defaults = defaultConfig(input.defaults) as unknown as Record<string, unknown>
  const lines = [
    input.description,
    '',
    `Usage: ${input.command} [run|replay] [flags]`,
    '',
    'Commands:',
    '  run     load every record not loaded yet, resuming from the saved checkpoint (default)',
    '  replay  send dead-lettered records again and release failed fetches for the next run',
    '',
    'Flags (flag, then environment variable; flags win over the environment):',
  ]

  for (const spec of OPTION_SPECS) {
    const value = spec.key === 'batchSize' ? input.defaults.maxBatchSize : defaults[spec.key]
    const flag = spec.kind === 'boolean' && spec.env ? `--[no-]${spec.flag}` : `--${spec.flag}`
    const env = spec.env ? `  ${input.envPrefix}_${spec.env}` : ''
    const details = [
      spec.choices ? `one of ${spec.choices.join(', ')}` : '',
      spec.unit ? `unit: ${spec.unit}` : '',
      spec.key === 'help' ? '' : `default: ${String(value)}`,
    ]
      .filter(Boolean)
      .join(', ')
    lines.push(`  ${flag}${env}`)
    lines.push(`      ${spec.description}${details ? ` (${details})` : ''}`)
  }

  lines.push(
    '',
    'Exit codes: 0 complete, 1 failed, 2 invalid configuration, 3 complete with rejected',
    'records, 130 or 143 stopped by SIGINT or SIGTERM (docs/errors.md explains each).',
  )
  return lines.join('\n')
}
