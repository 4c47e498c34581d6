import type { Config } from "@tributary/core/config";
import type { Store } from "@tributary/core/store";
import type { FeedRenderer } from "@tributary/core/websub/delivery.ts";
import { createApp } from "../api/app.ts";

/**
 * Renders deliveries with the API app itself: a delivery's body is what `GET {origin}/feeds/{slug}.{format}`
 * answers, byte for byte, with its Content-Type (same routes, renderer and document). The app reads the list's
 * version on every render, so a page rendered right after a poll's commit is never an older one.
 * @throws StorageError, or Error when the feed does not answer 200 (a topic no longer configured)
 */
export function feedRenderer(deps: { config: Config; store: Store; now?: () => Date }): FeedRenderer {
  const app = createApp({ config: deps.config, store: deps.store, now: deps.now, listVersionMaxAgeMs: 0 });
  return async ({ slug, format, origin }) => {
    const response = await app.request(`${origin}/feeds/${slug}.${format}`);
    if (response.status !== 200) throw new Error(`feed ${slug}.${format} answered ${response.status}`);
    return {
      body: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get("Content-Type") ?? "application/octet-stream",
    };
  };
}
