import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files that may share a worker's module graph (`isolate: false`): they change no global state (no
 * `vi.mock`, `vi.spyOn`, `vi.stubEnv`, process handlers or environment), and every one works on tables, servers
 * and folders of its own. Importing the core, the AWS SDK and the story weights once per worker instead of once
 * per file is most of what these files cost. Every other file — commands, Lambda handlers, engines, reliability —
 * keeps a fresh module graph of its own.
 */
const SHARED = [
  "packages/**/*.test.ts",
  "testkit/**/*.test.ts",
  "tests/api/**/*.test.ts",
  "tests/ingest/**/*.test.ts",
  "tests/websub/**/*.test.ts",
  "tests/readers/**/*.test.ts",
  "tests/client/**/*.test.ts",
  "tests/docs/**/*.test.ts",
  // Not local-stop.test.ts: it replaces console.error.
  "tests/websub-delivery/{cli,deliveries,delivery,group-none,local,serve,worker}.test.ts",
  "tests/reliability/{api-fuzz,concurrency,config,hostile-feeds,oversized-entries,races,storage-faults}.test.ts",
];
/** Shared-graph candidates that replace a module (`vi.mock`): they keep their own graph. */
const MOCKING = ["packages/core/src/normalize/known-entries.test.ts"];

/** What every test file gets, whichever graph it runs in. */
const COMMON = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: "forks",
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
} as const;

export default defineConfig({
  test: {
    // Once for the whole run (not once per project): the projects read the engines' endpoints from here.
    globalSetup: ["tests/setup/engines.ts"],
    // Two files at a time, whatever the CPUs (the default is one fewer than them: one on a 2-core machine). Much of a
    // file's time is spent waiting on the commands it starts, DynamoDB Local and loopback sockets: on 2 cores the
    // suite ran in 544 s this way against about 700 s one file at a time.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...COMMON,
          name: "shared",
          include: SHARED,
          exclude: [...configDefaults.exclude, ...MOCKING],
          isolate: false,
        },
      },
      {
        test: {
          ...COMMON,
          name: "isolated",
          include: [
            "local/**/*.test.ts",
            "functions/**/*.test.ts",
            "functions/**/*.test.tsx",
            "tests/**/*.test.ts",
            "tests/**/*.test.tsx",
            ...MOCKING,
          ],
          exclude: [...configDefaults.exclude, ...SHARED.filter((glob) => !glob.startsWith("packages/"))],
        },
      },
    ],
  },
});
