// Runs Verdaccio in its own process, listening on 127.0.0.1 with a port picked by the OS, and
// writes `{"port":N}` as the first line of stdout once it accepts connections. Letting the OS pick
// the port avoids racing other processes for a port chosen in advance.
import { runServer } from 'verdaccio'

const configPath = process.argv[2]
if (!configPath) {
  throw new TypeError('Missing argument: pass the Verdaccio config file path as the first argument')
}

const server = await runServer(configPath)

// The test keeps the write end of stdin open for as long as it runs. The pipe closes when the
// test process exits, even when it is killed, so Verdaccio stops with it instead of lingering.
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`)
})
