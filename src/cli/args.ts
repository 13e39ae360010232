// Strict parsing of a command's arguments (node:util parseArgs): an unknown option, a missing or empty value or a stray
// argument is a UsageError carrying the command's usage, which run-cli.ts prints on stderr with exit code 2.

import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The option may be given several times (its value is then every value, in order). */
  multiple?: boolean;
}

export interface CommandSpec {
  /** As messages name it: `openkms serve`, `openkms admin create-user`. */
  name: string;
  usage: string;
  /** Every option but --help/-h, which every command has. */
  options: Readonly<Record<string, OptionSpec>>;
  /** How many positional arguments it takes (a subcommand's own name is one). */
  positionals?: number;
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

export type ParsedCommand = { help: true } | { help: false; values: OptionValues; positionals: string[] };

/** A command line that does not fit: exit code 2, with the usage when it helps (not for a bad value of a known option). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

export function parseCommand(argv: readonly string[], spec: CommandSpec): ParsedCommand {
  const options = { ...spec.options, help: { type: 'boolean' as const, short: 'h' } };
  // --help wins over everything else on the line, as in git and npm: whoever asks gets the usage.
  if (asksForHelp(argv, options)) return { help: true };
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${spec.name}: ${describe(error)}`, spec.usage);
  }
  const allowed = spec.positionals ?? 0;
  if (parsed.positionals.length > allowed) {
    throw new UsageError(`${spec.name}: unexpected argument '${parsed.positionals[allowed]}'`, spec.usage);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`${spec.name}: option '--${name}' needs a value`, spec.usage);
  }
  return { help: false, values: { ...parsed.values } as OptionValues, positionals: parsed.positionals };
}

/** The first positional argument, found with the options of every subcommand (so that `--data-dir X list` works). */
export function findSubcommand(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.find((token) => token.kind === 'positional')?.value;
}

export function stringValue(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function asksForHelp(argv: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>): boolean {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}

/** node:util's messages, shortened to one line in our words. */
function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (message.includes('does not take an argument')) return `option '${option}' takes no value`;
    // "ambiguous": the next word looks like another option, so this one has no value unless written --name=VALUE.
    if (message.includes('ambiguous')) return `option '${option}' needs a value (one that starts with '-' is written ${option}=VALUE)`;
    return `option '${option}' needs a value`;
  }
  return message.split('\n')[0]!;
}

/** Every value of a repeatable option, in order (none when it is not given). */
export function stringValues(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}
