import createFetchClient from "openapi-fetch";
/** The API answered with an error: `status` is the HTTP status, `problem` its problem+json body when it had one. */
export class TributaryApiError extends Error {
    status;
    problem;
    name = "TributaryApiError";
    constructor(status, problem) {
        super(problem?.detail ?? problem?.title ?? `the API answered ${status}`);
        this.status = status;
        this.problem = problem;
    }
}
function unwrap({ data, error, response }) {
    if (data !== undefined && response.ok)
        return data;
    const problem = error && typeof error === "object" && "status" in error ? error : null;
    throw new TributaryApiError(response.status, problem);
}
/** Every entry of a paged list, page by page as the loop asks: `entries` picks a page's entries. */
async function* eachOf(page, entries) {
    let cursor;
    do {
        const answer = await page(cursor);
        yield* entries(answer);
        cursor = answer.nextCursor ?? undefined;
    } while (cursor !== undefined);
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
export function createTributaryClient(baseUrl, options = {}) {
    const http = createFetchClient({
        baseUrl: baseUrl.replace(/\/+$/, ""),
        fetch: options.fetch,
        headers: options.headers,
    });
    const topicItems = async (slug, query) => unwrap(await http.GET("/api/topics/{slug}/items", { params: { path: { slug }, query } }));
    const sourceItems = async (id, query) => unwrap(await http.GET("/api/sources/{id}/items", { params: { path: { id }, query } }));
    const sources = async (query) => unwrap(await http.GET("/api/sources", { params: { query } }));
    return {
        topics: async () => unwrap(await http.GET("/api/topics")).topics,
        topicItems,
        eachTopicItem: (slug, params) => eachOf((cursor) => topicItems(slug, { ...params, cursor }), (page) => page.items),
        sourceItems,
        eachSourceItem: (id, params) => eachOf((cursor) => sourceItems(id, { ...params, cursor }), (page) => page.items),
        item: async (id) => unwrap(await http.GET("/api/items/{id}", { params: { path: { id } } })),
        story: async (id) => unwrap(await http.GET("/api/stories/{id}", { params: { path: { id } } })),
        sources,
        eachSource: (params) => eachOf((cursor) => sources({ ...params, cursor }), (page) => page.sources),
    };
}
