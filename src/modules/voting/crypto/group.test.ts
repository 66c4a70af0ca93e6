import { createHash } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  H,
  L,
  fromHex,
  fromHex32,
  identity,
  isCanonicalScalar,
  isIdentity,
  isValidPoint,
  mul,
  mulBase,
  mulBaseInt,
  pointAdd,
  pointFromHex,
  pointNegate,
  pointSub,
  pointToHex,
  ready,
  scalarAdd,
  scalarFromBigInt,
  scalarFromHex,
  scalarFromInt,
  scalarInvert,
  scalarMul,
  scalarNegate,
  scalarRandom,
  scalarSub,
  scalarToBigInt,
  scalarToHex,
  sha256hex,
  toHex,
} from './group.js';

// RFC 9496 appendix A.1: encodings of 0·G … 6·G.
const MULTIPLES = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
  '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
  'da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57',
  'e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e',
  'f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403',
];

// RFC 9496 appendix A.2: some encodings that must be rejected (non-canonical, negative, off-curve).
const BAD_ENCODINGS = [
  '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371',
];

const leBig = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

beforeAll(async () => {
  await ready();
  await sodium.ready;
});

describe('ristretto255 group', () => {
  it('has the base point and its multiples of RFC 9496', () => {
    MULTIPLES.forEach((hex, n) => expect(toHex(mulBaseInt(n))).toBe(hex));
    let P = identity();
    for (let n = 1; n < MULTIPLES.length; n++) {
      P = pointAdd(P, fromHex32(MULTIPLES[1]!));
      expect(toHex(P)).toBe(MULTIPLES[n]);
    }
  });

  it('rejects the invalid encodings of RFC 9496 and accepts the identity', () => {
    for (const hex of BAD_ENCODINGS) {
      expect(isValidPoint(fromHex32(hex))).toBe(false);
      expect(() => pointFromHex(hex)).toThrow(/valid/);
      expect(() => pointAdd(fromHex32(hex), mulBaseInt(1))).toThrow();
      expect(() => mul(scalarFromInt(5), fromHex32(hex))).toThrow();
      expect(() => mul(scalarFromInt(0), fromHex32(hex))).toThrow();
    }
    expect(isValidPoint(identity())).toBe(true);
    expect(isValidPoint(new Uint8Array(31))).toBe(false);
    expect(isValidPoint(new Uint8Array(33))).toBe(false);
  });

  it('handles the identity and the zero scalar explicitly', () => {
    const P = mulBase(scalarRandom());
    const zero = scalarFromInt(0);
    expect(isIdentity(mulBase(zero))).toBe(true);
    expect(isIdentity(mul(zero, P))).toBe(true);
    expect(isIdentity(mul(scalarRandom(), identity()))).toBe(true);
    expect(isIdentity(pointSub(P, P))).toBe(true);
    expect(toHex(pointAdd(P, identity()))).toBe(toHex(P));
    expect(toHex(pointAdd(identity(), P))).toBe(toHex(P));
    expect(isIdentity(pointAdd(P, pointNegate(P)))).toBe(true);
    expect(isIdentity(mulBase(scalarFromBigInt(L)))).toBe(true); // L ≡ 0
  });

  it('agrees with the libsodium wrappers on random inputs', () => {
    for (let t = 0; t < 50; t++) {
      const a = scalarRandom();
      const b = scalarRandom();
      const P = sodium.crypto_scalarmult_ristretto255_base(a);
      const Q = sodium.crypto_core_ristretto255_random();
      expect(toHex(mulBase(a))).toBe(toHex(P));
      expect(toHex(mul(b, Q))).toBe(toHex(sodium.crypto_scalarmult_ristretto255(b, Q)));
      expect(toHex(pointAdd(P, Q))).toBe(toHex(sodium.crypto_core_ristretto255_add(P, Q)));
      expect(toHex(pointSub(P, Q))).toBe(toHex(sodium.crypto_core_ristretto255_sub(P, Q)));
      // (a + b)·G = a·G + b·G; (a·b)·G = a·(b·G)
      expect(toHex(mulBase(scalarAdd(a, b)))).toBe(toHex(pointAdd(mulBase(a), mulBase(b))));
      expect(toHex(mulBase(scalarMul(a, b)))).toBe(toHex(mul(a, mulBase(b))));
    }
  });

  it('does scalar arithmetic mod L (checked with BigInt)', () => {
    for (let t = 0; t < 100; t++) {
      const a = scalarRandom();
      const b = scalarRandom();
      const A = leBig(a);
      const B = leBig(b);
      expect(leBig(scalarAdd(a, b))).toBe((A + B) % L);
      expect(leBig(scalarSub(a, b))).toBe((((A - B) % L) + L) % L);
      expect(leBig(scalarMul(a, b))).toBe((A * B) % L);
      expect(leBig(scalarNegate(a))).toBe((L - A) % L);
      expect(leBig(scalarMul(scalarInvert(a), a))).toBe(1n);
      expect(scalarToBigInt(a)).toBe(A);
      expect(isCanonicalScalar(a)).toBe(true);
    }
    expect(leBig(scalarFromInt(-1))).toBe(L - 1n);
    expect(leBig(scalarFromInt(7))).toBe(7n);
    expect(() => scalarInvert(scalarFromInt(0))).toThrow();
    expect(() => scalarFromInt(1.5)).toThrow();
  });

  it('H is SHA-512 reduced mod L (known answers and BigInt)', () => {
    expect(toHex(H(new Uint8Array(0)))).toBe('9ef5a0ea93678eb78d69b33367e129543b0d8520122c42e7dfe9d1977f6c3a0c');
    expect(toHex(H(new TextEncoder().encode('abc')))).toBe('d15dbef29abf1ff29f9cf91c4b75ee0bb1012cb031d9605d684e841df034de0b');
    for (let t = 0; t < 20; t++) {
      const x = sodium.randombytes_buf(t * 7);
      expect(leBig(H(x))).toBe(leBig(new Uint8Array(createHash('sha512').update(x).digest())) % L);
    }
  });

  it('sha256hex is lowercase hex of SHA-256', () => {
    expect(sha256hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('decodes hex strictly: 64 lowercase hex digits only', () => {
    const good = MULTIPLES[2]!;
    expect(toHex(fromHex32(good))).toBe(good);
    expect(pointToHex(pointFromHex(good))).toBe(good);
    for (const bad of [good.toUpperCase(), good.slice(0, 63), `${good}0`, `${good.slice(0, 62)}zz`, `${good.slice(0, 62)} 0`, '', `0x${good.slice(2)}`]) {
      expect(() => fromHex32(bad)).toThrow();
      expect(() => pointFromHex(bad)).toThrow();
      expect(() => scalarFromHex(bad)).toThrow();
    }
    expect(() => fromHex32(42 as unknown as string)).toThrow();
    expect(() => fromHex('abc')).toThrow();
    expect(toHex(fromHex('00ff'))).toBe('00ff');
  });

  it('accepts only scalars below L', () => {
    const lHex = 'edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010';
    expect(toHex(scalarFromBigInt(L))).toBe('0'.repeat(64));
    expect(toHex(scalarFromBigInt(L - 1n))).toBe(`ec${lHex.slice(2)}`);
    expect(() => scalarFromHex(lHex)).toThrow(/mod L/);
    expect(() => scalarFromHex('f'.repeat(64))).toThrow(/mod L/);
    expect(scalarToHex(scalarFromHex(`ec${lHex.slice(2)}`))).toBe(`ec${lHex.slice(2)}`);
    expect(() => mulBase(fromHex32(lHex))).toThrow(/mod L/);
  });
});
