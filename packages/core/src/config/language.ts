/** Feed languages (the configuration's `language`): which BCP 47 tag a topic's feeds declare, if any. */
import { languageTag } from "./language-tag.ts";
import type { Config } from "./schema.ts";
import { topicSourceIds } from "./validate.ts";

/** What `topicLanguage` reads of a source's state: the language its feed declared when last read, if any. */
export interface DeclaredLanguage {
  language?: string | null;
}

/**
 * The language a topic's feeds declare: the configured `language`, else the one every source of the topic declared
 * (compared as canonical tags), else `null` — also when a source is unpolled, declared nothing or an invalid tag.
 * @param states Source id → its state; a source missing from the map counts as having declared nothing.
 * @example topicLanguage(config, "ukraine-war", states) // "en" when both of its sources say "en"
 */
export function topicLanguage(
  config: Config,
  slug: string,
  states: ReadonlyMap<string, DeclaredLanguage>,
): string | null {
  const configured = languageTag(config.language);
  if (configured !== null) return configured;
  const ids = topicSourceIds(config, slug);
  if (ids.length === 0) return null;
  const declared = new Set(ids.map((id) => languageTag(states.get(id)?.language)));
  const [only, ...others] = declared;
  return others.length === 0 && only !== undefined ? only : null;
}
