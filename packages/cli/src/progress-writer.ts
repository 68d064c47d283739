/** Keeps one status line at the bottom of a terminal; does nothing elsewhere. */
export class ProgressWriter {
  #render: (() => string) | undefined
  #timer: NodeJS.Timeout | undefined
  #shown = false

  constructor(
    readonly stream: NodeJS.WritableStream,
    readonly interactive: boolean,
  ) {}

  start(render: () => string) {
    if (!this.interactive) return
    this.#render = render
    this.#timer = setInterval(() => this.redraw(), 250)
    this.#timer.unref()
  }

  redraw() {
    if (!this.#render) return
    this.stream.write(`\r\x1b[K${this.#render()}`)
    this.#shown = true
  }

  clear() {
    if (!this.#shown) return
    this.stream.write('\r\x1b[K')
    this.#shown = false
  }

  stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    if (this.#render) {
      this.redraw()
      this.stream.write('\n')
    }
    this.#render = undefined
    this.#shown = false
  }
}
