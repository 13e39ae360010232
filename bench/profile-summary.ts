// Summarizes a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): the functions with the most self time, and the
// most inclusive time per source file, as shares of busy (non-idle) time or, given a request count, in µs per request.
// `tsx bench/profile-summary.ts FILE.cpuprofile... [--top N] [--last SECONDS] [--requests N]`

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  /** Microseconds of CPU. */
  time: number;
}

export interface ProfileSummary {
  self: ProfileLine[];
  files: ProfileLine[];
  /** Microseconds: sampled, and of those idle (the thread waited for I/O). */
  sampled: number;
  idle: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function fileOf(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  if (url === '') return `(${node.callFrame.functionName || 'native'})`;
  const match = /\/(dist\/.*|node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(url);
  return match ? match[1]! : url;
}

const isIdle = (node: ProfileNode) => node.callFrame.functionName === '(idle)';

/** `lastSeconds`: only the samples of the profile's last seconds (the measured run ends just before the server stops). */
export function summarizeProfile(profile: CpuProfile, top = 25, lastSeconds?: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const from = lastSeconds === undefined ? -Infinity : profile.endTime - lastSeconds * 1e6;
  const selfTime = new Map<number, number>();
  let at = profile.startTime;
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
    sampled += delta;
  });
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  for (const [id, time] of selfTime) {
    const node = byId.get(id)!;
    if (isIdle(node)) {
      idle += time;
      continue;
    }
    self.set(label(node), (self.get(label(node)) ?? 0) + time);
    // Inclusive per file: each file on the sample's stack counts once.
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const file = fileOf(byId.get(up)!);
      if (!seen.has(file)) {
        seen.add(file);
        files.set(file, (files.get(file) ?? 0) + time);
      }
    }
  }
  const ranked = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, time]) => ({ name, time }));
  return { self: ranked(self), files: ranked(files), sampled, idle };
}

function option(args: string[], name: string): number | undefined {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const [, value] = args.splice(at, 2);
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} needs a positive number`);
  return number;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const top = option(args, 'top') ?? 25;
  const lastSeconds = option(args, 'last');
  const requests = option(args, 'requests');
  if (args.length === 0) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile... [--top N] [--last SECONDS] [--requests N]');
  for (const file of args) {
    const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top, lastSeconds);
    const busy = summary.sampled - summary.idle;
    const amount = requests === undefined
      ? (time: number) => `${((time / busy) * 100).toFixed(1).padStart(5)}%`
      : (time: number) => `${(time / requests).toFixed(1).padStart(6)} µs`;
    process.stdout.write(`${file}\n${(summary.sampled / 1e6).toFixed(1)} s sampled, idle ${((summary.idle / summary.sampled) * 100).toFixed(1)}%`);
    process.stdout.write(requests === undefined ? '; shares of busy time\n' : `; busy ${(busy / requests).toFixed(1)} µs per request\n`);
    process.stdout.write('\nself time:\n');
    for (const line of summary.self) process.stdout.write(`  ${amount(line.time)}  ${line.name}\n`);
    process.stdout.write('\ninclusive time per file:\n');
    for (const line of summary.files) process.stdout.write(`  ${amount(line.time)}  ${line.name}\n`);
    process.stdout.write('\n');
  }
}
