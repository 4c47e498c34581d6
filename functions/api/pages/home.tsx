import { showTime } from "./format.ts";
import { type Alternate, Layout, topicAlternates } from "./layout.tsx";

/** A topic as listed on the home page. */
export interface HomeTopic {
  slug: string;
  title: string;
  description: string | null;
  updatedAt: string | null;
  links: { html: string; rss: string; atom: string; json: string; api: string };
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
            <p class="meta">
              {topic.updatedAt ? (
                <>
                  Updated <time datetime={topic.updatedAt}>{showTime(topic.updatedAt)}</time>
                </>
              ) : (
                "No items yet"
              )}
            </p>
            <ul class="formats" aria-label={`${topic.title} feeds`}>
              <li>
                <a href={topic.links.rss} type="application/rss+xml">
                  RSS
                </a>
              </li>
              <li>
                <a href={topic.links.atom} type="application/atom+xml">
                  Atom
                </a>
              </li>
              <li>
                <a href={topic.links.json} type="application/feed+json">
                  JSON Feed
                </a>
              </li>
              <li>
                <a href={topic.links.api} type="application/json">
                  JSON API
                </a>
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
