// The bench's command line: `npm run bench -- [options]`.

import { DEFAULT_SCENARIOS, SCENARIOS } from './scenarios.js';
import { MAX_SIGNED_SECONDS } from './measure.js';

export interface BenchOptions {
  durationSeconds: number;
  soakSeconds: number;
  warmupSeconds: number;
  connections: number;
  threads: number;
  scenarios: string[];
  workers: number;
  repeat: number;
  /** How rounds fold into one figure: best round (--repeat) or median round (--alternate). */
  aggregation: 'best' | 'median';
  retries: number;
  startupRuns: number;
  quietWaitSeconds: number;
  cpuProfDir?: string;
  jsonFile?: string;
  dataDir?: string;
  /** A checkout whose built dist/ is the openkms measured (default: this one). */
  openkmsDir?: string;
  help: boolean;
}

export const BENCH_HELP = `npm run bench -- [options]     (builds, then runs bench/run.ts)
  --duration SECONDS      measured time per scenario (default 10)
  --warmup SECONDS        unmeasured load before each scenario (default 3; at least 60 for the soak)
  --connections N         concurrent keep-alive connections (default 64)
  --threads N             wrk threads (default 1: on 2 cores wrk and the server each get one)
  --scenarios a,b         which scenarios (default: all but soak): ${SCENARIOS.map((s) => s.name).join(', ')}
  --soak                  add the soak: Encrypt for --soak-duration seconds, server RSS before and after
  --soak-duration SECONDS length of the soak (default 60)
  --workers N             worker processes for the encrypt-workers scenario, if openkms serve has --workers (default 2)
  --repeat N              run every scenario N times (servers restarted each round) and report each one's best round
  --alternate N           N rounds, each running every selected server once in turn (reference, openkms, --no-audit,
                          --workers: A B A B ...); report each scenario's median and min-max, and each target's
                          ratio as the median of its per-round ratios (time: N x the time of one round)
  --startup-runs N        spawns per start-up scenario (startup-fresh, startup-with-keys; default 10)
  --retries N             measure a scenario again, up to N times, when other processes took CPU during it (default 2)
  --quiet-wait SECONDS    before each scenario, wait up to this long for other processes to leave the CPU (default 60, 0: no wait)
  --cpu-prof DIR          run openkms under node --cpu-prof, one .cpuprofile per server process into DIR
  --json FILE             also write the results as JSON
  --openkms-dir DIR       measure the openkms built in DIR (a checkout after npm ci && npm run build; default: this one)
  --data-dir DIR          openkms's data directory (default: a fresh temporary directory, removed afterwards)
Needs wrk on the PATH (apt-get install -y wrk).`;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} needs a positive ${integer ? 'integer' : 'number'}, got ${text ?? 'nothing'}`);
  }
  return value;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    durationSeconds: 10,
    soakSeconds: 60,
    warmupSeconds: 3,
    connections: 64,
    threads: 1,
    scenarios: [...DEFAULT_SCENARIOS],
    workers: 2,
    repeat: 1,
    aggregation: 'best',
    retries: 2,
    startupRuns: 10,
    quietWaitSeconds: 60,
    help: false,
  };
  let soak = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : arg;
    const value = () => (eq !== -1 ? arg.slice(eq + 1) : argv[++i]);
    switch (name) {
      case 'help': options.help = true; break;
      case 'soak': soak = true; break;
      case 'duration': options.durationSeconds = positiveNumber(name, value(), true); break;
      case 'soak-duration': options.soakSeconds = positiveNumber(name, value(), true); break;
      case 'warmup': {
        const text = value();
        options.warmupSeconds = text === '0' ? 0 : positiveNumber(name, text, true);
        break;
      }
      case 'connections': options.connections = positiveNumber(name, value(), true); break;
      case 'threads': options.threads = positiveNumber(name, value(), true); break;
      case 'workers': options.workers = positiveNumber(name, value(), true); break;
      case 'startup-runs': options.startupRuns = positiveNumber(name, value(), true); break;
      case 'repeat': options.repeat = positiveNumber(name, value(), true); options.aggregation = 'best'; break;
      case 'alternate': options.repeat = positiveNumber(name, value(), true); options.aggregation = 'median'; break;
      case 'retries': {
        const text = value();
        options.retries = text === '0' ? 0 : positiveNumber(name, text, true);
        break;
      }
      case 'scenarios': options.scenarios = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean); break;
      case 'quiet-wait': {
        const text = value();
        options.quietWaitSeconds = text === '0' ? 0 : positiveNumber(name, text, true);
        break;
      }
      case 'cpu-prof': options.cpuProfDir = value(); break;
      case 'json': options.jsonFile = value(); break;
      case 'data-dir': options.dataDir = value(); break;
      case 'openkms-dir': options.openkmsDir = value(); break;
      default: throw new Error(`unknown option ${arg}\n${BENCH_HELP}`);
    }
  }
  if (soak && !options.scenarios.includes('soak')) options.scenarios.push('soak');
  const unknown = options.scenarios.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  if (options.threads > options.connections) throw new Error('--threads cannot exceed --connections');
  for (const [name, seconds] of [['duration', options.durationSeconds], ['soak-duration', options.soakSeconds], ['warmup', options.warmupSeconds]] as const) {
    if (seconds > MAX_SIGNED_SECONDS) {
      throw new Error(`--${name} is at most ${MAX_SIGNED_SECONDS}: one signed request is replayed, and signatures expire after 5 minutes`);
    }
  }
  return options;
}
