import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export interface Verdaccio {
  /** Registry URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string
  /** Registers a user and returns its bearer token, which can publish and read `@fauna-etl/*`. */
  createUser(name: string, password: string): Promise<string>
  /** Stops the process: SIGTERM, then SIGKILL if it is still running after 5 seconds. */
  stop(): Promise<void>
}

const processScript = fileURLToPath(new URL('./verdaccio-process.mjs', import.meta.url))

/** Time allowed for Verdaccio to load its config and start listening, in milliseconds. */
const startTimeoutMs = 30_000

const stopGraceMs = 5_000

/*
 * The `@fauna-etl` scope has no `proxy` and there are no uplinks at all, so Verdaccio serves only
 * what the check publishes and never sends a request to the public registry. No other package
 * pattern is listed, so Verdaccio serves no other package. Reading and publishing need a token, so
 * the check also proves that credentials reach `changeset publish` and `npm install`. JWT tokens are checked by signature, while the default
 * legacy tokens cost a bcrypt comparison per request.
 */
function renderConfig(): string {
  return `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 10
security:
  api:
    jwt:
      sign:
        expiresIn: 1h
uplinks: {}
packages:
  '@fauna-etl/*':
    access: $authenticated
    publish: $authenticated
    unpublish: $authenticated
web:
  enable: false
log:
  type: file
  path: ./verdaccio.log
  level: warn
`
}

function readFirstLine(child: ChildProcess, logPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })

    const fail = async (reason: string) => {
      clearTimeout(timer)
      lines.close()
      const log = await readFile(logPath, 'utf8').catch(() => '(no log written)')
      reject(new Error(`Verdaccio ${reason}. Its log:\n${log}`))
    }

    const timer = setTimeout(() => {
      void fail(`did not start listening within ${startTimeoutMs} ms`)
    }, startTimeoutMs)

    lines.once('line', (line) => {
      clearTimeout(timer)
      lines.close()
      resolve(line)
    })
    child.once('exit', (code, signal) => {
      void fail(`exited before listening (code ${code}, signal ${signal})`)
    })
  })
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)

  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/**
 * Starts a Verdaccio process on 127.0.0.1 with its config, storage, users and log in `directory`.
 */
export async function startVerdaccio(directory: string): Promise<Verdaccio> {
  await mkdir(directory, { recursive: true })
  const configPath = join(directory, 'config.yaml')
  const logPath = join(directory, 'verdaccio.log')
  await writeFile(configPath, renderConfig())

  const child = spawn(process.execPath, [processScript, configPath], {
    cwd: directory,
    stdio: ['pipe', 'pipe', 'inherit'],
  })

  const stop = async () => {
    child.kill('SIGTERM')
    if (await waitForExit(child, stopGraceMs)) return

    child.kill('SIGKILL')
    await waitForExit(child, stopGraceMs)
  }

  let port: number
  try {
    port = (JSON.parse(await readFirstLine(child, logPath)) as { port: number }).port
  } catch (error) {
    await stop()
    throw error
  }

  const url = `http://127.0.0.1:${port}/`

  const createUser = async (name: string, password: string) => {
    const userUrl = `${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`
    const response = await fetch(userUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    })
    const body = (await response.json()) as { token?: string; error?: string }
    if (response.status !== 201 || !body.token) {
      throw new Error(
        `PUT ${userUrl} failed with status ${response.status}: ${body.error ?? 'no token returned'}`,
      )
    }

    return body.token
  }

  return { url, createUser, stop }
}
