/* crm_sync: score a CRM export with libvaluevector, in batches.
 *
 *   cc crm_sync.c $(pkg-config --cflags --libs valuevector) -o crm_sync
 *   ./crm_sync examples/portfolio.csv [--model model.json]
 *
 * The CSV has a header; `id` names the account, `segment` and `arr` are
 * carried by the CRM and not scored, every other column is a measure or
 * driver of the model. Empty cells are missing values. Prints one line per
 * account: id, each equation's score (empty when missing), and the root
 * driver of renewal (or of the last equation): what to work on.
 * A row with a cell that is not a number is reported and skipped; the exit
 * code is then 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valuevector.h>

enum { BATCH = 256, MAX_FIELDS = 256 };

/* Splits a CSV line in place into at most MAX_FIELDS fields (quotes allowed). */
static size_t split(char *line, char **fields) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        if (n == MAX_FIELDS) return n;
        char *out = p, *start = p;
        if (*p == '"') {
            p++;
            start = out = p;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"') p++; /* "" is a quote */
                *out++ = *p++;
            }
            if (*p == '"') p++;
        } else {
            while (*p && *p != ',' && *p != '\n' && *p != '\r') *out++ = *p++;
        }
        char end = *p;
        *out = '\0';
        fields[n++] = start;
        if (end != ',') return n;
        p++;
    }
}

static int fail(const char *what) {
    fprintf(stderr, "crm_sync: %s: %s\n", what, vv_last_error_message());
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s ACCOUNTS.csv [--model MODEL.json]\n", argv[0]);
        return 2;
    }
    vv_model *model = NULL;
    if (argc >= 4 && strcmp(argv[2], "--model") == 0) {
        FILE *mf = fopen(argv[3], "rb");
        if (!mf) return fprintf(stderr, "crm_sync: %s: %s\n", argv[3], strerror(errno)), 2;
        char *json = NULL;
        size_t cap = 0;
        ssize_t len = getdelim(&json, &cap, '\0', mf);
        fclose(mf);
        if (len < 0 || vv_model_from_json(json, (size_t)len, &model) != VV_OK) return free(json), fail("model");
        free(json);
    } else if (vv_model_default(&model) != VV_OK) {
        return fail("model");
    }

    FILE *in = fopen(argv[1], "r");
    if (!in) return fprintf(stderr, "crm_sync: %s: %s\n", argv[1], strerror(errno)), vv_model_free(model), 2;

    char *line = NULL, *fields[MAX_FIELDS];
    size_t cap = 0;
    if (getline(&line, &cap, in) < 0) return fprintf(stderr, "crm_sync: empty file\n"), 2;
    char *header = strdup(line);
    size_t n_fields = split(header, fields);

    /* Which CSV fields are scored, and where the id is. */
    const char *names[MAX_FIELDS];
    size_t source[MAX_FIELDS], n_cols = 0, id_field = SIZE_MAX;
    for (size_t f = 0; f < n_fields; f++) {
        if (strcmp(fields[f], "id") == 0) id_field = f;
        else if (strcmp(fields[f], "segment") != 0 && strcmp(fields[f], "arr") != 0) {
            names[n_cols] = fields[f];
            source[n_cols++] = f;
        }
    }
    if (id_field == SIZE_MAX) return fprintf(stderr, "crm_sync: no id column\n"), 2;

    size_t n_eq = 0;
    vv_model_names_count(model, VV_NAMES_EQUATIONS, &n_eq);
    if (n_eq > 16) return fprintf(stderr, "crm_sync: too many equations\n"), 2;
    size_t focus = n_eq - 1; /* renewal when the model has it, else the last equation */
    printf("id");
    for (size_t k = 0; k < n_eq; k++) {
        const char *eq = NULL;
        vv_model_names_get(model, VV_NAMES_EQUATIONS, k, &eq);
        if (strcmp(eq, "renewal") == 0) focus = k;
        printf(",%s", eq);
    }
    printf(",root_driver\n");

    double *columns[MAX_FIELDS];
    for (size_t c = 0; c < n_cols; c++) columns[c] = malloc(BATCH * sizeof(double));
    double scores[16][BATCH];
    int8_t roots[BATCH];
    double *score_ptrs[16];
    int8_t *root_ptrs[16] = {0};
    for (size_t k = 0; k < n_eq; k++) score_ptrs[k] = scores[k];
    root_ptrs[focus] = roots;
    char *ids[BATCH] = {0};
    size_t rows = 0, line_no = 1;
    int bad_rows = 0, status = 0;

    for (int more = 1; more;) {
        ssize_t got = getline(&line, &cap, in);
        more = got >= 0;
        if (more) {
            line_no++;
            if (line[0] == '\n' || line[0] == '\0') continue;
            size_t n = split(line, fields);
            int ok = n == n_fields;
            if (!ok) fprintf(stderr, "crm_sync: line %zu: %zu fields, the header has %zu\n", line_no, n, n_fields);
            for (size_t c = 0; c < n_cols && ok; c++) {
                const char *cell = fields[source[c]];
                char *end = NULL;
                columns[c][rows] = *cell ? strtod(cell, &end) : NAN;
                if (*cell && *end) {
                    fprintf(stderr, "crm_sync: line %zu: %s: '%s' is not a number\n", line_no, names[c], cell);
                    ok = 0;
                }
            }
            if (!ok) {
                bad_rows++;
                continue;
            }
            ids[rows++] = strdup(fields[id_field]);
        }
        if (rows == BATCH || (!more && rows > 0)) {
            if (vv_score_batch(model, names, (const double *const *)columns, n_cols, rows, score_ptrs, NULL, NULL,
                               root_ptrs) != VV_OK) {
                fprintf(stderr, "crm_sync: near line %zu: %s\n", line_no, vv_last_error_message());
                status = 2;
                more = 0;
            }
            for (size_t r = 0; r < rows && status == 0; r++) {
                printf("%s", ids[r]);
                for (size_t k = 0; k < n_eq; k++) isnan(scores[k][r]) ? printf(",") : printf(",%.4f", scores[k][r]);
                const char *root = "";
                if (roots[r] >= 0) vv_model_names_get(model, VV_NAMES_DRIVERS, (size_t)roots[r], &root);
                printf(",%s\n", root);
            }
            for (size_t r = 0; r < rows; r++) free(ids[r]);
            rows = 0;
        }
    }
    for (size_t c = 0; c < n_cols; c++) free(columns[c]);
    free(line);
    free(header);
    fclose(in);
    vv_model_free(model);
    if (status) return status;
    return bad_rows ? 1 : 0;
}
