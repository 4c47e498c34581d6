import { createHash } from "node:crypto";
import type { Config } from "@tributary/core/config";

/** What the schedule puts on the queue: due sources of one message group, polled together. */
export interface PollMessage {
  /** One or more; a message of an older deployment carries `sourceId` instead, read as one. */
  sourceIds: string[];
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
 * The message group of a host's `slot`-th due source, with `slot < perHost`: `host#slot`, or with `buckets`,
 * `b<n>#slot` where `n` is the host's bucket (a hash of the host, `< buckets`), so that sources of many hosts
 * share a group and a message. A host is in one bucket, SQS gives a group to one worker at a time and a worker
 * fetches one source per host at a time, so a host never has more than `perHost` sources in flight. Hosts too
 * long for an SQS id are replaced by their hash.
 */
export function messageGroupId(host: string, slot: number, buckets?: number): string {
  if (buckets) return `b${createHash("sha256").update(host).digest().readUInt32BE(0) % buckets}#${slot}`;
  const id = `${host}#${slot}`;
  if (id.length <= SQS_ID_MAX) return id;
  return `${createHash("sha256").update(host).digest("base64url")}#${slot}`;
}

/**
 * The deduplication id of a source in one schedule window (`minutes` long: the schedule's rate, `poll.minMinutes`):
 * schedule runs that overlap or are retried within a window enqueue a source once (SQS deduplicates for five minutes).
 */
export function deduplicationId(sourceId: string, scheduledAt: Date, minutes: number): string {
  const windowMs = minutes * 60_000;
  const windowStart = new Date(Math.floor(scheduledAt.getTime() / windowMs) * windowMs);
  return `${sourceId}@${windowStart.toISOString()}`;
}

/** How the schedule packs due sources into messages (`pollerPlan` of @tributary/core/aws chooses it). */
export interface MessageShape {
  /** Sources one message carries at most. */
  sourcesPerMessage: number;
  /** Host buckets (message groups per slot); 0 or absent: one group per host slot. */
  groupBuckets?: number;
}

/**
 * The queue entries for the due sources `ids`: each host's due sources are dealt round-robin over its
 * `poll.perHost` slots, and the sources of one group go, in order, into messages of `sourcesPerMessage`. A
 * message's deduplication id hashes its sources and the schedule window, so a retried run that finds the same
 * due sources enqueues nothing twice.
 */
export function pollEntries(
  config: Config,
  ids: string[],
  scheduledAt: Date,
  shape: MessageShape = { sourcesPerMessage: 1 },
): QueueEntry[] {
  const urls = new Map(config.sources.map((s) => [s.id, s.url]));
  const dealt = new Map<string, number>();
  const groups = new Map<string, string[]>();
  for (const sourceId of ids) {
    const url = urls.get(sourceId);
    if (!url) continue;
    const host = sourceHost(url);
    const n = dealt.get(host) ?? 0;
    dealt.set(host, n + 1);
    const group = messageGroupId(host, n % config.poll.perHost, shape.groupBuckets);
    groups.set(group, [...(groups.get(group) ?? []), sourceId]);
  }
  const per = Math.max(1, shape.sourcesPerMessage);
  const entries: QueueEntry[] = [];
  for (const [group, members] of groups) {
    for (let i = 0; i < members.length; i += per) {
      const sourceIds = members.slice(i, i + per);
      const message: PollMessage = { sourceIds, scheduledAt: scheduledAt.toISOString() };
      const key =
        sourceIds.length === 1
          ? (sourceIds[0] as string)
          : createHash("sha256").update(sourceIds.join("\n")).digest("base64url");
      entries.push({
        Id: `m${entries.length}`,
        MessageBody: JSON.stringify(message),
        MessageGroupId: group,
        MessageDeduplicationId: deduplicationId(key, scheduledAt, config.poll.minMinutes),
      });
    }
  }
  return entries;
}

/** The message in an SQS record's body, or null when the body is not one. */
export function parsePollMessage(body: string): PollMessage | null {
  try {
    const value = JSON.parse(body) as (Partial<PollMessage> & { sourceId?: unknown }) | null;
    const ids = Array.isArray(value?.sourceIds) ? value.sourceIds : [value?.sourceId];
    if (value && ids.length > 0 && ids.every((id) => typeof id === "string" && id)) {
      const scheduledAt = typeof value.scheduledAt === "string" ? value.scheduledAt : "";
      return { sourceIds: ids as string[], scheduledAt };
    }
  } catch {
    // not JSON
  }
  return null;
}
