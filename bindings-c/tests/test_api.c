/* The C API used as documented, and misused: every misuse gives a status
 * and a message, never a crash. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "valuevector.h"
#include "check.h"

static const char *DRIVERS[] = {"product",        "outcomes",       "enablement",     "guidance",   "relationship",
                                "need",           "realised_value", "process_change", "documented_roi", "references"};
/* The default model's equations: the three success equations, then the
 * rungs of the objectives ladder above adoption. */
enum { N_DRIVERS = sizeof DRIVERS / sizeof DRIVERS[0], EQS = 7 };

static void test_version_and_status_names(void) {
    CHECK(strlen(vv_version()) > 0, "version");
    CHECK(strcmp(vv_status_name(VV_ERROR_INPUT), "VV_ERROR_INPUT") == 0, "status name");
    CHECK(strcmp(vv_status_name(42), "VV_UNKNOWN_STATUS") == 0, "unknown status");
}

static void test_model_introspection(void) {
    vv_model *m = NULL;
    CHECK_OK(vv_model_default(&m));
    size_t n = 0;
    CHECK_OK(vv_model_names_count(m, VV_NAMES_DRIVERS, &n));
    CHECK(n == N_DRIVERS, "%d drivers, got %zu", (int)N_DRIVERS, n);
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        CHECK_OK(vv_model_names_get(m, VV_NAMES_DRIVERS, i, &name));
        CHECK(name && strcmp(name, DRIVERS[i]) == 0, "driver %zu is %s", i, name);
    }
    const char *eq = NULL;
    CHECK_OK(vv_model_names_get(m, VV_NAMES_EQUATIONS, 1, &eq));
    CHECK(strcmp(eq, "renewal") == 0, "equation 1 is %s", eq);
    CHECK_OK(vv_model_names_count(m, VV_NAMES_MEASURES, &n));
    CHECK(n >= 15, "measures: %zu", n);
    CHECK_OK(vv_model_equation_inputs_count(m, 1, &n));
    CHECK(n == 2, "renewal has 2 inputs");
    const char *input = NULL;
    CHECK_OK(vv_model_equation_input(m, 1, 1, &input));
    CHECK(strcmp(input, "relationship") == 0, "renewal's second input is %s", input);

    /* Out of range, unknown kinds, NULL: statuses, and outputs untouched. */
    const char *untouched = "untouched";
    CHECK_STATUS(vv_model_names_get(m, VV_NAMES_DRIVERS, N_DRIVERS, &untouched), VV_ERROR_OUT_OF_RANGE);
    CHECK(strcmp(untouched, "untouched") == 0, "output written on failure");
    CHECK_STATUS(vv_model_names_count(m, 99, &n), VV_ERROR_OUT_OF_RANGE);
    CHECK_STATUS(vv_model_names_count(m, -1, &n), VV_ERROR_OUT_OF_RANGE);
    CHECK_STATUS(vv_model_equation_input(m, 9, 0, &input), VV_ERROR_OUT_OF_RANGE);
    CHECK_STATUS(vv_model_names_count(NULL, VV_NAMES_DRIVERS, &n), VV_ERROR_NULL_ARGUMENT);
    CHECK(strcmp(vv_last_error_message(), "model is NULL") == 0, "message: %s", vv_last_error_message());
    CHECK_STATUS(vv_model_names_count(m, VV_NAMES_DRIVERS, NULL), VV_ERROR_NULL_ARGUMENT);

    /* A success clears the message. */
    CHECK_OK(vv_model_names_count(m, VV_NAMES_DRIVERS, &n));
    CHECK(vv_last_error_message()[0] == '\0', "cleared");

    char *json = NULL;
    CHECK_OK(vv_model_to_json(m, &json));
    vv_model *again = NULL;
    CHECK_OK(vv_model_from_json(json, strlen(json), &again));
    vv_string_free(json);
    vv_model_free(again);
    vv_model_free(m);
}

static void test_bad_models(void) {
    vv_model *m = (vv_model *)0x1; /* must stay as it is on failure */
    const char *truncated = "{\"name\": \"x\", \"drivers\": [";
    CHECK_STATUS(vv_model_from_json(truncated, strlen(truncated), &m), VV_ERROR_MODEL);
    CHECK(m == (vv_model *)0x1, "out written on failure");
    const char *bad_ref =
        "{\"name\": \"x\", \"drivers\": [{\"name\": \"a\"}], "
        "\"equations\": [{\"name\": \"renewal\", \"inputs\": [{\"ref\": \"a\"}, {\"ref\": \"trust\"}]}]}";
    CHECK_STATUS(vv_model_from_json(bad_ref, strlen(bad_ref), &m), VV_ERROR_MODEL);
    CHECK(strcmp(vv_last_error_path(), "equations.renewal.inputs[1].ref") == 0, "path %s", vv_last_error_path());
    CHECK(strstr(vv_last_error_message(), "unknown input 'trust'") != NULL, "message");
    const char bad_utf8[] = "{\"name\": \"\xff\"}";
    CHECK_STATUS(vv_model_from_json(bad_utf8, sizeof bad_utf8 - 1, &m), VV_ERROR_INVALID_UTF8);
    CHECK_STATUS(vv_model_from_json(NULL, 3, &m), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_model_from_json("{}", 2, NULL), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_model_default(NULL), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_model_to_json(NULL, NULL), VV_ERROR_NULL_ARGUMENT);
    vv_model_free(NULL);
}

static void test_score_one_account(void) {
    vv_model *m = NULL;
    vv_account *a = NULL;
    vv_result *r = NULL;
    CHECK_OK(vv_model_default(&m));
    CHECK_OK(vv_account_new(&a));
    const double values[] = {0.9, 0.8, 0.3, 0.7, 0.8, 0.5};
    for (int i = 0; i < 6; i++) CHECK_OK(vv_account_set(a, DRIVERS[i], values[i]));
    CHECK_OK(vv_score(m, a, &r));

    double adoption = 0, coverage = 0, lift = 0, driver = 0;
    CHECK_OK(vv_result_score(r, "adoption", &adoption));
    /* The geometric mean of the four adoption drivers, worked out by hand. */
    CHECK(fabs(adoption - pow(0.9 * 0.8 * 0.3 * 0.7, 0.25)) < 1e-12, "adoption %f", adoption);
    CHECK_OK(vv_result_coverage(r, "renewal", &coverage));
    CHECK(coverage == 1.0, "coverage");
    const char *band = NULL, *limiting = NULL, *root = NULL;
    CHECK_OK(vv_result_band(r, "renewal", &band));
    /* Renewal never exceeds adoption: here the cap binds. */
    CHECK(band && strcmp(band, "yellow") == 0, "band %s", band);
    double renewal = 0;
    CHECK_OK(vv_result_score(r, "renewal", &renewal));
    CHECK(renewal == adoption, "renewal %f capped by adoption %f", renewal, adoption);
    const char *cap = NULL;
    CHECK_OK(vv_result_capped_by(r, "renewal", &cap));
    CHECK(cap && strcmp(cap, "adoption") == 0, "capped by %s", cap);
    CHECK_OK(vv_result_capped_by(r, "adoption", &cap));
    CHECK(cap == NULL, "adoption has no cap, got %s", cap);
    CHECK_OK(vv_result_limiting(r, "renewal", &limiting));
    CHECK(limiting && strcmp(limiting, "adoption") == 0, "limiting %s", limiting);
    CHECK_OK(vv_result_root_driver(r, "renewal", &root));
    CHECK(root && strcmp(root, "enablement") == 0, "root %s", root);
    CHECK_OK(vv_result_lift(r, "adoption", "enablement", &lift));
    CHECK(lift > 0.2, "lift %f", lift);
    CHECK_OK(vv_result_driver(r, "need", &driver));
    CHECK(driver == 0.5, "need %f", driver);

    char *text = NULL;
    CHECK_OK(vv_result_explain(r, &text));
    CHECK(strstr(text, "renewal: 0.62 (yellow), capped by adoption; work on enablement") != NULL, "%s", text);
    vv_string_free(text);
    CHECK_OK(vv_result_to_json(r, &text));
    CHECK(strstr(text, "\"root_driver\":\"enablement\"") != NULL, "%s", text);
    vv_string_free(text);

    /* Unknown equations, inputs and drivers name what was asked. */
    CHECK_STATUS(vv_result_score(r, "churn", &adoption), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "churn") == 0, "path");
    CHECK_STATUS(vv_result_lift(r, "adoption", "need", &lift), VV_ERROR_INPUT);
    CHECK_STATUS(vv_result_driver(r, "trust", &driver), VV_ERROR_INPUT);
    CHECK_STATUS(vv_result_score(NULL, "adoption", &adoption), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_result_score(r, NULL, &adoption), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_result_band(r, "adoption", NULL), VV_ERROR_NULL_ARGUMENT);
    vv_result_free(r);

    /* Missing values: NaN is missing, and a missing outcome is NaN with no band. */
    vv_account *sparse = NULL;
    CHECK_OK(vv_account_new(&sparse));
    CHECK_OK(vv_account_set(sparse, "weekly_active_ratio", 0.4));
    CHECK_OK(vv_account_set(sparse, "nps", NAN));
    CHECK_OK(vv_score(m, sparse, &r));
    CHECK_OK(vv_result_score(r, "renewal", &adoption));
    CHECK(isnan(adoption), "missing renewal is NaN");
    band = "x";
    CHECK_OK(vv_result_band(r, "renewal", &band));
    CHECK(band == NULL, "no band for a missing outcome");
    vv_result_free(r);
    vv_account_free(sparse);

    /* Blockers weigh on their dimension's drivers. */
    const char *blocker = "Our executive sponsor left";
    CHECK_OK(vv_account_add_blocker(a, blocker, strlen(blocker), VV_SEVERITY_CRITICAL, NULL));
    CHECK_OK(vv_score(m, a, &r));
    CHECK_OK(vv_result_driver(r, "relationship", &driver));
    CHECK(fabs(driver - 0.6) < 1e-12, "penalised relationship %f", driver);
    CHECK_OK(vv_result_driver_before_blockers(r, "relationship", &driver));
    CHECK(fabs(driver - 0.8) < 1e-12, "relationship before blockers %f", driver);
    CHECK_STATUS(vv_result_driver_before_blockers(r, "trust", &driver), VV_ERROR_INPUT);
    CHECK_STATUS(vv_result_driver_before_blockers(NULL, "relationship", &driver), VV_ERROR_NULL_ARGUMENT);
    vv_result_free(r);
    CHECK_STATUS(vv_account_add_blocker(a, blocker, strlen(blocker), 7, NULL), VV_ERROR_INPUT);
    CHECK_STATUS(vv_account_add_blocker(a, blocker, strlen(blocker), VV_SEVERITY_LOW, "Network"), VV_OK);
    CHECK_STATUS(vv_score(m, a, &r), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "blockers[1].dimension") == 0, "path %s", vv_last_error_path());

    vv_account_free(a);
    vv_model_free(m);
}

static void test_bad_accounts(void) {
    vv_model *m = NULL;
    vv_account *a = NULL;
    vv_result *r = (vv_result *)0x1;
    CHECK_OK(vv_model_default(&m));

    CHECK_OK(vv_account_new(&a));
    CHECK_OK(vv_account_set(a, "nps", INFINITY));
    CHECK_STATUS(vv_score(m, a, &r), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "nps") == 0, "inf names nps: %s", vv_last_error_path());
    CHECK(r == (vv_result *)0x1, "result untouched");
    vv_account_free(a);

    CHECK_OK(vv_account_new(&a));
    CHECK_OK(vv_account_set(a, "weekly_active_ratoi", 0.4));
    CHECK_STATUS(vv_score(m, a, &r), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "weekly_active_ratoi") == 0, "unknown name: %s", vv_last_error_path());
    vv_account_free(a);

    CHECK_OK(vv_account_new(&a));
    CHECK_OK(vv_account_set(a, "product", 1.5));
    CHECK_STATUS(vv_score(m, a, &r), VV_ERROR_INPUT);
    CHECK_STATUS(vv_account_set(a, "\xc3\x28", 0.5), VV_ERROR_INVALID_UTF8);
    CHECK_STATUS(vv_account_set(a, NULL, 0.5), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_account_add_blocker(a, "\xff\xfe", 2, VV_SEVERITY_LOW, NULL), VV_ERROR_INVALID_UTF8);
    CHECK_STATUS(vv_account_add_blocker(a, "a\0b", 3, VV_SEVERITY_LOW, NULL), VV_ERROR_INVALID_UTF8);
    CHECK_STATUS(vv_score(NULL, a, &r), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_score(m, NULL, &r), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_score(m, a, NULL), VV_ERROR_NULL_ARGUMENT);
    vv_account_free(a);

    /* A freed handle set to NULL is refused, not crashed on. */
    a = NULL;
    CHECK_STATUS(vv_account_set(a, "nps", 1.0), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_account_new(NULL), VV_ERROR_NULL_ARGUMENT);
    vv_account_free(NULL);
    vv_result_free(NULL);
    vv_classification_free(NULL);
    vv_string_free(NULL);
    vv_model_free(m);
    m = NULL;
    CHECK_STATUS(vv_model_to_json(m, NULL), VV_ERROR_NULL_ARGUMENT);
}

static void test_batch(void) {
    vv_model *m = NULL;
    CHECK_OK(vv_model_default(&m));
    enum { ROWS = 5 };
    double cols[6][ROWS] = {
        {0.9, 0.5, 0.0, NAN, 1.0}, {0.8, 0.5, 0.9, 0.7, 1.0}, {0.3, 0.5, 0.9, 0.7, 1.0},
        {0.7, 0.5, 0.9, 0.7, 1.0}, {0.8, 0.5, 0.9, NAN, 1.0}, {0.5, 0.5, 0.9, NAN, 1.0},
    };
    const double *columns[6];
    for (int i = 0; i < 6; i++) columns[i] = cols[i];
    size_t n_eqs = 0;
    CHECK_OK(vv_model_names_count(m, VV_NAMES_EQUATIONS, &n_eqs));
    CHECK(n_eqs == EQS, "%d equations, got %zu", (int)EQS, n_eqs);
    double scores[EQS][ROWS];
    int8_t bands[EQS][ROWS], limiting[EQS][ROWS], roots[EQS][ROWS];
    double *score_ptrs[EQS];
    int8_t *band_ptrs[EQS], *lim_ptrs[EQS], *root_ptrs[EQS];
    for (int k = 0; k < EQS; k++)
        score_ptrs[k] = scores[k], band_ptrs[k] = bands[k], lim_ptrs[k] = limiting[k], root_ptrs[k] = roots[k];
    CHECK_OK(vv_score_batch(m, DRIVERS, columns, 6, ROWS, score_ptrs, band_ptrs, lim_ptrs, root_ptrs));

    /* Every row equals scoring it alone. */
    const char *eqs[EQS] = {"adoption", "renewal", "expansion", "value", "transformation", "roi", "advocacy"};
    for (int row = 0; row < ROWS; row++) {
        vv_account *a = NULL;
        vv_result *r = NULL;
        CHECK_OK(vv_account_new(&a));
        for (int i = 0; i < 6; i++) CHECK_OK(vv_account_set(a, DRIVERS[i], cols[i][row]));
        CHECK_OK(vv_score(m, a, &r));
        for (int k = 0; k < EQS; k++) {
            double s = 0;
            CHECK_OK(vv_result_score(r, eqs[k], &s));
            CHECK((isnan(s) && isnan(scores[k][row])) || memcmp(&s, &scores[k][row], sizeof s) == 0,
                  "row %d %s: %.17g vs %.17g", row, eqs[k], s, scores[k][row]);
            const char *root = NULL, *name = NULL;
            CHECK_OK(vv_result_root_driver(r, eqs[k], &root));
            if (roots[k][row] >= 0) CHECK_OK(vv_model_names_get(m, VV_NAMES_DRIVERS, (size_t)roots[k][row], &name));
            CHECK((root == NULL && name == NULL) || (root && name && strcmp(root, name) == 0), "root row %d", row);
        }
        vv_result_free(r);
        vv_account_free(a);
    }
    CHECK(bands[1][2] == 0 && limiting[1][2] == 0, "row 2: product 0 zeroes adoption, so renewal is red, limited by adoption");
    CHECK(bands[0][4] == 2 && limiting[0][4] == -1 && roots[0][4] == -1, "row 4 is the model customer");

    /* Outputs may be skipped; zero rows and zero columns are fine. */
    double only_renewal[ROWS];
    double *some[EQS] = {NULL, only_renewal};
    CHECK_OK(vv_score_batch(m, DRIVERS, columns, 6, ROWS, some, NULL, NULL, NULL));
    CHECK(memcmp(only_renewal, scores[1], sizeof only_renewal) == 0, "renewal alone");
    CHECK_OK(vv_score_batch(m, DRIVERS, columns, 6, 0, score_ptrs, NULL, NULL, NULL));
    CHECK_OK(vv_score_batch(m, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL));
    /* No column: every value is missing, and every row says so. */
    for (int k = 0; k < EQS; k++)
        for (int row = 0; row < ROWS; row++) scores[k][row] = 0.5, bands[k][row] = 9;
    CHECK_OK(vv_score_batch(m, NULL, NULL, 0, ROWS, score_ptrs, band_ptrs, NULL, NULL));
    for (int k = 0; k < EQS; k++)
        for (int row = 0; row < ROWS; row++)
            CHECK(isnan(scores[k][row]) && bands[k][row] == -1, "no column: %s row %d", eqs[k], row);

    /* Absurd sizes are refused before anything is allocated or read. */
    size_t names_known = 0, n_measures = 0;
    CHECK_OK(vv_model_names_count(m, VV_NAMES_DRIVERS, &names_known));
    CHECK_OK(vv_model_names_count(m, VV_NAMES_MEASURES, &n_measures));
    names_known += n_measures;
    /* One more than the drivers and measures together. */
    const size_t sizes[] = {(size_t)1 << 40, SIZE_MAX, names_known + 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        CHECK_STATUS(vv_score_batch(m, DRIVERS, columns, sizes[i], ROWS, score_ptrs, NULL, NULL, NULL),
                     VV_ERROR_OUT_OF_RANGE);
        CHECK(strcmp(vv_last_error_path(), "n_columns") == 0, "n_columns %zu: %s", sizes[i], vv_last_error_message());
    }
    const size_t rows[] = {(size_t)1 << 62, SIZE_MAX, SIZE_MAX / 8 + 1};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        CHECK_STATUS(vv_score_batch(m, DRIVERS, columns, 6, rows[i], score_ptrs, NULL, NULL, NULL),
                     VV_ERROR_OUT_OF_RANGE);
        CHECK(strcmp(vv_last_error_path(), "n_rows") == 0, "n_rows %zu: %s", rows[i], vv_last_error_message());
    }
    vv_classification *big = NULL;
    CHECK_STATUS(vv_classify(m, "text", SIZE_MAX, &big), VV_ERROR_OUT_OF_RANGE);
    CHECK(big == NULL, "no classification on failure");

    /* Errors name the column. */
    const char *bad_names[] = {"product", "trust"};
    CHECK_STATUS(vv_score_batch(m, bad_names, columns, 2, ROWS, score_ptrs, NULL, NULL, NULL), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "trust") == 0, "unknown column: %s", vv_last_error_path());
    double with_inf[ROWS] = {10, INFINITY, 20, 30, 40};
    const double *inf_col[] = {with_inf};
    const char *nps[] = {"nps"};
    CHECK_STATUS(vv_score_batch(m, nps, inf_col, 1, ROWS, score_ptrs, NULL, NULL, NULL), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "nps") == 0 && strstr(vv_last_error_message(), "row 1"), "inf: %s",
          vv_last_error_message());
    const char *twice[] = {"nps", "nps"};
    const double *two[] = {with_inf, with_inf};
    CHECK_STATUS(vv_score_batch(m, twice, two, 2, 1, score_ptrs, NULL, NULL, NULL), VV_ERROR_INPUT);
    const double *null_col[] = {NULL};
    CHECK_STATUS(vv_score_batch(m, nps, null_col, 1, ROWS, score_ptrs, NULL, NULL, NULL), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_score_batch(m, NULL, columns, 1, ROWS, score_ptrs, NULL, NULL, NULL), VV_ERROR_NULL_ARGUMENT);
    const char *bad_utf8[] = {"\xff"};
    CHECK_STATUS(vv_score_batch(m, bad_utf8, columns, 1, ROWS, NULL, NULL, NULL, NULL), VV_ERROR_INVALID_UTF8);
    CHECK_STATUS(vv_score_batch(NULL, DRIVERS, columns, 6, ROWS, NULL, NULL, NULL, NULL), VV_ERROR_NULL_ARGUMENT);
    vv_model_free(m);
}

static void test_json_and_classify(void) {
    vv_model *m = NULL;
    CHECK_OK(vv_model_default(&m));
    const char *accounts = "[{\"id\": \"acme\", \"arr\": 120000, \"product\": 0.8, \"weekly_active_ratio\": 0.4}]";
    char *out = NULL;
    CHECK_OK(vv_score_json(m, accounts, strlen(accounts), &out));
    CHECK(out && strncmp(out, "[{\"id\":\"acme\",\"arr\":120000.0,\"drivers\":", 38) == 0, "%s", out);
    vv_string_free(out);
    const char *truncated = "[{\"id\": \"acme\", \"pro";
    out = NULL;
    CHECK_STATUS(vv_score_json(m, truncated, strlen(truncated), &out), VV_ERROR_INPUT);
    CHECK(out == NULL, "no output on failure");
    const char *bad = "[{\"id\": \"a\"}, {\"id\": \"b\", \"nps\": \"inf\"}]";
    CHECK_STATUS(vv_score_json(m, bad, strlen(bad), &out), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "[1].nps") == 0, "path %s", vv_last_error_path());
    CHECK_STATUS(vv_score_json(m, NULL, 0, &out), VV_ERROR_NULL_ARGUMENT);

    vv_classification *c = NULL;
    const char *text = "Our executive sponsor left after the reorg";
    CHECK_OK(vv_classify(m, text, strlen(text), &c));
    const char *dim = NULL, *word = NULL;
    double confidence = 0;
    size_t n = 0;
    CHECK_OK(vv_classification_dimension(c, &dim));
    CHECK(strcmp(dim, "People") == 0, "dimension %s", dim);
    CHECK_OK(vv_classification_confidence(c, &confidence));
    CHECK(confidence > 0.9 && confidence <= 1.0, "confidence %f", confidence);
    CHECK_OK(vv_classification_matched_count(c, &n));
    CHECK(n == 3, "matched %zu", n);
    CHECK_OK(vv_classification_matched(c, 1, &word));
    CHECK(strcmp(word, "sponsor") == 0, "word %s", word);
    CHECK_STATUS(vv_classification_matched(c, 3, &word), VV_ERROR_OUT_OF_RANGE);
    vv_classification_free(c);
    c = NULL;
    CHECK_OK(vv_classify(m, "", 0, &c));
    CHECK_OK(vv_classification_dimension(c, &dim));
    CHECK(strcmp(dim, "unclassified") == 0, "empty text is unclassified");
    vv_classification_free(c);
    CHECK_STATUS(vv_classify(m, "\xff", 1, &c), VV_ERROR_INVALID_UTF8);
    CHECK_STATUS(vv_classify(m, NULL, 1, &c), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_classification_dimension(NULL, &dim), VV_ERROR_NULL_ARGUMENT);

    const char *rows = "[{\"account\": \"a\", \"arr\": 10, \"text\": \"sponsor left\", \"severity\": \"high\"}]";
    CHECK_OK(vv_rollup_json(m, rows, strlen(rows), &out));
    CHECK(strstr(out, "\"dimension\":\"People\"") != NULL, "%s", out);
    vv_string_free(out);
    const char *before = "{\"product\": 0.5}", *after = "{\"product\": 0.8}";
    CHECK_OK(vv_progress_json(m, before, strlen(before), after, strlen(after), 30.0, &out));
    CHECK(strstr(out, "\"direction\":\"evolving\"") != NULL, "%s", out);
    vv_string_free(out);
    CHECK_STATUS(vv_progress_json(m, before, strlen(before), after, strlen(after), 0.0, &out), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "days") == 0, "days");
    vv_model_free(m);
}

/* A model calibrated on outcomes reports a probability beside the score. */
static void test_calibrated_probability(void) {
    const char *json =
        "{\"name\": \"c\", \"drivers\": [{\"name\": \"a\"}, {\"name\": \"b\"}],"
        " \"equations\": [{\"name\": \"e\", \"inputs\": [{\"ref\": \"a\", \"weight\": 3}, {\"ref\": \"b\"}],"
        " \"calibration\": {\"intercept\": 1.5, \"slope\": 4}},"
        " {\"name\": \"f\", \"inputs\": [{\"ref\": \"e\"}, {\"ref\": \"b\"}]}]}";
    vv_model *m = NULL;
    vv_account *a = NULL;
    vv_result *r = NULL;
    CHECK_OK(vv_model_from_json(json, strlen(json), &m));
    CHECK_OK(vv_account_new(&a));
    CHECK_OK(vv_account_set(a, "a", 0.8));
    CHECK_OK(vv_account_set(a, "b", 0.6));
    CHECK_OK(vv_score(m, a, &r));
    double score = 0, p = 0;
    CHECK_OK(vv_result_score(r, "e", &score));
    CHECK_OK(vv_result_probability(r, "e", &p));
    /* sigma(1.5 + 4 ln score), worked out here. */
    double want = 1.0 / (1.0 + exp(-(1.5 + 4.0 * log(score))));
    CHECK(fabs(p - want) < 1e-12, "probability %f, want %f", p, want);
    CHECK_OK(vv_result_probability(r, "f", &p));
    CHECK(isnan(p), "an uncalibrated equation has no probability");
    CHECK_STATUS(vv_result_probability(r, "g", &p), VV_ERROR_INPUT);
    CHECK_STATUS(vv_result_probability(r, "e", NULL), VV_ERROR_NULL_ARGUMENT);
    vv_result_free(r);
    vv_account_free(a);
    vv_model_free(m);
}

/* Account plans through vv_plan_json: the report, and errors that name
 * the field; NULL anywhere is refused. */
static void test_plan_json(void) {
    vv_model *m = NULL;
    CHECK_OK(vv_model_default(&m));
    const char *plans = "[{\"account\": \"A1\", \"inception\": \"2026-01-01\","
                        " \"steps\": [{\"text\": \"Admin training for the new team\", \"due\": \"2026-03-01\"}]}]";
    const char *accounts = "[{\"id\": \"A1\", \"arr\": 100, \"product\": 0.8, \"outcomes\": 0.1,"
                           " \"enablement\": 0.1, \"guidance\": 0.1, \"relationship\": 0.9, \"need\": 0.9}]";
    char *out = NULL;
    CHECK_OK(vv_plan_json(m, plans, strlen(plans), accounts, strlen(accounts), "2026-06-01", &out));
    CHECK(out && strstr(out, "\"path_to_green\":{\"adoption\":") != NULL, "%s", out);
    CHECK(strstr(out, "\"mode\":\"guided\"") != NULL, "%s", out);
    CHECK(strstr(out, "\"overdue_steps\":[0]") != NULL, "%s", out);
    vv_string_free(out);
    out = NULL;
    const char *bad = "[{\"account\": \"A1\", \"inception\": \"2026-02-30\"}]";
    CHECK_STATUS(vv_plan_json(m, bad, strlen(bad), accounts, strlen(accounts), "2026-06-01", &out), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "plans[0].inception") == 0, "path %s", vv_last_error_path());
    CHECK(out == NULL, "no output on failure");
    CHECK_STATUS(vv_plan_json(m, plans, strlen(plans), accounts, strlen(accounts), "June", &out), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "as_of") == 0, "path %s", vv_last_error_path());
    CHECK_STATUS(vv_plan_json(m, plans, strlen(plans), accounts, strlen(accounts), NULL, &out), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_plan_json(m, NULL, 0, accounts, strlen(accounts), "2026-06-01", &out), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_plan_json(NULL, plans, strlen(plans), accounts, strlen(accounts), "2026-06-01", &out),
                 VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_plan_json(m, plans, strlen(plans), accounts, strlen(accounts), "2026-06-01", NULL),
                 VV_ERROR_NULL_ARGUMENT);
    vv_model_free(m);
}

/* The worklist through vv_worklist_json: accounts ranked by ARR at stake,
 * errors that name the row, NULL refused. */
static void test_worklist_json(void) {
    vv_model *m = NULL;
    CHECK_OK(vv_model_default(&m));
    const char *request =
        "{\"history\": ["
        "{\"id\": \"a\", \"arr\": 100, \"as_of\": \"2026-01-01\", \"product\": 0.9, \"relationship\": 0.2},"
        "{\"id\": \"b\", \"arr\": 300, \"as_of\": \"2026-01-01\", \"product\": 0.9, \"relationship\": 0.2},"
        "{\"id\": \"a\", \"arr\": 100, \"as_of\": \"2026-02-01\", \"product\": 0.9, \"relationship\": 0.25}]}";
    char *out = NULL;
    CHECK_OK(vv_worklist_json(m, request, strlen(request), &out));
    /* b has more ARR at stake, so it comes first; a has two snapshots. */
    const char *b = out ? strstr(out, "\"id\":\"b\"") : NULL, *a = out ? strstr(out, "\"id\":\"a\"") : NULL;
    CHECK(a && b && b < a, "%s", out);
    CHECK(strstr(out, "\"snapshots\":2") != NULL, "%s", out);
    vv_string_free(out);
    out = NULL;
    const char *bad = "{\"history\": [{\"id\": \"a\", \"as_of\": \"2026-02-30\"}]}";
    CHECK_STATUS(vv_worklist_json(m, bad, strlen(bad), &out), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "history[0].as_of") == 0, "path %s", vv_last_error_path());
    CHECK(out == NULL, "no output on failure");
    CHECK_STATUS(vv_worklist_json(m, NULL, 0, &out), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_worklist_json(NULL, request, strlen(request), &out), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_worklist_json(m, request, strlen(request), NULL), VV_ERROR_NULL_ARGUMENT);
    vv_model_free(m);
}

static void test_bundles(void) {
    const char *text =
        "{\"by\": \"id\", \"models\": {\"x\": \"default\"}, \"otherwise\": \"default\"}";
    vv_bundle *b = NULL;
    CHECK_OK(vv_bundle_from_json(text, strlen(text), &b));
    const char *accounts = "[{\"id\": \"x\", \"product\": 0.9}, {\"id\": \"y\"}]";
    char *out = NULL;
    CHECK_OK(vv_bundle_score_json(b, accounts, strlen(accounts), &out));
    CHECK(out && strstr(out, "\"model\":\"default\"") != NULL, "%s", out);
    vv_string_free(out);
    out = NULL;
    const char *bad = "[{\"id\": \"x\"}, {\"id\": \"y\", \"product\": \"high\"}]";
    CHECK_STATUS(vv_bundle_score_json(b, bad, strlen(bad), &out), VV_ERROR_INPUT);
    CHECK(strcmp(vv_last_error_path(), "[1].product") == 0, "path %s", vv_last_error_path());
    CHECK(out == NULL, "no output on failure");
    CHECK_OK(vv_bundle_to_json(b, &out));
    CHECK(out && strstr(out, "\"by\": \"id\"") != NULL, "%s", out);
    vv_string_free(out);
    out = NULL;
    CHECK_STATUS(vv_bundle_score_json(NULL, accounts, strlen(accounts), &out), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_bundle_worklist_json(b, NULL, 0, &out), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_bundle_to_json(b, NULL), VV_ERROR_NULL_ARGUMENT);
    const char *clusters = "{\"accounts\": [{\"id\": \"x\", \"product\": 0.9}, {\"id\": \"y\", \"product\": 0.1}], \"k\": 2}";
    CHECK_OK(vv_bundle_clusters_json(b, clusters, strlen(clusters), &out));
    CHECK(out && strstr(out, "\"ids\":[\"x\"]") != NULL && strstr(out, "\"ids\":[\"y\"]") != NULL, "%s", out);
    vv_string_free(out);
    out = NULL;
    CHECK_STATUS(vv_bundle_clusters_json(b, clusters, strlen(clusters), NULL), VV_ERROR_NULL_ARGUMENT);
    vv_bundle_free(b);
    vv_bundle_free(NULL);
    /* The library reads no files: a path is refused by name. */
    const char *path = "{\"by\": \"segment\", \"models\": {\"smb\": \"smb.json\"}, \"otherwise\": \"default\"}";
    b = NULL;
    CHECK_STATUS(vv_bundle_from_json(path, strlen(path), &b), VV_ERROR_MODEL);
    CHECK(strcmp(vv_last_error_path(), "models.smb") == 0, "path %s", vv_last_error_path());
    CHECK(b == NULL, "no bundle on failure");
    CHECK_STATUS(vv_bundle_from_json(NULL, 0, &b), VV_ERROR_NULL_ARGUMENT);
    CHECK_STATUS(vv_bundle_from_json(text, strlen(text), NULL), VV_ERROR_NULL_ARGUMENT);
}

int main(void) {
    test_version_and_status_names();
    test_model_introspection();
    test_bad_models();
    test_score_one_account();
    test_bad_accounts();
    test_batch();
    test_json_and_classify();
    test_calibrated_probability();
    test_plan_json();
    test_worklist_json();
    test_bundles();
    return finish("c api");
}
