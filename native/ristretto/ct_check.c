/*
 * The constant-time check of the addon's encryption (the ctgrind technique, after Adam Langley):
 * the secret inputs of a cast, the scalars r and the choices m, are marked undefined for valgrind's
 * memcheck (VALGRIND_MAKE_MEM_UNDEFINED), then the addon's own encryption path (encrypt_checked:
 * the checks, the table walks, the selection of m·G, the encodings, the wiping) runs on them.
 * Memcheck reports every conditional jump and every memory address that depends on an undefined
 * value, so a branch or a table index derived from r or m is reported; a clean run means none.
 *
 * Built and run by test/ct/ctgrind.test.ts (and so by CI):
 *   cc -O3 -std=gnu11 -g -DCT_CHECK [-DPLANT_BRANCH | -DPLANT_INDEX] ct_check.c -o ct_check
 *   valgrind --error-exitcode=1 ./ct_check
 * PLANT_BRANCH (a branch on m) and PLANT_INDEX (a table entry read at an address chosen by r's
 * digits) plant the two classic leaks into the addon's code, to show that the check catches them.
 * The same optimisation level as the addon's build (binding.gyp: -O3), since compilers may turn
 * masks into branches.
 */
#define RISTRETTO_NO_NAPI 1
#ifndef CT_CHECK
#define CT_CHECK 1
#endif
#include "ristretto_sum.c"

#define N 16 /* ciphertexts: 8 scalars, each encrypted with m = 0 and m = 1 */

/* A deterministic generator for the test's scalars (their values do not matter, their definedness does). */
static uint64_t state = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static int fail(const char *what) {
  fprintf(stderr, "ct_check: %s\n", what);
  return 2;
}

int main(void) {
  if (init_encryption() != 0) return fail("cannot build the table of G");

  /* The election key: Y = 7·G (public). */
  uint8_t seven[32] = {7}, y_enc[32];
  ge y;
  table_mul(&y, G_TABLE, seven);
  ge_encode(y_enc, &y);
  fixed_table *ty = (fixed_table *)aligned_alloc(64, (sizeof(fixed_table) + 63) & ~(size_t)63);
  if (!ty || ge_decode(&y, y_enc) != 0) return fail("cannot decode the key");
  table_build(ty, &y, y_enc);

  static uint8_t r[32 * N], m[N], out[64 * N];
  for (int j = 0; j < N / 2; j++) {
    uint8_t s[32];
    for (int i = 0; i < 32; i += 8) store64(s + i, next());
    s[31] &= 0x0f; /* below 2^252 < L */
    s[0] |= 1;     /* not zero */
    memcpy(r + 64 * j, s, 32);
    memcpy(r + 64 * j + 32, s, 32);
    m[2 * j] = 0;
    m[2 * j + 1] = 1;
  }

  /* The secrets: from here on, valgrind reports any branch or address that depends on them. */
  VALGRIND_MAKE_MEM_UNDEFINED(r, sizeof r);
  VALGRIND_MAKE_MEM_UNDEFINED(m, sizeof m);
  int rc = encrypt_checked(out, ty, y_enc, r, m, N);
  if (rc != ENC_OK) return fail("encrypt_checked refused valid inputs");

  /* Checking the answers is not secret-path work: make everything defined again. */
  VALGRIND_MAKE_MEM_DEFINED(r, sizeof r);
  VALGRIND_MAKE_MEM_DEFINED(m, sizeof m);
  VALGRIND_MAKE_MEM_DEFINED(out, sizeof out);
  for (int j = 0; j < N / 2; j++) {
    const uint8_t *c0 = out + 128 * j, *c1 = c0 + 64;
    /* the same r gives the same A; B for m = 1 is B for m = 0 plus G */
    if (memcmp(c0, c1, 32) != 0) return fail("A differs for the same r");
    ge b0, g;
    uint8_t b0g[32];
    if (ge_decode(&b0, c0 + 32) != 0 || ge_decode(&g, G_BYTES) != 0) return fail("B does not decode");
    ge_add(&b0, &b0, &g);
    ge_encode(b0g, &b0);
    if (memcmp(b0g, c1 + 32, 32) != 0) return fail("B(m = 1) is not B(m = 0) + G");
  }

  /* The refusals (public inputs): another key, m = 2, r = 0, r = L. */
  uint8_t one_r[32] = {1}, zero_r[32] = {0}, m1[1] = {1}, m2[1] = {2}, o[64];
  if (encrypt_checked(o, ty, G_BYTES, one_r, m1, 1) != ENC_WRONG_KEY) return fail("a table of another key was used");
  if (encrypt_checked(o, ty, y_enc, one_r, m2, 1) != ENC_BAD_M) return fail("m = 2 was encrypted");
  if (encrypt_checked(o, ty, y_enc, zero_r, m1, 1) != ENC_BAD_R) return fail("r = 0 was accepted");
  if (encrypt_checked(o, ty, y_enc, L_BYTES, m1, 1) != ENC_BAD_R) return fail("r = L was accepted");
  /*
   * The mix's secret paths: fixed_comb (re-encryption, commitment and chain randomness, proof nonces:
   * a and b secret) and cp_commit_batch (a member's decryption shares and proof commitments: her
   * share x and the nonces w secret), on the public points of the ciphertexts above.
   */
  static uint8_t a[32 * N], b[32 * N], x[32], w[32 * N], pts[32 * N], o1[32 * N], o2[32 * N], o3[32 * N];
  for (int j = 0; j < N; j++) {
    for (int i = 0; i < 32; i += 8) {
      store64(a + 32 * j + i, next());
      store64(b + 32 * j + i, next());
      store64(w + 32 * j + i, next());
    }
    a[32 * j + 31] &= 0x0f;
    b[32 * j + 31] &= 0x0f;
    w[32 * j + 31] &= 0x0f;
    memcpy(pts + 32 * j, out + 64 * j, 32);
  }
  for (int i = 0; i < 32; i += 8) store64(x + i, next());
  x[31] &= 0x0f;
  VALGRIND_MAKE_MEM_UNDEFINED(a, sizeof a);
  VALGRIND_MAKE_MEM_UNDEFINED(b, sizeof b);
  VALGRIND_MAKE_MEM_UNDEFINED(x, sizeof x);
  VALGRIND_MAKE_MEM_UNDEFINED(w, sizeof w);
  if (fixed_comb(o1, G_TABLE, a, ty, b, pts, 0, N) != 0) return fail("fixed_comb refused valid points");
  if (cp_commit_batch(o1, o2, o3, x, pts, w, N) != 0) return fail("cp_commit_batch refused valid points");
  burn_stack();
  VALGRIND_MAKE_MEM_DEFINED(a, sizeof a);
  VALGRIND_MAKE_MEM_DEFINED(b, sizeof b);
  VALGRIND_MAKE_MEM_DEFINED(x, sizeof x);
  VALGRIND_MAKE_MEM_DEFINED(w, sizeof w);
  VALGRIND_MAKE_MEM_DEFINED(o1, sizeof o1);
  VALGRIND_MAKE_MEM_DEFINED(o2, sizeof o2);
  VALGRIND_MAKE_MEM_DEFINED(o3, sizeof o3);
  /* and they compute what they should: D = x·A by var_mul equals the fixed-base walk of x·(A's table) */
  {
    ge p0, q0;
    fixed_table *ta = (fixed_table *)aligned_alloc(64, (sizeof(fixed_table) + 63) & ~(size_t)63);
    uint8_t chk[32];
    if (!ta || ge_decode(&p0, pts) != 0) return fail("cannot decode A");
    table_build(ta, &p0, pts);
    table_mul(&q0, ta, x);
    ge_encode(chk, &q0);
    if (memcmp(chk, o1, 32) != 0) return fail("cp_commit_batch: D is not x·A");
    table_mul(&q0, ta, w);
    ge_encode(chk, &q0);
    if (memcmp(chk, o3, 32) != 0) return fail("cp_commit_batch: t2 is not w·A");
    table_mul(&q0, G_TABLE, w);
    ge_encode(chk, &q0);
    if (memcmp(chk, o2, 32) != 0) return fail("cp_commit_batch: t1 is not w·G");
    free(ta);
  }
  free(ty);
  printf("ct_check: %d ciphertexts encrypted with r and m undefined; %d rows of fixed_comb and %d decryption commitments with a, b, x, w undefined\n", N, N, N);
  return 0;
}
