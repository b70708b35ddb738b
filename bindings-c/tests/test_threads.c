/* Four threads scoring with one shared model at once give the same results
 * as one thread. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "valuevector.h"
#include "check.h"

enum { ROWS = 20000, THREADS = 4, ROUNDS = 5 };
static const char *NAMES[] = {"weekly_active_ratio", "open_critical_bugs", "onboarding_completion",
                              "days_since_csm_touch", "nps", "champion_count", "expansion_intent", "outcomes"};
enum { COLS = sizeof NAMES / sizeof NAMES[0] };

static double data[COLS][ROWS];
/* The default model has seven equations; renewal is the second. */
enum { EQS = 7 };
static double reference[EQS][ROWS];
static const vv_model *shared;

static void fill(void) {
    uint64_t s = 12345;
    for (int c = 0; c < COLS; c++)
        for (int r = 0; r < ROWS; r++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(s >> 11) / 9007199254740992.0;
            data[c][r] = u < 0.1 ? NAN : (c == 1 ? floor(u * 6) : c == 3 ? u * 90 : c == 4 ? u * 200 - 100 : c == 5 ? floor(u * 4) : u);
        }
}

static int score_all(double out[EQS][ROWS]) {
    const double *cols[COLS];
    for (int c = 0; c < COLS; c++) cols[c] = data[c];
    double *ptrs[EQS];
    for (int k = 0; k < EQS; k++) ptrs[k] = out[k];
    return vv_score_batch(shared, NAMES, cols, COLS, ROWS, ptrs, NULL, NULL, NULL);
}

/* Each thread scores the batch several times and some accounts one by one. */
static void *worker(void *arg) {
    (void)arg;
    double (*mine)[ROWS] = malloc(sizeof(double[EQS][ROWS]));
    intptr_t bad = 0;
    for (int round = 0; round < ROUNDS && !bad; round++) {
        if (score_all(mine) != VV_OK || memcmp(mine, reference, sizeof reference) != 0) bad = 1;
        for (int r = round; r < ROWS && !bad; r += 997) {
            vv_account *a = NULL;
            vv_result *res = NULL;
            vv_account_new(&a);
            for (int c = 0; c < COLS; c++) vv_account_set(a, NAMES[c], data[c][r]);
            double renewal = 0;
            if (vv_score(shared, a, &res) != VV_OK || vv_result_score(res, "renewal", &renewal) != VV_OK) bad = 1;
            else if (!(isnan(renewal) && isnan(reference[1][r])) && memcmp(&renewal, &reference[1][r], sizeof renewal) != 0) bad = 1;
            vv_result_free(res);
            vv_account_free(a);
        }
    }
    free(mine);
    return (void *)bad;
}

int main(void) {
    vv_model *m = NULL;
    CHECK_OK(vv_model_default(&m));
    shared = m;
    fill();
    CHECK_OK(score_all(reference));
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) CHECK(pthread_create(&threads[t], NULL, worker, NULL) == 0, "start");
    for (int t = 0; t < THREADS; t++) {
        void *bad = NULL;
        pthread_join(threads[t], &bad);
        CHECK(bad == NULL, "thread %d agrees with one thread", t);
    }
    vv_model_free(m);
    return finish("c threads");
}
