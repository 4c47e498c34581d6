/** OPML 2.0 rendering (http://opml.org/spec2.opml): the list of every topic's RSS feed. */
import { toRfc822 } from "./dates.ts";
import { nonBlank } from "./text.ts";
import { el, xmlDocument } from "./xml.ts";

/** One topic as an OPML subscription. */
export interface OpmlTopic {
  title: string;
  description: string | null;
  /** The topic's RSS feed, absolute. */
  rssUrl: string;
  /** The topic's HTML page, absolute. */
  htmlUrl: string;
}

/** What `renderOpml` takes; `dateCreated` is ISO 8601. */
export interface OpmlDocument {
  title: string;
  dateCreated?: string;
  topics: OpmlTopic[];
}

/**
 * Renders the subscription list as OPML 2.0, one `type="rss"` outline per topic.
 * OPML 2.0 wants at least one outline in the body, so callers should have at least one topic.
 * @example renderOpml({ title: "Tributary", topics }).includes('<outline type="rss"') // true
 */
export function renderOpml(doc: OpmlDocument): string {
  const head = el("head", [
    el("title", doc.title),
    doc.dateCreated !== undefined && el("dateCreated", toRfc822(doc.dateCreated)),
  ]);
  const body = el(
    "body",
    doc.topics.map((topic) =>
      el("outline", {
        type: "rss",
        text: topic.title,
        title: topic.title,
        description: nonBlank(topic.description),
        xmlUrl: topic.rssUrl,
        htmlUrl: topic.htmlUrl,
      }),
    ),
  );
  return xmlDocument(el("opml", { version: "2.0" }, [head, body]));
}
