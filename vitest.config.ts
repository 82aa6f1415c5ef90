import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests see the shell code as a user's build has it (src-main/electron/build-flags.d.ts).
  define: { __EVENTLENS_DEV__: 'false' },
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx'],
    // Real SQLite files and real processes: give slow machines room, never rely on timing.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
