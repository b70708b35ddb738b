/* A tiny test harness: CHECK records a pass or a failure with its place;
 * finish() prints "N passed, M failed" and gives the exit code. */
#ifndef VV_CHECK_H
#define VV_CHECK_H

#include <stdio.h>
#include <string.h>

static int checks_passed = 0;
static int checks_failed = 0;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            checks_passed++;                                               \
        } else {                                                           \
            checks_failed++;                                               \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,         \
                    __LINE__, #cond);                                      \
            fprintf(stderr, __VA_ARGS__);                                  \
            fprintf(stderr, " (last error: %s)\n", vv_last_error_message()); \
        }                                                                  \
    } while (0)

#define CHECK_STATUS(call, want) \
    CHECK((call) == (want), "%s", #call " should give " #want)

#define CHECK_OK(call) CHECK_STATUS(call, VV_OK)

static int finish(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, checks_passed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}

#endif
