import type { Problem } from "../http/problem.ts";
import { Layout, renderPage } from "./layout.tsx";

/** The HTML answer of a page that failed. */
export function ErrorPage(props: { site: string; problem: Problem }) {
  return (
    <Layout title={props.problem.title} site={props.site}>
      <h1>{props.problem.title}</h1>
      <p>{props.problem.detail}</p>
      <p>
        <a href="/">Back to the topics</a>
      </p>
    </Layout>
  );
}

/** The whole HTML document of an error. */
export function renderErrorPage(site: string, problem: Problem): Promise<string> {
  return renderPage(<ErrorPage site={site} problem={problem} />);
}
