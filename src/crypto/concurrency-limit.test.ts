import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { CapacityExceededError } from './errors.js';

/** A task that stays running until the test finishes (or fails) it. */
function heldTask<T = string>() {
  let finish!: (value: T) => void;
  let fail!: (error: Error) => void;
  let started = false;
  const done = new Promise<T>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const task = () => {
    started = true;
    return done;
  };
  return { task, finish, fail, started: () => started };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  test('no more than maxRunning tasks run at once; the others wait their turn in order of arrival', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 2, maxWaiting: 3 }, 'tasks');
    const tasks = Array.from({ length: 5 }, () => heldTask<number>());
    const results = tasks.map((held, i) => limit.run(held.task).then((value) => assert.equal(value, i)));
    await tick();
    assert.deepEqual(tasks.map((held) => held.started()), [true, true, false, false, false]);
    assert.deepEqual([limit.running, limit.waiting], [2, 3]);

    tasks[1]!.finish(1);
    await tick();
    // The freed slot goes to the oldest waiting task, and the count of running tasks never passes maxRunning.
    assert.deepEqual(tasks.map((held) => held.started()), [true, true, true, false, false]);
    assert.deepEqual([limit.running, limit.waiting], [2, 2]);

    tasks[0]!.finish(0);
    tasks[2]!.finish(2);
    await tick();
    assert.deepEqual(tasks.map((held) => held.started()), [true, true, true, true, true]);
    tasks[3]!.finish(3);
    tasks[4]!.finish(4);
    await Promise.all(results);
    assert.deepEqual([limit.running, limit.waiting], [0, 0]);
  });

  test('a task beyond maxRunning running and maxWaiting waiting is refused with CapacityExceededError and never starts', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 1 }, 'RSA key-pair generations');
    const running = heldTask();
    const waiting = heldTask();
    const refused = heldTask();
    const first = limit.run(running.task);
    const second = limit.run(waiting.task);
    await assert.rejects(limit.run(refused.task), (error: unknown) => {
      assert.ok(error instanceof CapacityExceededError);
      assert.equal(error.message, 'Too many RSA key-pair generations at once.');
      return true;
    });
    assert.deepEqual([limit.running, limit.waiting], [1, 1], 'the refusal took no slot');
    running.finish('a');
    waiting.finish('b');
    assert.deepEqual(await Promise.all([first, second]), ['a', 'b']);
    await tick();
    assert.equal(refused.started(), false);
  });

  test('with maxWaiting 0 nothing waits: the second task is refused while the first runs', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 0 }, 'tasks');
    const running = heldTask();
    const first = limit.run(running.task);
    await assert.rejects(limit.run(async () => 'never'), CapacityExceededError);
    running.finish('done');
    assert.equal(await first, 'done');
    assert.equal(await limit.run(async () => 'admitted again'), 'admitted again');
  });

  test('a failed task gives its slot back (to a waiting task, then to a new one) and its caller sees its error', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 1 }, 'tasks');
    const failing = heldTask();
    const next = heldTask();
    const failed = limit.run(failing.task);
    const second = limit.run(next.task);
    failing.fail(new Error('generation failed'));
    await assert.rejects(failed, /generation failed/);
    await tick();
    assert.equal(next.started(), true, 'the waiting task got the slot');
    next.finish('ok');
    assert.equal(await second, 'ok');
    assert.deepEqual([limit.running, limit.waiting], [0, 0]);
  });

  test('a task that throws before returning a promise gives its slot back too', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 0 }, 'tasks');
    await assert.rejects(limit.run(() => {
      throw new Error('thrown at once');
    }), /thrown at once/);
    assert.equal(limit.running, 0);
    assert.equal(await limit.run(async () => 'next'), 'next');
  });

  test('many refused calls leave the counts as they were', async () => {
    const limit = new ConcurrencyLimit({ maxRunning: 2, maxWaiting: 2 }, 'tasks');
    const held = Array.from({ length: 4 }, () => heldTask());
    const admitted = held.map((h) => limit.run(h.task));
    const refusals = await Promise.allSettled(Array.from({ length: 100 }, () => limit.run(async () => 'never')));
    assert.ok(refusals.every((r) => r.status === 'rejected' && r.reason instanceof CapacityExceededError));
    assert.deepEqual([limit.running, limit.waiting], [2, 2]);
    for (const h of held) h.finish('done');
    await Promise.all(admitted);
    assert.deepEqual([limit.running, limit.waiting], [0, 0]);
  });

  test('limits that admit nothing or are not whole numbers are refused at construction', () => {
    for (const limits of [{ maxRunning: 0, maxWaiting: 1 }, { maxRunning: 1.5, maxWaiting: 1 }, { maxRunning: 1, maxWaiting: -1 }, { maxRunning: Number.NaN, maxWaiting: 0 }]) {
      assert.throws(() => new ConcurrencyLimit(limits, 'tasks'), RangeError, JSON.stringify(limits));
    }
  });
});
