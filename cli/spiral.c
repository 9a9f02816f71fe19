/*
 * spiral.c - the command-line program: one table of verbs, one table of
 * options; both drive parsing, arity checks and --help. Each verb is a
 * short function that calls the library and maps its status to an exit
 * code. Nothing here models anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ------------------------------------------------------------ */

enum { ARG_NONE, ARG_STRING, ARG_INT };

typedef struct option_def {
    const char *name;
    int arg;
    const char *metavar;
    const char *help;
} option_def;

enum {
    O_SET, O_JSON, O_QUIET, O_VERBOSE, O_MARKDOWN, O_DB, O_OUTPUT, O_HELP,
    N_OPTIONS
};

static const option_def options[N_OPTIONS] = {
    [O_SET] = {"--set", ARG_STRING, "PATH=VALUE",
               "override one scenario value (repeatable; grammar in "
               "docs/SCENARIO.md)"},
    [O_JSON] = {"--json", ARG_NONE, NULL, "machine-readable output on stdout"},
    [O_QUIET] = {"--quiet", ARG_NONE, NULL, "no progress output"},
    [O_VERBOSE] = {"--verbose", ARG_NONE, NULL, "more detail on stderr"},
    [O_MARKDOWN] = {"--markdown", ARG_NONE, NULL, "Markdown output"},
    [O_DB] = {"--db", ARG_STRING, "FILE", "results database"},
    [O_OUTPUT] = {"-o", ARG_STRING, "FILE", "output file"},
    [O_HELP] = {"--help", ARG_NONE, NULL, "this help"},
};

#define OPT(o) (1u << (o))

/* ---- verbs ---------------------------------------------------------------- */

typedef int (*verb_fn)(const cli_opts *o);

typedef struct verb_def {
    const char *name;
    const char *args;   /* positional arguments, for usage */
    int min_args, max_args;
    unsigned opts;      /* accepted options besides --help */
    const char *summary;
    const char *details;
    verb_fn fn;
} verb_def;

static int verb_check(const cli_opts *o);
static int verb_ls(const cli_opts *o);
static int verb_params(const cli_opts *o);

static const verb_def verbs[] = {
    {"check", "SCENARIO", 1, 1, OPT(O_SET) | OPT(O_JSON),
     "validate a scenario; print the resolved model with the source of "
     "every value, its uncertain parameters and warnings",
     "Exit 0 if the scenario is valid, 1 with a located error if not.",
     verb_check},
    {"ls", "DB", 1, 1, OPT(O_JSON),
     "list what a results database holds (ids, kinds, scenarios, dates, "
     "run counts)",
     "Exit 1 if DB is missing or not a spiral database.", verb_ls},
    {"params", "", 0, 0, OPT(O_MARKDOWN),
     "print the parameter tables as Markdown (the reference part of "
     "docs/SCENARIO.md); Markdown is the only format so far",
     NULL, verb_params},
};
#define N_VERBS (sizeof verbs / sizeof verbs[0])

static const verb_def *find_verb(const char *name)
{
    for (size_t i = 0; i < N_VERBS; i++)
        if (strcmp(verbs[i].name, name) == 0)
            return &verbs[i];
    return NULL;
}

static void usage_line(FILE *f, const verb_def *v)
{
    fprintf(f, "usage: spiral %s%s%s", v->name, v->args[0] ? " " : "",
            v->args);
    for (int i = 0; i < N_OPTIONS; i++)
        if (v->opts & OPT(i))
            fprintf(f, " [%s%s%s]", options[i].name,
                    options[i].metavar ? " " : "",
                    options[i].metavar ? options[i].metavar : "");
    fputc('\n', f);
}

static void verb_help(const verb_def *v)
{
    usage_line(stdout, v);
    printf("\n%s.\n", v->summary);
    if (v->details)
        printf("%s\n", v->details);
    printf("\noptions:\n");
    for (int i = 0; i < N_OPTIONS; i++) {
        if (!((v->opts | OPT(O_HELP)) & OPT(i)))
            continue;
        char flag[64];
        snprintf(flag, sizeof flag, "%s%s%s", options[i].name,
                 options[i].metavar ? " " : "",
                 options[i].metavar ? options[i].metavar : "");
        printf("  %-22s %s\n", flag, options[i].help);
    }
}

static void main_help(void)
{
    printf("spiral %s - simulate a regional security system and test the "
           "policies meant to make it safer\n\nusage: spiral VERB [ARGS] "
           "[OPTIONS]\n       spiral VERB --help\n       spiral --version"
           "\n\nverbs:\n", sp_version());
    for (size_t i = 0; i < N_VERBS; i++)
        printf("  %-8s %s\n", verbs[i].name, verbs[i].summary);
    printf("\nexit codes: 0 ok, 1 bad input, 2 runtime failure, 3 a check "
           "failed\nmore: man spiral, docs/CLI.md\n");
}

/* ---- parsing ---------------------------------------------------------------- */

static int bad_usage(const verb_def *v, const char *fmt, const char *arg)
{
    fprintf(stderr, "spiral: error: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    if (v) {
        usage_line(stderr, v);
        fprintf(stderr, "try 'spiral %s --help'\n", v->name);
    } else
        fprintf(stderr, "try 'spiral --help'\n");
    return EXIT_BAD_INPUT;
}

static int find_option(const char *arg)
{
    for (int i = 0; i < N_OPTIONS; i++)
        if (strcmp(options[i].name, arg) == 0)
            return i;
    return -1;
}

static int store_option(cli_opts *o, int opt, const char *val)
{
    switch (opt) {
    case O_SET:
        if (o->n_sets == MAX_SETS)
            return -1;
        o->sets[o->n_sets++] = val;
        return 0;
    case O_JSON: o->json = true; return 0;
    case O_QUIET: o->quiet = true; return 0;
    case O_VERBOSE: o->verbose = true; return 0;
    case O_MARKDOWN: o->markdown = true; return 0;
    case O_DB: o->db = val; return 0;
    case O_OUTPUT: o->output = val; return 0;
    case O_HELP: o->help = true; return 0;
    default: return -1;
    }
}

static int parse_args(const verb_def *v, int argc, char **argv, cli_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (o->n_positional == MAX_POSITIONAL)
                return bad_usage(v, "too many arguments%s", "");
            o->positional[o->n_positional++] = a;
            continue;
        }
        int opt = find_option(a);
        if (opt < 0 || (opt != O_HELP && !(v->opts & OPT(opt))))
            return bad_usage(v, opt < 0 ? "unknown option '%s'"
                             : "option '%s' does not apply to this verb", a);
        const char *val = NULL;
        if (options[opt].arg != ARG_NONE) {
            if (i + 1 >= argc)
                return bad_usage(v, "option '%s' needs a value", a);
            val = argv[++i];
        }
        if (store_option(o, opt, val) != 0)
            return bad_usage(v, "too many uses of '%s'", a);
    }
    if (o->help)
        return EXIT_OK;
    if (o->n_positional < v->min_args)
        return bad_usage(v, "missing argument %s", v->args);
    if (o->n_positional > v->max_args)
        return bad_usage(v, "unexpected argument '%s'",
                         o->positional[v->max_args]);
    return EXIT_OK;
}

/* ---- verbs ---------------------------------------------------------------- */

static int verb_check(const cli_opts *o)
{
    sp_error err = {0};
    sp_scenario *s = NULL;
    int rc = sp_scenario_load(o->positional[0], o->sets, (size_t)o->n_sets,
                              &s, &err);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    rc = sp_scenario_describe(s, stdout, o->json, &err);
    sp_scenario_free(s);
    if (rc) {
        cli_print_error(&err);
        return EXIT_RUNTIME; /* writing the output failed */
    }
    return cli_flush_stdout();
}

static int verb_ls(const cli_opts *o)
{
    sp_error err = {0};
    sp_store *st = NULL;
    int rc = sp_store_open(o->positional[0], SP_STORE_READONLY, &st, &err);
    if (!rc)
        rc = sp_store_list(st, stdout, o->json, &err);
    sp_store_close(st);
    if (rc) {
        cli_print_error(&err);
        return cli_exit_code(rc);
    }
    return cli_flush_stdout();
}

static int verb_params(const cli_opts *o)
{
    sp_error err = {0};
    int rc = sp_params_markdown(stdout, &err);
    if (rc) {
        cli_print_error(&err);
        return EXIT_RUNTIME;
    }
    return cli_flush_stdout();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        main_help();
        return EXIT_BAD_INPUT;
    }
    const char *verb = argv[1];
    if (!strcmp(verb, "--version") || !strcmp(verb, "version")) {
        printf("spiral %s\n", sp_version_full());
        return cli_flush_stdout();
    }
    if (!strcmp(verb, "--help") || !strcmp(verb, "-h") ||
        !strcmp(verb, "help")) {
        main_help();
        return EXIT_OK;
    }
    const verb_def *v = find_verb(verb);
    if (!v)
        return bad_usage(NULL, "unknown verb '%s'", verb);
    cli_opts o = {0};
    int rc = parse_args(v, argc - 2, argv + 2, &o);
    if (rc != EXIT_OK)
        return rc;
    if (o.help) {
        verb_help(v);
        return EXIT_OK;
    }
    return v->fn(&o);
}
