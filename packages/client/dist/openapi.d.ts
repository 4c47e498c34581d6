/** Types of Tributary's JSON API, generated from its OpenAPI description by `npm run client:types`. */

export interface paths {
    "/api/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every configured topic with its feeds */
        get: operations["listTopics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/topics/{slug}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of a topic's items, newest first */
        get: operations["listTopicItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the configured sources and their health */
        get: operations["listSources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sources/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of one source's items, newest first */
        get: operations["listSourceItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One item */
        get: operations["getItem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every item of a story, newest first */
        get: operations["getStory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Topics: {
            topics: components["schemas"]["Topic"][];
        };
        Topic: {
            slug: string;
            title: string;
            description: string | null;
            /**
             * Format: date-time
             * @description When the topic's items last changed; null before the first.
             * @example 2026-11-26T14:03:00.000Z
             */
            updatedAt: string | null;
            feeds: {
                rss: string;
                atom: string;
                json: string;
            };
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @description The query parameter at fault (400). */
            parameter?: string;
        };
        TopicItems: {
            topic: {
                slug: string;
                title: string;
            };
            items: components["schemas"]["Item"][];
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        Item: {
            /** @description Stable, URL-safe id derived from the canonical URL. */
            id: string;
            url: string | null;
            /** @description Plain text. */
            title: string | null;
            /** @description Plain text, at most 300 characters. */
            summary: string | null;
            /** @description Sanitized HTML with absolute URLs. */
            contentHtml: string | null;
            /**
             * @description Where contentHtml came from: "feed" (the entry itself) or "page" (the article fetched from its web page).
             * @enum {string}
             */
            contentSource: "feed" | "page";
            author: string | null;
            /** @description The item's own categories. */
            categories: string[];
            imageUrl: string | null;
            /**
             * Format: date-time
             * @example 2026-11-26T14:03:00.000Z
             */
            publishedAt: string;
            /**
             * Format: date-time
             * @example 2026-11-26T14:03:00.000Z
             */
            updatedAt: string;
            /** @description Ids of the sources the item was seen in. */
            sources: string[];
            story: {
                /** @description Id of the story: its first stored item's id. */
                id: string;
                /** @description Items of the story within retention. */
                size: number;
                /** @description In a story-grouped list: up to 10 other items of the story, newest first. */
                others?: {
                    id: string;
                    url: string | null;
                    /** @description Plain text. */
                    title: string | null;
                    /** @description Id of the source the item came from. */
                    source: string | null;
                    /** @description Display title of that source (the publisher). */
                    sourceTitle: string | null;
                    /**
                     * Format: date-time
                     * @example 2026-11-26T14:03:00.000Z
                     */
                    publishedAt: string;
                }[];
            };
        };
        Sources: {
            /** @description Failing sources first (the longest failing first), then the rest in configuration order. */
            sources: components["schemas"]["Source"][];
            /** @description The `cursor` of the next page; null on the last. */
            nextCursor: string | null;
        };
        Source: {
            id: string;
            url: string;
            /** @description The configured title, else the feed's own. */
            title: string | null;
            /**
             * @description `disabled`: configured `enabled: false`, never fetched (its items stay).
             * @enum {string}
             */
            status: "pending" | "ok" | "failing" | "gone" | "disabled";
            /**
             * Format: date-time
             * @example 2026-11-26T14:03:00.000Z
             */
            lastFetchedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-26T14:03:00.000Z
             */
            lastSuccessAt: string | null;
            lastError: string | null;
            consecutiveErrors: number;
            /**
             * Format: date-time
             * @example 2026-11-26T14:03:00.000Z
             */
            nextFetchAt: string | null;
        };
        SourceItems: {
            source: {
                id: string;
                title: string | null;
            };
            items: components["schemas"]["Item"][];
            /** @description Pass as `cursor` for the next page; null on the last. */
            nextCursor: string | null;
        };
        StoryItems: {
            story: {
                /** @description The story's id: its first stored item's id. */
                id: string;
                /** @description Items of the story within retention. */
                size: number;
            };
            /** @description Every item of the story within retention, newest first. */
            items: components["schemas"]["Item"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listTopics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The topics, in configuration order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Topics"];
                };
            };
            /** @description Not modified: the client's copy (If-None-Match / If-Modified-Since) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Storage is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request cannot be answered as sent. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTopicItems: {
        parameters: {
            query?: {
                /** @description Items per page, 1–200. */
                limit?: number;
                /** @description Opaque: the `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Case-insensitive substring of title or summary, looked for in the newest 1,000 items; empty: no search. */
                q?: string;
                /** @description ISO 8601 time (a date alone is its midnight UTC): only items published strictly after it. */
                since?: string;
                /** @description Up to 10 terms separated by `|`: only items whose title or summary has one of them, looked for through the whole list, 1,000 items a page (a page may hold fewer than `limit`, none even, and still name a next page). A term matches whole words, case and accents ignored (`putin` matches Putin's, not computing); a trailing `*` matches words that begin so (`ukrain*`); several words match in a row (`peace talks`); not regular expressions. */
                filter?: string;
                /** @description `none`: every item on its own. Without it, a topic with `stories` on lists each story once: its entry is the story's earliest-stored item in the topic, with `story.others` naming up to 10 other outlets that carried it. */
                group?: "none";
                /** @description Up to 10 terms separated by `|`: items whose title or summary has any of them are left out, looked for through the whole list as `filter` is. Terms match as in `filter`. */
                filterout?: string;
            };
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopicItems"];
                };
            };
            /** @description Not modified: the client's copy (If-None-Match / If-Modified-Since) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A bad parameter, named in `parameter`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown topic, source, item or story. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSources: {
        parameters: {
            query?: {
                /** @description Sources per page, 1–1000. */
                limit?: number;
                /** @description Opaque: the `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only sources of this status. */
                status?: "pending" | "ok" | "failing" | "gone" | "disabled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of sources: failing ones first (the longest failing first), then the rest in configuration order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sources"];
                };
            };
            /** @description Not modified: the client's copy (If-None-Match / If-Modified-Since) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Storage is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request cannot be answered as sent. */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSourceItems: {
        parameters: {
            query?: {
                /** @description Items per page, 1–200. */
                limit?: number;
                /** @description Opaque: the `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Case-insensitive substring of title or summary, looked for in the newest 1,000 items; empty: no search. */
                q?: string;
                /** @description ISO 8601 time (a date alone is its midnight UTC): only items published strictly after it. */
                since?: string;
                /** @description Up to 10 terms separated by `|`: only items whose title or summary has one of them, looked for through the whole list, 1,000 items a page (a page may hold fewer than `limit`, none even, and still name a next page). A term matches whole words, case and accents ignored (`putin` matches Putin's, not computing); a trailing `*` matches words that begin so (`ukrain*`); several words match in a row (`peace talks`); not regular expressions. */
                filter?: string;
                /** @description `none`: every item on its own. Without it, a topic with `stories` on lists each story once: its entry is the story's earliest-stored item in the topic, with `story.others` naming up to 10 other outlets that carried it. */
                group?: "none";
                /** @description Up to 10 terms separated by `|`: items whose title or summary has any of them are left out, looked for through the whole list as `filter` is. Terms match as in `filter`. */
                filterout?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceItems"];
                };
            };
            /** @description Not modified: the client's copy (If-None-Match / If-Modified-Since) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A bad parameter, named in `parameter`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown topic, source, item or story. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description Not modified: the client's copy (If-None-Match / If-Modified-Since) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unknown topic, source, item or story. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The story and its items within retention. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoryItems"];
                };
            };
            /** @description Not modified: the client's copy (If-None-Match / If-Modified-Since) is current. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unknown topic, source, item or story. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Storage is unreachable. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
