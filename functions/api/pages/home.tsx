import type { TopicOverview } from "@tributary/core/read";
import type { TopicUrls } from "@tributary/core/urls";
import { plural, showTime } from "./format.ts";
import { type Alternate, FeedFormats, Layout, topicAlternates } from "./layout.tsx";

/** A topic as listed on the home page: its overview and links. */
export interface HomeTopic extends TopicOverview {
  links: TopicUrls;
}

/** "12 items", or "50+ items" when the count stopped at its bound. */
function itemCount(topic: TopicOverview): string {
  return topic.moreItems ? `${topic.itemCount}+ items` : plural(topic.itemCount, "item");
}

/** What a reader asks of a topic first: how many items, how recent the newest, when its sources were checked. */
function TopicFacts(props: { topic: TopicOverview }) {
  const { topic } = props;
  return (
    <p class="meta">
      {topic.itemCount > 0 ? (
        <>
          {itemCount(topic)} · newest published{" "}
          <time datetime={topic.newestPublishedAt ?? ""}>{showTime(topic.newestPublishedAt)}</time>
        </>
      ) : (
        "No items yet"
      )}
      {" · "}
      {topic.checkedAt ? (
        <>
          checked <time datetime={topic.checkedAt}>{showTime(topic.checkedAt)}</time>
        </>
      ) : (
        "never fetched yet"
      )}
    </p>
  );
}

/** `/`: every topic, its formats, and autodiscovery of all their feeds. */
export function HomePage(props: { site: string; topics: HomeTopic[]; opml: string }) {
  const alternates: Alternate[] = props.topics.flatMap((topic) => topicAlternates(topic.title, topic.links));
  return (
    <Layout title={props.site} site={props.site} alternates={alternates}>
      <h1>{props.site}</h1>
      <p>
        Topic feeds merged from several section feeds, newest first, each article once. All feeds as{" "}
        <a href={props.opml}>OPML</a>.
      </p>
      <ul class="topics">
        {props.topics.map((topic) => (
          <li>
            <h2>
              <a href={topic.links.html}>{topic.title}</a>
            </h2>
            {topic.description ? <p>{topic.description}</p> : null}
            <TopicFacts topic={topic} />
            <FeedFormats label={`${topic.title} feeds`} links={topic.links} api={topic.links.api} />
          </li>
        ))}
      </ul>
    </Layout>
  );
}
