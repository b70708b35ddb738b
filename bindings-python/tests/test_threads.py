"""One model, several threads: the same results as one thread."""

import threading

import numpy as np

from test_arrays import columns


def test_two_threads_scoring_at_once_agree_with_one(model):
    cols = columns(20000, seed=11)
    reference = model.score_arrays(cols)
    results = [None, None]
    accounts = [{k: float(v[i]) for k, v in cols.items()} for i in range(200)]
    singles = [model.score(a).renewal.score for a in accounts]

    def work(slot):
        out = None
        for _ in range(5):
            out = model.score_arrays(cols)
            assert [model.score(a).renewal.score for a in accounts] == singles
        results[slot] = out

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for out in results:
        assert out is not None
        for key, array in reference.items():
            np.testing.assert_array_equal(out[key], array)
