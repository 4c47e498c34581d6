import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/**/*.test.ts",
      "local/**/*.test.ts",
      "functions/**/*.test.ts",
      "tests/**/*.test.ts",
      "testkit/**/*.test.ts",
      "tests/**/*.test.tsx",
      "functions/**/*.test.tsx",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["tests/setup/engines.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
