// The optional native tally accelerator (native/ristretto, a small C addon built by `npm ci` when a
// C compiler and Node's headers are present; see scripts/build-native.mjs). It sums ballots with
// each point decoded once and the sums kept in extended coordinates (RFC 9496 decode/encode), about
// six times the speed of libsodium's WebAssembly add per point. Without it everything works the
// same, only the tally is slower; VALLAMAJA_NATIVE=off turns it off (the tests compare both).
import { createRequire } from 'node:module';

export interface NativeRistretto {
  /** Position-wise sums of count × width ciphertexts; throws naming the ballot on an invalid point. */
  sum(bytes: Uint8Array, width: number): Uint8Array;
}

const ADDON = '../../../../native/ristretto/build/Release/ristretto_sum.node';
let loaded: NativeRistretto | null | undefined;
let loadError: string | null = null;

/** The addon, or null if it is not built (or turned off with VALLAMAJA_NATIVE=off). */
export function nativeRistretto(): NativeRistretto | null {
  if (loaded !== undefined) return loaded;
  if (process.env.VALLAMAJA_NATIVE === 'off') {
    loadError = 'turned off by VALLAMAJA_NATIVE=off';
    return (loaded = null);
  }
  try {
    const mod = createRequire(import.meta.url)(ADDON) as Partial<NativeRistretto>;
    if (typeof mod.sum !== 'function') throw new Error('the addon has no sum()');
    loaded = mod as NativeRistretto;
  } catch (e) {
    loadError = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    loaded = null;
  }
  return loaded;
}

/** Why the addon is not in use (null when it is). */
export function nativeUnavailableReason(): string | null {
  nativeRistretto();
  return loaded ? null : loadError;
}
