import type { components, paths } from "./openapi.js";
/**
 * An article as the API serves it (times ISO 8601 UTC, `null` where unknown, `sources` lists source ids, `story` the
 * story it belongs to).
 */
export type Item = components["schemas"]["Item"];
/** A configured topic with the URLs of its RSS, Atom and JSON feeds. */
export type Topic = components["schemas"]["Topic"];
/** A source's health: `status` is `pending`, `ok`, `failing` or `gone`. */
export type Source = components["schemas"]["Source"];
/** A page of a topic's items; `nextCursor` is null on the last page. */
export type TopicItems = components["schemas"]["TopicItems"];
/** A page of a source's items; `nextCursor` is null on the last page. */
export type SourceItems = components["schemas"]["SourceItems"];
/** A story and every item of it within retention, newest first (`GET /api/stories/{id}`). */
export type StoryItems = components["schemas"]["StoryItems"];
/** An item's story: `{id, size}`, and in a story-grouped list `others` (the other outlets that carried it). */
export type ItemStory = Item["story"];
/** An RFC 9457 problem, as every error of the API is answered. */
export type Problem = components["schemas"]["Problem"];
/** What a list of items takes: `limit` (1–200, default 20), `cursor`, `q`, `since`, `filter`, `filterout`, `group`. */
export type ListParams = NonNullable<paths["/api/topics/{slug}/items"]["get"]["parameters"]["query"]>;
/** Parameters of a page of source health: `limit`, `cursor`, `status`. */
export type SourceParams = NonNullable<paths["/api/sources"]["get"]["parameters"]["query"]>;
/** A page of source health: `{ sources, nextCursor }`. */
export type Sources = components["schemas"]["Sources"];
/** The API answered with an error: `status` is the HTTP status, `problem` its problem+json body when it had one. */
export declare class TributaryApiError extends Error {
    readonly status: number;
    readonly problem: Problem | null;
    readonly name = "TributaryApiError";
    constructor(status: number, problem: Problem | null);
}
/** How to reach the API. */
export interface ClientOptions {
    /** A fetch implementation (default: the global one). */
    fetch?: typeof globalThis.fetch;
    /** Headers sent with every request. */
    headers?: Record<string, string>;
}
/** A typed client of Tributary's JSON API (see `createTributaryClient`). */
export interface TributaryClient {
    /** Every configured topic, in configuration order. */
    topics(): Promise<Topic[]>;
    /** One page of a topic's items, newest first. Pass the previous page's `nextCursor` as `cursor` for the next. */
    topicItems(slug: string, params?: ListParams): Promise<TopicItems>;
    /** Every item of a topic, newest first, fetched page by page as the loop asks for them. */
    eachTopicItem(slug: string, params?: Omit<ListParams, "cursor">): AsyncGenerator<Item>;
    /** One page of a source's items, newest first. */
    sourceItems(id: string, params?: ListParams): Promise<SourceItems>;
    /** Every item of a source, newest first, fetched page by page. */
    eachSourceItem(id: string, params?: Omit<ListParams, "cursor">): AsyncGenerator<Item>;
    /** One item by id. */
    item(id: string): Promise<Item>;
    /** A story by id (an item's `story.id`): its size and every item of it, newest first. */
    story(id: string): Promise<StoryItems>;
    /**
     * One page of source health: failing sources first (the longest failing first), then the rest in configuration
     * order; `status` keeps one status, `limit` 1–1000 (default 100).
     */
    sources(params?: SourceParams): Promise<Sources>;
    /** The health of every configured source (or of one `status`), fetched page by page as the loop asks. */
    eachSource(params?: Omit<SourceParams, "cursor">): AsyncGenerator<Source>;
}
/**
 * A typed client of the JSON API at `baseUrl` (the server's origin, e.g. `https://feeds.example.org`).
 * Every method resolves to the typed body and rejects with `TributaryApiError` on an error status
 * (400 for a bad parameter, 404 for an unknown topic, source, item or story, 503 when storage is unreachable),
 * or with fetch's own error when the server cannot be reached.
 * @example
 * const api = createTributaryClient("http://127.0.0.1:3000");
 * for await (const item of api.eachTopicItem("ukraine-war", { q: "kyiv" })) console.log(item.title);
 */
export declare function createTributaryClient(baseUrl: string, options?: ClientOptions): TributaryClient;
