import type { CliContext } from '../command.js'

/** How often progress is shown: redrawn on a terminal, a plain line otherwise. */
const TTY_INTERVAL_MS = 100
const LINE_INTERVAL_MS = 5_000
const BAR_WIDTH = 30

/** Progress of a load on stderr, by bytes read of the total. */
export interface Progress {
  /** Counts `bytes` read and `rows` converted; shows progress when it is time. */
  advance(bytes: number, rows: number): void
  /** Prints a whole line (a file done) without breaking the bar. */
  line(text: string): void
  /** Final redraw and line break; `complete` shows 100 % (the per-row byte count is an estimate). */
  done(complete: boolean): void
}

/** A progress display for `totalBytes`: a bar when stderr is a terminal, periodic lines if not. */
export function createProgress(context: CliContext, totalBytes: number): Progress {
  const tty = context.errIsTTY === true && context.errRaw !== undefined
  const started = performance.now()
  let bytes = 0
  let rows = 0
  let last = 0
  let drawn = false
  const text = () => {
    const fraction = totalBytes === 0 ? 1 : Math.min(1, bytes / totalBytes)
    const seconds = (performance.now() - started) / 1000
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0
    const pct = `${Math.floor(fraction * 100)}%`.padStart(4)
    return {
      fraction,
      info: `${pct} ${rows.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s`,
    }
  }
  const draw = () => {
    const { fraction, info } = text()
    if (tty) {
      const filled = Math.round(fraction * BAR_WIDTH)
      context.errRaw!(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${info}\u001b[K`)
      drawn = true
    } else {
      context.err(`progress: ${info}`)
    }
  }
  return {
    advance(b, r) {
      bytes += b
      rows += r
      const now = performance.now()
      if (now - last >= (tty ? TTY_INTERVAL_MS : LINE_INTERVAL_MS)) {
        last = now
        draw()
      }
    },
    line(message) {
      if (tty && drawn) context.errRaw!('\r\u001b[K')
      drawn = false
      context.err(message)
    },
    done(complete) {
      if (complete) bytes = Math.max(bytes, totalBytes)
      if (tty) {
        draw()
        context.errRaw!('\n')
      }
    },
  }
}
