import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The setup copies the workspace, installs it from the pnpm store and generates two apps,
    // then builds the shared packages unless the repository's turbo cache has them. The whole
    // file took about 45 s with a warm cache and 80 s without one on the two-core development
    // machine. The limits leave room for a loaded CI machine.
    hookTimeout: 180_000,
    testTimeout: 180_000,
  },
})
