/*
 * sha256.c - SHA-256 (FIPS 180-4), incremental.
 *
 * Used for identities, not secrets: the hash of a scenario (its text,
 * extends chain and overrides) is stored with every result, and shipped
 * data files are checked against data/MANIFEST.md. Speed hardly matters;
 * clarity and portability do, so this is the textbook algorithm in
 * portable C with no endianness assumptions:
 *
 *   - the message is processed in 64-byte blocks; sp_sha256_update keeps
 *     a partial block in c->buf (c->nbuf bytes) between calls;
 *   - each block is read as 16 big-endian words, expanded to 64 (W_t),
 *     and mixed into the eight working variables a..h by 64 rounds with
 *     the constants K_t (FIPS 180-4 §4.2.2, §6.2.2);
 *   - padding (§5.1.1): a 0x80 byte, zeros to 56 mod 64, then the message
 *     length in bits as a 64-bit big-endian number.
 *
 * sp_sha256_hex pads and finishes the context and writes the digest as
 * 64 lowercase hex digits plus NUL; call sp_sha256_init before reusing c.
 *
 * Tests: tests/unit/test_sha256.c (the FIPS 180-2 appendix examples, one
 * million 'a', and every split of a 130-byte message).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "internal.h"

#include <string.h>

/* First 32 bits of the fractional parts of the cube roots of the first
 * 64 primes (FIPS 180-4 §4.2.2). */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

static uint32_t load_be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(unsigned char *p, uint32_t x)
{
    p[0] = (unsigned char)(x >> 24);
    p[1] = (unsigned char)(x >> 16);
    p[2] = (unsigned char)(x >> 8);
    p[3] = (unsigned char)x;
}

/* The message schedule W_0..W_63 of one block (§6.2.2 step 1). */
static void schedule(const unsigned char block[64], uint32_t w[64])
{
    for (int t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^
                      (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^
                      (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
}

/* One block into the hash value h[8] (§6.2.2 steps 2-4). */
static void compress(uint32_t h[8], const unsigned char block[64])
{
    uint32_t w[64], v[8];
    schedule(block, w);
    memcpy(v, h, sizeof v);
    for (int t = 0; t < 64; t++) {
        uint32_t e = v[4], a = v[0];
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & v[5]) ^ (~e & v[6]);
        uint32_t t1 = v[7] + S1 + ch + K[t] + w[t];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]); /* h=g, g=f, ..., b=a */
        v[4] += t1;                         /* e = d + T1 */
        v[0] = t1 + S0 + maj;               /* a = T1 + T2 */
    }
    for (int i = 0; i < 8; i++)
        h[i] += v[i];
}

void sp_sha256_init(sp_sha256 *c)
{
    /* First 32 bits of the fractional parts of the square roots of the
     * first 8 primes (§5.3.3). */
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->nbytes = 0;
    c->nbuf = 0;
}

void sp_sha256_update(sp_sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (n == 0)
        return; /* data may be NULL */
    c->nbytes += n;
    if (c->nbuf > 0) {
        size_t take = 64 - c->nbuf < n ? 64 - c->nbuf : n;
        memcpy(c->buf + c->nbuf, p, take);
        c->nbuf += take;
        p += take;
        n -= take;
        if (c->nbuf < 64)
            return;
        compress(c->h, c->buf);
        c->nbuf = 0;
    }
    for (; n >= 64; p += 64, n -= 64)
        compress(c->h, p);
    if (n > 0)
        memcpy(c->buf, p, n);
    c->nbuf = n;
}

/* Padding and length (§5.1.1), leaving the digest in c->h. */
static void finish(sp_sha256 *c)
{
    uint64_t bits = c->nbytes * 8u;
    c->buf[c->nbuf++] = 0x80;
    if (c->nbuf > 56) {
        memset(c->buf + c->nbuf, 0, 64 - c->nbuf);
        compress(c->h, c->buf);
        c->nbuf = 0;
    }
    memset(c->buf + c->nbuf, 0, 56 - c->nbuf);
    store_be32(c->buf + 56, (uint32_t)(bits >> 32));
    store_be32(c->buf + 60, (uint32_t)bits);
    compress(c->h, c->buf);
    c->nbuf = 0;
}

void sp_sha256_hex(sp_sha256 *c, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char out[32];
    finish(c);
    for (int i = 0; i < 8; i++)
        store_be32(out + 4 * i, c->h[i]);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[out[i] >> 4];
        hex[2 * i + 1] = digits[out[i] & 0x0f];
    }
    hex[64] = '\0';
}
