// Development driver for the routing engine (not part of the package):
//   route_dev FILE [time_limit] [max_iterations] [threads] [seed] [ls 0/1]
// Reads a CVRPLIB .vrp (EUC_2D, rounded) or a Solomon .txt, solves, re-checks.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "lastleg/route/solver.h"

using namespace lastleg;
using namespace lastleg::route;

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::string path = argv[1];
  double tl = argc > 2 ? std::atof(argv[2]) : 1.0;
  long long it = argc > 3 ? std::atoll(argv[3]) : -1;
  int threads = argc > 4 ? std::atoi(argv[4]) : 1;
  unsigned long long seed = argc > 5 ? std::atoll(argv[5]) : 0;
  int ls = argc > 6 ? std::atoi(argv[6]) : 1;
  std::vector<double> x, y, dem, ready, due, serv;
  long long cap = 0, nveh = 0;
  geo::MetricKind kind;
  std::ifstream in(path);
  std::string line;
  if (path.size() > 4 && path.substr(path.size() - 4) == ".txt") {
    kind = geo::MetricKind::euclidean;
    int ln = 0;
    while (std::getline(in, line)) {
      ++ln;
      std::istringstream ss(line);
      if (ln == 5) ss >> nveh >> cap;
      if (ln >= 10) {
        double id, a, b, d, r, du, s;
        if (ss >> id >> a >> b >> d >> r >> du >> s) {
          x.push_back(a); y.push_back(b); dem.push_back(d); ready.push_back(r); due.push_back(du); serv.push_back(s);
        }
      }
    }
  } else {
    kind = geo::MetricKind::euclidean_rounded;
    std::string section;
    while (std::getline(in, line)) {
      if (line.find("CAPACITY") != std::string::npos) cap = std::atoll(line.substr(line.find(':') + 1).c_str());
      if (line.find("NODE_COORD_SECTION") != std::string::npos) { section = "c"; continue; }
      if (line.find("DEMAND_SECTION") != std::string::npos) { section = "d"; continue; }
      if (line.find("DEPOT_SECTION") != std::string::npos) { section = "x"; continue; }
      std::istringstream ss(line);
      double id, a, b;
      if (section == "c" && (ss >> id >> a >> b)) { x.push_back(a); y.push_back(b); }
      if (section == "d" && (ss >> id >> a)) dem.push_back(a);
    }
    nveh = static_cast<long long>(x.size());
    ready.assign(x.size(), 0); due.assign(x.size(), kInfinity); serv.assign(x.size(), 0);
  }
  const Index n = static_cast<Index>(x.size()) - 1;
  ModelData d;
  d.n_depots = 1; d.n_stops = n; d.n_dims = 1;
  for (Index i = 1; i <= n; ++i) {
    d.demand.push_back(static_cast<Count>(dem[i]));
    d.service.push_back(serv[i]);
    d.tw_offsets.push_back(i - 1);
    d.time_windows.push_back(ready[i]);
    d.time_windows.push_back(due[i]);
    d.penalty.push_back(kInfinity);
  }
  d.tw_offsets.push_back(n);
  VehicleType t;
  t.count = nveh; t.capacity = {cap, 0, 0}; t.start_depot = 0; t.end_depot = 0;
  t.shift_start = ready[0]; t.shift_end = due[0];
  d.types.push_back(t);
  Model m(std::move(d), geo::Metric(kind, x, y));
  SolveOptions o;
  o.time_limit = tl > 0 ? tl : kInfinity;
  o.max_iterations = it;
  o.threads = threads;
  o.seed = seed;
  o.params.local_search = ls != 0;
  if (const char* e = std::getenv("T0")) o.params.t_start = std::atof(e);
  if (const char* e = std::getenv("T1")) o.params.t_end = std::atof(e);
  if (const char* e = std::getenv("CBAR")) o.params.avg_removed = std::atof(e);
  if (const char* e = std::getenv("EPOCHS")) o.params.epochs = std::atoi(e);
  if (const char* e = std::getenv("MARGIN")) o.params.ls_margin = std::atof(e);
  if (const char* e = std::getenv("NB")) o.params.neighbours = std::atoi(e);
  if (const char* e = std::getenv("LSK")) o.params.ls_neighbours = std::atoi(e);
  SolveResult r = solve(m, o);
  // Independent re-check.
  double total = 0;
  int used = 0;
  bool ok = true;
  std::vector<int> seen(n, 0);
  for (const Route& rt : r.solution.routes) {
    if (rt.empty()) continue;
    ++used;
    double time = ready[0], dist = 0, load = 0;
    int prev = 0;
    for (Index s : rt.stops) {
      seen[s]++;
      int c = s + 1;
      double dd = std::hypot(x[c] - x[prev], y[c] - y[prev]);
      if (kind == geo::MetricKind::euclidean_rounded) dd = std::floor(dd + 0.5);
      dist += dd; time += dd;
      if (time > due[c] + 1e-9) ok = false;
      time = std::max(time, ready[c]) + serv[c];
      load += dem[c];
      prev = c;
    }
    double dd = std::hypot(x[0] - x[prev], y[0] - y[prev]);
    if (kind == geo::MetricKind::euclidean_rounded) dd = std::floor(dd + 0.5);
    dist += dd; time += dd;
    if (time > due[0] + 1e-9) ok = false;
    if (load > cap) ok = false;
    total += dist;
  }
  for (Index i = 0; i < n; ++i) if (seen[i] != 1) ok = false;
  std::printf("%s cost=%.2f check=%.2f ok=%d routes=%d missing=%lld it=%lld time=%.2f\n", path.c_str(),
              r.solution.objective().cost, total, ok ? 1 : 0, used, (long long)r.solution.missing,
              (long long)r.iterations, r.runtime);
  return 0;
}
