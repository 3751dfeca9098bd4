#pragma once
// numpy <-> engine conversions: copy in once (validated shape), move out without a copy.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lastleg::bind {

namespace py = pybind11;

template <class T>
using InArray = py::array_t<T, py::array::c_style | py::array::forcecast>;

/// Copies a 1-D (or n x cols 2-D, when cols > 0) array into a vector. `field`
/// names the argument in errors; `expected_rows` < 0 means any length.
template <class T>
std::vector<T> copy_in(const py::handle& obj, const char* field, py::ssize_t expected_rows = -1,
                       py::ssize_t cols = 0) {
  auto arr = InArray<T>::ensure(obj);
  if (!arr) throw py::type_error(std::string(field) + ": cannot be read as a numeric array");
  const py::ssize_t want_ndim = cols > 0 ? 2 : 1;
  if (arr.ndim() != want_ndim)
    throw py::value_error(std::string(field) + ": expected a " + std::to_string(want_ndim) +
                          "-D array, got " + std::to_string(arr.ndim()) + "-D");
  if (expected_rows >= 0 && arr.shape(0) != expected_rows)
    throw py::value_error(std::string(field) + ": expected " + std::to_string(expected_rows) +
                          " rows, got " + std::to_string(arr.shape(0)));
  if (cols > 0 && arr.shape(1) != cols)
    throw py::value_error(std::string(field) + ": expected " + std::to_string(cols) +
                          " columns, got " + std::to_string(arr.shape(1)));
  return std::vector<T>(arr.data(), arr.data() + arr.size());
}

/// Hands a vector to numpy without copying (the array owns it through a capsule).
template <class T>
py::array_t<T> move_out(std::vector<T>&& values, std::vector<py::ssize_t> shape = {}) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  if (shape.empty()) shape.push_back(static_cast<py::ssize_t>(owned->size()));
  return py::array_t<T>(shape, owned->data(), owner);
}

/// The same array marked read-only: results are views the caller must not change.
template <class T>
py::array_t<T> readonly(py::array_t<T> arr) {
  arr.attr("setflags")(py::arg("write") = false);
  return arr;
}

}  // namespace lastleg::bind
