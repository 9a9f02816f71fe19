/*
 * bench_load.c - what the skeleton can be timed on, each beside a peer
 * run in the same process so machine noise shows in both:
 *   - loading the reference scenario (tree, extends, decode, registry)
 *     vs libyaml's bare event parse of the same text (the floor);
 *   - counter-based uniforms (Philox4x32-10, one counter per draw) vs the
 *     C library's rand_r (a stateful generator, not reproducible across
 *     threads: the price of keying draws by identity).
 * Prints figures; asserts nothing (no test asserts a time).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "spiral.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static size_t bare_parse(const char *text, size_t len)
{
    yaml_parser_t p;
    yaml_event_t ev;
    size_t events = 0;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev))
            break;
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        events++;
        if (end)
            break;
    }
    yaml_parser_delete(&p);
    return events;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "scenarios/northeast-asia-2024.yaml";
    int reps = argc > 2 ? atoi(argv[2]) : 30;
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        return 1;
    }
    double t0 = now();
    size_t events = 0;
    for (int i = 0; i < reps; i++)
        events += bare_parse(text, len);
    double bare = (now() - t0) / reps;
    t0 = now();
    for (int i = 0; i < reps; i++) {
        sp_error err = {0};
        sp_scenario *s = NULL;
        if (sp_scenario_load(path, NULL, 0, &s, &err)) {
            fprintf(stderr, "bench: %s\n", err.message);
            return 1;
        }
        sp_scenario_free(s);
    }
    double full = (now() - t0) / reps;
    printf("scenario load  %s (%zu bytes, %zu YAML events)\n", path, len,
           events / (size_t)reps);
    printf("  libyaml bare parse (peer)  %8.3f ms\n", 1e3 * bare);
    printf("  sp_scenario_load           %8.3f ms   (%.1fx the bare parse)\n",
           1e3 * full, full / bare);

    const long n = 20 * 1000 * 1000;
    double acc = 0;
    t0 = now();
    for (long i = 0; i < n; i++)
        acc += sp_rng_uniform(1, 0, SP_STREAM_TEST, (uint32_t)(i >> 8),
                              (uint32_t)(i & 0xff), 0);
    double philox = (now() - t0);
    unsigned seed = 1;
    t0 = now();
    for (long i = 0; i < n; i++)
        acc += rand_r(&seed) / ((double)RAND_MAX + 1.0);
    double crand = (now() - t0);
    printf("uniform draws  %ld each (checksum %.3f)\n", n, acc);
    printf("  rand_r (peer)              %8.1f M/s\n", n / crand / 1e6);
    printf("  sp_rng_uniform (Philox)    %8.1f M/s   (%.2fx rand_r's time)\n",
           n / philox / 1e6, philox / crand);
    free(text);
    return 0;
}
