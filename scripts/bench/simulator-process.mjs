import { fork } from 'node:child_process'

const CHILD = new URL('./simulator-child.mjs', import.meta.url)
const START_TIMEOUT_MS = 30_000
const CLOSE_TIMEOUT_MS = 10_000

/**
 * Starts the animals simulator in a child process on 127.0.0.1 and a free port. Options are
 * those of `startAnimalsSimulator`, plus `timeline: true` to record chaos events, handled POSTs
 * and the arrival time of the last detail request.
 */
export async function startSimulatorProcess(options) {
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))

  const nextMessage = (type, timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage)
        reject(new Error(`The simulator process sent no "${type}" message within ${timeoutMs} ms`))
      }, timeoutMs)
      const onMessage = (message) => {
        if (message.type !== type) return
        clearTimeout(timer)
        child.off('message', onMessage)
        resolve(message)
      }
      child.on('message', onMessage)
    })

  const ready = nextMessage('ready', START_TIMEOUT_MS)
  child.send(options)
  const started = await ready

  return {
    pid: child.pid,
    url: started.url,
    totalPages: started.totalPages,
    totalAnimals: started.totalAnimals,

    /** Returns the report, the timeline so far, and the CPU time and peak RSS of the process. */
    async snapshot() {
      const reply = nextMessage('snapshot', START_TIMEOUT_MS)
      child.send({ type: 'snapshot' })
      return reply
    },

    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.send({ type: 'close' })
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
  }
}
