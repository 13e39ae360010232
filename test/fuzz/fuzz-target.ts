// The openkms the fuzzer runs against: a real server on a loopback port with the authorization suites' principals and
// the fuzz fixture, a read-only view of its database for the state digest, and the one exchange every request goes
// through — send, check the answer, check that a failed request changed nothing, count the outcome.

import { writePrincipalsFile, who } from '../support/authorization-fixture.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { answerProblems, describeAnswer, type Expectation } from './answer-checks.js';
import { createFuzzFixture, FIXTURE_REGIONS, type FixtureRegion, type FuzzFixture } from './fuzz-fixture.js';
import { closeConnections, sendHttp, type Answer, type HttpCase } from './send-request.js';
import { changedTables, openStoreDigest, type StoreDigest } from './store-digest.js';

export interface FuzzTarget {
  url: string;
  fixture: FuzzFixture;
  /** Outcome counts: group (an operation, or a kind of garbage) → outcome (`200`, `400 NotFoundException`, ...). */
  outcomes: Map<string, Map<string, number>>;
  requests: number;
  /** The slowest answer so far, and to what. */
  slowest: { ms: number; group: string };
  /** Sends `c`, checks the answer against `expect` and the state digest; throws an Error listing every problem. */
  exchange(group: string, c: HttpCase, expect: Expectation): Promise<Answer>;
  /** Checks the digest and the server's error log after requests that were not sent by `exchange` (raw sockets). */
  checkUnchanged(what: string): void;
  count(group: string, outcome: string): void;
  close(): Promise<void>;
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  // Failures the pipeline did not expect (answered as InternalFailure) and failed audit writes end up here.
  const logged: string[] = [];
  const server: TestServer = await startTestServer({
    principalsFile: writePrincipalsFile(),
    logError: (message, error) => logged.push(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const clients = Object.fromEntries(FIXTURE_REGIONS.map((region) => [region, server.clientFor(who.admin, region)])) as Record<FixtureRegion, ReturnType<TestServer['clientFor']>>;
  let digest: StoreDigest | undefined;
  try {
    const fixture = await createFuzzFixture(clients);
    digest = openStoreDigest(server.dataDir);
    const store = digest;
    let current = store.digest();
    let loggedSeen = logged.length;
    const outcomes = new Map<string, Map<string, number>>();
    const count = (group: string, outcome: string) => {
      const byOutcome = outcomes.get(group) ?? new Map<string, number>();
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
      outcomes.set(group, byOutcome);
    };
    const newLogEntries = () => {
      const entries = logged.slice(loggedSeen);
      loggedSeen = logged.length;
      return entries.map((entry) => `the server logged an unexpected failure: ${entry.split('\n').slice(0, 6).join(' | ')}`);
    };
    const target: FuzzTarget = {
      url: server.server.url,
      fixture,
      outcomes,
      requests: 0,
      slowest: { ms: 0, group: '' },
      count,
      async exchange(group, c, expect) {
        target.requests++;
        const answer = await sendHttp(server.server.url, c);
        count(group, outcomeOf(answer));
        if (answer.elapsedMs > target.slowest.ms) target.slowest = { ms: answer.elapsedMs, group };
        const problems = answerProblems(answer, expect);
        // A digest after every request (a few milliseconds with this fixture), so the failing request is the one named.
        const after = store.digest();
        const changed = changedTables(current, after);
        if (answer.status !== 200 && changed.length) problems.push(`a failed request changed the stored state: table ${changed.join(', ')}`);
        current = after;
        problems.push(...newLogEntries());
        if (problems.length) throw new Error(`${problems.join('\n')}\nanswer: ${describeAnswer(answer)}`);
        return answer;
      },
      checkUnchanged(what) {
        const after = store.digest();
        const problems = newLogEntries();
        const changed = changedTables(current, after);
        if (changed.length) problems.push(`${what} changed the stored state: table ${changed.join(', ')}`);
        current = after;
        if (problems.length) throw new Error(problems.join('\n'));
      },
      async close() {
        for (const client of Object.values(clients)) client.destroy();
        closeConnections();
        store.close();
        await server.cleanup();
      },
    };
    return target;
  } catch (error) {
    digest?.close();
    for (const client of Object.values(clients)) client.destroy();
    await server.cleanup();
    throw error;
  }
}

/** `200`, or the status and the error's `__type`. */
export function outcomeOf(answer: Answer): string {
  if (answer.status === 0) return 'no answer';
  if (answer.status === 200) return '200';
  try {
    const type = (JSON.parse(answer.body.toString('utf8')) as { __type?: unknown }).__type;
    return `${answer.status} ${typeof type === 'string' ? type : '(no __type)'}`;
  } catch {
    const code = /<Code>(\w+)<\/Code>/.exec(answer.body.toString('utf8'));
    return `${answer.status} ${code ? code[1] : '(not JSON)'}`;
  }
}
