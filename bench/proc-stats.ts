// Linux /proc readings for the report: the resident memory of a server with everything it forked, and how much CPU the
// server, the load generator and everyone else used during a run (another busy process skews the figures).

import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the `(comm)` field, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** `pid` and all its descendants alive now. */
export function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pid];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields !== undefined) parentOf.set(Number(entry), Number(fields[1]));
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/** Resident memory in bytes: the total, and its anonymous (heaps), file-backed and shared-memory parts. */
export interface Rss {
  total: number;
  anon: number;
  file: number;
  shmem: number;
}

/** Resident memory of `pid` and its descendants; undefined without /proc. */
export function treeRss(pid: number): Rss | undefined {
  const rss: Rss = { total: 0, anon: 0, file: 0, shmem: 0 };
  let found = false;
  for (const member of processTree(pid)) {
    const status = read(`/proc/${member}/status`);
    if (status === undefined) continue;
    const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    if (!/VmRSS:/.test(status)) continue;
    found = true;
    rss.total += kib('VmRSS');
    rss.anon += kib('RssAnon');
    rss.file += kib('RssFile');
    rss.shmem += kib('RssShmem');
  }
  return found ? rss : undefined;
}

/** CPU time (clock ticks) the machine and the given process trees have used so far. */
export interface CpuSnapshot {
  machineBusy: number;
  machineTotal: number;
  /** Per watched root pid: user + system ticks of its tree. */
  trees: number[];
}

function treeTicks(pid: number): number {
  let ticks = 0;
  for (const member of processTree(pid)) {
    const fields = statFields(member);
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after (comm).
    if (fields !== undefined) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

export function cpuSnapshot(roots: readonly number[]): CpuSnapshot | undefined {
  const line = read('/proc/stat')?.split('\n')[0];
  if (line === undefined || !line.startsWith('cpu ')) return undefined;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user). Interrupt time is left out of
  // "busy": on loopback it is mostly the bench's own network traffic, charged to no process. Steal (the hypervisor
  // running someone else) stays in: it is CPU the server under test did not get.
  const [user, nice, system, , , , , steal] = values as [number, number, number, number, number, number, number, number];
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { machineBusy: user + nice + system + steal, machineTotal: total, trees: roots.map(treeTicks) };
}

/** Cores used between two snapshots: by each watched tree, and by every other process on the machine. */
export function coresUsed(before: CpuSnapshot, after: CpuSnapshot): { trees: number[]; others: number } {
  const cores = cpus().length;
  const elapsed = after.machineTotal - before.machineTotal;
  if (elapsed <= 0) return { trees: before.trees.map(() => 0), others: 0 };
  const trees = after.trees.map((ticks, i) => ((ticks - before.trees[i]!) / elapsed) * cores);
  const ours = trees.reduce((sum, value) => sum + value, 0);
  const others = Math.max(0, ((after.machineBusy - before.machineBusy) / elapsed) * cores - ours);
  return { trees, others };
}

/** Cores the whole machine kept busy over the next `windowMs`; undefined without /proc. */
export async function machineBusyCores(windowMs: number): Promise<number | undefined> {
  const before = cpuSnapshot([]);
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = cpuSnapshot([]);
  if (before === undefined || after === undefined) return undefined;
  return coresUsed(before, after).others;
}
