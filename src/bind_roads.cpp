// Bindings of the road engine: strongly connected components, the contraction
// hierarchy (built with the GIL released, saved and loaded as arrays), matrices and
// paths over original node ids, nearest nodes.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <memory>

#include "conversions.h"
#include "lastleg/common/thread_pool.h"
#include "lastleg/roads/components.h"
#include "lastleg/roads/hierarchy.h"
#include "lastleg/roads/queries.h"
#include "lastleg/roads/snapper.h"

namespace lastleg::bind {

namespace {

using roads::Cost;
using roads::Hierarchy;

std::vector<std::int32_t> internal_ids(const Hierarchy& h, const std::vector<std::int32_t>& ids, const char* field) {
  std::vector<std::int32_t> out(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (ids[k] < 0 || ids[k] >= h.size())
      throw py::value_error(std::string(field) + ": road node " + std::to_string(ids[k]) + " out of range");
    out[k] = h.internal(ids[k]);
  }
  return out;
}

/// (seconds, metres) matrices of a query, inf where there is no path.
py::tuple matrix(const Hierarchy& h, const py::object& sources, const py::object& targets, int threads) {
  const auto s = internal_ids(h, copy_in<std::int32_t>(sources, "sources"), "sources");
  const auto t = internal_ids(h, copy_in<std::int32_t>(targets, "targets"), "targets");
  std::vector<Cost> cells;
  {
    py::gil_scoped_release release;
    ThreadPool pool(threads);
    cells = roads::Queries(h).matrix(s, t, pool);
  }
  std::vector<double> dur(cells.size()), len(cells.size());
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const bool ok = roads::reachable(cells[k]);
    dur[k] = ok ? static_cast<double>(cells[k].dur) / 1000.0 : inf;
    len[k] = ok ? static_cast<double>(cells[k].len) / 1000.0 : inf;
  }
  const std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(s.size()), static_cast<py::ssize_t>(t.size())};
  return py::make_tuple(move_out(std::move(len), shape), move_out(std::move(dur), shape));
}

template <class T>
py::array_t<T> out(const std::vector<T>& v) {
  return move_out(std::vector<T>(v));
}

Hierarchy::Arrays arrays_from_dict(const py::dict& a) {
  Hierarchy::Arrays x;
  x.internal_of = copy_in<std::int32_t>(a["internal_of"], "internal_of");
  x.up_offsets = copy_in<std::int64_t>(a["up_offsets"], "up_offsets");
  x.down_offsets = copy_in<std::int64_t>(a["down_offsets"], "down_offsets");
  x.up_to = copy_in<std::int32_t>(a["up_to"], "up_to");
  x.up_mid = copy_in<std::int32_t>(a["up_mid"], "up_mid");
  x.up_dur = copy_in<std::int64_t>(a["up_dur"], "up_dur");
  x.up_len = copy_in<std::int64_t>(a["up_len"], "up_len");
  x.down_to = copy_in<std::int32_t>(a["down_to"], "down_to");
  x.down_mid = copy_in<std::int32_t>(a["down_mid"], "down_mid");
  x.down_dur = copy_in<std::int64_t>(a["down_dur"], "down_dur");
  x.down_len = copy_in<std::int64_t>(a["down_len"], "down_len");
  return x;
}

py::dict arrays_to_dict(const Hierarchy::Arrays& a) {
  py::dict d;
  d["internal_of"] = out(a.internal_of);
  d["up_offsets"] = out(a.up_offsets);
  d["down_offsets"] = out(a.down_offsets);
  d["up_to"] = out(a.up_to);
  d["up_mid"] = out(a.up_mid);
  d["up_dur"] = out(a.up_dur);
  d["up_len"] = out(a.up_len);
  d["down_to"] = out(a.down_to);
  d["down_mid"] = out(a.down_mid);
  d["down_dur"] = out(a.down_dur);
  d["down_len"] = out(a.down_len);
  return d;
}

void bind_component(py::module_& m) {
  m.def(
      "roads_largest_component",
      [](std::int32_t n, const py::object& tail, const py::object& head) {
        const auto t = copy_in<std::int32_t>(tail, "tail");
        const auto h = copy_in<std::int32_t>(head, "head");
        std::vector<char> keep;
        {
          py::gil_scoped_release release;
          keep = roads::largest_strong_component(n, t, h);
        }
        return move_out(std::vector<std::uint8_t>(keep.begin(), keep.end()));
      },
      py::arg("n"), py::arg("tail"), py::arg("head"),
      "Per node: 1 in the largest strongly connected component.");
}

void bind_hierarchy(py::module_& m) {
  py::class_<Hierarchy, std::shared_ptr<Hierarchy>>(m, "RoadHierarchy",
                                                    "A contraction hierarchy of a road graph.")
      .def_static(
          "build",
          [](std::int32_t n, const py::object& tail, const py::object& head, const py::object& dur_ms,
             const py::object& len_mm) {
            const auto t = copy_in<std::int32_t>(tail, "tail");
            const auto h = copy_in<std::int32_t>(head, "head");
            const auto d = copy_in<std::int64_t>(dur_ms, "dur_ms");
            const auto l = copy_in<std::int64_t>(len_mm, "len_mm");
            py::gil_scoped_release release;
            return std::make_shared<Hierarchy>(Hierarchy::build(n, t, h, d, l));
          },
          py::arg("n"), py::arg("tail"), py::arg("head"), py::arg("dur_ms"), py::arg("len_mm"))
      .def_static(
          "from_arrays",
          [](const py::dict& a) {
            return std::make_shared<Hierarchy>(Hierarchy::from_arrays(arrays_from_dict(a)));
          },
          py::arg("arrays"))
      .def("arrays", [](const Hierarchy& h) { return arrays_to_dict(h.arrays()); })
      .def_property_readonly("size", &Hierarchy::size)
      .def_property_readonly("arc_count", &Hierarchy::arc_count)
      .def("matrix", &matrix, py::arg("sources"), py::arg("targets"), py::arg("threads") = 0,
           "(metres, seconds) from every source to every target node; inf: no path.")
      .def(
          "path",
          [](const Hierarchy& h, std::int32_t s, std::int32_t t) {
            if (s < 0 || t < 0 || s >= h.size() || t >= h.size()) throw py::value_error("path: road node out of range");
            std::vector<std::int32_t> p = roads::Queries(h).path(h.internal(s), h.internal(t));
            for (auto& v : p) v = h.original(v);
            return move_out(std::move(p));
          },
          py::arg("source"), py::arg("target"), "Road nodes of the fastest path (empty: none).");
}

void bind_snapper(py::module_& m) {
  py::class_<roads::Snapper, std::shared_ptr<roads::Snapper>>(m, "RoadSnapper", "Nearest road node.")
      .def(py::init([](const py::object& lat, const py::object& lon) {
             return std::make_shared<roads::Snapper>(copy_in<double>(lat, "lat"), copy_in<double>(lon, "lon"));
           }),
           py::arg("lat"), py::arg("lon"))
      .def(
          "nearest",
          [](const roads::Snapper& s, const py::object& lat, const py::object& lon) {
            const auto la = copy_in<double>(lat, "lat");
            const auto lo = copy_in<double>(lon, "lon");
            if (la.size() != lo.size()) throw py::value_error("lat and lon differ in length");
            std::vector<std::int32_t> node(la.size());
            std::vector<double> metres(la.size());
            {
              py::gil_scoped_release release;
              for (std::size_t i = 0; i < la.size(); ++i) std::tie(node[i], metres[i]) = s.nearest(la[i], lo[i]);
            }
            return py::make_tuple(move_out(std::move(node)), move_out(std::move(metres)));
          },
          py::arg("lat"), py::arg("lon"), "(nearest node, metres) per point.");
}

}  // namespace

void bind_roads(py::module_& m) {
  bind_component(m);
  bind_hierarchy(m);
  bind_snapper(m);
}

}  // namespace lastleg::bind
