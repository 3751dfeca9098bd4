# cython: language_level=3, boundscheck=False, wraparound=False
# distutils: language = c++
"""Array kernels over the engine's own metric (one formula, defined in
cpp/lastleg/geo/metric.h): distance/duration matrices and kNN lists."""

from libcpp.memory cimport unique_ptr
from libcpp.string cimport string
from libcpp.vector cimport vector


cdef extern from "lastleg/common/thread_pool.h" namespace "lastleg" nogil:
    cdef cppclass ThreadPool:
        ThreadPool(int threads) except +


cdef extern from "lastleg/geo/metric.h" namespace "lastleg::geo" nogil:
    cdef cppclass Metric:
        double distance(int i, int j)
        double duration(int i, int j)
        int size()
    unique_ptr[Metric] make_coordinate_metric(const string& kind, vector[double] a,
                                              vector[double] b, double detour_factor,
                                              double speed) except +


cdef extern from "lastleg/geo/neighbours.h" namespace "lastleg::geo" nogil:
    cdef cppclass NeighbourLists:
        int n
        int k
        vector[int] table
    NeighbourLists nearest_neighbours(const Metric& metric, int k, ThreadPool& pool,
                                      int first) except +


cdef Metric* _metric(str kind, const double[::1] a, const double[::1] b,
                     double detour_factor, double speed) except NULL:
    cdef vector[double] va, vb
    cdef Py_ssize_t i
    va.resize(a.shape[0])
    vb.resize(b.shape[0])
    for i in range(a.shape[0]):
        va[i] = a[i]
        vb[i] = b[i]
    return make_coordinate_metric(kind.encode(), va, vb, detour_factor, speed).release()


def travel_matrix(str kind, const double[::1] a, const double[::1] b, Py_ssize_t n_rows,
                  double detour_factor, double speed, bint durations, double[:, ::1] out):
    """Fill out[i, j] with the travel value from point i to point n_rows + j.

    a/b hold the row points first, then the column points."""
    cdef unique_ptr[Metric] metric
    metric.reset(_metric(kind, a, b, detour_factor, speed))
    cdef Py_ssize_t i, j
    cdef Py_ssize_t n_cols = out.shape[1]
    with nogil:
        for i in range(n_rows):
            for j in range(n_cols):
                if durations:
                    out[i, j] = metric.get().duration(<int>i, <int>(n_rows + j))
                else:
                    out[i, j] = metric.get().distance(<int>i, <int>(n_rows + j))


def knn(str kind, const double[::1] a, const double[::1] b, int k, int threads, int first,
        int[:, ::1] out):
    """Fill out (n x k) with each point's k nearest points (self excluded, -1 padding)."""
    cdef unique_ptr[Metric] metric
    metric.reset(_metric(kind, a, b, 1.0, 1.0))
    cdef unique_ptr[ThreadPool] pool
    cdef NeighbourLists lists
    cdef Py_ssize_t i, r
    pool.reset(new ThreadPool(threads))
    with nogil:
        lists = nearest_neighbours(metric.get()[0], k, pool.get()[0], first)
        for i in range(lists.n):
            for r in range(lists.k):
                out[i, r] = lists.table[i * lists.k + r]


def travel_pairs(str kind, const double[::1] a, const double[::1] b, Py_ssize_t n_pairs,
                 double detour_factor, double speed, bint durations, double[::1] out):
    """Fill out[i] with the travel value from point i to point n_pairs + i."""
    cdef unique_ptr[Metric] metric
    metric.reset(_metric(kind, a, b, detour_factor, speed))
    cdef Py_ssize_t i
    with nogil:
        for i in range(n_pairs):
            if durations:
                out[i] = metric.get().duration(<int>i, <int>(n_pairs + i))
            else:
                out[i] = metric.get().distance(<int>i, <int>(n_pairs + i))
