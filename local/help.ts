/**
 * What every command does first (`answerHelp`). `--help` and `-h`, the same for every command (`npm run X --
 * --help`): the command's usage and options on stdout, exit status 0, and nothing else done — no configuration
 * read, no store opened, no port taken. And the rule of every command for its stdout: when its reader goes away
 * (`npm run -s parse -- FILE… | head -1`), the command ends quietly. This module imports nothing: a command imports
 * it (and its usage text) statically, calls `answerHelp` first and loads the rest of its modules afterwards with
 * `await import(…)`, so that help is answered without loading the core or the AWS SDK.
 */

/** The arguments that ask for help, wherever they stand among a command's arguments. */
export const HELP_FLAGS = ["--help", "-h"] as const;

/**
 * Whether a command line (its arguments, `process.argv.slice(2)`) asks for help: `--help` or `-h` anywhere.
 * @example asksForHelp(["--source", "a", "-h"]) // true
 */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => (HELP_FLAGS as readonly string[]).includes(arg));
}

/**
 * Answers a request for help before the command does anything: prints `usage` (its `usage: npm run …` line, then
 * what it does and its options and environment) on stdout and exits with status 0. Returns when no help was asked.
 * Every command calls it first, so it also sets the command's rule for a closed stdout
 * (`endQuietlyWhenStdoutCloses`).
 * @example answerHelp("usage: npm run check\n\nValidates the configuration.")
 */
export function answerHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  endQuietlyWhenStdoutCloses();
  if (!asksForHelp(argv)) return;
  process.stdout.write(`${usage.trim()}\n`);
  process.exit(0);
}

let quietOnClosedStdout = false;

/**
 * When the reader of stdout goes away before the command is done (a pipe closed: `… | head -1`, a pager quit), a
 * write fails with EPIPE: the command then ends at once, quietly, with the exit status it had set so far (0 unless
 * it had found a failure), as a command killed by SIGPIPE would stop — no stack trace, nothing more written. Any
 * other error of stdout is thrown as before. Installed once per process, whatever the number of calls.
 */
export function endQuietlyWhenStdoutCloses(): void {
  if (quietOnClosedStdout) return;
  quietOnClosedStdout = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit();
  });
}

/** The environment variables of the local commands and what each means, as `--help` lists them. */
const ENV_LINES = [
  ["TRIBUTARY_CONFIG", "a .json configuration instead of tributary.config.ts"],
  ["PORT", "HTTP port of start, serve and demo: 0–65535, 0 any free port (3000)"],
  ["TRIBUTARY_DATA", "the embedded store's data folder (.data)"],
  ["DYNAMODB_ENDPOINT", "use this DynamoDB instead of the embedded one"],
  ["TABLE_NAME", "table name (tributary)"],
  ["LOG_FORMAT", "json: JSON lines, as --json; text or unset: lines for people"],
] as const;

/**
 * The environment section of a command's `--help`: the variables of the local commands (README, Commands and
 * environment) but those in `unused`, which the command does not read.
 * @example envHelp(["TRIBUTARY_CONFIG"]) // the demo's: it runs tributary.config.ts whatever TRIBUTARY_CONFIG says
 */
export function envHelp(unused: readonly string[] = []): string {
  const lines = ENV_LINES.filter(([name]) => !unused.includes(name));
  return ["Environment:", ...lines.map(([name, words]) => `  ${name.padEnd(18)} ${words}`)].join("\n");
}

/** The environment section of the `--help` of the commands that read every variable (`envHelp()`). */
export const ENV_HELP = envHelp();
