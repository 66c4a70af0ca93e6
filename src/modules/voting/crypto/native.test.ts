// The native tally accelerator (native/ristretto) against libsodium: the same sums, byte for byte,
// and the same refusals of invalid encodings. CI sets VALLAMAJA_REQUIRE_NATIVE=1 so a missing build
// fails there instead of skipping.
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { CIPHERTEXT_BYTES, sumCiphertextBytes, sumCiphertextBytesSodium } from './elgamal.js';
import { concatBytes, fromHex32, identity, isValidPoint, mul, mulBase, mulBaseInt, pointAdd, pointBackend, pointSub, ready, scalarRandom, toHex } from './group.js';
import { ADDON_INTERFACE, addonOutOfDate, nativeRistretto, nativeUnavailableReason } from './native.js';
import { rng } from './testkit.js';

await ready(); // at load: it.each below builds its cases from points
await sodium.ready;

const native = nativeRistretto();

it('the native addon is built where it is required', () => {
  if (process.env.VALLAMAJA_REQUIRE_NATIVE === '1') expect(nativeUnavailableReason()).toBeNull();
  else expect(native === null || typeof native.sum === 'function').toBe(true);
});

/** count × width ciphertexts of random points, with some identities mixed in. */
function randomBallots(count: number, width: number, seed: number): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(count * width * CIPHERTEXT_BYTES);
  for (let i = 0; i < count * width * 2; i++) out.set(r.int(0, 9) === 0 ? identity() : mulBase(scalarRandom()), i * 32);
  return out;
}

/** Encodings RFC 9496 §4.3.1 refuses, built by hand. */
function invalidEncodings(): { why: string; bytes: Uint8Array }[] {
  const p = fromHex32('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'); // p itself
  const pPlus2 = fromHex32('efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  const valid = mulBaseInt(5);
  const highBit = valid.slice();
  highBit[31]! |= 0x80;
  const negative = valid.slice();
  negative[0]! |= 1; // s odd = negative
  const allOnes = new Uint8Array(32).fill(0xff);
  return [
    { why: 's = p (non-canonical)', bytes: p },
    { why: 's = p + 2 (non-canonical)', bytes: pPlus2 },
    { why: 'bit 255 set', bytes: highBit },
    { why: 'negative s', bytes: negative },
    { why: 'all ones', bytes: allOnes },
  ];
}

describe.skipIf(!native)('native ristretto255 summation', () => {
  it('answers the same bytes as libsodium for random ballots of several widths', () => {
    for (const [count, width, seed] of [
      [1, 1, 1],
      [2, 1, 2],
      [37, 4, 3],
      [200, 10, 4],
      [5, 33, 5],
    ] as const) {
      const bytes = randomBallots(count, width, seed);
      expect(toHex(native!.sum(bytes, width))).toBe(toHex(sumCiphertextBytesSodium(bytes, width)));
    }
  });

  it('sums small multiples of G to the right multiple, and P + P to 2P', () => {
    const ms = Array.from({ length: 40 }, (_, i) => (i * 7) % 13);
    const bytes = concatBytes(...ms.flatMap((m) => [mulBaseInt(m), mulBaseInt(2 * m)]));
    const s = native!.sum(bytes, 1);
    const total = ms.reduce((a, b) => a + b, 0);
    expect(toHex(s.subarray(0, 32))).toBe(toHex(mulBaseInt(total)));
    expect(toHex(s.subarray(32))).toBe(toHex(mulBaseInt(2 * total)));
    const P = mulBase(scalarRandom());
    expect(toHex(native!.sum(concatBytes(P, identity(), P, identity()), 1))).toBe(toHex(concatBytes(pointAdd(P, P), identity())));
  });

  it('the empty sum is the identity everywhere', () => {
    expect(toHex(native!.sum(new Uint8Array(0), 3))).toBe('00'.repeat(3 * CIPHERTEXT_BYTES));
  });

  it.each(invalidEncodings())('refuses $why, naming the ballot, as libsodium does', ({ bytes }) => {
    expect(isValidPoint(bytes)).toBe(false);
    const good = randomBallots(3, 2, 9);
    const bad = good.slice();
    bad.set(bytes, 2 * 2 * CIPHERTEXT_BYTES + CIPHERTEXT_BYTES + 32); // ballot 2, ciphertext 1, B
    expect(() => native!.sum(bad, 2)).toThrow('invalid point in ballot 2 of the chunk (ciphertext 1, B)');
    expect(() => sumCiphertextBytesSodium(bad, 2)).toThrow('invalid point in ballot 2 of the chunk (ciphertext 1, B)');
  });

  it('accepts exactly the encodings libsodium accepts (2,000 random strings, half of them made even)', () => {
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const s = new Uint8Array(randomBytes(32));
      if (i % 2 === 0) {
        s[0]! &= 0xfe;
        s[31]! &= 0x7f;
      }
      const valid = isValidPoint(s);
      let ok = true;
      try {
        native!.sum(concatBytes(s, identity()), 1);
      } catch {
        ok = false;
      }
      expect(ok, toHex(s)).toBe(valid);
      if (ok) accepted++;
    }
    expect(accepted).toBeGreaterThan(50); // the test saw both answers
  });

  it('refuses a length that is not whole ballots and a bad width', () => {
    expect(() => native!.sum(new Uint8Array(65), 1)).toThrow(/not a multiple of 64/);
    expect(() => native!.sum(new Uint8Array(64), 0)).toThrow(/width/);
  });

  it('is what sumCiphertextBytes uses', () => {
    const bytes = randomBallots(10, 3, 11);
    expect(toHex(sumCiphertextBytes(bytes, 3))).toBe(toHex(sumCiphertextBytesSodium(bytes, 3)));
  });
});

describe.skipIf(!native?.sodium.loaded)('the system libsodium through the addon', () => {
  it('is what group.ts uses', () => {
    expect(pointBackend()).toBe('native');
  });

  it('answers what libsodium.js (WebAssembly) answers: scalar multiplication, base multiplication, add, sub', () => {
    for (let i = 0; i < 200; i++) {
      const n = scalarRandom();
      const P = sodium.crypto_scalarmult_ristretto255_base(scalarRandom());
      const Q = sodium.crypto_scalarmult_ristretto255_base(scalarRandom());
      expect(toHex(mulBase(n))).toBe(toHex(sodium.crypto_scalarmult_ristretto255_base(n)));
      expect(toHex(mul(n, P))).toBe(toHex(sodium.crypto_scalarmult_ristretto255(n, P)));
      expect(toHex(pointAdd(P, Q))).toBe(toHex(sodium.crypto_core_ristretto255_add(P, Q)));
      expect(toHex(pointSub(P, Q))).toBe(toHex(sodium.crypto_core_ristretto255_sub(P, Q)));
    }
  });

  it('refuses the same invalid points', () => {
    for (const { bytes } of invalidEncodings()) {
      expect(native!.sodium.isValidPoint(bytes)).toBe(0);
      expect(() => mul(scalarRandom(), bytes)).toThrow('not a valid ristretto255 point');
      expect(() => pointAdd(mulBaseInt(1), bytes)).toThrow('not a valid ristretto255 point');
    }
    for (let i = 0; i < 500; i++) {
      const s = new Uint8Array(randomBytes(32));
      s[0]! &= 0xfe;
      s[31]! &= 0x7f;
      expect(native!.sodium.isValidPoint(s) === 1).toBe(sodium.crypto_core_ristretto255_is_valid_point(s));
    }
  });

  it('refuses arguments that are not 32-byte arrays', () => {
    expect(() => native!.sodium.add(new Uint8Array(31), mulBaseInt(1), mulBaseInt(2))).toThrow(/32 bytes/);
    expect(() => native!.sodium.scalarmultBase(new Uint8Array(32), 'x' as unknown as Uint8Array)).toThrow(/32 bytes/);
  });
});

describe.skipIf(!native?.encrypt)('native fixed-base encryption', () => {
  const L = (1n << 252n) + 27742317777372353535851937790883648493n;
  const scalarOf = (v: bigint): Uint8Array => {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
    return out;
  };
  // The reference: libsodium.js (WebAssembly), not the addon's own libsodium.
  const refMul = (r: Uint8Array, P: Uint8Array) => sodium.crypto_scalarmult_ristretto255(r, P);
  const refBase = (r: Uint8Array) => sodium.crypto_scalarmult_ristretto255_base(r);
  const G = refBase(scalarOf(1n));

  it('answers A = r·G and B = m·G + r·Y exactly as libsodium.js does: random and extreme scalars, both m', () => {
    const keys = [refBase(sodium.crypto_core_ristretto255_scalar_random()), G, refBase(scalarOf(L - 1n))];
    const extremes = [1n, 2n, 7n, 8n, 9n, 15n, 16n, 0x88n, L - 1n, L - 2n, (1n << 252n) - 1n, BigInt('0x08' + '88'.repeat(31)), BigInt('0x0f' + 'ff'.repeat(31)) % L, BigInt('0x07' + '77'.repeat(31)), BigInt('0x' + 'f'.repeat(62)) % L];
    for (const Y of keys) {
      const table = native!.fixedTable!(Y);
      const rs = [...extremes.map(scalarOf), ...Array.from({ length: 40 }, () => sodium.crypto_core_ristretto255_scalar_random())];
      const ms = rs.map((_, k) => k % 2);
      const out = native!.encrypt!(table, Y, concatBytes(...rs), Uint8Array.from(ms));
      rs.forEach((r, k) => {
        const rY = refMul(r, Y);
        const B = ms[k] ? sodium.crypto_core_ristretto255_add(G, rY) : rY;
        expect(toHex(out.subarray(64 * k, 64 * k + 32)), `A for r #${k}`).toBe(toHex(refBase(r)));
        expect(toHex(out.subarray(64 * k + 32, 64 * k + 64)), `B for r #${k}`).toBe(toHex(B));
      });
    }
  });

  it('refuses a bad key, a foreign table, a table of another key, values other than 0/1, a length mismatch, r = 0 and r ≥ L', () => {
    const table = native!.fixedTable!(G);
    const r = sodium.crypto_core_ristretto255_scalar_random();
    for (const bad of invalidEncodings()) expect(() => native!.fixedTable!(bad.bytes), bad.why).toThrow(/not a valid/);
    expect(() => native!.encrypt!(new Uint8Array(table.length), G, r, Uint8Array.from([1]))).toThrow(/fixedTable/);
    expect(() => native!.encrypt!(table.subarray(8), G, r, Uint8Array.from([1]))).toThrow(/fixedTable/);
    // the table's stored key is compared with the vote's key
    const other = refBase(scalarOf(5n));
    expect(() => native!.encrypt!(table, other, r, Uint8Array.from([1]))).toThrow(/another key/);
    expect(() => native!.encrypt!(native!.fixedTable!(other), G, r, Uint8Array.from([1]))).toThrow(/another key/);
    expect(() => native!.encrypt!(table, G, r, Uint8Array.from([2]))).toThrow(/0 or 1/);
    expect(() => native!.encrypt!(table, G, r, Uint8Array.from([1, 0]))).toThrow(/32 bytes/);
    // r must be in 1 … L − 1: L itself and L + 1 (below 2^253, which the old check let through), 0, all ones
    for (const bad of [L, L + 1n, (1n << 253n) - 1n, 0n, (1n << 256n) - 1n]) {
      expect(() => native!.encrypt!(table, G, scalarOf(bad), Uint8Array.from([1])), `r = ${bad}`).toThrow(/1 … L − 1/);
    }
    // one bad scalar among good ones refuses the whole batch
    expect(() => native!.encrypt!(table, G, concatBytes(r, scalarOf(L)), Uint8Array.from([0, 1]))).toThrow(/1 … L − 1/);
    // the edges that are allowed
    const edge = native!.encrypt!(table, G, concatBytes(scalarOf(1n), scalarOf(L - 1n)), Uint8Array.from([1, 0]));
    expect(toHex(edge.subarray(0, 32))).toBe(toHex(G));
    expect(toHex(edge.subarray(32, 64))).toBe(toHex(refBase(scalarOf(2n)))); // 1·G + 1·G
    expect(toHex(edge.subarray(64, 96))).toBe(toHex(refBase(scalarOf(L - 1n))));
  });

  it('reports its interface version, which native.ts checks', () => {
    expect(native!.interface).toBe(ADDON_INTERFACE);
    expect(addonOutOfDate(native!)).toBeNull();
    // a build from before interface 2 (no version) or of another version is not used
    const { interface: _v, ...old } = native!;
    expect(addonOutOfDate(old)).toBe(`the addon is out of date (interface 1, this code needs ${ADDON_INTERFACE}): run npm run build:native`);
    expect(addonOutOfDate({ ...native!, interface: ADDON_INTERFACE + 1 })).toContain(`out of date (interface ${ADDON_INTERFACE + 1},`);
  });

  it('is what encryptBallotToBytes uses, and its ballots decrypt to the choices', async () => {
    const { encryptBallotToBytes, ballotFromBytes } = await import('./elgamal.js');
    const x = sodium.crypto_core_ristretto255_scalar_random();
    const Y = refBase(x);
    const choices = [[1, 0, 0], [0, 1], [1, 1, 0, 1]];
    const bytes = encryptBallotToBytes(Y, choices);
    const again = encryptBallotToBytes(Y, choices);
    expect(toHex(bytes)).not.toBe(toHex(again)); // fresh randomness every time
    ballotFromBytes(bytes, [3, 2, 4]).forEach((row, q) =>
      row.forEach((c, o) => {
        // m·G = B − x·A
        const M = sodium.crypto_core_ristretto255_sub(c.B, refMul(x, c.A));
        expect(toHex(M), `q${q} o${o}`).toBe(toHex(choices[q]![o] ? G : identity()));
      }),
    );
  });
});
