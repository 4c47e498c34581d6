/** The one retention rule: how old an item may be before it is expired and never shown again. */
import type { Config } from "./schema.ts";

const DAY_MS = 86_400_000;

/**
 * The retention cutoff at `now`, as ISO 8601 UTC: an item whose `publishedAt` is before it is expired — never
 * served, never stored anew — even before DynamoDB's TTL deletes its rows.
 * @example retentionCutoff({ retentionDays: 90 }, new Date("2026-04-01T00:00:00Z")) // "2026-01-01T00:00:00.000Z"
 */
export function retentionCutoff(config: Pick<Config, "retentionDays">, now: Date): string {
  return new Date(now.getTime() - config.retentionDays * DAY_MS).toISOString();
}
