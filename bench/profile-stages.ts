// CPU µs per request by stage, from V8 .cpuprofile files of an openkms run (`npm run bench -- --cpu-prof DIR`), so a
// regression shows in the stage that caused it. Each busy sample goes to one stage: that of the deepest project frame
// on its stack (inclusive: a JSON.parse called from src/auth counts as sigv4), else by the native frames (GC, JSON,
// node:http, net), else "other". A profile of the audit writer thread counts wholly as audit.
// `tsx bench/profile-stages.ts --requests N MAIN.cpuprofile... [--audit-thread WRITER.cpuprofile...] [--last SECONDS]`

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CpuProfile } from './profile-summary.js';

export const STAGES = ['sigv4', 'audit', 'crypto', 'json/protocol', 'policy', 'storage', 'http', 'gc', 'other'] as const;
export type Stage = (typeof STAGES)[number];

interface CallFrame {
  functionName: string;
  url: string;
}

/** Project folders (src/ in the sources, dist/ once built) and the stage their frames count for. */
const PROJECT_STAGES: readonly [RegExp, Stage][] = [
  [/\/(?:src|dist)\/auth\//, 'sigv4'],
  [/\/(?:src|dist)\/audit\//, 'audit'],
  [/\/(?:src|dist)\/crypto\//, 'crypto'],
  [/\/(?:src|dist)\/protocol\//, 'json/protocol'],
  [/\/(?:src|dist)\/(?:policy|authz)\//, 'policy'],
  [/\/(?:src|dist)\/storage\//, 'storage'],
];

function projectStage(frame: CallFrame): Stage | undefined {
  if (frame.url.includes('/node_modules/')) return undefined;
  return PROJECT_STAGES.find(([pattern]) => pattern.test(frame.url))?.[1];
}

function nativeStage(frame: CallFrame): Stage | undefined {
  if (frame.functionName === '(garbage collector)') return 'gc';
  if (frame.url === '' && /^(?:parse|stringify)$/.test(frame.functionName)) return 'json/protocol';
  if (/^node:(?:internal\/)?crypto/.test(frame.url)) return 'crypto';
  if (/^node:(?:_http_|http|internal\/http|net|internal\/stream_base|internal\/streams)/.test(frame.url)) return 'http';
  return undefined;
}

/** The stage of one sample, its stack given leaf first. */
export function classifyStack(stack: readonly CallFrame[]): Stage {
  for (const frame of stack) {
    const stage = projectStage(frame);
    if (stage !== undefined) return stage;
  }
  for (const frame of stack) {
    const stage = nativeStage(frame);
    if (stage !== undefined) return stage;
  }
  return 'other';
}

/** Microseconds of busy CPU per stage in one profile (`lastSeconds`: only its last seconds; `allAs`: every busy sample to that stage). */
export function stageTimes(profile: CpuProfile, options: { lastSeconds?: number; allAs?: Stage } = {}): Map<Stage, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const from = options.lastSeconds === undefined ? -Infinity : profile.endTime - options.lastSeconds * 1e6;
  const stageOf = new Map<number, Stage>();
  const times = new Map<Stage, number>(STAGES.map((stage) => [stage, 0]));
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from) return;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') return;
    let stage = options.allAs ?? stageOf.get(id);
    if (stage === undefined) {
      const stack: CallFrame[] = [];
      for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) stack.push(byId.get(up)!.callFrame);
      stage = classifyStack(stack);
      stageOf.set(id, stage);
    }
    times.set(stage, times.get(stage)! + delta);
  });
  return times;
}

/** The stages of several profiles added up, in µs per request. */
export function stagesPerRequest(parts: readonly Map<Stage, number>[], requests: number): Map<Stage, number> {
  const total = new Map<Stage, number>(STAGES.map((stage) => [stage, 0]));
  for (const part of parts) for (const [stage, time] of part) total.set(stage, total.get(stage)! + time);
  return new Map([...total].map(([stage, time]) => [stage, time / requests]));
}

export function formatStages(perRequest: ReadonlyMap<Stage, number>): string {
  const sum = [...perRequest.values()].reduce((a, b) => a + b, 0);
  const lines = STAGES.map((stage) => `  ${stage.padEnd(14)} ${perRequest.get(stage)!.toFixed(1).padStart(8)} µs`);
  return ['CPU per request by stage:', ...lines, `  ${'total'.padEnd(14)} ${sum.toFixed(1).padStart(8)} µs`].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const take = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? undefined : args.splice(at, 2)[1];
  };
  const requests = Number(take('requests'));
  const last = take('last');
  const lastSeconds = last === undefined ? undefined : Number(last);
  const auditAt = args.indexOf('--audit-thread');
  const auditFiles = auditAt === -1 ? [] : args.splice(auditAt).slice(1);
  if (!(requests > 0) || args.length === 0) throw new Error('usage: tsx bench/profile-stages.ts --requests N MAIN.cpuprofile... [--audit-thread WRITER.cpuprofile...] [--last SECONDS]');
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parts = [
    ...args.map((file) => stageTimes(read(file), { lastSeconds })),
    ...auditFiles.map((file) => stageTimes(read(file), { lastSeconds, allAs: 'audit' })),
  ];
  process.stdout.write(`${formatStages(stagesPerRequest(parts, requests))}\n`);
}
