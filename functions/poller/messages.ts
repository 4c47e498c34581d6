import { createHash } from "node:crypto";
import type { Config } from "@tributary/core/config";

/** What the schedule puts on the queue for one due source. */
export interface PollMessage {
  sourceId: string;
  /** The schedule run that found the source due (ISO 8601). */
  scheduledAt: string;
}

/** One entry of SQS SendMessageBatch on the FIFO poll queue. */
export interface QueueEntry {
  Id: string;
  MessageBody: string;
  MessageGroupId: string;
  MessageDeduplicationId: string;
}

/** SQS limits group and deduplication ids to 128 characters. */
const SQS_ID_MAX = 128;

/** The host a source is fetched from, lower-cased as URLs give it. */
export function sourceHost(url: string): string {
  return new URL(url).hostname;
}

/**
 * The message group of a host's `slot`-th due source: `host#slot`, with `slot < perHost`. SQS gives a group to
 * one worker at a time, so a host never has more than `perHost` sources in flight. Hosts too long for an SQS id
 * are replaced by their hash.
 */
export function messageGroupId(host: string, slot: number): string {
  const id = `${host}#${slot}`;
  if (id.length <= SQS_ID_MAX) return id;
  return `${createHash("sha256").update(host).digest("base64url")}#${slot}`;
}

/**
 * The deduplication id of a source in one schedule window (`everyMinutes` long): schedule runs that overlap or
 * are retried within a window enqueue a source once (SQS deduplicates for five minutes).
 */
export function deduplicationId(sourceId: string, scheduledAt: Date, everyMinutes: number): string {
  const windowMs = everyMinutes * 60_000;
  const windowStart = new Date(Math.floor(scheduledAt.getTime() / windowMs) * windowMs);
  return `${sourceId}@${windowStart.toISOString()}`;
}

/**
 * The queue entries for the due sources `ids`: each host's due sources are dealt round-robin over its
 * `poll.perHost` message groups.
 */
export function pollEntries(config: Config, ids: string[], scheduledAt: Date): QueueEntry[] {
  const urls = new Map(config.sources.map((s) => [s.id, s.url]));
  const dealt = new Map<string, number>();
  const entries: QueueEntry[] = [];
  for (const sourceId of ids) {
    const url = urls.get(sourceId);
    if (!url) continue;
    const host = sourceHost(url);
    const n = dealt.get(host) ?? 0;
    dealt.set(host, n + 1);
    const message: PollMessage = { sourceId, scheduledAt: scheduledAt.toISOString() };
    entries.push({
      Id: `m${entries.length}`,
      MessageBody: JSON.stringify(message),
      MessageGroupId: messageGroupId(host, n % config.poll.perHost),
      MessageDeduplicationId: deduplicationId(sourceId, scheduledAt, config.poll.everyMinutes),
    });
  }
  return entries;
}

/** The message in an SQS record's body, or null when the body is not one. */
export function parsePollMessage(body: string): PollMessage | null {
  try {
    const value = JSON.parse(body) as Partial<PollMessage> | null;
    if (value && typeof value.sourceId === "string" && value.sourceId) {
      return { sourceId: value.sourceId, scheduledAt: typeof value.scheduledAt === "string" ? value.scheduledAt : "" };
    }
  } catch {
    // not JSON
  }
  return null;
}
