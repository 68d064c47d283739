import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/** Renders a Markdown table; `rows` are arrays of cells already formatted as strings. */
export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Formats a number with thousands separators and `digits` decimals; `n/a` when not finite. */
export function number(value, digits = 0) {
  if (!Number.isFinite(value)) return 'n/a'
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
}

export function seconds(ms, digits = 1) {
  return `${number(ms / 1000, digits)} s`
}

export function percent(share, digits = 0) {
  return `${number(share * 100, digits)} %`
}

/** Megabytes of 10^6 bytes, from the kibibytes that the kernel reports for RSS. */
export function megabytesFromKib(kib) {
  return (kib * 1024) / 1e6
}

/**
 * Writes the page at `file`: `header`, then one block per name of `order`. The block named
 * `name` gets `content`. Every other block keeps what the file contained between its
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` markers, so each mode of the script rewrites
 * only its own measurements.
 */
export function writePage(file, { header, order, name, content }) {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const blocks = order.flatMap((blockName) => {
    const text = blockName === name ? content.trim() : readBlock(old, blockName)
    if (text === undefined) return []
    return [`<!-- bench:${blockName} -->\n${text}\n<!-- /bench:${blockName} -->`]
  })
  writeFileSync(file, `${[header.trim(), ...blocks].join('\n\n')}\n`)
}

function readBlock(page, name) {
  const start = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const from = page.indexOf(start)
  const to = page.indexOf(end)
  if (from < 0 || to < from) return undefined
  return page.slice(from + start.length, to).trim()
}
