/*
 * test_sha256.c - SHA-256 (src/util/sha256.c).
 *
 * The digests of FIPS 180-2 appendix B ("abc", the 448-bit two-block
 * message, one million 'a') and of the empty message, fed in one call
 * and in awkward pieces; then a 130-byte message (its digest from
 * Python's hashlib) split at every offset (two calls) must give the
 * one-call digest, as must a byte-at-a-time feed; and prefixes of it
 * at the padding boundaries (55, 56, 63, 64, 119, 120 bytes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "internal.h"

static void digest(const void *data, size_t n, char hex[65])
{
    sp_sha256 c;
    sp_sha256_init(&c);
    sp_sha256_update(&c, data, n);
    sp_sha256_hex(&c, hex);
}

static void test_empty(void **state)
{
    char hex[65];
    digest("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
    sp_sha256 c;
    sp_sha256_init(&c);
    sp_sha256_update(&c, NULL, 0);
    sp_sha256_hex(&c, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
    char hex[65];
    digest("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bits(void **state)
{
    static const char m[] =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65];
    assert_int_equal(strlen(m), 56);
    digest(m, 56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
                             "a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a', fed in 1000 pieces of 1000 (not a multiple of 64). */
static void test_million_a(void **state)
{
    char piece[1000], hex[65];
    sp_sha256 c;
    memset(piece, 'a', sizeof piece);
    sp_sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        sp_sha256_update(&c, piece, sizeof piece);
    sp_sha256_hex(&c, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                             "f1809a48a497200e046d39ccc7112cd0");
}

static void fill_130(unsigned char m[130])
{
    for (int i = 0; i < 130; i++)
        m[i] = (unsigned char)(i * 167 + 23);
}

static void test_every_split(void **state)
{
    unsigned char m[130];
    char whole[65], hex[65];
    fill_130(m);
    digest(m, sizeof m, whole);
    /* From Python's hashlib, for bytes (i * 167 + 23) mod 256. */
    assert_string_equal(whole, "561886be13c2a25abcdc699dbcf5d51d"
                               "007ee6560735ade0b9e3b2070e54e810");
    for (size_t k = 0; k <= sizeof m; k++) {
        sp_sha256 c;
        sp_sha256_init(&c);
        sp_sha256_update(&c, m, k);
        sp_sha256_update(&c, m + k, sizeof m - k);
        sp_sha256_hex(&c, hex);
        assert_string_equal(hex, whole);
    }
    sp_sha256 c;
    sp_sha256_init(&c);
    for (size_t k = 0; k < sizeof m; k++)
        sp_sha256_update(&c, m + k, 1);
    sp_sha256_hex(&c, hex);
    assert_string_equal(hex, whole);
}

/* Lengths either side of the padding boundaries (55 bytes leave exactly
 * room for 0x80 and the length; 56 do not), digests from Python's
 * hashlib for the same bytes. */
static void test_padding_lengths(void **state)
{
    static const struct {
        size_t n;
        const char *hex;
    } v[] = {
        {55, "8817ecef95c41e7662cf9478364622a0"
              "772f52fb8d405c6a0bf8ca2899e6e416"},
        {56, "9a792d4c65d54e5d3640825fb1774b2f"
              "6faa8dbd000311fcb3784cca86ecb6b4"},
        {63, "4a08c49c8900529dd268b0eb810296dc"
              "ce3d0771ad4327fcdb597c4282fb7fc4"},
        {64, "90abfe7b10c9f365d1c184b78bbca1c1"
              "afac4045d54bb38247047fe310a28b78"},
        {119, "7cd71351c5731ac38eb1ff8d5a2c8e1d"
              "60359452532d103f03da4ad09d91af20"},
        {120, "acb920c85f57df69958c3d3c0f48d637"
              "e64901b7591558b2b340e235f8c7dd9d"},
    };
    unsigned char m[130];
    char hex[65];
    fill_130(m);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        digest(m, v[i].n, hex);
        assert_string_equal(hex, v[i].hex);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_abc),
        cmocka_unit_test(test_448_bits),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_every_split),
        cmocka_unit_test(test_padding_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
