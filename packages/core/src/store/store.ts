/** The one door into Tributary's DynamoDB table: one object of per-record modules on one kit. */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Budgets } from "./budgets.ts";
import { Deliveries } from "./deliveries.ts";
import { Items } from "./items.ts";
import { PING_KEY } from "./keys.ts";
import { TableKit } from "./kit.ts";
import { Lists } from "./lists.ts";
import { Markers } from "./markers.ts";
import { PageJobs } from "./pages.ts";
import { Sources } from "./sources.ts";
import { Stories } from "./stories.ts";
import { Subscriptions } from "./subscriptions.ts";

/**
 * Every read and write of the table, by record: `store.items`, `store.lists`, `store.sources`,
 * `store.markers`, `store.subscriptions`, `store.deliveries`, `store.budgets`, `store.stories`, `store.pages`.
 * Failures surface as StorageError (an item too large as ItemTooLargeError, a bad cursor as InvalidCursorError).
 * @example
 * const store = await openStore({ endpoint, retentionDays: 90, createTable: true });
 * const page = await store.lists.page(topicList("ukraine-war"), { limit: 20, cutoff });
 * store.close();
 */
export class Store {
  /** The kit the record modules share: tools that inspect the table (tests, the bench) read through it too. */
  readonly kit: TableKit;
  /** Items and first-seen marks. */
  readonly items: Items;
  /** Lists (topics, sources): rows, pages, versions. */
  readonly lists: Lists;
  /** Source states, the held index, poll records. */
  readonly sources: Sources;
  /** Named markers. */
  readonly markers: Markers;
  /** WebSub subscriptions, their callback hosts and the subscribed topics. */
  readonly subscriptions: Subscriptions;
  /** Pending WebSub deliveries. */
  readonly deliveries: Deliveries;
  /** WebSub verification budgets per callback host. */
  readonly budgets: Budgets;
  /** Page jobs of full text: article pages to fetch for items. */
  readonly pages: PageJobs;
  /** Stories: postings, summaries, member rows and cards. */
  readonly stories: Stories;

  constructor(doc: DynamoDBDocumentClient, client: DynamoDBClient, table: string, retentionDays: number) {
    this.kit = new TableKit(doc, client, table, retentionDays);
    this.items = new Items(this.kit);
    this.lists = new Lists(this.kit);
    this.sources = new Sources(this.kit);
    this.markers = new Markers(this.kit);
    this.subscriptions = new Subscriptions(this.kit);
    this.deliveries = new Deliveries(this.kit);
    this.budgets = new Budgets(this.kit);
    this.pages = new PageJobs(this.kit);
    this.stories = new Stories(this.kit);
  }

  /** The table's name. */
  get table(): string {
    return this.kit.name;
  }

  /**
   * Checks that the table answers reads: one eventually consistent GetItem of a key nothing writes (`PING_KEY`, half a
   * read unit). Its cost does not depend on what the table holds, where DescribeTable's does on DynamoDB Local (it
   * counts the table's items). @throws StorageError
   */
  ping(): Promise<void> {
    return this.kit.guard("ping", async () => {
      await this.kit.send(new GetCommand({ TableName: this.kit.name, Key: PING_KEY }));
    });
  }

  /** Closes the clients' connections; the store answers no request after. */
  close(): void {
    this.kit.client.destroy();
  }
}
