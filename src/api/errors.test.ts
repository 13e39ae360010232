// Checks the exception catalogue against the KMS model both ways, and the hand-added AWS errors (docs/layout.md, "Errors").
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  AccessDeniedException,
  InternalFailure,
  KmsError,
  NotFoundException,
  SerializationException,
  ValidationException,
  errorClasses,
  extraErrorClasses,
  isKmsError,
  messageFieldOf,
  modelErrorClasses,
  modelErrorNames,
} from './errors.js';
import * as errors from './errors.js';
import { operations } from './model.generated.js';

interface ModelShape {
  exception?: boolean;
  fault?: boolean;
}
const model = JSON.parse(readFileSync(new URL('../../model/kms/service-2.json', import.meta.url), 'utf8')) as {
  shapes: Record<string, ModelShape>;
};
const modelExceptions = Object.entries(model.shapes)
  .filter(([, shape]) => shape.exception)
  .map(([name]) => name)
  .sort();

describe('model exceptions', () => {
  test('every exception shape in the model has a generated class, and every generated class is in the model', () => {
    assert.equal(modelExceptions.length, 48);
    assert.deepEqual([...modelErrorNames].sort(), modelExceptions);
    assert.deepEqual(Object.keys(modelErrorClasses).sort(), modelExceptions);
  });

  test('each class is exported from errors.ts under its wire name, which is also its `name`', () => {
    const exported = errors as unknown as Record<string, unknown>;
    for (const name of modelExceptions) {
      const Class = modelErrorClasses[name as keyof typeof modelErrorClasses];
      assert.equal(exported[name], Class, name);
      const error = new Class('some message');
      assert.equal(error.name, name);
      assert.equal(error.message, 'some message');
      assert.ok(error instanceof KmsError);
      assert.ok(error instanceof Error);
    }
  });

  test('server faults are exactly the shapes the model marks `fault: true`', () => {
    const faultOf = (name: string): string => new modelErrorClasses[name as keyof typeof modelErrorClasses]().fault;
    for (const name of modelExceptions) {
      assert.equal(faultOf(name), model.shapes[name]!.fault ? 'server' : 'client', name);
    }
    const faults = modelExceptions.filter((name) => faultOf(name) === 'server');
    assert.deepEqual(faults, ['DependencyTimeoutException', 'KMSInternalException', 'KeyUnavailableException']);
  });

  test('every error an operation lists is an exception class', () => {
    for (const [operation, { errors: names }] of Object.entries(operations)) {
      for (const name of names) assert.ok(name in modelErrorClasses, `${operation}: ${name}`);
    }
  });
});

describe('errors AWS sends that the model omits', () => {
  const expected = [
    'AccessDeniedException',
    'ExpiredTokenException',
    'IncompleteSignatureException',
    'InternalFailure',
    'InvalidSignatureException',
    'MissingAuthenticationTokenException',
    'NotAuthorizedException',
    'RequestTimeoutException',
    'SerializationException',
    'ThrottlingException',
    'UnknownOperationException',
    'UnrecognizedClientException',
    'ValidationException',
  ];

  test('each is a KmsError named as its class, and none is in the model', () => {
    assert.deepEqual(Object.keys(extraErrorClasses).sort(), expected);
    for (const [name, Class] of Object.entries(extraErrorClasses)) {
      assert.equal(new Class().name, name);
      assert.ok(!(name in model.shapes), name);
    }
  });

  test('only InternalFailure is a server fault', () => {
    for (const [name, Class] of Object.entries(extraErrorClasses)) {
      assert.equal(new Class().fault, name === 'InternalFailure' ? 'server' : 'client', name);
    }
    assert.equal(new InternalFailure().fault, 'server');
  });

  test('errorClasses maps every wire name, model and hand-added, to its class', () => {
    assert.deepEqual(Object.keys(errorClasses).sort(), [...modelExceptions, ...expected].sort());
    assert.equal(errorClasses['NotFoundException'], NotFoundException);
    assert.equal(errorClasses['ValidationException'], ValidationException);
  });
});

describe('message field and helpers', () => {
  test('AccessDeniedException sends its message as `Message`; every other error as `message`', () => {
    assert.equal(messageFieldOf(new AccessDeniedException('denied')), 'Message');
    for (const [name, Class] of Object.entries(errorClasses)) {
      if (name !== 'AccessDeniedException') assert.equal(messageFieldOf(new Class()), 'message', name);
    }
  });

  test('an error built without a message says so, for exceptions AWS sends bare', () => {
    assert.equal(new errors.InvalidCiphertextException().hasMessage, false);
    assert.equal(new SerializationException('x').hasMessage, true);
  });

  test('isKmsError tells our errors from anything else', () => {
    assert.equal(isKmsError(new NotFoundException('x')), true);
    assert.equal(isKmsError(new ValidationException()), true);
    assert.equal(isKmsError(new Error('x')), false);
    assert.equal(isKmsError({ name: 'NotFoundException', message: 'x' }), false);
    assert.equal(isKmsError(undefined), false);
  });
});
