import type { SourceHealth } from "@tributary/core/read";
import { plural, safeHref, showTime } from "./format.ts";
import { Layout } from "./layout.tsx";

const STATUS_TEXT = { pending: "Pending", ok: "OK", failing: "Failing", gone: "Gone", disabled: "Disabled" } as const;

/** `/sources`: every source's health. */
export function SourcesPage(props: { site: string; sources: SourceHealth[] }) {
  return (
    <Layout title="Sources" site={props.site}>
      <h1>Sources</h1>
      <p>Every section feed polled, with its health.</p>
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
                  ) : source.status === "disabled" ? (
                    "Never (disabled)"
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
    </Layout>
  );
}
