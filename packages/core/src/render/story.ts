/**
 * What a story-grouped feed entry adds (SPEC §4, Stories in lists): its guid is the story's id, and its content ends
 * with an "Also reported by" list linking each other outlet that carried the story by its publisher's title.
 */
import type { Item, StoryOther } from "../item.ts";
import { htmlText, nonBlank } from "./text.ts";

/** The other items of an entry's story (empty outside a story-grouped list, or for a story of one). */
export function storyOthers(item: Item): StoryOther[] {
  return item.story.others ?? [];
}

/**
 * The stable id of a feed entry: the story's id in a story-grouped list (an entry stands for its story, whichever
 * of its items is shown), else the item's id.
 * @example entryGuid({ id: "b", story: { id: "a", size: 2, others: [] }, … }) // "a"
 */
export function entryGuid(item: Item): string {
  return item.story.others !== undefined ? item.story.id : item.id;
}

/** HTML-escapes an attribute value (in double quotes). */
const attribute = (text: string) => htmlText(text).replaceAll('"', "&quot;");

/** One other outlet: its publisher's title linked to its copy, then its headline. */
function otherLine(other: StoryOther): string {
  const name = htmlText(other.sourceTitle ?? (other.url ? new URL(other.url).host : "another outlet"));
  const linked = other.url ? `<a href="${attribute(other.url)}">${name}</a>` : name;
  const title = nonBlank(other.title);
  return `<li>${linked}${title ? `: ${htmlText(title)}` : ""}</li>`;
}

/**
 * The HTML content of a feed entry: the item's content (else, for an entry with other outlets, its summary as a
 * paragraph), then "Also reported by" and the other outlets; null when there is nothing.
 * @example entryContentHtml(item) // "<p>…</p><p>Also reported by:</p><ul><li><a href=\"https://b.example/x\">B News</a>: …</li></ul>"
 */
export function entryContentHtml(item: Item): string | null {
  const html = nonBlank(item.contentHtml);
  const others = storyOthers(item);
  if (others.length === 0) return html;
  const summary = nonBlank(item.summary);
  const body = html ?? (summary !== null ? `<p>${htmlText(summary)}</p>` : "");
  return `${body}<p>Also reported by:</p><ul>${others.map(otherLine).join("")}</ul>`;
}
