/*
 * Vallamaja tally accelerator: position-wise sums of ElGamal ciphertexts over ristretto255.
 *
 * sum(bytes, width) takes count × width ciphertexts (each A ‖ B, two 32-byte ristretto255
 * encodings; ballots back to back, as src/modules/voting/crypto/elgamal.ts lays them out) and
 * answers width ciphertexts: for every position, the group sum of that position over all ballots.
 *
 * Why: libsodium's crypto_core_ristretto255_add decodes both inputs and encodes its output on
 * every call, three inverse square roots per addition. Here every point is decoded once, summed in
 * extended coordinates (a few field multiplications) and only the final sums are encoded: about one
 * inverse square root per point instead of three, in 64-bit limbs instead of WebAssembly's 32-bit.
 *
 * Everything follows RFC 9496 ("The ristretto255 and decaf448 Groups"): §4.3.1 decode (with its
 * canonicity and sign checks: a non-canonical or invalid encoding is refused, exactly as libsodium
 * refuses it), §4.3.2 encode, and SQRT_RATIO_M1 of §4.2 (with u = 1). Points are added with the complete
 * add-2008-hwcd-3 formula for the twisted Edwards curve −x² + y² = 1 + d·x²·y². The field is
 * GF(2²⁵⁵ − 19) in five 51-bit limbs with 128-bit products.
 *
 * The sums' inputs are public (ciphertexts on the bulletin board); the encryption's are not, so the
 * field helpers, the encoding and the table lookups select with masks, never branches. The results
 * are checked byte for byte against libsodium.js in src/modules/voting/crypto/native.test.ts.
 *
 * Second, encryption (encrypt, fixedTable): a cast multiplies fresh secret scalars by two points that
 * are fixed for the whole vote, G and the election key Y. Fixed-base tables of both make each
 * ciphertext two table walks and two encodings, about 2.5 times faster than libsodium's two
 * multiplications and addition; this path is constant time in the secret scalars and choices
 * (checked under valgrind with r and m undefined: ct_check.c, test/ct/ctgrind.test.ts). It checks
 * r ∈ [1, L) and m ∈ {0, 1} without branching on them, compares the table's stored key with the
 * vote's key, and wipes the digits of r, its points and the stack its helpers used (encrypt_checked).
 *
 * Third, the addon opens the system's libsodium (libsodium.so.23, Debian's libsodium23) when it is
 * installed and exposes its ristretto255 point operations — the same C functions the WebAssembly
 * build of libsodium runs, at native speed — for encryption, proofs and verification
 * (src/modules/voting/crypto/group.ts uses them when present, the WebAssembly build otherwise).
 */
#ifndef RISTRETTO_NO_NAPI
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <node_api.h>
#include <pthread.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The interface version the JavaScript side checks (native.ts ADDON_INTERFACE), so a build left over
 * from an older checkout is noticed and not used. 2: encrypt(table, key, r, m) compares the table's
 * key with the vote's key, refuses r ∉ [1, L) and wipes its secrets.
 */
#define ADDON_INTERFACE 3

/*
 * The constant-time check (native/ristretto/ct_check.c, run under valgrind by test/ct/ctgrind.test.ts)
 * marks r and m undefined; the few values the encryption may branch on (whether all inputs were
 * valid: the caller's error, never the vote) are declared public with DECLASSIFY.
 */
#ifdef CT_CHECK
#include <valgrind/memcheck.h>
#define DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

/* Overwrites n bytes with zeros in a way the compiler may not drop (explicit_bzero, as sodium_memzero). */
static void wipe(void *p, size_t n) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25))
  explicit_bzero(p, n);
#else
  static void *(*const volatile memset_v)(void *, int, size_t) = memset;
  memset_v(p, 0, n);
#endif
}

/*
 * Zeros BURN_BYTES of stack below the caller's frame: the temporaries the field and point helpers
 * (fe_*, ge_*, table_select, ge_encode) left there while encrypting. Called once per batch, after
 * the named secrets (digits of r, the selected entries, the points) have been wiped by name.
 */
#define BURN_BYTES 8192
static __attribute__((noinline)) void burn_stack(void) {
  uint8_t pad[BURN_BYTES];
  wipe(pad, sizeof pad);
  __asm__ __volatile__("" : : "r"(pad) : "memory");
}

typedef unsigned __int128 u128;
typedef struct { uint64_t v[5]; } fe;
typedef struct { fe X, Y, Z, T; } ge;
static void ge_dbl(ge *r, const ge *p);
static void ge_dbl_xyz(ge *r, const ge *p);

#define MASK51 ((((uint64_t)1) << 51) - 1)

static uint64_t load64(const uint8_t *s) {
  uint64_t x = 0;
  for (int i = 7; i >= 0; i--) x = (x << 8) | s[i];
  return x;
}

static void store64(uint8_t *s, uint64_t x) {
  for (int i = 0; i < 8; i++) { s[i] = (uint8_t)x; x >>= 8; }
}

/* Reads 32 bytes little-endian, ignoring bit 255 (the caller checks canonicity separately). */
static void fe_frombytes(fe *h, const uint8_t s[32]) {
  uint64_t x0 = load64(s), x1 = load64(s + 8), x2 = load64(s + 16), x3 = load64(s + 24);
  h->v[0] = x0 & MASK51;
  h->v[1] = ((x0 >> 51) | (x1 << 13)) & MASK51;
  h->v[2] = ((x1 >> 38) | (x2 << 26)) & MASK51;
  h->v[3] = ((x2 >> 25) | (x3 << 39)) & MASK51;
  h->v[4] = (x3 >> 12) & MASK51;
}

/* Carries so that every limb is below 2^51 (+ a little in limb 0). */
static void fe_carry(fe *h) {
  uint64_t *t = h->v;
  t[1] += t[0] >> 51; t[0] &= MASK51;
  t[2] += t[1] >> 51; t[1] &= MASK51;
  t[3] += t[2] >> 51; t[2] &= MASK51;
  t[4] += t[3] >> 51; t[3] &= MASK51;
  t[0] += 19 * (t[4] >> 51); t[4] &= MASK51;
}

/* The canonical 32-byte encoding (fully reduced mod p). */
static void fe_tobytes(uint8_t s[32], const fe *f) {
  fe h = *f;
  fe_carry(&h);
  fe_carry(&h);
  uint64_t *t = h.v;
  /* h < 2p now; q = 1 iff h >= p, i.e. iff h + 19 >= 2^255. */
  uint64_t q = (t[0] + 19) >> 51;
  q = (t[1] + q) >> 51;
  q = (t[2] + q) >> 51;
  q = (t[3] + q) >> 51;
  q = (t[4] + q) >> 51;
  t[0] += 19 * q;
  t[1] += t[0] >> 51; t[0] &= MASK51;
  t[2] += t[1] >> 51; t[1] &= MASK51;
  t[3] += t[2] >> 51; t[2] &= MASK51;
  t[4] += t[3] >> 51; t[3] &= MASK51;
  t[4] &= MASK51; /* drops 2^255, i.e. subtracts p together with the +19 above */
  store64(s, t[0] | (t[1] << 51));
  store64(s + 8, (t[1] >> 13) | (t[2] << 38));
  store64(s + 16, (t[2] >> 26) | (t[3] << 25));
  store64(s + 24, (t[3] >> 39) | (t[4] << 12));
}

static void fe_add(fe *h, const fe *f, const fe *g) {
  for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
  fe_carry(h);
}

/* h = f − g, computed as f + 4p − g so no limb underflows (inputs carried: limbs < 2^52). */
static void fe_sub(fe *h, const fe *f, const fe *g) {
  h->v[0] = (f->v[0] + 0x1FFFFFFFFFFFB4ULL) - g->v[0];
  h->v[1] = (f->v[1] + 0x1FFFFFFFFFFFFCULL) - g->v[1];
  h->v[2] = (f->v[2] + 0x1FFFFFFFFFFFFCULL) - g->v[2];
  h->v[3] = (f->v[3] + 0x1FFFFFFFFFFFFCULL) - g->v[3];
  h->v[4] = (f->v[4] + 0x1FFFFFFFFFFFFCULL) - g->v[4];
  fe_carry(h);
}

static void fe_neg(fe *h, const fe *f) {
  static const fe zero = {{0, 0, 0, 0, 0}};
  fe_sub(h, &zero, f);
}

static void fe_reduce_wide(fe *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  uint64_t c;
  c = (uint64_t)(r0 >> 51); r1 += c; uint64_t h0 = (uint64_t)r0 & MASK51;
  c = (uint64_t)(r1 >> 51); r2 += c; uint64_t h1 = (uint64_t)r1 & MASK51;
  c = (uint64_t)(r2 >> 51); r3 += c; uint64_t h2 = (uint64_t)r2 & MASK51;
  c = (uint64_t)(r3 >> 51); r4 += c; uint64_t h3 = (uint64_t)r3 & MASK51;
  c = (uint64_t)(r4 >> 51); uint64_t h4 = (uint64_t)r4 & MASK51;
  h0 += c * 19;
  h1 += h0 >> 51; h0 &= MASK51;
  h->v[0] = h0; h->v[1] = h1; h->v[2] = h2; h->v[3] = h3; h->v[4] = h4;
}

static inline __attribute__((always_inline)) void fe_mul(fe *h, const fe *f, const fe *g) {
  uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
  uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
  uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
  u128 r0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 + (u128)f3 * g2_19 + (u128)f4 * g1_19;
  u128 r1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 + (u128)f3 * g3_19 + (u128)f4 * g2_19;
  u128 r2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 + (u128)f3 * g4_19 + (u128)f4 * g3_19;
  u128 r3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 + (u128)f3 * g0 + (u128)f4 * g4_19;
  u128 r4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 + (u128)f3 * g1 + (u128)f4 * g0;
  fe_reduce_wide(h, r0, r1, r2, r3, r4);
}

static inline __attribute__((always_inline)) void fe_sq(fe *h, const fe *f) {
  uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
  uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1;
  uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
  u128 r0 = (u128)f0 * f0 + (u128)f1_2 * f4_19 + (u128)(2 * f2) * f3_19;
  u128 r1 = (u128)f0_2 * f1 + (u128)(2 * f2) * f4_19 + (u128)f3 * f3_19;
  u128 r2 = (u128)f0_2 * f2 + (u128)f1 * f1 + (u128)(2 * f3) * f4_19;
  u128 r3 = (u128)f0_2 * f3 + (u128)f1_2 * f2 + (u128)f4 * f4_19;
  u128 r4 = (u128)f0_2 * f4 + (u128)f1_2 * f3 + (u128)f2 * f2;
  fe_reduce_wide(h, r0, r1, r2, r3, r4);
}

static void fe_sqn(fe *h, const fe *f, int n) {
  fe_sq(h, f);
  for (int i = 1; i < n; i++) fe_sq(h, h);
}

/* z^((p − 5) / 8) = z^(2^252 − 3) */
static void fe_pow22523(fe *out, const fe *z) {
  fe t0, t1, t2;
  fe_sq(&t0, z);             /* 2 */
  fe_sqn(&t1, &t0, 2);       /* 8 */
  fe_mul(&t1, z, &t1);       /* 9 */
  fe_mul(&t0, &t0, &t1);     /* 11 */
  fe_sq(&t0, &t0);           /* 22 */
  fe_mul(&t0, &t1, &t0);     /* 2^5 − 1 */
  fe_sqn(&t1, &t0, 5);
  fe_mul(&t0, &t1, &t0);     /* 2^10 − 1 */
  fe_sqn(&t1, &t0, 10);
  fe_mul(&t1, &t1, &t0);     /* 2^20 − 1 */
  fe_sqn(&t2, &t1, 20);
  fe_mul(&t1, &t2, &t1);     /* 2^40 − 1 */
  fe_sqn(&t1, &t1, 10);
  fe_mul(&t0, &t1, &t0);     /* 2^50 − 1 */
  fe_sqn(&t1, &t0, 50);
  fe_mul(&t1, &t1, &t0);     /* 2^100 − 1 */
  fe_sqn(&t2, &t1, 100);
  fe_mul(&t1, &t2, &t1);     /* 2^200 − 1 */
  fe_sqn(&t1, &t1, 50);
  fe_mul(&t0, &t1, &t0);     /* 2^250 − 1 */
  fe_sqn(&t0, &t0, 2);       /* 2^252 − 4 */
  fe_mul(out, &t0, z);       /* 2^252 − 3 */
}

/*
 * The helpers below run in constant time (no branch or memory access depends on the values): the
 * encryption path (encryptBallot) works on secret scalars, so its selections are masks, not ifs.
 */
static int fe_isnegative(const fe *f) {
  uint8_t s[32];
  fe_tobytes(s, f);
  return s[0] & 1;
}

/* 1 if the byte strings are equal, else 0, without branching on their contents. */
static int bytes_eq32(const uint8_t *a, const uint8_t *b) {
  uint32_t d = 0;
  for (int i = 0; i < 32; i++) d |= (uint32_t)(a[i] ^ b[i]);
  return (int)(1 & ((d - 1) >> 8));
}

static int fe_iszero(const fe *f) {
  static const uint8_t zero[32] = {0};
  uint8_t s[32];
  fe_tobytes(s, f);
  return bytes_eq32(s, zero);
}

static int fe_eq(const fe *f, const fe *g) {
  uint8_t a[32], b[32];
  fe_tobytes(a, f);
  fe_tobytes(b, g);
  return bytes_eq32(a, b);
}

/* f = g if b (b ∈ {0, 1}), else f unchanged. */
static void fe_cmov(fe *f, const fe *g, int b) {
  uint64_t mask = (uint64_t)0 - (uint64_t)b;
  for (int i = 0; i < 5; i++) f->v[i] ^= mask & (f->v[i] ^ g->v[i]);
}

/* h = |f| (the non-negative one of f and −f). */
static void fe_abs(fe *h, const fe *f) {
  fe n;
  fe_neg(&n, f);
  *h = *f;
  fe_cmov(h, &n, fe_isnegative(f));
}

static const uint8_t D_BYTES[32] = {0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
                                    0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
static const uint8_t D2_BYTES[32] = {0x59, 0xf1, 0xb2, 0x26, 0x94, 0x9b, 0xd6, 0xeb, 0x56, 0xb1, 0x83, 0x82, 0x9a, 0x14, 0xe0, 0x00,
                                     0x30, 0xd1, 0xf3, 0xee, 0xf2, 0x80, 0x8e, 0x19, 0xe7, 0xfc, 0xdf, 0x56, 0xdc, 0xd9, 0x06, 0x24};
static const uint8_t SQRT_M1_BYTES[32] = {0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
                                          0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
static const uint8_t INVSQRT_A_MINUS_D_BYTES[32] = {0xea, 0x40, 0x5d, 0x80, 0xaa, 0xfd, 0xc8, 0x99, 0xbe, 0x72, 0x41, 0x5a, 0x17, 0x16, 0x2f, 0x9d,
                                                    0x40, 0xd8, 0x01, 0xfe, 0x91, 0x7b, 0xc2, 0x16, 0xa2, 0xfc, 0xaf, 0xcf, 0x05, 0x89, 0x6c, 0x78};

static fe FE_ONE, FE_D, FE_D2, FE_SQRT_M1, FE_INVSQRT_A_MINUS_D;

static void init_constants(void) {
  static const uint8_t one[32] = {1};
  fe_frombytes(&FE_ONE, one);
  fe_frombytes(&FE_D, D_BYTES);
  fe_frombytes(&FE_D2, D2_BYTES);
  fe_frombytes(&FE_SQRT_M1, SQRT_M1_BYTES);
  fe_frombytes(&FE_INVSQRT_A_MINUS_D, INVSQRT_A_MINUS_D_BYTES);
}

/*
 * RFC 9496 §4.2 SQRT_RATIO_M1(u, v) for u = 1, the only case decode and encode need:
 * (was_square, r) with r the non-negative root of 1/v or of i/v.
 */
static int invsqrt_m1(fe *r_out, const fe *v) {
  fe v3, v7, r, check, minus_one, minus_i, r_prime;
  fe_sq(&v3, v);
  fe_mul(&v3, &v3, v);       /* v^3 */
  fe_sq(&v7, &v3);
  fe_mul(&v7, &v7, v);       /* v^7 */
  fe_pow22523(&r, &v7);
  fe_mul(&r, &r, &v3);       /* r = v^3 · (v^7)^((p−5)/8) */
  fe_sq(&check, &r);
  fe_mul(&check, &check, v); /* check = v · r^2 */
  fe_neg(&minus_one, &FE_ONE);
  fe_neg(&minus_i, &FE_SQRT_M1);
  int correct = fe_eq(&check, &FE_ONE);
  int flipped = fe_eq(&check, &minus_one);
  int flipped_i = fe_eq(&check, &minus_i);
  fe_mul(&r_prime, &r, &FE_SQRT_M1);
  fe_cmov(&r, &r_prime, flipped | flipped_i);
  fe_abs(r_out, &r);
  return correct | flipped;
}

/* RFC 9496 §4.3.1. Answers 0 and the point, or −1 for an invalid or non-canonical encoding. */
static int ge_decode(ge *p, const uint8_t s[32]) {
  fe sf, ss, u1, u2, u2sq, v, tmp, invsqrt, den_x, den_y, x, y, t;
  uint8_t chk[32];
  fe_frombytes(&sf, s);
  fe_tobytes(chk, &sf);
  if (memcmp(chk, s, 32) != 0) return -1; /* s ≥ p, or bit 255 set */
  if (s[0] & 1) return -1;                /* negative */
  fe_sq(&ss, &sf);
  fe_sub(&u1, &FE_ONE, &ss);
  fe_add(&u2, &FE_ONE, &ss);
  fe_sq(&u2sq, &u2);
  fe_sq(&tmp, &u1);
  fe_mul(&tmp, &tmp, &FE_D);
  fe_neg(&v, &tmp);
  fe_sub(&v, &v, &u2sq);
  fe_mul(&tmp, &v, &u2sq);
  int was_square = invsqrt_m1(&invsqrt, &tmp);
  fe_mul(&den_x, &invsqrt, &u2);
  fe_mul(&den_y, &invsqrt, &den_x);
  fe_mul(&den_y, &den_y, &v);
  fe_mul(&x, &sf, &den_x);
  fe_add(&x, &x, &x);
  fe_abs(&x, &x);
  fe_mul(&y, &u1, &den_y);
  fe_mul(&t, &x, &y);
  if (!was_square || fe_isnegative(&t) || fe_iszero(&y)) return -1;
  p->X = x;
  p->Y = y;
  p->Z = FE_ONE;
  p->T = t;
  return 0;
}

/* RFC 9496 §4.3.2, in constant time (it encodes the encryption's secret-dependent points too). */
static void ge_encode(uint8_t s[32], const ge *p) {
  fe u1, u2, tmp, zpy, zmy, invsqrt, den1, den2, z_inv, ix, iy, ench, x, y, den_inv;
  fe_add(&zpy, &p->Z, &p->Y);
  fe_sub(&zmy, &p->Z, &p->Y);
  fe_mul(&u1, &zpy, &zmy);
  fe_mul(&u2, &p->X, &p->Y);
  fe_sq(&tmp, &u2);
  fe_mul(&tmp, &tmp, &u1);
  invsqrt_m1(&invsqrt, &tmp);
  fe_mul(&den1, &invsqrt, &u1);
  fe_mul(&den2, &invsqrt, &u2);
  fe_mul(&z_inv, &den1, &den2);
  fe_mul(&z_inv, &z_inv, &p->T);
  fe_mul(&ix, &p->X, &FE_SQRT_M1);
  fe_mul(&iy, &p->Y, &FE_SQRT_M1);
  fe_mul(&ench, &den1, &FE_INVSQRT_A_MINUS_D);
  fe_mul(&tmp, &p->T, &z_inv);
  int rotate = fe_isnegative(&tmp);
  x = p->X;
  y = p->Y;
  den_inv = den2;
  fe_cmov(&x, &iy, rotate);
  fe_cmov(&y, &ix, rotate);
  fe_cmov(&den_inv, &ench, rotate);
  fe_mul(&tmp, &x, &z_inv);
  fe ny;
  fe_neg(&ny, &y);
  fe_cmov(&y, &ny, fe_isnegative(&tmp));
  fe_sub(&tmp, &p->Z, &y);
  fe_mul(&tmp, &den_inv, &tmp);
  fe_abs(&tmp, &tmp);
  fe_tobytes(s, &tmp);
}

static void ge_identity(ge *p) {
  memset(p, 0, sizeof *p);
  p->Y = FE_ONE;
  p->Z = FE_ONE;
}

/* ---------------------------------------------------------------- fixed-base multiplication
 *
 * Encryption multiplies secret random scalars by two points that stay fixed for a whole vote: the
 * base point G and the election key Y. For such a point P a table of (j + 1)·16^i·P (i = 0…63,
 * j = 0…7) turns r·P into 64 additions of table entries chosen by r's signed radix-16 digits
 * (ref10's method, without its doublings): about a third of a variable-base multiplication.
 * Entries are kept "cached" (Y + X, Y − X, 2Z, 2d·T) so an addition costs 8 multiplications.
 * Everything that touches r is constant time: every entry of a row is read and the wanted one
 * kept by masks; the sign is applied by masks; the addition is complete (no special cases).
 */
typedef struct { fe YpX, YmX, Z2, T2d; } ge_cached;

#define TABLE_ROWS 64
#define TABLE_COLS 8
#define TABLE_MAGIC 0x76616c6c616d616aULL /* "vallamaj" */
typedef struct {
  uint64_t magic;
  uint8_t point[32]; /* the encoding of P */
  ge_cached e[TABLE_ROWS][TABLE_COLS];
} fixed_table;

static void ge_to_cached(ge_cached *c, const ge *p) {
  fe_add(&c->YpX, &p->Y, &p->X);
  fe_sub(&c->YmX, &p->Y, &p->X);
  fe_add(&c->Z2, &p->Z, &p->Z);
  fe_mul(&c->T2d, &p->T, &FE_D2);
}

/* r = p + q for q cached: add-2008-hwcd-3 for a = −1 (complete), 8 multiplications. r may alias p. */
static void ge_add_cached(ge *r, const ge *p, const ge_cached *q) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sub(&t, &p->Y, &p->X);
  fe_mul(&a, &t, &q->YmX);
  fe_add(&t, &p->Y, &p->X);
  fe_mul(&b, &t, &q->YpX);
  fe_mul(&c, &p->T, &q->T2d);
  fe_mul(&d, &p->Z, &q->Z2);
  fe_sub(&e, &b, &a);
  fe_sub(&f, &d, &c);
  fe_add(&g, &d, &c);
  fe_add(&h, &b, &a);
  fe_mul(&r->X, &e, &f);
  fe_mul(&r->Y, &g, &h);
  fe_mul(&r->T, &e, &h);
  fe_mul(&r->Z, &f, &g);
}

/* ge_add_cached without r's T: for a sum that is doubled next (a doubling does not read T). */
static void ge_add_cached_xyz(ge *r, const ge *p, const ge_cached *q) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sub(&t, &p->Y, &p->X);
  fe_mul(&a, &t, &q->YmX);
  fe_add(&t, &p->Y, &p->X);
  fe_mul(&b, &t, &q->YpX);
  fe_mul(&c, &p->T, &q->T2d);
  fe_mul(&d, &p->Z, &q->Z2);
  fe_sub(&e, &b, &a);
  fe_sub(&f, &d, &c);
  fe_add(&g, &d, &c);
  fe_add(&h, &b, &a);
  fe_mul(&r->X, &e, &f);
  fe_mul(&r->Y, &g, &h);
  fe_mul(&r->Z, &f, &g);
}

/* r = p + q for points in extended coordinates. r may alias p or q. */
static void ge_add(ge *r, const ge *p, const ge *q) {
  ge_cached c;
  ge_to_cached(&c, q);
  ge_add_cached(r, p, &c);
}

static void cached_identity(ge_cached *c) {
  memset(c, 0, sizeof *c);
  c->YpX = FE_ONE;
  c->YmX = FE_ONE;
  fe_add(&c->Z2, &FE_ONE, &FE_ONE);
}

static void cached_cmov(ge_cached *t, const ge_cached *u, int b) {
  fe_cmov(&t->YpX, &u->YpX, b);
  fe_cmov(&t->YmX, &u->YmX, b);
  fe_cmov(&t->Z2, &u->Z2, b);
  fe_cmov(&t->T2d, &u->T2d, b);
}

static void table_build(fixed_table *tb, const ge *p, const uint8_t enc[32]) {
  tb->magic = TABLE_MAGIC;
  memcpy(tb->point, enc, 32);
  ge row = *p, acc;
  for (int i = 0; i < TABLE_ROWS; i++) {
    acc = row;
    ge_to_cached(&tb->e[i][0], &acc);
    for (int j = 1; j < TABLE_COLS; j++) {
      ge_add(&acc, &acc, &row);
      ge_to_cached(&tb->e[i][j], &acc); /* (j + 1)·row */
    }
    ge_add(&row, &acc, &acc); /* 16·row */
  }
}

/* 1 if a == b, for small non-negative a, b, without branching. */
static int small_eq(uint32_t a, uint32_t b) {
  uint32_t x = a ^ b;
  return (int)((x - 1) >> 31);
}

/* The entry for the signed digit b ∈ [−8, 8] of row i: |b|·16^i·P, negated if b < 0. */
static void table_select(ge_cached *t, const fixed_table *tb, int i, int8_t b) {
  uint32_t negative = (uint32_t)((uint8_t)b >> 7);
  uint32_t babs = (uint32_t)(b - (int8_t)(((-(int32_t)negative) & b) * 2));
#ifdef PLANT_INDEX
  /* Planted for the constant-time check only: the entry read at an address chosen by r's digit. */
  *t = tb->e[i][(babs - 1) & 7];
  ge_cached one;
  cached_identity(&one);
  cached_cmov(t, &one, small_eq(babs, 0));
#else
  cached_identity(t);
  for (int j = 0; j < TABLE_COLS; j++) cached_cmov(t, &tb->e[i][j], small_eq(babs, (uint32_t)j + 1));
#endif
  ge_cached minus;
  minus.YpX = t->YmX;
  minus.YmX = t->YpX;
  minus.Z2 = t->Z2;
  fe_neg(&minus.T2d, &t->T2d);
  cached_cmov(t, &minus, (int)negative);
}

/* r = s·P for the scalar s (32 bytes little-endian, below 2^255) and P's table. */
static void table_mul(ge *r, const fixed_table *tb, const uint8_t s[32]) {
  int8_t e[64];
  for (int i = 0; i < 32; i++) {
    e[2 * i] = (int8_t)(s[i] & 15);
    e[2 * i + 1] = (int8_t)((s[i] >> 4) & 15);
  }
  int8_t carry = 0;
  for (int i = 0; i < 63; i++) {
    e[i] = (int8_t)(e[i] + carry);
    carry = (int8_t)((e[i] + 8) >> 4);
    e[i] = (int8_t)(e[i] - carry * 16);
  }
  e[63] = (int8_t)(e[63] + carry);
  ge_identity(r);
  ge_cached t;
  for (int i = 0; i < 64; i++) {
    table_select(&t, tb, i, e[i]);
    ge_add_cached(r, r, &t);
  }
  wipe(e, sizeof e); /* the recoded digits are r itself */
  wipe(&t, sizeof t);
}

static const uint8_t G_BYTES[32] = {0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
                                    0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76};
static fixed_table *G_TABLE;
static ge_cached G_CACHED;

/*
 * Encrypts n values m ∈ {0, 1} under the key whose table is ty, with the scalars r (n × 32 bytes,
 * reduced mod L): out gets n × (A ‖ B) with A = r·G, B = m·G + r·Y. Constant time in r and m.
 * Wipes its points (r·G, r·Y, m·G) by name; encrypt_checked burns the helpers' stack afterwards.
 */
static void encrypt_batch(uint8_t *out, const fixed_table *ty, const uint8_t *r, const uint8_t *m, size_t n) {
  ge a, b;
  ge_cached mg, id;
  cached_identity(&id);
  for (size_t k = 0; k < n; k++) {
    table_mul(&a, G_TABLE, r + 32 * k);
    table_mul(&b, ty, r + 32 * k);
#ifdef PLANT_BRANCH
    /* Planted for the constant-time check only: a branch on the vote. */
    if (m[k] & 1) ge_add_cached(&b, &b, &G_CACHED);
#else
    mg = id;
    cached_cmov(&mg, &G_CACHED, m[k] & 1);
    ge_add_cached(&b, &b, &mg);
#endif
    ge_encode(out + 64 * k, &a);
    ge_encode(out + 64 * k + 32, &b);
  }
  wipe(&a, sizeof a);
  wipe(&b, sizeof b);
  wipe(&mg, sizeof mg);
}

/* L, the group order 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t L_BYTES[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

/* 1 if the little-endian scalar s is in 1 … L − 1, else 0; constant time (a borrow chain, no branch). */
static uint32_t scalar_in_range(const uint8_t s[32]) {
  uint32_t borrow = 0, nz = 0;
  for (int i = 0; i < 32; i++) {
    uint32_t d = (uint32_t)s[i] - (uint32_t)L_BYTES[i] - borrow;
    borrow = (d >> 8) & 1; /* s < L iff the subtraction s − L borrows out of the top byte */
    nz |= s[i];
  }
  return borrow & ((nz | (0u - nz)) >> 31);
}

/* 1 if the 32 bytes are all zero, else 0; constant time. */
static __attribute__((unused)) uint32_t scalar_is_zero_ct(const uint8_t s[32]) {
  uint32_t nz = 0;
  for (int i = 0; i < 32; i++) nz |= s[i];
  return 1 & ((nz - 1) >> 8);
}

enum { ENC_OK = 0, ENC_WRONG_KEY = 1, ENC_BAD_M = 2, ENC_BAD_R = 3 };

/*
 * encrypt_batch after the checks: the table must be the one of the vote's key y (its stored
 * encoding is compared with y), every m must be 0 or 1 and every r in 1 … L − 1. The checks on r
 * and m are constant time; only their overall verdict is branched on. Answers ENC_OK or the reason.
 */
static int encrypt_checked(uint8_t *out, const fixed_table *ty, const uint8_t y[32], const uint8_t *r, const uint8_t *m, size_t n) {
  if (!bytes_eq32(ty->point, y)) return ENC_WRONG_KEY;
  uint32_t in_range = 1, high = 0;
  for (size_t k = 0; k < n; k++) {
    in_range &= scalar_in_range(r + 32 * k);
    high |= m[k] & 0xfe;
  }
  int bad_m = high != 0, bad_r = in_range != 1;
  DECLASSIFY(&bad_m, sizeof bad_m);
  DECLASSIFY(&bad_r, sizeof bad_r);
  if (bad_m) return ENC_BAD_M;
  if (bad_r) return ENC_BAD_R;
  encrypt_batch(out, ty, r, m, n);
  burn_stack();
  return ENC_OK;
}

/* The constants and G's table, once per process: 0 when encryption is available. */
static int init_encryption(void) {
  init_constants();
  ge g;
  G_TABLE = (fixed_table *)aligned_alloc(64, (sizeof(fixed_table) + 63) & ~(size_t)63);
  if (G_TABLE && ge_decode(&g, G_BYTES) == 0) {
    table_build(G_TABLE, &g, G_BYTES);
    ge_to_cached(&G_CACHED, &g);
    return 0;
  }
  free(G_TABLE);
  G_TABLE = NULL;
  return -1;
}


/* ---------------------------------------------------------------- multi-scalar multiplication
 *
 * For the verifiable mix (src/modules/voting/crypto/mix.ts, docs/voting-board-v2.md): sums of many
 * points each multiplied by its own scalar, Σ sᵢ·Pᵢ. Pippenger's bucket method with signed c-bit
 * digits: for every window of c bits, each point is added to the bucket of its digit (negated for a
 * negative digit), then the buckets are summed with a running sum, so a window costs n + 2^c
 * additions instead of n multiplications. Points are decoded once (RFC 9496) and kept "cached".
 * VARIABLE TIME: the digits choose branches and buckets. Only for public values (the verifier's
 * checks, and the prover's sums whose scalars are one-shot masks; docs/voting-board-v2.md
 * "Side channels" says what that means). Points are taken in chunks of MSM_CHUNK so memory stays
 * bounded (≈ 40 MB) for millions of points; the chunks' results are added.
 */
#define MSM_CHUNK 131072

static void cached_neg(ge_cached *r, const ge_cached *c) {
  r->YpX = c->YmX;
  r->YmX = c->YpX;
  r->Z2 = c->Z2;
  fe_neg(&r->T2d, &c->T2d);
}

/* Bits pos … pos + c − 1 (c ≤ 16) of the 32-byte little-endian scalar s (zeros beyond 256). */
static uint32_t bits_at(const uint8_t *s, unsigned pos, unsigned c) {
  uint32_t v = 0;
  unsigned byte = pos >> 3;
  for (int k = 3; k >= 0; k--) {
    unsigned b = byte + (unsigned)k;
    v = (v << 8) | (b < 32 ? s[b] : 0);
  }
  return (v >> (pos & 7)) & ((1u << c) - 1);
}

/* The window width for a chunk of n points: about log2(n) − 3, between 2 and 16. */
static unsigned msm_window(size_t n) {
  unsigned lg = 0;
  while (((size_t)1 << (lg + 1)) <= n) lg++;
  return lg < 5 ? 2 : lg > 19 ? 16 : lg - 3;
}

/* L − s for a scalar s ≤ L (little-endian), by a borrow chain. */
static void scalar_negate_mod_l(uint8_t r[32], const uint8_t s[32]) {
  int32_t borrow = 0;
  for (int i = 0; i < 32; i++) {
    int32_t d = (int32_t)L_BYTES[i] - (int32_t)s[i] - borrow;
    borrow = d < 0;
    r[i] = (uint8_t)(d + (borrow << 8));
  }
}

/* 1 if the little-endian s is below L (variable time: public scalars). */
static int scalar_below_l(const uint8_t s[32]) {
  for (int i = 31; i >= 0; i--) {
    if (s[i] != L_BYTES[i]) return s[i] < L_BYTES[i];
  }
  return 0;
}

/* 1 if the scalar (reduced mod L) is above L/2, i.e. it is −(L − s) for a smaller L − s. */
static int scalar_is_high(const uint8_t s[32]) {
  /* (L − 1)/2 = 2^251 + 13871158888686176767925968895441824246, little-endian */
  static const uint8_t HALF[32] = {0xf6, 0xe9, 0x7a, 0x2e, 0x8d, 0x31, 0x09, 0x2c, 0x6b, 0xce, 0x7b, 0x51, 0xef, 0x7c, 0x6f, 0x0a,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08};
  for (int i = 31; i >= 0; i--) {
    if (s[i] != HALF[i]) return s[i] > HALF[i];
  }
  return 0;
}

/*
 * out = Σ scalars[i]·points[i] (n points of 32 bytes, n scalars of 32 bytes little-endian, each
 * below L). Answers 0, or 1 + the index of the first point that does not decode (out is then
 * undefined), or (size_t)−1 when memory runs out, or (size_t)−2 for a scalar not below L.
 */
static size_t msm_vartime(ge *out, const uint8_t *points, const uint8_t *scalars, size_t n) {
  ge_identity(out);
  if (n == 0) return 0;
  /* equal chunks of at most MSM_CHUNK points (a small last chunk would cost its buckets in vain) */
  size_t nchunks = (n + MSM_CHUNK - 1) / MSM_CHUNK;
  size_t chunk = (n + nchunks - 1) / nchunks;
  unsigned c = msm_window(chunk);
  unsigned windows = (256 + c - 1) / c + 1;
  size_t half = (size_t)1 << (c - 1);
  ge_cached *pts = (ge_cached *)malloc(chunk * sizeof(ge_cached));
  int32_t *digits = (int32_t *)malloc(chunk * windows * sizeof(int32_t));
  ge *buckets = (ge *)malloc(half * sizeof(ge));
  size_t rc = 0;
  if (!pts || !digits || !buckets) {
    rc = (size_t)-1;
    goto done;
  }
  for (size_t start = 0; start < n; start += chunk) {
    size_t m = n - start < chunk ? n - start : chunk;
    for (size_t i = 0; i < m; i++) {
      ge p;
      if (ge_decode(&p, points + 32 * (start + i)) != 0) {
        rc = start + i + 1;
        goto done;
      }
      ge_to_cached(&pts[i], &p);
      const uint8_t *s = scalars + 32 * (start + i);
      if (!scalar_below_l(s)) {
        rc = (size_t)-2;
        goto done;
      }
      /* a scalar above L/2 is −(L − s): negate the point and use the short L − s (a negative
       * 128-bit weight then costs as little as a positive one: its high windows are all zero) */
      uint8_t neg_s[32];
      if (scalar_is_high(s)) {
        scalar_negate_mod_l(neg_s, s);
        s = neg_s;
        ge_cached q = pts[i];
        cached_neg(&pts[i], &q);
      }
      int32_t carry = 0;
      for (unsigned w = 0; w < windows; w++) {
        int32_t d = (int32_t)bits_at(s, w * c, c) + carry;
        if (d > (int32_t)half) {
          d -= (int32_t)(half << 1);
          carry = 1;
        } else {
          carry = 0;
        }
        digits[i * windows + w] = d;
      }
    }
    ge acc, sum, tot;
    ge_identity(&acc);
    for (unsigned w = windows; w-- > 0;) {
      for (unsigned k = 0; k + 1 < c; k++) ge_dbl_xyz(&acc, &acc);
      ge_dbl(&acc, &acc);
      for (size_t b = 0; b < half; b++) ge_identity(&buckets[b]);
      for (size_t i = 0; i < m; i++) {
        int32_t d = digits[i * windows + w];
        if (d > 0) {
          ge_add_cached(&buckets[d - 1], &buckets[d - 1], &pts[i]);
        } else if (d < 0) {
          ge_cached neg;
          cached_neg(&neg, &pts[i]);
          ge_add_cached(&buckets[-d - 1], &buckets[-d - 1], &neg);
        }
      }
      ge_identity(&sum);
      ge_identity(&tot);
      for (size_t b = half; b-- > 0;) {
        ge_add(&sum, &sum, &buckets[b]);
        ge_add(&tot, &tot, &sum);
      }
      ge_add(&acc, &acc, &tot);
    }
    ge_add(out, out, &acc);
  }
done:
  free(pts);
  free(digits);
  free(buckets);
  return rc;
}

/*
 * rows: for n rows of w points each, out[j] = Σₜ scalars[t]·points[j][t] with the same w scalars
 * (reduced mod L) for every row. Variable time, for public values. A scalar above L/2 is used as
 * −(L − s), so small negative integers cost as little as small positive ones (double-and-add over
 * the longest magnitude). Answers 0, or 1 + the index of the first point that does not decode.
 */
#define ROWS_MAX_WIDTH 64
static size_t rows_vartime(uint8_t *out, const uint8_t *points, size_t n, size_t w, const uint8_t *scalars) {
  uint8_t mag[ROWS_MAX_WIDTH][32];
  int neg[ROWS_MAX_WIDTH];
  int top = -1;
  for (size_t t = 0; t < w; t++) {
    neg[t] = scalar_is_high(scalars + 32 * t);
    if (neg[t]) scalar_negate_mod_l(mag[t], scalars + 32 * t);
    else memcpy(mag[t], scalars + 32 * t, 32);
    for (int b = 255; b > top; b--)
      if ((mag[t][b >> 3] >> (b & 7)) & 1) {
        top = b;
        break;
      }
  }
  for (size_t j = 0; j < n; j++) {
    ge_cached pc[ROWS_MAX_WIDTH];
    for (size_t t = 0; t < w; t++) {
      ge p;
      if (ge_decode(&p, points + 32 * (j * w + t)) != 0) return j * w + t + 1;
      ge_to_cached(&pc[t], &p);
      if (neg[t]) {
        ge_cached q = pc[t];
        cached_neg(&pc[t], &q);
      }
    }
    ge acc;
    ge_identity(&acc);
    for (int b = top; b >= 0; b--) {
      ge_dbl(&acc, &acc);
      for (size_t t = 0; t < w; t++)
        if ((mag[t][b >> 3] >> (b & 7)) & 1) ge_add_cached(&acc, &acc, &pc[t]);
    }
    ge_encode(out + 32 * j, &acc);
  }
  return 0;
}

/* ---------------------------------------------------------------- doubling, and the mix's constant-time batches
 *
 * ge_dbl: r = 2p by dbl-2008-hwcd for a = −1 (4 squarings, 4 multiplications; complete on the curve,
 * the identity included), half the cost of ge_add(p, p). The Pippenger buckets' doublings and rows'
 * double-and-add use it (public values); var_mul below uses it on secret scalars (no branch).
 */
static inline __attribute__((always_inline)) void ge_dbl_t(ge *r, const ge *p, int with_t) {
  fe a, b, c, e, g, f, h, t;
  fe_sq(&a, &p->X);
  fe_sq(&b, &p->Y);
  fe_sq(&c, &p->Z);
  fe_add(&c, &c, &c);
  fe_add(&t, &p->X, &p->Y);
  fe_sq(&e, &t);
  fe_add(&h, &a, &b); /* A + B */
  fe_sub(&e, &e, &h); /* E = (X + Y)² − A − B */
  fe_sub(&g, &b, &a); /* G = D + B = B − A */
  fe_sub(&f, &g, &c); /* F = G − C */
  fe_neg(&h, &h);     /* H = D − B = −A − B */
  fe_mul(&r->X, &e, &f);
  fe_mul(&r->Y, &g, &h);
  if (with_t) fe_mul(&r->T, &e, &h); /* with_t is a constant of the call site, never a secret */
  fe_mul(&r->Z, &f, &g);
}

/* r = 2p (extended coordinates, T included). */
static void ge_dbl(ge *r, const ge *p) { ge_dbl_t(r, p, 1); }

/* r = 2p without T: a doubling may follow a doubling without it (dbl-2008-hwcd does not read T). */
static void ge_dbl_xyz(ge *r, const ge *p) { ge_dbl_t(r, p, 0); }

/* The 8 "cached" multiples 1·P … 8·P of a public point, for var_mul. */
static void small_table(ge_cached tbl[8], const ge *p) {
  ge acc = *p;
  ge_to_cached(&tbl[0], &acc);
  for (int j = 1; j < 8; j++) {
    ge_add_cached(&acc, &acc, &tbl[0]);
    ge_to_cached(&tbl[j], &acc);
  }
}

/* The entry for the signed digit b ∈ [−8, 8] of a small table, by masks (constant time in b). */
static void small_select(ge_cached *t, const ge_cached tbl[8], int8_t b) {
  uint32_t negative = (uint32_t)((uint8_t)b >> 7);
  uint32_t babs = (uint32_t)(b - (int8_t)(((-(int32_t)negative) & b) * 2));
  cached_identity(t);
  for (int j = 0; j < 8; j++) cached_cmov(t, &tbl[j], small_eq(babs, (uint32_t)j + 1));
  ge_cached minus;
  minus.YpX = t->YmX;
  minus.YmX = t->YpX;
  minus.Z2 = t->Z2;
  fe_neg(&minus.T2d, &t->T2d);
  cached_cmov(t, &minus, (int)negative);
}

/*
 * The tables for var_mul of a public point P: the small tables of P, 2^64·P, 2^128·P and 2^192·P
 * (192 doublings, made once per point and shared by every scalar multiplied by it).
 */
static void split_tables(ge_cached tbl[4][8], const ge *p) {
  ge q = *p;
  for (int j = 0; j < 4; j++) {
    if (j > 0) {
      for (int k = 0; k < 63; k++) ge_dbl_xyz(&q, &q);
      ge_dbl(&q, &q);
    }
    small_table(tbl[j], &q);
  }
}

/*
 * r = s·P for a secret scalar s (below 2^255) and a public point P given by split_tables: s in
 * signed radix-16 digits e₀ … e₆₃, digit 16j + i taken from the table of 2^(64j)·P at position 16^i,
 * so a multiplication costs 60 doublings and 64 masked table additions instead of ref10's 252 and 64
 * (the tables' 192 doublings are paid once per point: D = x·A and t2 = w·A share them). Constant
 * time in s: every digit selects by masks, the sequence of operations is fixed. Wipes the digits and
 * the selected entry.
 */
static void var_mul(ge *r, const ge_cached tbl[4][8], const uint8_t s[32]) {
  int8_t e[64];
  for (int i = 0; i < 32; i++) {
    e[2 * i] = (int8_t)(s[i] & 15);
    e[2 * i + 1] = (int8_t)((s[i] >> 4) & 15);
  }
  int8_t carry = 0;
  for (int i = 0; i < 63; i++) {
    e[i] = (int8_t)(e[i] + carry);
    carry = (int8_t)((e[i] + 8) >> 4);
    e[i] = (int8_t)(e[i] - carry * 16);
  }
  e[63] = (int8_t)(e[63] + carry);
  ge_cached t;
  ge_identity(r);
  for (int i = 15; i >= 0; i--) {
    if (i != 15) {
      ge_dbl_xyz(r, r);
      ge_dbl_xyz(r, r);
      ge_dbl_xyz(r, r);
      ge_dbl(r, r);
    }
    for (int j = 0; j < 4; j++) {
      small_select(&t, tbl[j], e[16 * j + i]);
      if (j == 3 && i != 0) ge_add_cached_xyz(r, r, &t); /* doubled next: T not needed */
      else ge_add_cached(r, r, &t);
    }
  }
  wipe(e, sizeof e);
  wipe(&t, sizeof t);
}

/*
 * The commitments of n Chaum–Pedersen decryption proofs (mix.ts decryptMixed; proofs.ts
 * proveCpCommitted): for every public A_j (n × 32 bytes) and secret nonce w_j, with the member's
 * secret share x: D_j = x·A_j, t1_j = w_j·G, t2_j = w_j·A_j, each 32 bytes encoded into d, t1, t2.
 * x·A_j and w_j·A_j share A_j's decoding and small table. Constant time in x and w (ct_check.c).
 * Answers 0, or 1 + the index of the first A that does not decode (public). Wipes its points.
 */
static size_t cp_commit_batch(uint8_t *d, uint8_t *t1, uint8_t *t2, const uint8_t x[32], const uint8_t *a, const uint8_t *w, size_t n) {
  ge p, q;
  ge_cached tbl[4][8];
  size_t rc = 0;
  for (size_t j = 0; j < n; j++) {
    if (ge_decode(&p, a + 32 * j) != 0) {
      rc = j + 1;
      break;
    }
    split_tables(tbl, &p);
    var_mul(&q, tbl, x);
    ge_encode(d + 32 * j, &q);
    var_mul(&q, tbl, w + 32 * j);
    ge_encode(t2 + 32 * j, &q);
    table_mul(&q, G_TABLE, w + 32 * j);
    ge_encode(t1 + 32 * j, &q);
  }
  wipe(&q, sizeof q);
  wipe(&p, sizeof p);
  return rc;
}

/*
 * out_j = a_j·P + b_j·Q + R_j for n rows (j in [from, to)): P and Q by their fixed-base tables (Q
 * and b optional), a and b secret scalars (below 2^255), R public points (optional). Constant time
 * in a and b (the mix's re-encryption randomness, commitment and chain randomness, proof nonces).
 * Answers 0, or 1 + the index of the first R that does not decode. Wipes its points.
 */
static size_t fixed_comb(uint8_t *out, const fixed_table *tp, const uint8_t *a, const fixed_table *tq, const uint8_t *b, const uint8_t *radd, size_t from, size_t to) {
  ge acc, q, rr;
  ge_cached c;
  size_t rc = 0;
  for (size_t j = from; j < to; j++) {
    table_mul(&acc, tp, a + 32 * j);
    if (tq) {
      table_mul(&q, tq, b + 32 * j);
      ge_to_cached(&c, &q);
      ge_add_cached(&acc, &acc, &c);
    }
    if (radd) {
      if (ge_decode(&rr, radd + 32 * j) != 0) {
        rc = j + 1;
        break;
      }
      ge_to_cached(&c, &rr);
      ge_add_cached(&acc, &acc, &c);
    }
    ge_encode(out + 32 * j, &acc);
  }
  wipe(&acc, sizeof acc);
  wipe(&q, sizeof q);
  wipe(&c, sizeof c);
  return rc;
}

#ifndef RISTRETTO_NO_NAPI

/* ---------------------------------------------------------------- threads
 *
 * The batches below split their rows over threads (the cores of the machine, or
 * VALLAMAJA_NATIVE_THREADS; 1 turns threading off): each thread a contiguous range, the caller's
 * thread the first one. A range's answer is 0 or 1 + the absolute index of its first bad input; the
 * smallest non-zero answer wins, so the error named is the same as on one thread.
 */
#include <unistd.h>
static unsigned pool_threads(void) {
  const char *e = getenv("VALLAMAJA_NATIVE_THREADS");
  long t = e ? atol(e) : sysconf(_SC_NPROCESSORS_ONLN);
  return t < 1 ? 1 : t > 16 ? 16 : (unsigned)t;
}

typedef size_t (*range_fn)(void *ctx, unsigned part, size_t from, size_t to);
typedef struct { range_fn fn; void *ctx; unsigned part; size_t from, to, rc; } range_job;

static void *range_run(void *arg) {
  range_job *j = (range_job *)arg;
  j->rc = j->fn(j->ctx, j->part, j->from, j->to);
  return NULL;
}

/* Runs fn over [0, n) in up to `parts` ranges of at least min_rows rows; answers how many ranges ran in *used. */
static size_t run_ranges(range_fn fn, void *ctx, size_t n, size_t min_rows, unsigned parts, unsigned *used) {
  unsigned t = parts;
  if (min_rows < 1) min_rows = 1;
  while (t > 1 && n / t < min_rows) t--;
  range_job jobs[16];
  pthread_t th[16];
  int started[16] = {0};
  size_t per = (n + t - 1) / t;
  for (unsigned i = 0; i < t; i++) {
    jobs[i] = (range_job){fn, ctx, i, i * per < n ? i * per : n, (i + 1) * per < n ? (i + 1) * per : n, 0};
  }
  for (unsigned i = 1; i < t; i++) started[i] = pthread_create(&th[i], NULL, range_run, &jobs[i]) == 0;
  for (unsigned i = 0; i < t; i++)
    if (i == 0 || !started[i]) range_run(&jobs[i]);
  for (unsigned i = 1; i < t; i++)
    if (started[i]) pthread_join(th[i], NULL);
  size_t rc = 0;
  for (unsigned i = 0; i < t; i++)
    if (jobs[i].rc != 0 && (rc == 0 || jobs[i].rc < rc)) rc = jobs[i].rc;
  if (used) *used = t;
  return rc;
}
static napi_value throw_error(napi_env env, const char *msg) {
  napi_throw_error(env, NULL, msg);
  return NULL;
}

/* sum(bytes: Uint8Array, width: number): Uint8Array(width × 64) */
static napi_value Sum(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return throw_error(env, "sum(bytes, width) needs two arguments");
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value ab;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, &ab, &offset) != napi_ok || type != napi_uint8_array) {
    return throw_error(env, "bytes must be a Uint8Array");
  }
  uint32_t width;
  if (napi_get_value_uint32(env, argv[1], &width) != napi_ok || width < 1 || width > 100000) return throw_error(env, "width must be a positive integer");
  size_t points = 2 * (size_t)width, stride = points * 32;
  if (length % stride != 0) {
    char msg[128];
    snprintf(msg, sizeof msg, "chunk length %zu is not a multiple of %zu", length, stride);
    return throw_error(env, msg);
  }
  size_t count = length / stride;
  const uint8_t *in = (const uint8_t *)data;
  ge *acc = (ge *)malloc(points * sizeof(ge));
  if (!acc) return throw_error(env, "out of memory");
  for (size_t k = 0; k < points; k++) ge_identity(&acc[k]);
  ge pt;
  for (size_t b = 0; b < count; b++) {
    const uint8_t *row = in + b * stride;
    for (size_t k = 0; k < points; k++) {
      if (ge_decode(&pt, row + k * 32) != 0) {
        free(acc);
        char msg[160];
        snprintf(msg, sizeof msg, "invalid point in ballot %zu of the chunk (ciphertext %zu, %s)", b, k >> 1, (k & 1) ? "B" : "A");
        return throw_error(env, msg);
      }
      ge_add(&acc[k], &acc[k], &pt);
    }
  }
  void *outdata;
  napi_value outab, result;
  if (napi_create_arraybuffer(env, stride, &outdata, &outab) != napi_ok ||
      napi_create_typedarray(env, napi_uint8_array, stride, outab, 0, &result) != napi_ok) {
    free(acc);
    return throw_error(env, "cannot allocate the answer");
  }
  for (size_t k = 0; k < points; k++) ge_encode((uint8_t *)outdata + k * 32, &acc[k]);
  free(acc);
  return result;
}

/* ---------------------------------------------------------------- the system's libsodium */

typedef int (*sodium_binop)(unsigned char *, const unsigned char *, const unsigned char *);
typedef int (*sodium_unop)(unsigned char *, const unsigned char *);
typedef int (*sodium_pred)(const unsigned char *);
static struct {
  int loaded;
  sodium_binop add, sub, smul;
  sodium_unop smul_base;
  sodium_pred valid;
  sodium_unop from_hash; /* optional: the mix's generators */
  /* optional: the mix's decryption proofs (cpProve, cpChallenges) */
  int (*sha512)(unsigned char *, const unsigned char *, unsigned long long);
  void (*sc_reduce)(unsigned char *, const unsigned char *);
  void (*sc_mul)(unsigned char *, const unsigned char *, const unsigned char *);
  void (*sc_add)(unsigned char *, const unsigned char *, const unsigned char *);
  void (*sc_random)(unsigned char *);
  /* optional: the batch check of the decryption proofs (cpBatch) */
  void (*sc_sub)(unsigned char *, const unsigned char *, const unsigned char *);
  void (*random_buf)(void *, size_t);
} so;

static void load_sodium(void) {
  static const char *names[] = {"libsodium.so.23", "libsodium.so.26", "libsodium.so"};
  void *h = NULL;
  for (size_t i = 0; i < sizeof names / sizeof names[0] && !h; i++) h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
  if (!h) return;
  int (*init)(void) = (int (*)(void))dlsym(h, "sodium_init");
  so.add = (sodium_binop)dlsym(h, "crypto_core_ristretto255_add");
  so.sub = (sodium_binop)dlsym(h, "crypto_core_ristretto255_sub");
  so.smul = (sodium_binop)dlsym(h, "crypto_scalarmult_ristretto255");
  so.smul_base = (sodium_unop)dlsym(h, "crypto_scalarmult_ristretto255_base");
  so.valid = (sodium_pred)dlsym(h, "crypto_core_ristretto255_is_valid_point");
  so.from_hash = (sodium_unop)dlsym(h, "crypto_core_ristretto255_from_hash");
  so.sha512 = (int (*)(unsigned char *, const unsigned char *, unsigned long long))dlsym(h, "crypto_hash_sha512");
  so.sc_reduce = (void (*)(unsigned char *, const unsigned char *))dlsym(h, "crypto_core_ristretto255_scalar_reduce");
  so.sc_mul = (void (*)(unsigned char *, const unsigned char *, const unsigned char *))dlsym(h, "crypto_core_ristretto255_scalar_mul");
  so.sc_add = (void (*)(unsigned char *, const unsigned char *, const unsigned char *))dlsym(h, "crypto_core_ristretto255_scalar_add");
  so.sc_random = (void (*)(unsigned char *))dlsym(h, "crypto_core_ristretto255_scalar_random");
  so.sc_sub = (void (*)(unsigned char *, const unsigned char *, const unsigned char *))dlsym(h, "crypto_core_ristretto255_scalar_sub");
  so.random_buf = (void (*)(void *, size_t))dlsym(h, "randombytes_buf");
  if (!init || !so.add || !so.sub || !so.smul || !so.smul_base || !so.valid || init() < 0) return;
  so.loaded = 1;
}

/* Reads argument i as a Uint8Array of exactly 32 bytes; NULL (with a pending exception) otherwise. */
static unsigned char *bytes32(napi_env env, napi_value v) {
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &offset) != napi_ok || type != napi_uint8_array || length != 32) {
    napi_throw_type_error(env, NULL, "expected a Uint8Array of 32 bytes");
    return NULL;
  }
  return (unsigned char *)data;
}

static napi_value int_result(napi_env env, int rc) {
  napi_value r;
  napi_create_int32(env, rc, &r);
  return r;
}

/* op(out, a, b) → libsodium's return code; kind selects add, sub or scalarmult (a = scalar). */
static napi_value sodium_call(napi_env env, napi_callback_info info, int args, int kind) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || (int)argc < args) return throw_error(env, "missing arguments");
  if (!so.loaded) return throw_error(env, "libsodium is not loaded");
  unsigned char *p[3] = {NULL, NULL, NULL};
  for (int i = 0; i < args; i++)
    if (!(p[i] = bytes32(env, argv[i]))) return NULL;
  /*
   * libsodium before 1.0.19 (Debian 12 ships 1.0.18) accepts a point encoding with bit 255 set,
   * which RFC 9496 and the WebAssembly build refuse: refuse it here, as a decoding failure (−1;
   * for isValidPoint, 0), so both builds accept exactly the same encodings.
   */
  for (int i = (kind == 2 || kind == 3 ? 2 : kind == 4 ? 0 : 1); i < args; i++) /* the points only */
    if (p[i][31] & 0x80) return int_result(env, kind == 4 ? 0 : -1);
  switch (kind) {
    case 0: return int_result(env, so.add(p[0], p[1], p[2]));
    case 1: return int_result(env, so.sub(p[0], p[1], p[2]));
    case 2: return int_result(env, so.smul(p[0], p[1], p[2]));
    case 3: return int_result(env, so.smul_base(p[0], p[1]));
    default: return int_result(env, so.valid(p[0]));
  }
}
static napi_value SoAdd(napi_env env, napi_callback_info info) { return sodium_call(env, info, 3, 0); }
static napi_value SoSub(napi_env env, napi_callback_info info) { return sodium_call(env, info, 3, 1); }
static napi_value SoMul(napi_env env, napi_callback_info info) { return sodium_call(env, info, 3, 2); }
static napi_value SoMulBase(napi_env env, napi_callback_info info) { return sodium_call(env, info, 2, 3); }
static napi_value SoValid(napi_env env, napi_callback_info info) { return sodium_call(env, info, 1, 4); }

/* fixedTable(point: Uint8Array(32)): the table for encrypting under point (an election key). */
static napi_value FixedTable(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) return throw_error(env, "fixedTable(point) needs a point");
  unsigned char *enc = bytes32(env, argv[0]);
  if (!enc) return NULL;
  ge p;
  if (ge_decode(&p, enc) != 0) return throw_error(env, "not a valid ristretto255 point");
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, sizeof(fixed_table), &data, &ab) != napi_ok ||
      napi_create_typedarray(env, napi_uint8_array, sizeof(fixed_table), ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the table");
  }
  if (((uintptr_t)data & 7) != 0) return throw_error(env, "the table is not aligned");
  table_build((fixed_table *)data, &p, enc);
  return result;
}

/* Reads a Uint8Array argument (its bytes and length); NULL with a pending exception otherwise. */
static uint8_t *bytes_arg(napi_env env, napi_value v, size_t *length, const char *what) {
  napi_typedarray_type type;
  size_t offset;
  void *data;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, length, &data, &ab, &offset) != napi_ok || type != napi_uint8_array) {
    char msg[96];
    snprintf(msg, sizeof msg, "%s must be a Uint8Array", what);
    napi_throw_type_error(env, NULL, msg);
    return NULL;
  }
  return (uint8_t *)data;
}

/*
 * encrypt(table, key: Uint8Array(32), r: Uint8Array(32n), m: Uint8Array(n) of 0/1): Uint8Array(64n)
 * of A ‖ B. Refuses a table of another key, m ∉ {0, 1} and r ∉ [1, L). The caller wipes r and m.
 */
static napi_value Encrypt(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4) return throw_error(env, "encrypt(table, key, r, m) needs four arguments");
  size_t tlen, rlen, n;
  uint8_t *t = bytes_arg(env, argv[0], &tlen, "table");
  if (!t) return NULL;
  unsigned char *y = bytes32(env, argv[1]);
  if (!y) return NULL;
  uint8_t *r = bytes_arg(env, argv[2], &rlen, "r");
  if (!r) return NULL;
  uint8_t *m = bytes_arg(env, argv[3], &n, "m");
  if (!m) return NULL;
  if (tlen != sizeof(fixed_table) || ((uintptr_t)t & 7) != 0 || ((const fixed_table *)t)->magic != TABLE_MAGIC) {
    return throw_error(env, "table must come from fixedTable()");
  }
  if (n == 0 || rlen != 32 * n) return throw_error(env, "r must hold 32 bytes for every value of m");
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 64 * n, &data, &ab) != napi_ok ||
      napi_create_typedarray(env, napi_uint8_array, 64 * n, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  switch (encrypt_checked((uint8_t *)data, (const fixed_table *)t, y, r, m, n)) {
    case ENC_OK: return result;
    case ENC_WRONG_KEY: return throw_error(env, "the table is for another key than the vote's key");
    case ENC_BAD_M: return throw_error(env, "m must hold 0 or 1");
    default: return throw_error(env, "r must be scalars in 1 … L − 1 (reduced mod L, not zero)");
  }
}


typedef struct { const uint8_t *p, *s; ge part[16]; } msm_ctx;
static size_t msm_range(void *c, unsigned part, size_t from, size_t to) {
  msm_ctx *x = (msm_ctx *)c;
  size_t rc = msm_vartime(&x->part[part], x->p + 32 * from, x->s + 32 * from, to - from);
  return rc == 0 || rc >= (size_t)-2 ? rc : rc + from;
}

/* msm(points: Uint8Array(32n), scalars: Uint8Array(32n)): Uint8Array(32), Σ sᵢ·Pᵢ (variable time). */
static napi_value Msm(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return throw_error(env, "msm(points, scalars) needs two arguments");
  size_t plen, slen;
  uint8_t *p = bytes_arg(env, argv[0], &plen, "points");
  if (!p) return NULL;
  uint8_t *s = bytes_arg(env, argv[1], &slen, "scalars");
  if (!s) return NULL;
  if (plen % 32 != 0 || plen != slen) return throw_error(env, "msm needs as many 32-byte scalars as 32-byte points");
  ge acc;
  msm_ctx ctx;
  ctx.p = p;
  ctx.s = s;
  unsigned used = 1;
  size_t rc = run_ranges(msm_range, &ctx, plen / 32, 4096, pool_threads(), &used);
  ge_identity(&acc);
  for (unsigned i = 0; i < used; i++) ge_add(&acc, &acc, &ctx.part[i]);
  if (rc == (size_t)-1) return throw_error(env, "out of memory");
  if (rc == (size_t)-2) return throw_error(env, "every scalar must be below L");
  if (rc != 0) {
    char msg[96];
    snprintf(msg, sizeof msg, "invalid point %zu", rc - 1);
    return throw_error(env, msg);
  }
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 32, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 32, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  ge_encode((uint8_t *)data, &acc);
  return result;
}

typedef struct { uint8_t *out; const uint8_t *p; size_t w; const uint8_t *s; } rows_ctx;
static size_t rows_range(void *c, unsigned part, size_t from, size_t to) {
  (void)part;
  rows_ctx *x = (rows_ctx *)c;
  size_t rc = rows_vartime(x->out + 32 * from, x->p + 32 * x->w * from, to - from, x->w, x->s);
  return rc == 0 ? 0 : rc + from * x->w;
}

/* rows(points: Uint8Array(32·n·w), w, scalars: Uint8Array(32w)): Uint8Array(32n) (variable time). */
static napi_value Rows(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return throw_error(env, "rows(points, width, scalars) needs three arguments");
  size_t plen, slen;
  uint8_t *p = bytes_arg(env, argv[0], &plen, "points");
  if (!p) return NULL;
  uint32_t w;
  if (napi_get_value_uint32(env, argv[1], &w) != napi_ok || w < 1 || w > ROWS_MAX_WIDTH) return throw_error(env, "width must be an integer 1 … 64");
  uint8_t *s = bytes_arg(env, argv[2], &slen, "scalars");
  if (!s) return NULL;
  if (slen != 32 * (size_t)w || plen % (32 * (size_t)w) != 0) return throw_error(env, "rows needs w scalars and whole rows of w points");
  size_t n = plen / (32 * (size_t)w);
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 32 * n, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 32 * n, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  rows_ctx ctx = {(uint8_t *)data, p, w, s};
  size_t rc = run_ranges(rows_range, &ctx, n, 256, pool_threads(), NULL);
  if (rc != 0) {
    char msg[96];
    snprintf(msg, sizeof msg, "invalid point %zu", rc - 1);
    return throw_error(env, msg);
  }
  return result;
}

/* Reads an optional Uint8Array argument (null or undefined: NULL with *length 0, no exception). */
static uint8_t *optional_bytes(napi_env env, napi_value v, size_t *length, const char *what, int *bad) {
  napi_valuetype t;
  *bad = 0;
  *length = 0;
  if (napi_typeof(env, v, &t) == napi_ok && (t == napi_null || t == napi_undefined)) return NULL;
  uint8_t *b = bytes_arg(env, v, length, what);
  if (!b) *bad = 1;
  return b;
}

static const fixed_table *table_arg(napi_env env, napi_value v) {
  size_t tlen;
  uint8_t *t = bytes_arg(env, v, &tlen, "table");
  if (!t) return NULL;
  if (tlen != sizeof(fixed_table) || ((uintptr_t)t & 7) != 0 || ((const fixed_table *)t)->magic != TABLE_MAGIC) {
    napi_throw_error(env, NULL, "table must come from fixedTable()");
    return NULL;
  }
  return (const fixed_table *)t;
}

typedef struct { uint8_t *out; const fixed_table *tp; const uint8_t *a; const fixed_table *tq; const uint8_t *b, *radd; } comb_ctx;
static size_t comb_range(void *c, unsigned part, size_t from, size_t to) {
  (void)part;
  comb_ctx *x = (comb_ctx *)c;
  size_t rc = fixed_comb(x->out, x->tp, x->a, x->tq, x->b, x->radd, from, to);
  burn_stack();
  return rc;
}

/*
 * comb(tableP, a: Uint8Array(32n), tableQ | null, b | null, R | null): Uint8Array(32n), the points
 * a_j·P + b_j·Q + R_j (constant time in a and b; R public). Every scalar must be below L (checked
 * without branching on it; only the verdict is public). The caller wipes a and b.
 */
static napi_value Comb(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5) return throw_error(env, "comb(tableP, a, tableQ, b, R) needs five arguments");
  const fixed_table *tp = table_arg(env, argv[0]);
  if (!tp) return NULL;
  size_t alen, blen, rlen;
  int bad;
  uint8_t *a = bytes_arg(env, argv[1], &alen, "a");
  if (!a) return NULL;
  const fixed_table *tq = NULL;
  napi_valuetype qt;
  if (napi_typeof(env, argv[2], &qt) != napi_ok) return NULL;
  if (qt != napi_null && qt != napi_undefined && !(tq = table_arg(env, argv[2]))) return NULL;
  uint8_t *b = optional_bytes(env, argv[3], &blen, "b", &bad);
  if (bad) return NULL;
  uint8_t *r = optional_bytes(env, argv[4], &rlen, "R", &bad);
  if (bad) return NULL;
  if (alen % 32 != 0) return throw_error(env, "a must be whole 32-byte scalars");
  size_t n = alen / 32;
  if ((tq != NULL) != (b != NULL) || (b && blen != alen)) return throw_error(env, "b goes with tableQ, one scalar per row");
  if (r && rlen != alen) return throw_error(env, "R must have one point per row");
  uint32_t ok = 1;
  for (size_t j = 0; j < n; j++) {
    ok &= scalar_in_range(a + 32 * j) | scalar_is_zero_ct(a + 32 * j);
    if (b) ok &= scalar_in_range(b + 32 * j) | scalar_is_zero_ct(b + 32 * j);
  }
  DECLASSIFY(&ok, sizeof ok);
  if (!ok) return throw_error(env, "every scalar must be below L");
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 32 * n, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 32 * n, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  comb_ctx ctx = {(uint8_t *)data, tp, a, tq, b, r};
  size_t rc = n ? run_ranges(comb_range, &ctx, n, 256, pool_threads(), NULL) : 0;
  if (rc != 0) {
    char msg[96];
    snprintf(msg, sizeof msg, "invalid point %zu", rc - 1);
    return throw_error(env, msg);
  }
  return result;
}

static int cp_hash_ready(void) { return so.loaded && so.sha512 && so.sc_reduce && so.sc_mul && so.sc_add && so.sc_random; }

/* c = SHA-512(prefix ‖ A ‖ D ‖ t1 ‖ t2) reduced mod L (proofs.ts cpChallenge); buf holds plen + 128 bytes with the prefix in place. */
static void cp_challenge(uint8_t c[32], uint8_t *buf, size_t plen, const uint8_t *a, const uint8_t *d, const uint8_t *t1, const uint8_t *t2) {
  uint8_t h[64];
  memcpy(buf + plen, a, 32);
  memcpy(buf + plen + 32, d, 32);
  memcpy(buf + plen + 64, t1, 32);
  memcpy(buf + plen + 96, t2, 32);
  so.sha512(h, buf, plen + 128);
  so.sc_reduce(c, h);
}

typedef struct { const uint8_t *prefix; size_t plen; const uint8_t *a, *d, *t1, *t2; size_t astride; uint8_t *out; } chal_ctx;
static size_t chal_range(void *c, unsigned part, size_t from, size_t to) {
  (void)part;
  chal_ctx *x = (chal_ctx *)c;
  uint8_t *buf = (uint8_t *)malloc(x->plen + 128);
  if (!buf) return (size_t)-1;
  memcpy(buf, x->prefix, x->plen);
  for (size_t j = from; j < to; j++) cp_challenge(x->out + 32 * j, buf, x->plen, x->a + x->astride * j, x->d + 32 * j, x->t1 + 32 * j, x->t2 + 32 * j);
  free(buf);
  return 0;
}

/*
 * cpChallenges(prefix, A, aStride, D, t1, t2): Uint8Array(32n), the challenges of n decryption proofs
 * (public values; threaded). A_j is at aStride·j (64 for the A of ciphertexts A ‖ B).
 */
static napi_value CpChallenges(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 6) return throw_error(env, "cpChallenges(prefix, A, aStride, D, t1, t2) needs six arguments");
  if (!cp_hash_ready()) return throw_error(env, "libsodium's hash and scalar functions are not loaded");
  size_t plen, alen, dlen, l1, l2;
  uint32_t stride;
  uint8_t *prefix = bytes_arg(env, argv[0], &plen, "prefix");
  if (!prefix) return NULL;
  uint8_t *a = bytes_arg(env, argv[1], &alen, "A");
  if (!a) return NULL;
  if (napi_get_value_uint32(env, argv[2], &stride) != napi_ok || stride < 32) return throw_error(env, "aStride must be 32 or more");
  uint8_t *d = bytes_arg(env, argv[3], &dlen, "D");
  if (!d) return NULL;
  uint8_t *t1 = bytes_arg(env, argv[4], &l1, "t1");
  if (!t1) return NULL;
  uint8_t *t2 = bytes_arg(env, argv[5], &l2, "t2");
  if (!t2) return NULL;
  size_t n = dlen / 32;
  if (dlen % 32 != 0 || l1 != dlen || l2 != dlen || (n && alen < stride * (n - 1) + 32)) return throw_error(env, "cpChallenges needs n points of each kind");
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 32 * n, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 32 * n, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  chal_ctx ctx = {prefix, plen, a, d, t1, t2, stride, (uint8_t *)data};
  if (n && run_ranges(chal_range, &ctx, n, 2048, pool_threads(), NULL) != 0) return throw_error(env, "out of memory");
  return result;
}

/*
 * cpProve(prefix, x: Uint8Array(32), A, aStride): Uint8Array(4 · 32n) = D ‖ t1 ‖ t2 ‖ s (each 32n
 * bytes): member x's decryption shares of n points A with their Chaum–Pedersen proofs, the nonces w
 * drawn here by libsodium (crypto_core_ristretto255_scalar_random) and wiped, s = w + c·x by
 * libsodium's scalar arithmetic. Constant time in x and w (cp_commit_batch; ct_check.c). The caller
 * wipes x.
 */
static napi_value CpProve(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4) return throw_error(env, "cpProve(prefix, x, A, aStride) needs four arguments");
  if (!cp_hash_ready()) return throw_error(env, "libsodium's hash and scalar functions are not loaded");
  size_t plen, alen;
  uint32_t stride;
  uint8_t *prefix = bytes_arg(env, argv[0], &plen, "prefix");
  if (!prefix) return NULL;
  unsigned char *x = bytes32(env, argv[1]);
  if (!x) return NULL;
  uint8_t *a = bytes_arg(env, argv[2], &alen, "A");
  if (!a) return NULL;
  if (napi_get_value_uint32(env, argv[3], &stride) != napi_ok || stride < 32) return throw_error(env, "aStride must be 32 or more");
  if (alen % stride != 0) return throw_error(env, "A must be whole rows of aStride bytes");
  size_t n = alen / stride;
  uint32_t ok = scalar_in_range(x);
  DECLASSIFY(&ok, sizeof ok);
  if (!ok) return throw_error(env, "x must be a scalar in 1 … L − 1");
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 128 * n, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 128 * n, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  uint8_t *out = (uint8_t *)data, *d = out, *t1 = out + 32 * n, *t2 = out + 64 * n, *sv = out + 96 * n;
  uint8_t *w = (uint8_t *)malloc(32 * (n ? n : 1) + 32 * (n ? n : 1));
  uint8_t *buf = (uint8_t *)malloc(plen + 128);
  if (!w || !buf) {
    free(w);
    free(buf);
    return throw_error(env, "out of memory");
  }
  uint8_t *acol = w + 32 * n; /* the A's, packed */
  for (size_t j = 0; j < n; j++) {
    memcpy(acol + 32 * j, a + (size_t)stride * j, 32);
    so.sc_random(w + 32 * j);
  }
  size_t rc = cp_commit_batch(d, t1, t2, x, acol, w, n);
  if (rc == 0) {
    uint8_t c[32], cx[32];
    memcpy(buf, prefix, plen);
    for (size_t j = 0; j < n; j++) {
      cp_challenge(c, buf, plen, acol + 32 * j, d + 32 * j, t1 + 32 * j, t2 + 32 * j);
      so.sc_mul(cx, c, x);
      so.sc_add(sv + 32 * j, w + 32 * j, cx);
    }
    wipe(cx, sizeof cx);
  }
  wipe(w, 32 * n);
  free(w);
  free(buf);
  burn_stack();
  if (rc != 0) {
    char msg[96];
    snprintf(msg, sizeof msg, "invalid point %zu", rc - 1);
    return throw_error(env, msg);
  }
  return result;
}

typedef struct { const uint8_t *prefix; size_t plen; uint32_t start; uint8_t *out; } gen_ctx;
static size_t gen_range(void *c, unsigned part, size_t from, size_t to) {
  (void)part;
  gen_ctx *x = (gen_ctx *)c;
  uint8_t *buf = (uint8_t *)malloc(x->plen + 4);
  if (!buf) return (size_t)-1;
  memcpy(buf, x->prefix, x->plen);
  uint8_t h[64];
  for (size_t j = from; j < to; j++) {
    uint32_t i = x->start + (uint32_t)j;
    buf[x->plen] = (uint8_t)(i >> 24);
    buf[x->plen + 1] = (uint8_t)(i >> 16);
    buf[x->plen + 2] = (uint8_t)(i >> 8);
    buf[x->plen + 3] = (uint8_t)i;
    so.sha512(h, buf, x->plen + 4);
    so.from_hash(x->out + 32 * j, h);
  }
  free(buf);
  return 0;
}

/*
 * hashPoints(prefix, start, count): Uint8Array(32·count), crypto_core_ristretto255_from_hash(
 * SHA-512(prefix ‖ i as 4 bytes big-endian)) for i = start … start + count − 1 (the mix's
 * generators, mix.ts generators(); public; threaded).
 */
static napi_value HashPoints(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) return throw_error(env, "hashPoints(prefix, start, count) needs three arguments");
  size_t plen;
  uint8_t *prefix = bytes_arg(env, argv[0], &plen, "prefix");
  if (!prefix) return NULL;
  uint32_t start, count;
  if (napi_get_value_uint32(env, argv[1], &start) != napi_ok || napi_get_value_uint32(env, argv[2], &count) != napi_ok || (uint64_t)start + count > 0xffffffffULL) {
    return throw_error(env, "start and count must be 32-bit integers");
  }
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 32 * (size_t)count, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 32 * (size_t)count, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  gen_ctx ctx = {prefix, plen, start, (uint8_t *)data};
  if (count && run_ranges(gen_range, &ctx, count, 2048, pool_threads(), NULL) != 0) return throw_error(env, "out of memory");
  return result;
}

/*
 * The batch check of the decryption proofs and plaintexts (mix.ts verifyDecryptions, the same
 * equation and the same layout of points as its JavaScript path): with fresh random 128-bit weights
 * ρ₁, ρ₂ per member and slot and τ per slot (libsodium's randombytes_buf),
 *   Σⱼ Σᵢ [ρ₁·(s·G − c·Yᵢ − t1) + ρ₂·(s·A − c·Dᵢ − t2)] + Σⱼ τⱼ·(B − Σᵢ λᵢ·Dᵢ − mⱼ·G)
 * is computed as one multi-scalar multiplication; the caller checks that it is the identity. The
 * challenges c are recomputed here. Everything here is public (the board and the verifier's weights).
 */
typedef struct {
  const uint8_t *prefix; size_t plen; size_t n, s;
  const uint8_t *yis, *lambdas, *outputs, *ballots, *shares, *t1, *t2, *sv;
  uint8_t *points, *scal; uint8_t *partial; /* per part: g (32) then y₀ … y_{s−1} (32 each) */
} batch_ctx;

static size_t batch_range(void *c, unsigned part, size_t from, size_t to) {
  batch_ctx *x = (batch_ctx *)c;
  size_t n = x->n, S = x->s;
  uint8_t *g = x->partial + part * 32 * (1 + S), *y = g + 32;
  uint8_t *buf = (uint8_t *)malloc(x->plen + 32 + 128);
  if (!buf) return (size_t)-1;
  uint8_t tau[32], r1[32], r2[32], ch[32], m[32], a[32], t[32], u[32];
  for (size_t j = from; j < to; j++) {
    memset(tau, 0, 32);
    so.random_buf(tau, 16);
    memcpy(x->points + 32 * j, x->outputs + 64 * j, 32);
    memcpy(x->points + 32 * (n + j), x->outputs + 64 * j + 32, 32);
    memcpy(x->scal + 32 * (n + j), tau, 32);
    memset(m, 0, 32);
    const uint8_t *bj = x->ballots + 4 * j; /* uint32 little-endian */
    memcpy(m, bj, 4);
    so.sc_mul(t, tau, m);
    so.sc_sub(g, g, t); /* g −= τⱼ·mⱼ */
    memset(a, 0, 32);
    for (size_t i = 0; i < S; i++) {
      size_t k = i * n + j;
      const uint8_t *D = x->shares + 32 * k, *T1 = x->t1 + 32 * k, *T2 = x->t2 + 32 * k, *sk = x->sv + 32 * k;
      memcpy(buf, x->prefix, x->plen);
      memcpy(buf + x->plen, x->yis + 32 * i, 32);
      cp_challenge(ch, buf, x->plen + 32, x->outputs + 64 * j, D, T1, T2);
      memset(r1, 0, 32);
      memset(r2, 0, 32);
      so.random_buf(r1, 16);
      so.random_buf(r2, 16);
      so.sc_mul(t, r1, sk);
      so.sc_add(g, g, t); /* g += ρ₁·s */
      so.sc_mul(t, r1, ch);
      so.sc_sub(y + 32 * i, y + 32 * i, t); /* yᵢ −= ρ₁·c */
      so.sc_mul(t, r2, sk);
      so.sc_add(a, a, t); /* a_j += ρ₂·s */
      size_t base = 2 * n + 3 * k;
      memcpy(x->points + 32 * base, D, 32);
      memcpy(x->points + 32 * (base + 1), T1, 32);
      memcpy(x->points + 32 * (base + 2), T2, 32);
      so.sc_mul(t, r2, ch);
      so.sc_mul(u, tau, x->lambdas + 32 * i);
      so.sc_add(t, t, u);
      memset(u, 0, 32);
      so.sc_sub(x->scal + 32 * base, u, t); /* −(ρ₂·c) − τⱼ·λᵢ */
      so.sc_sub(x->scal + 32 * (base + 1), u, r1);
      so.sc_sub(x->scal + 32 * (base + 2), u, r2);
    }
    memcpy(x->scal + 32 * j, a, 32);
  }
  free(buf);
  return 0;
}

/*
 * cpBatch(prefix, Yis, lambdas, outputs, ballots, shares, t1, t2, s): Uint8Array(32), the batch sum
 * above (the identity when every proof and plaintext holds). prefix = CP_DOMAIN ‖ voteId; Yis and
 * lambdas 32 bytes per member; outputs n × 64 bytes; ballots n uint32 little-endian (4n bytes);
 * shares, t1, t2, s member after member, n × 32 bytes each. Throws naming an invalid point.
 */
static napi_value CpBatch(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 9) return throw_error(env, "cpBatch needs nine arguments");
  if (!cp_hash_ready() || !so.sc_sub || !so.random_buf) return throw_error(env, "libsodium's hash and scalar functions are not loaded");
  static const char *names[9] = {"prefix", "Yis", "lambdas", "outputs", "ballots", "shares", "t1", "t2", "s"};
  uint8_t *v[9];
  size_t len[9];
  for (int i = 0; i < 9; i++)
    if (!(v[i] = bytes_arg(env, argv[i], &len[i], names[i]))) return NULL;
  size_t S = len[1] / 32, n = len[3] / 64;
  if (len[1] % 32 != 0 || S < 1 || S > 255 || len[2] != len[1] || len[3] % 64 != 0 || len[4] != 4 * n || len[5] != 32 * n * S || len[6] != len[5] || len[7] != len[5] || len[8] != len[5]) {
    return throw_error(env, "cpBatch: the lengths do not match");
  }
  size_t total = 2 * n + 3 * S * n + 1 + S;
  unsigned parts = pool_threads();
  uint8_t *points = (uint8_t *)malloc(32 * total), *scal = (uint8_t *)malloc(32 * total);
  uint8_t *partial = (uint8_t *)calloc((size_t)parts * (1 + S), 32);
  if (!points || !scal || !partial) {
    free(points);
    free(scal);
    free(partial);
    return throw_error(env, "out of memory");
  }
  batch_ctx ctx = {v[0], len[0], n, S, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], points, scal, partial};
  unsigned used = 1;
  size_t rc = n ? run_ranges(batch_range, &ctx, n, 512, parts, &used) : 0;
  size_t at = 2 * n + 3 * S * n;
  memcpy(points + 32 * at, G_BYTES, 32);
  memset(scal + 32 * at, 0, 32 * (1 + S));
  for (unsigned p = 0; p < used; p++) {
    const uint8_t *g = partial + p * 32 * (1 + S);
    so.sc_add(scal + 32 * at, scal + 32 * at, g);
    for (size_t i = 0; i < S; i++) so.sc_add(scal + 32 * (at + 1 + i), scal + 32 * (at + 1 + i), g + 32 * (1 + i));
  }
  for (size_t i = 0; i < S; i++) memcpy(points + 32 * (at + 1 + i), v[1] + 32 * i, 32);
  free(partial);
  ge acc;
  if (rc == 0) {
    msm_ctx mc;
    mc.p = points;
    mc.s = scal;
    rc = run_ranges(msm_range, &mc, total, 4096, parts, &used);
    ge_identity(&acc);
    for (unsigned i = 0; i < used; i++) ge_add(&acc, &acc, &mc.part[i]);
  }
  free(points);
  free(scal);
  if (rc == (size_t)-1) return throw_error(env, "out of memory");
  if (rc == (size_t)-2) return throw_error(env, "every scalar must be below L");
  if (rc != 0) {
    char msg[96];
    snprintf(msg, sizeof msg, "invalid point %zu", rc - 1);
    return throw_error(env, msg);
  }
  void *data;
  napi_value ab, result;
  if (napi_create_arraybuffer(env, 32, &data, &ab) != napi_ok || napi_create_typedarray(env, napi_uint8_array, 32, ab, 0, &result) != napi_ok) {
    return throw_error(env, "cannot allocate the answer");
  }
  ge_encode((uint8_t *)data, &acc);
  return result;
}

/* sodium.fromHash(out: Uint8Array(32), h: Uint8Array(64)): crypto_core_ristretto255_from_hash. */
static napi_value SoFromHash(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return throw_error(env, "fromHash(out, h) needs two arguments");
  if (!so.from_hash) return throw_error(env, "libsodium's crypto_core_ristretto255_from_hash is not loaded");
  unsigned char *o = bytes32(env, argv[0]);
  if (!o) return NULL;
  size_t hlen;
  uint8_t *h = bytes_arg(env, argv[1], &hlen, "h");
  if (!h) return NULL;
  if (hlen != 64) return throw_error(env, "h must be 64 bytes");
  return int_result(env, so.from_hash(o, h));
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_once(void) {
  init_encryption();
  load_sodium();
}

NAPI_MODULE_INIT() {
  pthread_once(&once, init_once);
  napi_value so_obj, flag, f;
  napi_create_object(env, &so_obj);
  napi_create_function(env, "add", NAPI_AUTO_LENGTH, SoAdd, NULL, &f);
  napi_set_named_property(env, so_obj, "add", f);
  napi_create_function(env, "sub", NAPI_AUTO_LENGTH, SoSub, NULL, &f);
  napi_set_named_property(env, so_obj, "sub", f);
  napi_create_function(env, "scalarmult", NAPI_AUTO_LENGTH, SoMul, NULL, &f);
  napi_set_named_property(env, so_obj, "scalarmult", f);
  napi_create_function(env, "scalarmultBase", NAPI_AUTO_LENGTH, SoMulBase, NULL, &f);
  napi_set_named_property(env, so_obj, "scalarmultBase", f);
  napi_create_function(env, "isValidPoint", NAPI_AUTO_LENGTH, SoValid, NULL, &f);
  napi_set_named_property(env, so_obj, "isValidPoint", f);
  if (so.loaded && so.from_hash) {
    napi_create_function(env, "fromHash", NAPI_AUTO_LENGTH, SoFromHash, NULL, &f);
    napi_set_named_property(env, so_obj, "fromHash", f);
  }
  if (so.loaded && so.from_hash && so.sha512) {
    napi_create_function(env, "hashPoints", NAPI_AUTO_LENGTH, HashPoints, NULL, &f);
    napi_set_named_property(env, exports, "hashPoints", f);
  }
  napi_get_boolean(env, so.loaded != 0, &flag);
  napi_set_named_property(env, so_obj, "loaded", flag);
  napi_set_named_property(env, exports, "sodium", so_obj);
  napi_value fn, version;
  napi_create_uint32(env, ADDON_INTERFACE, &version);
  napi_set_named_property(env, exports, "interface", version);
  napi_create_function(env, "sum", NAPI_AUTO_LENGTH, Sum, NULL, &fn);
  napi_set_named_property(env, exports, "sum", fn);
  napi_create_function(env, "msm", NAPI_AUTO_LENGTH, Msm, NULL, &fn);
  napi_set_named_property(env, exports, "msm", fn);
  napi_create_function(env, "rows", NAPI_AUTO_LENGTH, Rows, NULL, &fn);
  napi_set_named_property(env, exports, "rows", fn);
  if (G_TABLE) {
    napi_create_function(env, "comb", NAPI_AUTO_LENGTH, Comb, NULL, &fn);
    napi_set_named_property(env, exports, "comb", fn);
    if (cp_hash_ready()) {
      napi_create_function(env, "cpProve", NAPI_AUTO_LENGTH, CpProve, NULL, &fn);
      napi_set_named_property(env, exports, "cpProve", fn);
      napi_create_function(env, "cpChallenges", NAPI_AUTO_LENGTH, CpChallenges, NULL, &fn);
      napi_set_named_property(env, exports, "cpChallenges", fn);
      if (so.sc_sub && so.random_buf) {
        napi_create_function(env, "cpBatch", NAPI_AUTO_LENGTH, CpBatch, NULL, &fn);
        napi_set_named_property(env, exports, "cpBatch", fn);
      }
    }
    napi_create_function(env, "fixedTable", NAPI_AUTO_LENGTH, FixedTable, NULL, &fn);
    napi_set_named_property(env, exports, "fixedTable", fn);
    napi_create_function(env, "encrypt", NAPI_AUTO_LENGTH, Encrypt, NULL, &fn);
    napi_set_named_property(env, exports, "encrypt", fn);
  }
  return exports;
}
#endif /* RISTRETTO_NO_NAPI */
