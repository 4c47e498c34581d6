import { Hono } from "hono";
import { NO_STORE } from "../http/caching.ts";
import type { Services } from "../services.ts";

/** How long /health waits for storage before calling it unreachable. */
const PING_TIMEOUT_MS = 3000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `/health`: `{"status":"ok"}` when storage answers, 503 when it does not (the server keeps running). */
export function healthRoutes(s: Services) {
  return new Hono().get("/health", async (c) => {
    c.header("Cache-Control", NO_STORE);
    try {
      await withTimeout(s.store.ping(), PING_TIMEOUT_MS);
      return c.json({ status: "ok" as const }, 200);
    } catch {
      return c.json({ status: "unavailable" as const }, 503);
    }
  });
}
