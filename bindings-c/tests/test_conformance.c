/* Every conformance vector through the C API, numbers to the bit.
 * Usage: test_conformance FILE.json...
 * A batch case whose columns differ in length cannot be put to the C API
 * (one n_rows for all columns): it is reported as not applicable. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "valuevector.h"
#include "check.h"

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

/* Deep equality; numbers compared as the bits of their doubles. */
static int same(const cJSON *a, const cJSON *b) {
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) return memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)) == 0;
    if (cJSON_IsString(a) && cJSON_IsString(b)) return strcmp(a->valuestring, b->valuestring) == 0;
    if (cJSON_IsNull(a) || cJSON_IsBool(a)) return a->type == b->type;
    if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
        if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) return 0;
        for (const cJSON *x = a->child, *y = b->child; x; x = x->next, y = y->next)
            if (!same(x, y)) return 0;
        return 1;
    }
    if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
        if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) return 0;
        for (const cJSON *x = a->child; x; x = x->next) {
            const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
            if (!y || !same(x, y)) return 0;
        }
        return 1;
    }
    return 0;
}

/* The outcome of a call: a JSON value, or an error as {kind, path}. */
static cJSON *error_json(vv_status s) {
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", s == VV_ERROR_MODEL ? "model" : s == VV_ERROR_INPUT ? "input" : vv_status_name(s));
    cJSON_AddStringToObject(e, "path", vv_last_error_path());
    return e;
}

static cJSON *from_owned(vv_status s, char *out) {
    if (s != VV_OK) return error_json(s);
    cJSON *v = cJSON_Parse(out);
    vv_string_free(out);
    return v;
}

/* `value` printed as JSON with every number to 17 significant digits:
 * cJSON prints the shortest text within an epsilon, which can lose the last
 * bit (0.30000000000000004 prints as 0.3). */
static char *print_exact(const cJSON *value) {
    cJSON *copy = cJSON_Duplicate(value, 1);
    cJSON *stack[64];
    int depth = 0;
    stack[depth++] = copy;
    while (depth > 0) {
        cJSON *item = stack[--depth];
        for (cJSON *child = item->child; child; child = child->next) {
            if (cJSON_IsNumber(child) && isfinite(child->valuedouble)) {
                char digits[32];
                snprintf(digits, sizeof digits, "%.17g", child->valuedouble);
                cJSON *raw = cJSON_CreateRaw(digits);
                if (cJSON_IsObject(item))
                    cJSON_ReplaceItemInObjectCaseSensitive(item, child->string, raw);
                else
                    cJSON_ReplaceItemViaPointer(item, child, raw);
                child = raw;
            } else if (child->child && depth < 64) {
                stack[depth++] = child;
            }
        }
    }
    char *text = cJSON_PrintUnformatted(copy);
    cJSON_Delete(copy);
    return text;
}

/* Runs `call` on the printed JSON of `input`. */
typedef vv_status (*json_fn)(const vv_model *, const char *, size_t, char **);
static cJSON *via_json(json_fn call, const vv_model *m, const cJSON *input) {
    char *text = print_exact(input);
    char *out = NULL;
    vv_status s = call(m, text, strlen(text), &out);
    cJSON_free(text);
    return from_owned(s, out);
}

/* `score` through vv_score_json: the account alone in an array, its error
 * path without the "[0]" the array adds. */
static cJSON *score_case(const vv_model *m, const cJSON *account) {
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemReferenceToArray(list, (cJSON *)account);
    char *text = print_exact(list);
    cJSON_Delete(list);
    char *out = NULL;
    vv_status s = vv_score_json(m, text, strlen(text), &out);
    cJSON_free(text);
    if (s != VV_OK) {
        cJSON *e = error_json(s);
        const char *path = vv_last_error_path();
        if (strncmp(path, "[0]", 3) == 0) path += path[3] == '.' ? 4 : 3;
        cJSON_ReplaceItemInObject(e, "path", cJSON_CreateString(path));
        return e;
    }
    cJSON *all = cJSON_Parse(out);
    vv_string_free(out);
    cJSON *one = cJSON_DetachItemFromArray(all, 0);
    cJSON_Delete(all);
    return one;
}

/* The same account through vv_account_set and vv_score, checked field by
 * field against the expected report (accounts of plain numbers only). */
static void check_accessors(const vv_model *m, const cJSON *account, const cJSON *want, const char *name) {
    vv_account *a = NULL;
    vv_account_new(&a);
    for (const cJSON *f = account->child; f; f = f->next) {
        /* id, arr and segment travel with JSON only; vv_account holds values. */
        if (!strcmp(f->string, "id") || !strcmp(f->string, "arr") || !strcmp(f->string, "segment")) continue;
        if (cJSON_IsNumber(f)) vv_account_set(a, f->string, f->valuedouble);
        else if (cJSON_IsNull(f)) vv_account_set(a, f->string, NAN);
        else if (cJSON_IsBool(f)) vv_account_set(a, f->string, cJSON_IsTrue(f) ? 1.0 : 0.0);
        else if (cJSON_IsString(f)) vv_account_set(a, f->string, strtod(f->valuestring, NULL));
        else if (!cJSON_IsString(f)) { vv_account_free(a); return; } /* blockers: JSON only */
    }
    vv_result *r = NULL;
    vv_status s = vv_score(m, a, &r);
    const cJSON *want_error = cJSON_GetObjectItem(want, "kind");
    if (want_error) {
        CHECK(s != VV_OK && strcmp(vv_last_error_path(), cJSON_GetObjectItem(want, "path")->valuestring) == 0,
              "%s (accessors): error path %s", name, vv_last_error_path());
    } else {
        CHECK(s == VV_OK, "%s (accessors)", name);
        size_t n = 0;
        vv_model_names_count(m, VV_NAMES_EQUATIONS, &n);
        for (size_t k = 0; k < n && s == VV_OK; k++) {
            const char *eq = NULL, *band = NULL, *lim = NULL, *root = NULL;
            double score = 0, coverage = 0;
            vv_model_names_get(m, VV_NAMES_EQUATIONS, k, &eq);
            const cJSON *w = cJSON_GetObjectItem(want, eq);
            vv_result_score(r, eq, &score);
            vv_result_coverage(r, eq, &coverage);
            vv_result_band(r, eq, &band);
            vv_result_limiting(r, eq, &lim);
            vv_result_root_driver(r, eq, &root);
            const cJSON *ws = cJSON_GetObjectItem(w, "score");
            CHECK(cJSON_IsNull(ws) ? isnan(score) : memcmp(&score, &ws->valuedouble, sizeof score) == 0,
                  "%s %s score %.17g", name, eq, score);
            CHECK(memcmp(&coverage, &cJSON_GetObjectItem(w, "coverage")->valuedouble, sizeof coverage) == 0, "%s %s coverage", name, eq);
            const char *parts[] = {"band", "limiting", "root_driver"};
            const char *got[] = {band, lim, root};
            for (int p = 0; p < 3; p++) {
                const cJSON *wp = cJSON_GetObjectItem(w, parts[p]);
                CHECK(cJSON_IsNull(wp) ? got[p] == NULL : (got[p] && strcmp(got[p], wp->valuestring) == 0),
                      "%s %s %s: %s", name, eq, parts[p], got[p] ? got[p] : "NULL");
            }
        }
    }
    vv_result_free(r);
    vv_account_free(a);
}

static int by_name(const void *x, const void *y) {
    return strcmp((*(const cJSON *const *)x)->string, (*(const cJSON *const *)y)->string);
}

static cJSON *batch_case(const vv_model *m, const cJSON *columns) {
    size_t n = (size_t)cJSON_GetArraySize(columns), rows = 0;
    const cJSON **cols = malloc((n ? n : 1) * sizeof *cols);
    size_t i = 0;
    for (const cJSON *c = columns->child; c; c = c->next) cols[i++] = c;
    qsort(cols, n, sizeof *cols, by_name); /* the README: columns in sorted name order */
    const char **names = malloc((n ? n : 1) * sizeof *names);
    double **data = malloc((n ? n : 1) * sizeof *data);
    for (i = 0; i < n; i++) {
        size_t len = (size_t)cJSON_GetArraySize(cols[i]);
        if (len > rows) rows = len;
    }
    for (i = 0; i < n; i++) {
        names[i] = cols[i]->string;
        size_t len = (size_t)cJSON_GetArraySize(cols[i]);
        data[i] = malloc((len ? len : 1) * sizeof(double));
        size_t r = 0;
        for (const cJSON *v = cols[i]->child; v; v = v->next, r++)
            data[i][r] = cJSON_IsNull(v) ? NAN : cJSON_IsString(v) ? strtod(v->valuestring, NULL) : v->valuedouble;
    }
    size_t first = n ? (size_t)cJSON_GetArraySize(cols[0]) : 0;
    for (i = 0; i < n; i++)
        if ((size_t)cJSON_GetArraySize(cols[i]) != first) {
            for (size_t j = 0; j < n; j++) free(data[j]);
            free(data), free(names), free(cols);
            return NULL;
        }
    size_t neq = 0;
    vv_model_names_count(m, VV_NAMES_EQUATIONS, &neq);
    double *scores[8];
    int8_t *bands[8], *lim[8], *roots[8];
    for (size_t k = 0; k < neq; k++) {
        scores[k] = malloc((rows ? rows : 1) * sizeof(double));
        bands[k] = malloc(rows ? rows : 1);
        lim[k] = malloc(rows ? rows : 1);
        roots[k] = malloc(rows ? rows : 1);
    }
    vv_status s = vv_score_batch(m, names, (const double *const *)data, n, rows, scores, bands, lim, roots);
    cJSON *result = s == VV_OK ? cJSON_CreateObject() : error_json(s);
    for (size_t k = 0; k < neq && s == VV_OK; k++) {
        const char *eq = NULL;
        vv_model_names_get(m, VV_NAMES_EQUATIONS, k, &eq);
        cJSON *o = cJSON_AddObjectToObject(result, eq);
        cJSON *sc = cJSON_AddArrayToObject(o, "score"), *bd = cJSON_AddArrayToObject(o, "band");
        cJSON *li = cJSON_AddArrayToObject(o, "limiting"), *rd = cJSON_AddArrayToObject(o, "root_driver");
        for (size_t r = 0; r < rows; r++) {
            const char *name = NULL;
            cJSON_AddItemToArray(sc, isnan(scores[k][r]) ? cJSON_CreateNull() : cJSON_CreateNumber(scores[k][r]));
            if (bands[k][r] >= 0) vv_model_names_get(m, VV_NAMES_BANDS, (size_t)bands[k][r], &name);
            cJSON_AddItemToArray(bd, bands[k][r] >= 0 ? cJSON_CreateString(name) : cJSON_CreateNull());
            if (lim[k][r] >= 0) vv_model_equation_input(m, k, (size_t)lim[k][r], &name);
            cJSON_AddItemToArray(li, lim[k][r] >= 0 ? cJSON_CreateString(name) : cJSON_CreateNull());
            if (roots[k][r] >= 0) vv_model_names_get(m, VV_NAMES_DRIVERS, (size_t)roots[k][r], &name);
            cJSON_AddItemToArray(rd, roots[k][r] >= 0 ? cJSON_CreateString(name) : cJSON_CreateNull());
        }
    }
    for (size_t k = 0; k < neq; k++) free(scores[k]), free(bands[k]), free(lim[k]), free(roots[k]);
    for (i = 0; i < n; i++) free(data[i]);
    free(data), free(names), free(cols);
    return result;
}

static cJSON *classify_case(const vv_model *m, const char *text) {
    vv_classification *c = NULL;
    vv_status s = vv_classify(m, text, strlen(text), &c);
    if (s != VV_OK) return error_json(s);
    const char *dim = NULL;
    double confidence = 0;
    size_t n = 0;
    vv_classification_dimension(c, &dim);
    vv_classification_confidence(c, &confidence);
    vv_classification_matched_count(c, &n);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "dimension", dim);
    cJSON_AddNumberToObject(o, "confidence", confidence);
    cJSON *words = cJSON_AddArrayToObject(o, "matched");
    for (size_t i = 0; i < n; i++) {
        const char *w = NULL;
        vv_classification_matched(c, i, &w);
        cJSON_AddItemToArray(words, cJSON_CreateString(w));
    }
    cJSON_AddFalseToObject(o, "explicit");
    vv_classification_free(c);
    return o;
}

static cJSON *progress_case(const vv_model *m, const cJSON *c) {
    char *before = print_exact(cJSON_GetObjectItem(c, "before"));
    char *after = print_exact(cJSON_GetObjectItem(c, "after"));
    char *out = NULL;
    vv_status s = vv_progress_json(m, before, strlen(before), after, strlen(after),
                                   cJSON_GetObjectItem(c, "days")->valuedouble, &out);
    cJSON_free(before), cJSON_free(after);
    return from_owned(s, out);
}

/* `plan` through vv_plan_json: plans and accounts as JSON text, the day
 * as a C string. */
static cJSON *plan_case(const vv_model *m, const cJSON *c) {
    char *plans = print_exact(cJSON_GetObjectItem(c, "plans"));
    char *accounts = print_exact(cJSON_GetObjectItem(c, "accounts"));
    char *out = NULL;
    vv_status s = vv_plan_json(m, plans, strlen(plans), accounts, strlen(accounts),
                               cJSON_GetObjectItem(c, "as_of")->valuestring, &out);
    cJSON_free(plans), cJSON_free(accounts);
    return from_owned(s, out);
}

static cJSON *load_model_case(const char *text) {
    vv_model *m = NULL;
    vv_status s = vv_model_from_json(text, strlen(text), &m);
    if (s != VV_OK) return error_json(s);
    cJSON *o = cJSON_CreateObject();
    const int kinds[] = {VV_NAMES_DRIVERS, VV_NAMES_EQUATIONS};
    const char *keys[] = {"drivers", "equations"};
    for (int k = 0; k < 2; k++) {
        cJSON *list = cJSON_AddArrayToObject(o, keys[k]);
        size_t n = 0;
        vv_model_names_count(m, kinds[k], &n);
        for (size_t i = 0; i < n; i++) {
            const char *name = NULL;
            vv_model_names_get(m, kinds[k], i, &name);
            cJSON_AddItemToArray(list, cJSON_CreateString(name));
        }
    }
    vv_model_free(m);
    return o;
}

/* A bundle from its JSON text: the handle, or NULL with *error set. */
static vv_bundle *bundle_of(const char *text, cJSON **error) {
    vv_bundle *b = NULL;
    vv_status s = vv_bundle_from_json(text, strlen(text), &b);
    if (s != VV_OK) *error = error_json(s);
    return b;
}

/* `bundle_score`, `bundle_worklist` and `load_bundle` through vv_bundle_*;
 * `load_bundle` reads the names back from vv_bundle_to_json. */
static cJSON *bundle_case(const char *op, const cJSON *c) {
    cJSON *error = NULL;
    vv_bundle *b = NULL;
    if (!strcmp(op, "load_bundle")) {
        b = bundle_of(cJSON_GetObjectItem(c, "bundle_json")->valuestring, &error);
    } else {
        char *text = print_exact(cJSON_GetObjectItem(c, "bundle"));
        b = bundle_of(text, &error);
        cJSON_free(text);
    }
    if (!b) return error;
    cJSON *got = NULL;
    if (!strcmp(op, "load_bundle")) {
        char *out = NULL;
        vv_status s = vv_bundle_to_json(b, &out);
        cJSON *doc = from_owned(s, out);
        got = cJSON_CreateObject();
        cJSON_AddItemToObject(got, "by", cJSON_Duplicate(cJSON_GetObjectItem(doc, "by"), 1));
        cJSON *keys = cJSON_AddArrayToObject(got, "keys");
        cJSON *names = cJSON_AddArrayToObject(got, "models");
        const cJSON *model;
        cJSON_ArrayForEach(model, cJSON_GetObjectItem(doc, "models")) {
            cJSON_AddItemToArray(keys, cJSON_CreateString(model->string));
            cJSON_AddItemToArray(names, cJSON_Duplicate(cJSON_GetObjectItem(model, "name"), 1));
        }
        cJSON_AddItemToArray(names, cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "otherwise"), "name"), 1));
        cJSON_Delete(doc);
    } else {
        int score = !strcmp(op, "bundle_score");
        char *input = print_exact(cJSON_GetObjectItem(c, score ? "accounts" : "request"));
        char *out = NULL;
        vv_status s = score ? vv_bundle_score_json(b, input, strlen(input), &out)
                            : vv_bundle_worklist_json(b, input, strlen(input), &out);
        cJSON_free(input);
        got = from_owned(s, out);
    }
    vv_bundle_free(b);
    return got;
}

static int not_applicable = 0;

static int run_file(const char *path) {
    char *text = read_file(path);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    free(text);
    CHECK(doc != NULL, "cannot read %s", path);
    if (!doc) return 0;
    const cJSON *spec = cJSON_GetObjectItem(doc, "model");
    vv_model *m = NULL;
    if (cJSON_IsString(spec)) {
        vv_model_default(&m);
    } else {
        char *s = cJSON_PrintUnformatted(spec);
        vv_model_from_json(s, strlen(s), &m);
        cJSON_free(s);
    }
    int cases = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "cases")) {
        const char *op = cJSON_GetObjectItem(c, "op")->valuestring;
        const char *name = cJSON_GetObjectItem(c, "name")->valuestring;
        const cJSON *want = cJSON_GetObjectItem(c, "expect");
        if (!want) want = cJSON_GetObjectItem(c, "expect_error");
        cJSON *got = NULL;
        if (!strcmp(op, "score")) {
            got = score_case(m, cJSON_GetObjectItem(c, "account"));
            check_accessors(m, cJSON_GetObjectItem(c, "account"), want, name);
        } else if (!strcmp(op, "batch")) {
            got = batch_case(m, cJSON_GetObjectItem(c, "columns"));
            if (!got) {
                printf("not applicable in C (one n_rows for every column): %s\n", name);
                not_applicable++;
                continue;
            }
        }
        else if (!strcmp(op, "classify")) got = classify_case(m, cJSON_GetObjectItem(c, "text")->valuestring);
        else if (!strcmp(op, "classify_blocker")) got = via_json(vv_classify_blocker_json, m, cJSON_GetObjectItem(c, "blocker"));
        else if (!strcmp(op, "rollup")) got = via_json(vv_rollup_json, m, cJSON_GetObjectItem(c, "blockers"));
        else if (!strcmp(op, "series")) got = via_json(vv_series_json, m, cJSON_GetObjectItem(c, "snapshots"));
        else if (!strcmp(op, "progress")) got = progress_case(m, c);
        else if (!strcmp(op, "plan")) got = plan_case(m, c);
        else if (!strcmp(op, "worklist")) got = via_json(vv_worklist_json, m, cJSON_GetObjectItem(c, "request"));
        else if (!strcmp(op, "clusters")) got = via_json(vv_clusters_json, m, cJSON_GetObjectItem(c, "request"));
        else if (!strcmp(op, "themes")) got = via_json(vv_themes_json, m, cJSON_GetObjectItem(c, "request"));
        else if (!strncmp(op, "bundle_", 7) || !strcmp(op, "load_bundle")) got = bundle_case(op, c);
        else if (!strcmp(op, "load_model")) got = load_model_case(cJSON_GetObjectItem(c, "model_json")->valuestring);
        int ok = got && same(got, want);
        if (!ok) {
            char *g = got ? cJSON_PrintUnformatted(got) : NULL, *w = cJSON_PrintUnformatted(want);
            fprintf(stderr, "%s: %s\n  got:  %s\n  want: %s\n", path, name, g ? g : "(nothing)", w);
            cJSON_free(g), cJSON_free(w);
        }
        CHECK(ok, "%s: %s (%s)", path, name, op);
        cJSON_Delete(got);
        cases++;
    }
    vv_model_free(m);
    cJSON_Delete(doc);
    return cases;
}

int main(int argc, char **argv) {
    int cases = 0;
    for (int i = 1; i < argc; i++) cases += run_file(argv[i]);
    CHECK(cases >= 30, "only %d cases", cases);
    printf("%d conformance cases run, %d not applicable in C\n", cases, not_applicable);
    return finish("c conformance");
}
