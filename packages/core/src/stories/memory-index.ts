/**
 * A `StoryIndex` in memory, with the conditional semantics of the DynamoDB one, for tests and tuning. It meters
 * what each call would cost in DynamoDB (docs/stories.md): read units of eventually consistent Queries (their
 * records' sizes summed, then rounded up to 4 KB, half a unit each) and BatchGetItems (each record rounded up to
 * 4 KB), write units (each record's larger size, before or after, rounded up to 1 KB).
 */

import { recordSize } from "../store/item-size.ts";
import type { StoryChange } from "./decide.ts";
import { type Posting, type PostingLookup, withStory } from "./postings.ts";
import { StoryConflictError, type StoryIndex } from "./story-index.ts";
import { type StorySummary, summaryBytes } from "./summary.ts";

/** Read and write units spent, as DynamoDB would count them. */
export interface StoryMeter {
  readUnits: number;
  writeUnits: number;
  /** Items committed. */
  commits: number;
}

/** A posting's record size in bytes: `{pk: "Z#<term>", sk: "<day>", v, s: {<story>: firstAt}}`. */
export function postingBytes(posting: Posting): number {
  return recordSize({
    pk: `Z#${posting.term}`,
    sk: posting.day,
    v: posting.version,
    s: Object.fromEntries(posting.stories),
  });
}

/** A membership row's size: `{pk: "Y#<story>", sk: "M#<publishedAt>#<item>"}`. */
function memberBytes(story: string, item: string, publishedAt: number): number {
  return recordSize({ pk: `Y#${story}`, sk: `M#${new Date(publishedAt).toISOString()}#${item}` });
}

const readUnits = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** See the module's doc. */
export class MemoryStoryIndex implements StoryIndex {
  readonly meter: StoryMeter = { readUnits: 0, writeUnits: 0, commits: 0 };
  /** Term → day → posting. */
  readonly #postings = new Map<string, Map<string, Posting>>();
  readonly #summaries = new Map<string, StorySummary>();
  /** Item id → story id. */
  readonly members = new Map<string, string>();

  async postings(lookups: readonly PostingLookup[], consistent: boolean): Promise<Posting[]> {
    const out: Posting[] = [];
    for (const lookup of lookups) {
      let bytes = 0;
      for (const posting of this.#postings.get(lookup.term)?.values() ?? []) {
        if (posting.day >= lookup.fromDay && posting.day <= lookup.toDay) {
          out.push(copyPosting(posting));
          bytes += postingBytes(posting);
        }
      }
      this.meter.readUnits += readUnits(bytes, consistent);
    }
    return out;
  }

  async summaries(ids: readonly string[], consistent: boolean): Promise<StorySummary[]> {
    const out: StorySummary[] = [];
    for (const id of ids) {
      const summary = this.#summaries.get(id);
      this.meter.readUnits += readUnits(summary ? summaryBytes(summary) : 0, consistent);
      if (summary) out.push(summary);
    }
    return out;
  }

  async commit(change: StoryChange): Promise<void> {
    const { summary } = change;
    const stored = this.#summaries.get(summary.id);
    if (summary.version === 1) {
      if (stored) throw new StoryConflictError(`story ${summary.id} exists`);
      for (const addition of change.postings) {
        const current = this.#postings.get(addition.term)?.get(addition.day);
        if ((current?.version ?? 0) !== addition.readVersion) {
          throw new StoryConflictError(`posting ${addition.term} ${addition.day} moved`);
        }
      }
    } else if (stored?.version !== summary.version - 1) {
      throw new StoryConflictError(`story ${summary.id} moved`);
    }
    // Adding a story to a posting commutes: it is added to what is there now.
    for (const { term, day } of change.postings) {
      const current = this.#postings.get(term)?.get(day) ?? { term, day, version: 0, stories: new Map() };
      const next = withStory(current, summary.id, summary.firstAt);
      if (next) this.#putPosting(next);
    }
    this.meter.writeUnits += writeUnits(Math.max(stored ? summaryBytes(stored) : 0, summaryBytes(summary)));
    this.#summaries.set(summary.id, summary);
    this.meter.writeUnits += writeUnits(memberBytes(summary.id, change.item.id, change.item.publishedAt));
    this.members.set(change.item.id, summary.id);
    this.meter.commits++;
  }

  /** Every story summary kept, for tests and reports. */
  stories(): StorySummary[] {
    return [...this.#summaries.values()];
  }

  #putPosting(posting: Posting): void {
    let days = this.#postings.get(posting.term);
    if (!days) {
      days = new Map();
      this.#postings.set(posting.term, days);
    }
    const before = days.get(posting.day);
    this.meter.writeUnits += writeUnits(Math.max(before ? postingBytes(before) : 0, postingBytes(posting)));
    days.set(posting.day, copyPosting(posting));
  }
}

function copyPosting(posting: Posting): Posting {
  return { ...posting, stories: new Map(posting.stories) };
}
