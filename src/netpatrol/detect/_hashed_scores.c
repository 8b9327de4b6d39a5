/* The linear model's scores over hashed character n-grams, text by text, in one pass.

   For each text of a batch: hash its n-grams (the same 64-bit hash as features.py), keep
   the low `bits` bits as columns, sort them, count the runs, weigh each count by sublinear
   tf-idf scaled to unit length, and add each column's row of the weight table times its
   weight. Every step is the float32 operation the numpy and scipy path does, in the same
   order (numpy's pairwise sum for the row norms, scipy's csr_matvecs for the product), so
   the scores are the same to the last bit; tests/unit/test_hashed_scores.py checks it.

   Python calls it with buffers only (no numpy headers), and the GIL is released while it
   runs.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t MULTIPLIERS[5] = {
    0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL,
    0xD6E8FEB86659FD93ULL, 0xFF51AFD7ED558CCDULL,
};

#define BLOCK 128 /* numpy's PW_BLOCKSIZE */

/* numpy's pairwise summation of float32 values, as its add reduction runs it */
static float pairwise_sum(const float *a, Py_ssize_t n)
{
    if (n < 8) {
        float res = 0.0f;
        for (Py_ssize_t i = 0; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    if (n <= BLOCK) {
        float r[8];
        for (int j = 0; j < 8; j++) {
            r[j] = a[j];
        }
        Py_ssize_t i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[i + j];
            }
        }
        float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    Py_ssize_t half = n / 2;
    half -= half % 8;
    return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

/* a reduceat segment: the first value, then the pairwise sum of the rest added to it */
static float segment_sum(const float *a, Py_ssize_t n)
{
    return n > 1 ? a[0] + pairwise_sum(a + 1, n - 1) : a[0];
}

static void insertion_sort(uint32_t *a, Py_ssize_t n)
{
    for (Py_ssize_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        Py_ssize_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

#define RADIX_BITS 8 /* three passes for 18-24 bits; 256 counters stay in L1 */
#define RADIX (1 << RADIX_BITS)

/* least significant digit first, RADIX_BITS a pass, into `a` (using `tmp`); n < 2**32 */
static void radix_sort(uint32_t *a, uint32_t *tmp, Py_ssize_t n, int bits)
{
    uint32_t count[RADIX];
    uint32_t *from = a, *to = tmp;
    for (int shift = 0; shift < bits; shift += RADIX_BITS) {
        memset(count, 0, sizeof(count));
        for (Py_ssize_t i = 0; i < n; i++) {
            count[(from[i] >> shift) & (RADIX - 1)]++;
        }
        uint32_t total = 0;
        for (int d = 0; d < RADIX; d++) {
            uint32_t c = count[d];
            count[d] = total;
            total += c;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            to[count[(from[i] >> shift) & (RADIX - 1)]++] = from[i];
        }
        uint32_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != a) {
        memcpy(a, from, (size_t)n * sizeof(uint32_t));
    }
}

typedef struct {
    const uint32_t *codes;
    Py_ssize_t n_codes;
    int min_n, max_n, bits;
    const float *idf, *coef, *logs;
    Py_ssize_t n_logs, classes;
    float *out;
    Py_ssize_t n_out;
} Job;

/* the columns of one text's n-grams, every n in [min_n, max_n], into `cols`; their number */
static Py_ssize_t text_columns(const Job *job, const uint32_t *text, Py_ssize_t len,
                               uint32_t *cols)
{
    const uint64_t mask = (((uint64_t)1) << job->bits) - 1;
    Py_ssize_t m = 0;
    for (int n = job->min_n; n <= job->max_n; n++) {
        for (Py_ssize_t p = 0; p + n <= len; p++) {
            uint64_t h = (uint64_t)n;
            for (int k = 0; k < n; k++) {
                h ^= (uint64_t)text[p + k];
                h *= MULTIPLIERS[k % 5];
            }
            h ^= h >> 29;
            cols[m++] = (uint32_t)(h & mask);
        }
    }
    return m;
}

#define AHEAD 16 /* weight rows and idf values fetched this far ahead */

/* sorted columns -> (column, weight) runs with tf-idf weights at unit length; their number */
static Py_ssize_t weigh(const Job *job, const uint32_t *cols, Py_ssize_t m, uint32_t *run_cols,
                        float *weights, float *squares)
{
    Py_ssize_t runs = 0;
    for (Py_ssize_t i = 0; i < m;) {
        Py_ssize_t j = i + 1;
        while (j < m && cols[j] == cols[i]) {
            j++;
        }
        Py_ssize_t count = j - i;
        if (j + AHEAD < m) {
            __builtin_prefetch(job->idf + cols[j + AHEAD]);
        }
        float tf = count <= job->n_logs ? job->logs[count - 1] : logf((float)count);
        tf += 1.0f;
        tf *= job->idf[cols[i]];
        run_cols[runs] = cols[i];
        weights[runs] = tf;
        squares[runs] = tf * tf;
        runs++;
        i = j;
    }
    if (runs) {
        float norm = sqrtf(segment_sum(squares, runs));
        if (norm == 0.0f) {
            norm = 1.0f;
        }
        float scale = 1.0f / norm;
        for (Py_ssize_t r = 0; r < runs; r++) {
            weights[r] *= scale;
        }
    }
    return runs;
}

static void product(const Job *job, const uint32_t *run_cols, const float *weights,
                    Py_ssize_t runs, float *y)
{
    const Py_ssize_t classes = job->classes;
    for (Py_ssize_t r = 0; r < runs; r++) {
        if (r + AHEAD < runs) {
            /* a row of 18 floats mostly straddles two cache lines: fetch both */
            const float *ahead = job->coef + (Py_ssize_t)run_cols[r + AHEAD] * classes;
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + classes - 1);
        }
        const float a = weights[r];
        const float *x = job->coef + (Py_ssize_t)run_cols[r] * classes;
        for (Py_ssize_t k = 0; k < classes; k++) {
            y[k] += a * x[k];
        }
    }
}

/* 0 on success, -1 when out of memory, -2 when there are more texts than rows in `out` */
static int run_job(const Job *job)
{
    Py_ssize_t longest = 0, start = 0;
    for (Py_ssize_t i = 0; i < job->n_codes; i++) {
        if (job->codes[i] == 0) {
            if (i - start > longest) {
                longest = i - start;
            }
            start = i + 1;
        }
    }
    Py_ssize_t cap = (longest + 1) * (job->max_n - job->min_n + 1) + 1;
    uint32_t *cols = malloc((size_t)cap * sizeof(uint32_t));
    uint32_t *tmp = malloc((size_t)cap * sizeof(uint32_t));
    uint32_t *run_cols = malloc((size_t)cap * sizeof(uint32_t));
    float *weights = malloc((size_t)cap * sizeof(float));
    float *squares = malloc((size_t)cap * sizeof(float));
    int status = 0;
    if (!cols || !tmp || !run_cols || !weights || !squares) {
        status = -1;
        goto done;
    }
    memset(job->out, 0, (size_t)job->n_out * sizeof(float));
    Py_ssize_t text = 0;
    start = 0;
    for (Py_ssize_t i = 0; i < job->n_codes; i++) {
        if (job->codes[i] != 0) {
            continue;
        }
        if ((text + 1) * job->classes > job->n_out) {
            status = -2;
            goto done;
        }
        Py_ssize_t m = text_columns(job, job->codes + start, i - start, cols);
        if (m <= 32) {
            insertion_sort(cols, m);
        } else {
            radix_sort(cols, tmp, m, job->bits);
        }
        Py_ssize_t runs = weigh(job, cols, m, run_cols, weights, squares);
        product(job, run_cols, weights, runs, job->out + text * job->classes);
        text++;
        start = i + 1;
    }
done:
    free(cols);
    free(tmp);
    free(run_cols);
    free(weights);
    free(squares);
    return status;
}

static int get(PyObject *obj, Py_buffer *view, int writable, Py_ssize_t itemsize,
               const char *name)
{
    if (PyObject_GetBuffer(obj, view, (writable ? PyBUF_WRITABLE : 0) | PyBUF_C_CONTIGUOUS) < 0) {
        return -1;
    }
    if (view->len % itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: the buffer is not made of %zd-byte items", name,
                     itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(scores_doc,
             "scores(codes, min_n, max_n, bits, idf, coef, classes, logs, out)\n\n"
             "codes: uint32 code points of the texts, each followed by 0; idf: float32 per "
             "column; coef: float32 (columns, classes); logs: float32 log(1..len); out: "
             "float32 (texts, classes), overwritten with each text's scores before the bias.");

static PyObject *scores(PyObject *self, PyObject *args)
{
    PyObject *codes_o, *idf_o, *coef_o, *logs_o, *out_o;
    Job job;
    if (!PyArg_ParseTuple(args, "OiiiOOnOO", &codes_o, &job.min_n, &job.max_n, &job.bits,
                          &idf_o, &coef_o, &job.classes, &logs_o, &out_o)) {
        return NULL;
    }
    if (job.min_n < 1 || job.max_n < job.min_n || job.bits < 1 || job.bits > 31 ||
        job.classes < 1) {
        PyErr_SetString(PyExc_ValueError, "n-gram sizes, bits or classes out of range");
        return NULL;
    }
    Py_buffer views[5];
    PyObject *objs[5] = {codes_o, idf_o, coef_o, logs_o, out_o};
    const char *names[5] = {"codes", "idf", "coef", "logs", "out"};
    int got = 0;
    for (; got < 5; got++) {
        if (get(objs[got], &views[got], got == 4, 4, names[got]) < 0) {
            break;
        }
    }
    PyObject *result = NULL;
    if (got == 5) {
        job.codes = views[0].buf;
        job.n_codes = views[0].len / 4;
        job.idf = views[1].buf;
        job.coef = views[2].buf;
        job.logs = views[3].buf;
        job.n_logs = views[3].len / 4;
        job.out = views[4].buf;
        job.n_out = views[4].len / 4;
        Py_ssize_t width = ((Py_ssize_t)1) << job.bits;
        if (views[1].len / 4 != width || views[2].len / 4 != width * job.classes) {
            PyErr_SetString(PyExc_ValueError, "idf or coef does not match 2**bits columns");
        } else if (job.n_codes && job.codes[job.n_codes - 1] != 0) {
            PyErr_SetString(PyExc_ValueError, "codes must end with 0");
        } else {
            int status;
            Py_BEGIN_ALLOW_THREADS
            status = run_job(&job);
            Py_END_ALLOW_THREADS
            if (status == -1) {
                PyErr_NoMemory();
            } else if (status == -2) {
                PyErr_SetString(PyExc_ValueError, "out has fewer rows than there are texts");
            } else {
                result = Py_NewRef(Py_None);
            }
        }
    }
    for (int i = 0; i < got; i++) {
        PyBuffer_Release(&views[i]);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"scores", scores, METH_VARARGS, scores_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_hashed_scores",
    "A linear model's scores over hashed character n-grams, in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__hashed_scores(void) { return PyModule_Create(&module); }
