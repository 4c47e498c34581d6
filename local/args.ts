/**
 * The command line of every command, read one way: options it knows (flags, and options taking a value as
 * `--out FILE` or `--out=FILE`), operands, and a usage error for anything else — exit status 2, what is wrong said
 * in one line naming the argument (`parse: unknown option --bogus (options: none but --help)`), then the command's
 * usage line. A `--` among the arguments is passed over (npm hands it on when it is typed twice). Web addresses
 * are judged here too, so every command refuses a bad one in the same words.
 */
import { parseArgs } from "node:util";

/** What is wrong with a command line: said above the command's usage line, with exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The exit status of a usage error (an unknown option, a missing or bad argument). */
export const USAGE_EXIT = 2;

/** The options a command knows. */
export interface ArgSpec {
  /** Options without a value (`--json`). */
  flags?: readonly string[];
  /** Options with a value (`--out FILE`, or `--out=FILE`). */
  values?: readonly string[];
}

/** A command line read by `readArgs`. */
export interface Args {
  /** The flags given. */
  flags: Set<string>;
  /** Each option given with its value. */
  values: Map<string, string>;
  /** The other arguments, in order. */
  operands: string[];
}

/**
 * Reads a command line (`process.argv.slice(2)`) against the options `spec` names, with Node.js's own reader
 * (`util.parseArgs`, its tokens); `--help` and `-h` are answered before (`answerHelp`). An argument starting with
 * `-` (but `-` alone) is an option.
 * @throws UsageError for an unknown option (named, with the options known), an option given twice, an option
 * with a value that has none, and a flag given a value (`--json=1`).
 * @example readArgs(["a.opml", "--out=b.json"], { values: ["--out"] }) // operands ["a.opml"], values --out → "b.json"
 */
export function readArgs(argv: readonly string[], spec: ArgSpec = {}): Args {
  const options: Record<string, { type: "boolean" | "string" }> = {};
  for (const flag of spec.flags ?? []) options[flag.slice(2)] = { type: "boolean" };
  for (const option of spec.values ?? []) options[option.slice(2)] = { type: "string" };
  const known = [...(spec.flags ?? []), ...(spec.values ?? []).map((option) => `${option} VALUE`)];
  // Unknown options are tokens too (not strict), said below in this command's words; a `--` npm handed on is passed
  // over, so options after it are still options.
  const { tokens } = parseArgs({
    args: argv.filter((arg) => arg !== "--"),
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") operands.push(token.value);
    if (token.kind !== "option") continue;
    const name = `--${token.name}`;
    const given = token.inlineValue ? `${token.rawName}=${token.value}` : token.rawName;
    if (!(token.name in options) || token.rawName !== name) {
      throw new UsageError(
        `unknown option ${given} (options: ${known.length > 0 ? known.join(", ") : "none"}${known.length > 0 ? ", " : " but "}--help)`,
      );
    }
    if (options[token.name]?.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${name} takes no value: ${given}`);
      flags.add(name);
      continue;
    }
    const value = token.value;
    if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("-") && value !== "-")) {
      throw new UsageError(`${name} needs a value`);
    }
    if (values.has(name)) throw new UsageError(`${name} given twice`);
    values.set(name, value);
  }
  return { flags, values, operands };
}

/**
 * Prints a usage error — `<command>: <problem>`, then the command's usage line — on stderr and exits with status 2.
 * @example exitWithUsage("import", "usage: npm run import -- FILE.opml", "no OPML file given")
 */
export function exitWithUsage(command: string, usage: string, problem: string): never {
  console.error(`${command}: ${problem}\n${usage}`);
  process.exit(USAGE_EXIT);
}

/**
 * `readArgs`, or its usage error said (`exitWithUsage`) and exit status 2.
 */
export function readArgsOrExit(command: string, usage: string, spec: ArgSpec = {}, argv = process.argv.slice(2)): Args {
  try {
    return readArgs(argv, spec);
  } catch (error) {
    if (error instanceof UsageError) exitWithUsage(command, usage, error.message);
    throw error;
  }
}

/**
 * Why `input` is not the address of a web resource — an absolute `http` or `https` URL with a host, as WHATWG's URL
 * parser reads it — or null when it is one.
 * @example webAddressProblem("ftp://x/y") // "not an http or https URL: ftp://x/y"
 */
export function webAddressProblem(input: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    return `not a valid absolute URL (scheme, host, a port up to 65535): ${input}`;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : `not an http or https URL: ${input}`;
}

/** Whether an argument names a URL (a scheme, then `://`) rather than a file. */
export const looksLikeUrl = (input: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
