// `--config FILE` (or OPENKMS_CONFIG): a YAML (or JSON) mapping of the settings of settings.ts by their keys. Each value
// is checked here and named by its key, then handed to config.ts as the variable it stands for, beneath the real
// environment: flags over the environment over the file over the defaults. Relative paths are the file's folder's.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { SERVE_SETTINGS, settingByKey, type SettingSpec } from './settings.js';
import { SettingsError } from './config.js';

export interface LoadedConfigFile {
  file: string;
  /** The file's settings as environment variables (OPENKMS_PORT: '4600', ...). */
  env: Record<string, string>;
  /** Which keys the file set, for `openkms config print`. */
  keys: Set<string>;
}

export function loadConfigFile(file: string): LoadedConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SettingsError(`cannot read the config file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(error))}`);
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problem = document.errors[0];
  if (problem) throw new SettingsError(`${file}: not valid YAML: ${problem.message.split('\n')[0]}`);
  const content: unknown = document.toJS();
  if (content === null || content === undefined) return { file, env: {}, keys: new Set() };
  if (typeof content !== 'object' || Array.isArray(content)) throw new SettingsError(`${file}: a config file is a mapping of settings (key: value)`);
  const env: Record<string, string> = {};
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(content as Record<string, unknown>)) {
    const spec = settingByKey(key);
    if (!spec || spec.inFile === false) {
      const known = SERVE_SETTINGS.filter((s) => s.inFile !== false).map((s) => s.key);
      const why = spec ? 'may only come from the environment' : `is not a setting (settings: ${known.join(', ')})`;
      throw new SettingsError(`${file}: ${key} ${why}`);
    }
    const textValue = valueText(spec, value, file);
    try {
      spec.check?.(textValue);
    } catch (error) {
      throw new SettingsError(`${file}: ${key} ${error instanceof Error ? error.message : String(error)}`);
    }
    env[spec.env] = spec.path === true && !isAbsolute(textValue) ? resolve(dirname(resolve(file)), textValue) : textValue;
    keys.add(key);
  }
  return { file, env, keys };
}

/** A YAML scalar as the variable's text; a value of the wrong kind is refused with what to write instead. */
function valueText(spec: SettingSpec, value: unknown, file: string): string {
  const where = `${file}: ${spec.key}`;
  if (spec.type === 'boolean') {
    if (typeof value !== 'boolean') throw new SettingsError(`${where} takes true or false: ${JSON.stringify(value)}`);
    return value ? spec.envValues!.true : spec.envValues!.false;
  }
  if (spec.type === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value !== '') return value;
    throw new SettingsError(`${where} takes a number: ${JSON.stringify(value)}`);
  }
  if (typeof value === 'string' && value !== '') return value;
  // YAML reads 012345678901 or 0x4c08... as numbers, losing digits: such a value must be quoted to keep its text.
  if (typeof value === 'number') throw new SettingsError(`${where} is text: YAML read it as the number ${value}; put it in quotes ("...") to keep it as written`);
  throw new SettingsError(`${where} takes text: ${JSON.stringify(value)}`);
}
