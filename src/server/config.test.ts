import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnvironment } from './config.js';

describe('configFromEnvironment: key-pair generation limits', () => {
  test('unset, the limits are left to the defaults derived from the core count', () => {
    assert.equal(configFromEnvironment({}).keyPairGeneration, undefined);
    assert.equal(configFromEnvironment({ OPENKMS_RSA_KEY_GENERATIONS: '' }).keyPairGeneration, undefined);
  });

  test('OPENKMS_RSA_KEY_GENERATIONS and OPENKMS_RSA_KEY_GENERATION_QUEUE set the RSA lane, each on its own or both', () => {
    assert.deepEqual(configFromEnvironment({ OPENKMS_RSA_KEY_GENERATIONS: '3' }).keyPairGeneration, { rsa: { maxRunning: 3 } });
    assert.deepEqual(configFromEnvironment({ OPENKMS_RSA_KEY_GENERATION_QUEUE: '0' }).keyPairGeneration, { rsa: { maxWaiting: 0 } });
    assert.deepEqual(
      configFromEnvironment({ OPENKMS_RSA_KEY_GENERATIONS: '2', OPENKMS_RSA_KEY_GENERATION_QUEUE: '10' }).keyPairGeneration,
      { rsa: { maxRunning: 2, maxWaiting: 10 } },
    );
  });

  test('a value that is not a whole number, or admits no generation, stops the start with the variable named', () => {
    for (const [name, value] of [['OPENKMS_RSA_KEY_GENERATIONS', '0'], ['OPENKMS_RSA_KEY_GENERATIONS', '1.5'], ['OPENKMS_RSA_KEY_GENERATIONS', 'all'], ['OPENKMS_RSA_KEY_GENERATION_QUEUE', '-1']] as const) {
      assert.throws(() => configFromEnvironment({ [name]: value }), new RegExp(`^Error: ${name} takes a whole number of at least [01]: ${value.replace('.', '\\.')}$`));
    }
  });
});
