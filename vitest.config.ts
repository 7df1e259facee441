import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    // One process per file: each file has its own in-memory PGlite (or PostgreSQL database).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Code under test that signs things must not write a generated secret into ./.data.
    env: { AUTH_SECRET: 'vitest-only-secret-0123456789abcdef' },
  },
});
