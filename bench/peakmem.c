/*
 * peakmem.c - run a command and print its wall time and peak resident
 * memory (getrusage of the child), for bench/run.sh.
 * usage: peakmem COMMAND [ARGS...]
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: peakmem COMMAND [ARGS...]\n");
        return 1;
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("peakmem: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
        perror("peakmem");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double t = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    fprintf(stderr, "%.3f %ld\n", t, ru.ru_maxrss); /* seconds, KiB */
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
