import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSubcommand, parseCommand, UsageError, type CommandSpec } from './args.js';

const spec: CommandSpec = {
  name: 'openkms thing',
  usage: 'openkms thing [--name N] [--flag]',
  options: { name: { type: 'string' }, flag: { type: 'boolean' } },
};

function usageError(argv: string[], message: string, target: CommandSpec = spec): void {
  assert.throws(
    () => parseCommand(argv, target),
    (error: unknown) => error instanceof UsageError && error.message === message && error.usage === target.usage,
    JSON.stringify(argv),
  );
}

test('options take their value as the next argument or after =, booleans take none', () => {
  assert.deepEqual(parseCommand(['--name', 'x', '--flag'], spec), { help: false, values: { name: 'x', flag: true }, positionals: [] });
  assert.deepEqual(parseCommand(['--name=-x'], spec), { help: false, values: { name: '-x' }, positionals: [] });
});

test('an unknown option is a usage error naming it, long or short', () => {
  usageError(['--nmae', 'x'], "openkms thing: unknown option '--nmae'");
  usageError(['-n', 'x'], "openkms thing: unknown option '-n'");
});

test('an option without its value is a usage error, at the end or before another option', () => {
  usageError(['--name'], "openkms thing: option '--name' needs a value");
  usageError(['--name', '--flag'], "openkms thing: option '--name' needs a value (one that starts with '-' is written --name=VALUE)");
  usageError(['--name='], "openkms thing: option '--name' needs a value");
});

test('a boolean option given a value is a usage error', () => {
  usageError(['--flag=yes'], "openkms thing: option '--flag' takes no value");
});

test('arguments beyond those the command takes are usage errors, also after --', () => {
  usageError(['stray'], "openkms thing: unexpected argument 'stray'");
  usageError(['--', '--name'], "openkms thing: unexpected argument '--name'");
  const sub = { ...spec, positionals: 1 };
  assert.deepEqual(parseCommand(['list', '--flag'], sub), { help: false, values: { flag: true }, positionals: ['list'] });
  usageError(['list', 'more'], "openkms thing: unexpected argument 'more'", sub);
});

test('-h and --help ask for the usage, and win over anything wrong beside them', () => {
  for (const argv of [['-h'], ['--help'], ['--nmae', 'x', '--help'], ['stray', '-h'], ['--flag=1', '-h']]) {
    assert.deepEqual(parseCommand(argv, spec), { help: true }, JSON.stringify(argv));
  }
});

test('--help given as the value of an option, or after --, is not a request for help', () => {
  assert.deepEqual(parseCommand(['--name=--help'], spec), { help: false, values: { name: '--help' }, positionals: [] });
  usageError(['--', '--help'], "openkms thing: unexpected argument '--help'");
});

test('the subcommand is the first argument that is neither an option nor its value', () => {
  const options = { 'data-dir': { type: 'string' as const }, root: { type: 'boolean' as const } };
  assert.equal(findSubcommand(['list'], options), 'list');
  assert.equal(findSubcommand(['--data-dir', 'list', 'create-user'], options), 'create-user');
  assert.equal(findSubcommand(['--root', 'list'], options), 'list');
  assert.equal(findSubcommand(['--data-dir', 'x'], options), undefined);
});
