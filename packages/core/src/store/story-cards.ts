/**
 * Story cards (`G#<story id>` / `C`): what lists show of a story of two items or more, read by key beside each page's
 * items (one BatchGetItem): its members' dates (its size within retention), its newest members (a list entry's
 * `others`) and, for each grouped topic, its entry there. A story of one item has no card: its size is 1 and its
 * entry is its item. The card is written by each item that joins, after the summary (which orders joins): from the
 * card it read when that card is one join behind, else rebuilt from the story's member rows and items.
 */
import { recordSize } from "./item-size.ts";
import { storyCardKey } from "./keys.ts";
import type { Row } from "./kit.ts";

/** One member of a story as lists show it among `others`. */
export interface StoryMember {
  id: string;
  url: string | null;
  title: string | null;
  /** The source it was first seen in (its publisher), or null. */
  source: string | null;
  /** ISO 8601 UTC. */
  publishedAt: string;
}

/** A story's card. */
export interface StoryCard {
  id: string;
  /** How many items it holds (the summary's version when the card was written: one write per member). */
  version: number;
  /** The first item's `publishedAt`, ms since the epoch. */
  firstAt: number;
  /** Every member's `publishedAt` in ms after `firstAt` (negative before it), in the order they joined. */
  times: number[];
  /** Its newest members (by `publishedAt`, ties by id, descending), at most `CARD_MEMBERS`, within `CARD_BYTES`. */
  members: StoryMember[];
  /** Grouped topic slug → the id of its entry there: the earliest-stored member in that topic. */
  entries: Record<string, string>;
}

/** Members a card keeps: 10 others beside any one entry. */
export const CARD_MEMBERS = 11;
/**
 * Upper bound of a card record in bytes: one BatchGetItem key of a page reads it for half a read unit (4 KB,
 * eventually consistent). Older members are left out first when long titles or links would pass it.
 */
export const CARD_BYTES = 4000;

/** A member row of a story as read back: which item, published when, and in which order it joined (1: first). */
export interface MemberRow {
  id: string;
  publishedAt: string;
  /** The story's version its join made (1 for the first item); 0 when unknown. */
  order: number;
}

/** Newest first, ties by id descending: the order of every list. */
export const newestFirst = (a: { publishedAt: string; id: string }, b: { publishedAt: string; id: string }) =>
  a.publishedAt !== b.publishedAt ? (a.publishedAt < b.publishedAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

/** The record of a card, members cut to the newest that fit in `CARD_BYTES`. */
export function cardRecord(card: StoryCard, expires: number): Row {
  const members = [...card.members].sort(newestFirst).slice(0, CARD_MEMBERS);
  const record: Row = {
    ...storyCardKey(card.id),
    version: card.version,
    firstAt: card.firstAt,
    times: card.times,
    members,
    entries: card.entries,
    expiresAt: expires,
  };
  while (members.length > 1 && recordSize(record) > CARD_BYTES) members.pop();
  return record;
}

/** The card a record holds. */
export function cardOf(record: Row): StoryCard {
  return {
    id: String(record.pk).slice(2),
    version: Number(record.version),
    firstAt: Number(record.firstAt),
    times: ((record.times ?? []) as unknown[]).map(Number),
    members: ((record.members ?? []) as StoryMember[]).map((m) => ({
      id: m.id,
      url: m.url ?? null,
      title: m.title ?? null,
      source: m.source ?? null,
      publishedAt: m.publishedAt,
    })),
    entries: (record.entries ?? {}) as Record<string, string>,
  };
}

/**
 * How many members of a card are within retention (published at or after `cutoff`, ISO): the size lists show.
 * @example cardSize({ firstAt: Date.parse("2026-01-01T00:00:00Z"), times: [0, 3_600_000], … }, "2026-01-01T00:30:00.000Z") // 1
 */
export function cardSize(card: Pick<StoryCard, "firstAt" | "times">, cutoff: string): number {
  const from = Date.parse(cutoff);
  return card.times.filter((offset) => card.firstAt + offset >= from).length;
}

/**
 * Entries with `member` taken into account as the next item stored: it becomes the entry of each of `topics` (slugs
 * of the story-grouped topics it belongs to) where the story has none yet — the earliest-stored item in the topic.
 * @example entriesWith({ world: "a" }, "b", ["world", "europe"]) // { world: "a", europe: "b" }
 */
export function entriesWith(entries: Record<string, string>, memberId: string, topics: readonly string[]) {
  const next = { ...entries };
  for (const slug of topics) next[slug] ??= memberId;
  return next;
}

/**
 * The card with `member` joined as the story's `version`-th item; it becomes the entry of those of `topics` (the
 * story-grouped topics it belongs to) where the story has none.
 */
export function cardWith(
  card: StoryCard,
  member: StoryMember,
  version: number,
  topics: readonly string[] = [],
): StoryCard {
  const members = [member, ...card.members.filter((m) => m.id !== member.id)].sort(newestFirst);
  return {
    ...card,
    version,
    times: [...card.times, Date.parse(member.publishedAt) - card.firstAt],
    members: members.slice(0, CARD_MEMBERS),
    entries: entriesWith(card.entries, member.id, topics),
  };
}
