// Bindings of the routing engine: RoutingProblem arrays in, CSR routes out.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "conversions.h"
#include "interrupt.h"
#include "lastleg/route/solver.h"

namespace lastleg::bind {

namespace {

route::Model model_from(const py::handle& p) {
  route::ModelData d;
  d.n_depots = p.attr("n_depots").cast<Index>();
  d.n_stops = p.attr("n_stops").cast<Index>();
  d.n_dims = p.attr("n_dims").cast<int>();
  const py::ssize_t n = d.n_stops, nd = d.n_dims, L = d.n_depots + d.n_stops;
  d.demand = copy_in<Count>(p.attr("demand"), "demand", n, nd);
  d.service = copy_in<double>(p.attr("service"), "service", n);
  d.tw_offsets = copy_in<Count>(p.attr("tw_offsets"), "tw_offsets", n + 1);
  const py::object tw = p.attr("time_windows");
  d.time_windows = copy_in<double>(tw, "time_windows", -1, 2);
  if (static_cast<py::ssize_t>(d.time_windows.size()) != 2 * static_cast<py::ssize_t>(d.tw_offsets.back()))
    throw py::value_error("time_windows: row count does not match tw_offsets");
  d.penalty = copy_in<double>(p.attr("penalty"), "penalty", n);

  const auto count = copy_in<Count>(p.attr("vt_count"), "vt_count");
  const auto v = static_cast<py::ssize_t>(count.size());
  const auto cap = copy_in<Count>(p.attr("vt_capacity"), "vt_capacity", v, nd);
  const auto sdep = copy_in<std::int32_t>(p.attr("vt_start_depot"), "vt_start_depot", v);
  const auto edep = copy_in<std::int32_t>(p.attr("vt_end_depot"), "vt_end_depot", v);
  const auto shift = copy_in<double>(p.attr("vt_shift"), "vt_shift", v, 2);
  const auto max_stops = copy_in<Count>(p.attr("vt_max_stops"), "vt_max_stops", v);
  const auto max_dur = copy_in<double>(p.attr("vt_max_duration"), "vt_max_duration", v);
  const auto max_dist = copy_in<double>(p.attr("vt_max_distance"), "vt_max_distance", v);
  const auto fixed = copy_in<double>(p.attr("vt_fixed_cost"), "vt_fixed_cost", v);
  const auto cpd = copy_in<double>(p.attr("vt_cost_per_distance"), "vt_cost_per_distance", v);
  const auto cpt = copy_in<double>(p.attr("vt_cost_per_time"), "vt_cost_per_time", v);
  const auto sf = copy_in<double>(p.attr("vt_speed_factor"), "vt_speed_factor", v);
  for (py::ssize_t i = 0; i < v; ++i) {
    const auto k = static_cast<std::size_t>(i);
    route::VehicleType t;
    t.count = count[k];
    for (py::ssize_t q = 0; q < nd; ++q) t.capacity[static_cast<std::size_t>(q)] = cap[k * static_cast<std::size_t>(nd) + static_cast<std::size_t>(q)];
    t.start_depot = sdep[k];
    t.end_depot = edep[k];
    if (t.start_depot < 0 || t.start_depot >= d.n_depots || t.end_depot >= d.n_depots)
      throw py::value_error("vt_start_depot/vt_end_depot: depot index out of range in row " + std::to_string(i));
    t.shift_start = shift[2 * k];
    t.shift_end = shift[2 * k + 1];
    t.max_stops = max_stops[k];
    t.max_duration = max_dur[k];
    t.max_distance = max_dist[k];
    t.fixed_cost = fixed[k];
    t.cost_per_distance = cpd[k];
    t.cost_per_time = cpt[k];
    t.speed_factor = sf[k];
    d.types.push_back(t);
  }

  const std::string metric = p.attr("metric").cast<std::string>();
  const double speed = p.attr("speed").cast<double>();
  const geo::MetricKind kind = geo::metric_kind_from_name(metric);
  if (kind == geo::MetricKind::matrix) {
    auto dist = copy_in<double>(p.attr("distance_matrix"), "distance_matrix", L, L);
    std::vector<double> dur;
    const py::object dm = p.attr("duration_matrix");
    if (!dm.is_none()) dur = copy_in<double>(dm, "duration_matrix", L, L);
    return route::Model(std::move(d), geo::Metric(static_cast<std::size_t>(L), std::move(dist), std::move(dur), speed));
  }
  const auto xy = copy_in<double>(p.attr("coords"), "coords", L, 2);
  std::vector<double> a(static_cast<std::size_t>(L)), b(static_cast<std::size_t>(L));
  for (std::size_t i = 0; i < static_cast<std::size_t>(L); ++i) {
    a[i] = xy[2 * i];
    b[i] = xy[2 * i + 1];
  }
  return route::Model(std::move(d), geo::Metric(kind, std::move(a), std::move(b),
                                                p.attr("detour_factor").cast<double>(), speed));
}

/// What one native solve returns: CSR routes and their measures, as read-only arrays.
struct RouteResult {
  double cost = 0;
  Count missing = 0;
  Count iterations = 0;
  double runtime = 0;
  double construction_time = 0, construction_cost = 0;
  Count construction_missing = 0;
  py::array vehicle_type, depot, end_depot, offsets, stops, arrival, load, distance, duration,
      route_cost, unassigned;
  std::vector<std::string> reasons;
};

RouteResult result_of(const route::Model& model, const route::SolveResult& r) {
  const route::Solution& s = r.solution;
  const int nd = model.n_dims();
  std::vector<std::int64_t> vtype, depot, end_depot, offsets{0}, stops, load;
  std::vector<double> arrival, dist, dur, cost;
  for (const route::Route& rt : s.routes) {
    if (rt.empty()) continue;
    const route::VehicleType& t = model.type(rt.type);
    vtype.push_back(rt.type);
    depot.push_back(t.start_depot);
    end_depot.push_back(t.end_depot);
    stops.insert(stops.end(), rt.stops.begin(), rt.stops.end());
    arrival.insert(arrival.end(), rt.start.begin(), rt.start.end());
    offsets.push_back(static_cast<std::int64_t>(stops.size()));
    for (int q = 0; q < nd; ++q) load.push_back(rt.load[static_cast<std::size_t>(q)]);
    dist.push_back(rt.distance);
    dur.push_back(rt.duration);
    cost.push_back(rt.cost);
  }
  std::vector<std::int64_t> unassigned(s.unassigned.begin(), s.unassigned.end());
  std::sort(unassigned.begin(), unassigned.end());
  RouteResult out;
  for (auto u : unassigned) out.reasons.push_back(route::unassigned_reason(model, static_cast<Index>(u)));
  const auto n_routes = static_cast<py::ssize_t>(vtype.size());
  out.cost = s.objective().cost;
  out.missing = s.missing;
  out.iterations = r.iterations;
  out.runtime = r.runtime;
  out.construction_time = r.construction_time;
  out.construction_cost = r.construction_cost;
  out.construction_missing = r.construction_missing;
  out.vehicle_type = readonly(move_out(std::move(vtype)));
  out.depot = readonly(move_out(std::move(depot)));
  out.end_depot = readonly(move_out(std::move(end_depot)));
  out.offsets = readonly(move_out(std::move(offsets)));
  out.stops = readonly(move_out(std::move(stops)));
  out.arrival = readonly(move_out(std::move(arrival)));
  out.load = readonly(move_out(std::move(load), {n_routes, static_cast<py::ssize_t>(nd)}));
  out.distance = readonly(move_out(std::move(dist)));
  out.duration = readonly(move_out(std::move(dur)));
  out.route_cost = readonly(move_out(std::move(cost)));
  out.unassigned = readonly(move_out(std::move(unassigned)));
  return out;
}

void bind_params(py::module_& m) {
  using P = route::SearchParams;
  py::class_<P>(m, "SearchParams", "The native search's parameters (lastleg.SearchParams sets them).")
      .def(py::init<>())
      .def_readwrite("neighbours", &P::neighbours)
      .def_readwrite("ls_neighbours", &P::ls_neighbours)
      .def_readwrite("ls_margin", &P::ls_margin)
      .def_readwrite("avg_removed", &P::avg_removed)
      .def_readwrite("max_string", &P::max_string)
      .def_readwrite("split_rate", &P::split_rate)
      .def_readwrite("split_depth", &P::split_depth)
      .def_readwrite("blink_rate", &P::blink_rate)
      .def_readwrite("t_start", &P::t_start)
      .def_readwrite("t_end", &P::t_end)
      .def_readwrite("portfolio", &P::portfolio)
      .def_readwrite("epochs", &P::epochs)
      .def_readwrite("local_search", &P::local_search)
      .def_readwrite("ejection", &P::ejection)
      .def_readwrite("swap_star", &P::swap_star)
      .def_readwrite("swap_star_neighbours", &P::swap_star_neighbours);
}

void bind_result(py::module_& m) {
  py::class_<RouteResult>(m, "RouteResult", "A native solve: CSR routes (offsets into stops).")
      .def_readonly("cost", &RouteResult::cost)
      .def_readonly("missing", &RouteResult::missing)
      .def_readonly("iterations", &RouteResult::iterations)
      .def_readonly("runtime", &RouteResult::runtime)
      .def_readonly("construction_time", &RouteResult::construction_time)
      .def_readonly("construction_cost", &RouteResult::construction_cost)
      .def_readonly("construction_missing", &RouteResult::construction_missing)
      .def_readonly("vehicle_type", &RouteResult::vehicle_type)
      .def_readonly("depot", &RouteResult::depot)
      .def_readonly("end_depot", &RouteResult::end_depot)
      .def_readonly("offsets", &RouteResult::offsets)
      .def_readonly("stops", &RouteResult::stops)
      .def_readonly("arrival", &RouteResult::arrival)
      .def_readonly("load", &RouteResult::load)
      .def_readonly("distance", &RouteResult::distance)
      .def_readonly("duration", &RouteResult::duration)
      .def_readonly("route_cost", &RouteResult::route_cost)
      .def_readonly("unassigned", &RouteResult::unassigned)
      .def_readonly("reasons", &RouteResult::reasons);
}

}  // namespace

void bind_route(py::module_& m) {
  bind_params(m);
  bind_result(m);
  m.def(
      "solve_routes",
      [](const py::object& problem, double time_limit, Count max_iterations, std::uint64_t seed, int threads,
         const route::SearchParams& params) {
        const route::Model model = model_from(problem);
        route::SolveOptions o;
        o.time_limit = time_limit;
        o.max_iterations = max_iterations;
        o.seed = seed;
        o.threads = threads;
        o.params = params;
        route::SolveResult r = run_interruptible([&](const std::atomic<bool>& stop) {
          return route::solve(model, o, &stop);
        });
        return result_of(model, r);
      },
      py::arg("problem"), py::arg("time_limit"), py::arg("max_iterations"), py::arg("seed"),
      py::arg("threads"), py::arg("params"),
      "Solve a RoutingProblem with the native engine.");
}

}  // namespace lastleg::bind
