/**
 * The lines a local command says of its own on stderr (beside its results): for people, or, where the command
 * prints JSON lines (`--json`, `LOG_FORMAT=json`: README, Commands and environment), as a JSON line
 * `{"event", …fields}`, so that a JSON run prints nothing a log reader cannot parse.
 */

/**
 * One line on stderr: `{"event": event, …fields}` when `json`, else `text`.
 * @example sayLine(true, "stopping", { signal: "SIGINT" }, "SIGINT: stopping") // {"event":"stopping","signal":"SIGINT"}
 */
export function sayLine(json: boolean, event: string, fields: Record<string, unknown>, text: string): void {
  console.error(json ? JSON.stringify({ event, ...fields }) : text);
}
