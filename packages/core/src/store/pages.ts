/**
 * `store.pages`: page jobs of full text (SPEC §2 Full text): an article page to fetch for an item, kept beside the
 * item (`I#<id>`, sk `J`) and, while pending, in the sparse index under `pages` by when it is due, so the due jobs
 * of every process are one Query of the index. A job is run by whoever claims it first (a conditional write of a
 * lease on the job, which leaves its index entry alone: one write unit), so two processes never fetch one attempt
 * twice, and a process that dies with a claim leaves the job due again once the lease has passed. A job costs
 * about 5 write units in all: its put and index entry (2), the claim (1), its delete and index entry (2).
 */
import { randomBytes } from "node:crypto";
import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { decodePageJobEntry, PAGES, pageJobEntry, pageJobKey } from "./keys.ts";
import { DAY_S, expiresAt, type Row, type TableKit } from "./kit.ts";
import { TABLE_KEYS } from "./table.ts";

const INDEX = TABLE_KEYS.indexes.due;

/** An article page to fetch for an item. */
export interface PageJob {
  itemId: string;
  /** The source whose rule asked for the page (its User-Agent and Accept-Language are sent). */
  sourceId: string;
  /** The item's link when the job was made: a job whose item has since moved to another link is dropped. */
  url: string;
  /** The CSS selector of a `{ selector }` rule, else null. */
  selector: string | null;
  /** Failed attempts so far. */
  attempts: number;
  /** When the next attempt is due (ISO 8601 UTC). */
  dueAt: string;
}

/** A job this process holds until its lease passes: only it may settle it. */
export type PageClaim = { job: PageJob; token: string };

/** A job record outlives its last due time by this long (TTL), whatever happens to the processes. */
const KEEP_AFTER_DUE_S = 2 * DAY_S;

function jobRecord(job: PageJob): Row {
  return {
    ...pageJobKey(job.itemId),
    ...job,
    ...pageJobEntry(job.dueAt, job.sourceId, job.itemId),
    expiresAt: expiresAt(job.dueAt, KEEP_AFTER_DUE_S),
  };
}

/** Whether a job read is due at `at` (ISO) and not held by a live claim. */
const dueAt = (row: Row, at: string) =>
  String(row.dueAt) <= at && !(typeof row.claimedUntil === "string" && row.claimedUntil > at);

function toJob(row: Row): PageJob {
  return {
    itemId: String(row.itemId),
    sourceId: String(row.sourceId),
    url: String(row.url),
    selector: typeof row.selector === "string" ? row.selector : null,
    attempts: Number(row.attempts ?? 0),
    dueAt: String(row.dueAt),
  };
}

/** Page jobs and their claims: every method's storage failure is a StorageError. */
export class PageJobs {
  constructor(private readonly kit: TableKit) {}

  /**
   * Stores jobs (BatchWriteItem, 25 a request): a job already pending for the same item is replaced (its link
   * or rule changed). About 250 bytes each: one write unit, and one for its index entry.
   * @throws StorageError
   */
  queue(jobs: PageJob[]): Promise<void> {
    if (jobs.length === 0) return Promise.resolve();
    return this.kit.guard("queue page jobs", () =>
      this.kit.batchWrite(jobs.map((job) => ({ PutRequest: { Item: jobRecord(job) } }))),
    );
  }

  /**
   * The jobs due by `now`, oldest due first, at most `limit`, of the `sources` given (default: all): a Query of the
   * index's `pages` partition (keys only, eventually consistent: about 100 keys a read unit), then one
   * BatchGetItem (eventually consistent) of the jobs taken. A job claimed by a live process is not due.
   * @throws StorageError
   */
  due(now: Date, limit: number, sources?: ReadonlySet<string>): Promise<PageJob[]> {
    return this.kit.guard("read due page jobs", async () => {
      const ids: string[] = [];
      const input = {
        IndexName: INDEX.name,
        KeyConditionExpression: "#pk = :pk AND #sk <= :until",
        ExpressionAttributeNames: { "#pk": INDEX.partitionKey, "#sk": INDEX.sortKey },
        ExpressionAttributeValues: { ":pk": PAGES, ":until": `${now.toISOString()}#~` },
      };
      for await (const page of this.kit.query(input, Math.max(limit, 100))) {
        for (const row of page.Items ?? []) {
          const entry = decodePageJobEntry(row);
          if (!sources || sources.has(entry.sourceId)) ids.push(entry.itemId);
        }
        if (ids.length >= limit) break;
      }
      const rows = await this.kit.batchGet(ids.slice(0, limit).map(pageJobKey), false);
      const at = now.toISOString();
      return rows
        .filter((row) => dueAt(row, at))
        .map(toJob)
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.itemId.localeCompare(b.itemId));
    });
  }

  /**
   * The sources with a job due by `now`, at most `limit` jobs looked at, oldest due first: a keys-only Query of the
   * index's `pages` partition (about 100 keys a read unit), no job read. The AWS schedule polls them, so their
   * workers run their pages (a retry never waits for its source's own next poll).
   * @throws StorageError
   */
  dueSources(now: Date, limit: number): Promise<Set<string>> {
    return this.kit.guard("read due page jobs", async () => {
      const sources = new Set<string>();
      const input = {
        IndexName: INDEX.name,
        KeyConditionExpression: "#pk = :pk AND #sk <= :until",
        ExpressionAttributeNames: { "#pk": INDEX.partitionKey, "#sk": INDEX.sortKey },
        ExpressionAttributeValues: { ":pk": PAGES, ":until": `${now.toISOString()}#~` },
      };
      let seen = 0;
      for await (const page of this.kit.query(input, Math.min(limit, 1000))) {
        for (const row of page.Items ?? []) {
          sources.add(decodePageJobEntry(row).sourceId);
          seen++;
        }
        if (seen >= limit) break;
      }
      return sources;
    });
  }

  /**
   * Claims a due job for one attempt until `now + leaseMs`, with a conditional write on the due time and link read
   * and on no live claim: null when another process claimed it first, or it was finished or replaced meanwhile.
   * @throws StorageError
   */
  claim(job: PageJob, now: Date, leaseMs: number): Promise<PageClaim | null> {
    const token = randomBytes(12).toString("base64url");
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.kit.guard("claim page job", async () => {
      const claimed = await this.kit.sendIf(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: pageJobKey(job.itemId),
          UpdateExpression: "SET claimedUntil = :until, claimToken = :token",
          ConditionExpression:
            "dueAt = :seen AND #url = :url AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)",
          ExpressionAttributeNames: { "#url": "url" },
          ExpressionAttributeValues: {
            ":until": until,
            ":token": token,
            ":seen": job.dueAt,
            ":url": job.url,
            ":now": now.toISOString(),
          },
        }),
      );
      return claimed ? { job, token } : null;
    });
  }

  /**
   * Puts a claimed job back, due at `dueAt` (ISO) after one more failed attempt. False when the claim had lapsed
   * and another process took it, or the job was replaced. @throws StorageError
   */
  retry(claim: PageClaim, dueAt: string): Promise<boolean> {
    return this.kit.guard("retry page job", () =>
      this.kit.sendIf(
        new UpdateCommand({
          TableName: this.kit.name,
          Key: pageJobKey(claim.job.itemId),
          UpdateExpression:
            "SET dueAt = :due, #sk = :sk, attempts = :attempts, expiresAt = :ttl REMOVE claimToken, claimedUntil",
          ConditionExpression: "claimToken = :token",
          ExpressionAttributeNames: { "#sk": INDEX.sortKey },
          ExpressionAttributeValues: {
            ":due": dueAt,
            ":sk": pageJobEntry(dueAt, claim.job.sourceId, claim.job.itemId)[INDEX.sortKey],
            ":attempts": claim.job.attempts + 1,
            ":ttl": expiresAt(dueAt, KEEP_AFTER_DUE_S),
            ":token": claim.token,
          },
        }),
      ),
    );
  }

  /**
   * Removes a claimed job for good (the page's article stored, judged not the article, or every attempt spent).
   * False when the claim had lapsed and another process took it, or the job was replaced. @throws StorageError
   */
  finish(claim: PageClaim): Promise<boolean> {
    return this.kit.guard("finish page job", () =>
      this.kit.sendIf(
        new DeleteCommand({
          TableName: this.kit.name,
          Key: pageJobKey(claim.job.itemId),
          ConditionExpression: "claimToken = :token",
          ExpressionAttributeValues: { ":token": claim.token },
        }),
      ),
    );
  }
}
