import pino, { type Logger } from 'pino'
import pretty from 'pino-pretty'
import type { CliConfig } from './cli-options.js'
import type { ProgressWriter } from './progress-writer.js'

/** Creates the run's logger: JSON lines, or pretty lines that keep clear of the progress line. */
export function createLogger(
  config: CliConfig,
  interactive: boolean,
  progress: ProgressWriter,
  stderr: NodeJS.WritableStream,
): Logger {
  if (!interactive) return pino({ level: config.logLevel }, stderr)

  const stream = pretty({ destination: stderr, sync: true, colorize: true, ignore: 'pid,hostname' })
  const write = stream.write.bind(stream)
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    progress.clear()
    const written = (write as (...args: unknown[]) => boolean)(chunk, ...rest)
    progress.redraw()
    return written
  }) as typeof stream.write
  // On a terminal the progress line shows routine activity, so only problems are logged.
  return pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, stream)
}
