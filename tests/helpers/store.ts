import { randomUUID } from "node:crypto";
import { openStore } from "@tributary/core/store";
import { inject } from "vitest";

/** The engines the suite runs against. */
export type EngineName = "dynamodb-local" | "dynalite";

/** Endpoint of a test engine started by the global setup. */
export function engineEndpoint(engine: EngineName = "dynamodb-local"): string {
  return engine === "dynalite" ? inject("dynaliteEndpoint") : inject("dynamodbLocalEndpoint");
}

/** A store on a fresh table of its own, on a real engine. */
export async function createTestStore(
  options: { engine?: EngineName; retentionDays?: number; endpoint?: string } = {},
) {
  const endpoint = options.endpoint ?? engineEndpoint(options.engine);
  return openStore({
    endpoint,
    tableName: `t-${randomUUID()}`,
    retentionDays: options.retentionDays ?? 90,
    createTable: true,
    maxAttempts: 3,
  });
}
