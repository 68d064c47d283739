import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // One Verdaccio process, a workspace install and eleven publishes run in the setup hook, which
    // takes about a minute on two cores. The limits leave room for a loaded CI machine.
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
})
