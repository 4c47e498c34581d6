import { HEALTH_STATUSES, type HealthStatus, type SourceHealth } from "@tributary/core/read";
import { plural, safeHref, showTime } from "./format.ts";
import { Layout } from "./layout.tsx";

const STATUS_TEXT = {
  pending: "Pending",
  ok: "OK",
  failing: "Failing",
  gone: "Gone",
  disabled: "Disabled",
} as const satisfies Record<HealthStatus, string>;

/** What `/sources` shows: a page of source health, its status filter and the links to other pages. */
export interface SourcesPageProps {
  site: string;
  sources: SourceHealth[];
  /** The status shown, or null for every source. */
  status: HealthStatus | null;
  /** The path of the page at `cursor` with the same filter (null: the first page). */
  pageUrl: (cursor: string | null) => string;
  /** The path of the first page of `status` (null: every source). */
  filterUrl: (status: HealthStatus | null) => string;
  nextCursor: string | null;
  /** Whether this is the first page. */
  first: boolean;
}

/** `/sources`: a page of the sources' health, failing ones first, with a status filter. */
export function SourcesPage(props: SourcesPageProps) {
  const filters: [HealthStatus | null, string][] = [
    [null, "All"],
    ...HEALTH_STATUSES.map((s) => [s, STATUS_TEXT[s]] as [HealthStatus, string]),
  ];
  return (
    <Layout title="Sources" site={props.site}>
      <h1>Sources</h1>
      <p>The section feeds polled, with their health: failing ones first, the longest failing first.</p>
      <nav class="filters" aria-label="Status">
        {filters.map(([status, text]) =>
          status === props.status ? (
            <strong aria-current="page">{text}</strong>
          ) : (
            <a href={props.filterUrl(status)}>{text}</a>
          ),
        )}
      </nav>
      {props.sources.length === 0 ? (
        <p>No source {props.status ? `is ${STATUS_TEXT[props.status].toLowerCase()}` : "here"}.</p>
      ) : null}
      <div class="table">
        <table class="health">
          <caption class="meta">Times are UTC.</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Last success</th>
              <th scope="col">Last error</th>
              <th scope="col">Next fetch</th>
            </tr>
          </thead>
          <tbody>
            {props.sources.map((source) => (
              <tr>
                <th scope="row">
                  <a href={safeHref(source.url)}>{source.title ?? source.id}</a>
                </th>
                <td class={`status status-${source.status}`} data-label="Status">
                  {STATUS_TEXT[source.status]}
                  {source.consecutiveErrors > 0 ? ` (${plural(source.consecutiveErrors, "error")} in a row)` : null}
                </td>
                <td data-label="Last success">
                  {source.lastSuccessAt ? (
                    <time datetime={source.lastSuccessAt}>{showTime(source.lastSuccessAt)}</time>
                  ) : (
                    "Never"
                  )}
                </td>
                <td class="error" data-label="Last error">
                  {source.lastError ?? "—"}
                </td>
                <td data-label="Next fetch">
                  {source.status === "gone" ? (
                    "Never (gone)"
                  ) : source.nextFetchAt ? (
                    <time datetime={source.nextFetchAt}>{showTime(source.nextFetchAt)}</time>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.nextCursor || !props.first ? (
        <nav class="pager" aria-label="Pages">
          {props.first ? null : <a href={props.pageUrl(null)}>First page</a>}
          {props.nextCursor ? (
            <a href={props.pageUrl(props.nextCursor)} rel="next">
              Next page
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
