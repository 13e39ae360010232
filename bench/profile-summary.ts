// Summarizes a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): the functions with the most self time, and
// the most inclusive time per source file. `tsx bench/profile-summary.ts FILE.cpuprofile... [TOP]`.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  share: number;
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

export function summarizeProfile(profile: CpuProfile, top = 25): { self: ProfileLine[]; files: ProfileLine[]; idle: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
    total += delta;
  });
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  for (const [id, time] of selfTime) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') idle += time;
    self.set(label(node), (self.get(label(node)) ?? 0) + time);
    // Inclusive per file: each file on the sample's stack counts once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const file = fileOf(byId.get(at)!);
      if (!seen.has(file)) {
        seen.add(file);
        files.set(file, (files.get(file) ?? 0) + time);
      }
    }
  }
  const ranked = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, time]) => ({ name, share: time / total }));
  return { self: ranked(self), files: ranked(files), idle: idle / total };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const files = args.filter((arg) => !/^\d+$/.test(arg));
  const top = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 25);
  if (files.length === 0) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile... [TOP]');
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  for (const file of files) {
    const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
    process.stdout.write(`${file}\nidle ${pct(summary.idle)}\n\nself time:\n`);
    for (const line of summary.self) process.stdout.write(`  ${pct(line.share)}  ${line.name}\n`);
    process.stdout.write('\ninclusive time per file:\n');
    for (const line of summary.files) process.stdout.write(`  ${pct(line.share)}  ${line.name}\n`);
    process.stdout.write('\n');
  }
}
