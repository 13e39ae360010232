import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DerError, encodeOid, encodeTlv, encodeUnsignedInteger, readChildren, readTlv, valueOf } from './der.js';

describe('der', () => {
  test('encodes object identifiers (id-ml-dsa-44, id-ecPublicKey)', () => {
    assert.equal(encodeOid('2.16.840.1.101.3.4.3.17').toString('hex'), '0609608648016503040311');
    assert.equal(encodeOid('1.2.840.10045.2.1').toString('hex'), '06072a8648ce3d0201');
  });

  test('encodes unsigned integers minimally, with a 0x00 before a high bit', () => {
    assert.equal(encodeUnsignedInteger(Buffer.from('0000ff', 'hex')).toString('hex'), '020200ff');
    assert.equal(encodeUnsignedInteger(Buffer.from('007f', 'hex')).toString('hex'), '02017f');
    assert.equal(encodeUnsignedInteger(Buffer.from('0000', 'hex')).toString('hex'), '020100');
  });

  test('uses long-form lengths from 128 bytes on', () => {
    const tlv = encodeTlv(0x04, Buffer.alloc(300));
    assert.equal(tlv.toString('hex', 0, 4), '0482012c');
    const read = readTlv(tlv);
    assert.equal(read.end - read.valueStart, 300);
  });

  test('reads nested structures back', () => {
    const der = encodeTlv(0x30, encodeOid('1.3.101.112'), encodeTlv(0x04, Buffer.from('abc')));
    const [oid, octets] = readChildren(der, readTlv(der));
    assert.equal(oid?.tag, 0x06);
    assert.equal(Buffer.from(valueOf(der, octets!)).toString(), 'abc');
  });

  test('truncated input and indefinite lengths are DerError', () => {
    assert.throws(() => readTlv(Buffer.from('3005020100', 'hex')), DerError);
    assert.throws(() => readTlv(Buffer.from('30', 'hex')), DerError);
    assert.throws(() => readTlv(Buffer.from('30800000', 'hex')), DerError);
  });
});
