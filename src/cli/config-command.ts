// `openkms config print [serve options]`: the settings `openkms serve` would start with given the same flags, the
// environment and the config file, one `key: value` line each with where it came from, as YAML a config file can
// take. Secrets are never printed, only that they are set and by what. Fails as serve would (exit code 2) on a
// setting that does not fit.

import { stringify } from 'yaml';
import { loadConfigFile, type LoadedConfigFile } from '../server/config-file.js';
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, SERVE_SETTINGS, type SettingSpec } from '../server/settings.js';
import { parseCommand, stringValue, UsageError } from './args.js';
import type { CliOutput } from './cli-output.js';
import { SERVE_SPEC, serveSettings } from './serve-command.js';

export const CONFIG_HELP = `openkms config print [serve options]
  prints the configuration openkms serve would start with (flags > environment > config file > defaults),
  as YAML with each value's source; secrets show only that they are set`;

const PRINT_SPEC = { ...SERVE_SPEC, name: 'openkms config print', usage: CONFIG_HELP, positionals: 0 };

export function configCommand(argv: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv = process.env): number {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === '-h' || subcommand === '--help') {
    io.out(CONFIG_HELP + '\n');
    return 0;
  }
  if (subcommand !== 'print') throw new UsageError(`openkms config: unknown command '${subcommand}'`, CONFIG_HELP);
  const parsed = parseCommand(rest, PRINT_SPEC);
  if (parsed.help) {
    io.out(CONFIG_HELP + '\n');
    return 0;
  }
  // Everything serve would refuse is refused here, with serve's messages.
  serveSettings(rest, env);
  const configPath = stringValue(parsed.values, CONFIG_FILE_FLAG) ?? env[CONFIG_FILE_ENV];
  const file = configPath !== undefined ? loadConfigFile(configPath) : undefined;
  const lines = [`# openkms serve configuration${file ? ` (config file ${file.file})` : ''}`];
  for (const spec of SERVE_SETTINGS) lines.push(printLine(spec, parsed.values, env, file));
  io.out(lines.join('\n') + '\n');
  return 0;
}

type Source = { value: string; from: string } | undefined;

/** Where a setting's value comes from: its flag, its variable, the file, or its default. */
function sourceOf(spec: SettingSpec, flags: Readonly<Record<string, string | boolean | string[] | undefined>>, env: NodeJS.ProcessEnv, file: LoadedConfigFile | undefined): Source {
  const given = spec.flag !== undefined ? flags[spec.flag] : undefined;
  // A repeatable flag (--xks-resolve) prints as the variable writes it: its entries separated by commas.
  const flag = Array.isArray(given) ? given.join(',') : given;
  if (typeof flag === 'string') return { value: flag, from: `--${spec.flag}` };
  if (flag === true) return { value: spec.envValues![spec.flagSets ? 'true' : 'false'], from: `--${spec.flag}` };
  const fromEnv = env[spec.env];
  if (fromEnv !== undefined) return { value: fromEnv, from: spec.env };
  const fromFile = file?.env[spec.env];
  if (fromFile !== undefined) return { value: fromFile, from: 'config file' };
  return spec.default !== undefined ? { value: spec.default, from: 'default' } : undefined;
}

function printLine(spec: SettingSpec, flags: Readonly<Record<string, string | boolean | string[] | undefined>>, env: NodeJS.ProcessEnv, file: LoadedConfigFile | undefined): string {
  const source = sourceOf(spec, flags, env, file);
  if (!source) return `# ${spec.key}: not set`;
  if (spec.secret === true) return `# ${spec.key}: set by ${source.from} (not shown)`;
  const shown = spec.redact ? { ...source, value: spec.redact(source.value) } : source;
  return `${spec.key}: ${stringify(typedValue(spec, shown)).trim()}  # ${source.from}`;
}

/** The value as the config file would hold it: true/false for booleans, numbers for numeric settings. */
function typedValue(spec: SettingSpec, source: NonNullable<Source>): string | number | boolean {
  if (spec.type === 'boolean') {
    if (source.from === 'default') return source.value === 'true';
    return spec.key === 'dev' ? source.value === '1' || source.value === 'true' : source.value !== spec.envValues!.false;
  }
  if (spec.type === 'number' && /^\d+(\.\d+)?$/.test(source.value)) return Number(source.value);
  return source.value;
}
