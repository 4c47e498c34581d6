import { defineConfig } from "@tributary/core/config";

/**
 * The sections and tags of Responsible Statecraft, merged into topics.
 * The site publishes one RSS feed per section (`/feeds/<section>.rss`) and per tag (`/feeds/tag/<tag>.rss`);
 * change a URL here if the site moves a feed. `npm run check` validates this file.
 */
const site = "https://responsiblestatecraft.org";

export default defineConfig({
  title: "Responsible Statecraft topics",
  sources: [
    { id: "rs-latest", url: `${site}/feeds/feed.rss`, title: "Latest" },
    { id: "rs-diplomacy-watch", url: `${site}/feeds/tag/diplomacy-watch.rss`, title: "Diplomacy Watch" },
    { id: "rs-qiosk", url: `${site}/feeds/qiosk.rss`, title: "QiOSK" },
    { id: "rs-ukraine-war", url: `${site}/feeds/tag/ukraine-war.rss`, title: "ukraine war" },
    { id: "rs-europe", url: `${site}/feeds/regions/europe.rss`, title: "Europe" },
    { id: "rs-asia-pacific", url: `${site}/feeds/regions/asia-pacific.rss`, title: "Asia-Pacific" },
    { id: "rs-trump-transition", url: `${site}/feeds/tag/trump-transition.rss`, title: "Trump transition" },
  ],
  topics: [
    {
      slug: "ukraine-war",
      title: "Ukraine war",
      description: "The war in Ukraine and the diplomacy around it.",
      sources: ["rs-ukraine-war", "rs-diplomacy-watch", "rs-europe", "rs-qiosk"],
      // Terms match words (case and accents ignored); a trailing * matches words that begin so.
      include: ["ukrain*", "kyiv", "kiev", "russia*", "putin", "zelensk*", "kremlin"],
    },
    {
      slug: "trump-transition",
      title: "Trump transition",
      description: "The incoming administration's foreign policy.",
      sources: ["rs-trump-transition", "rs-latest"],
      include: ["trump"],
    },
    {
      slug: "diplomacy-watch",
      title: "Diplomacy Watch",
      description: "The weekly round-up of diplomacy around the war in Ukraine.",
      sources: ["rs-diplomacy-watch"],
    },
    {
      slug: "latest",
      title: "Latest",
      description: "Everything Responsible Statecraft publishes, each article once.",
      sources: ["*"],
    },
  ],
  poll: { everyMinutes: 10, concurrency: 8, perHost: 2, timeoutMs: 15000, maxBytes: 5242880 },
  retentionDays: 90,
});
