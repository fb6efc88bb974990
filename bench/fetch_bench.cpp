// Raw fetch throughput of the Scheduler + Fetcher: every URL in a file
// polled once (cold: empty state), then again (warm: the stored ETag and
// Last-Modified are sent, so a static server answers 304). No parsing or
// storage: the poll callback acknowledges at once. One line per round:
// wall time, CPU time (user+sys), peak RSS, statuses and bytes.
//
//   fetch_bench URLS_FILE [--per-host N] [--connections N] [--rounds N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include <boost/asio/io_context.hpp>

#include "daemon/scheduler.h"

namespace {

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long PeakRssKb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fetch_bench URLS_FILE [--per-host N] [--connections N] [--rounds N]\n";
    return 2;
  }
  newsd::FetchSection fetch;
  fetch.host_gap = std::chrono::seconds(0);  // one local server: no politeness gap
  int rounds = 2;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int v = std::stoi(argv[i + 1]);
    if (flag == "--per-host") {
      fetch.max_per_host = v;
    } else if (flag == "--connections") {
      fetch.max_connections = v;
    } else if (flag == "--rounds") {
      rounds = v;
    }
  }
  std::ifstream in(argv[1]);
  std::vector<std::string> urls;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) urls.push_back(line);
  }
  boost::asio::io_context ioc;
  newsd::Fetcher fetcher(ioc, newsd::MakeFetcherOptions(fetch));
  std::map<int, int> statuses;
  long long bytes = 0;
  int errors = 0;
  newsd::Scheduler sched(ioc, fetcher, newsd::SystemClock::Instance(), newsd::ScheduleSection{},
                         fetch, [&](newsd::PollResult r, newsd::PollDone done) {
                           if (r.response.error) {
                             ++errors;
                             std::cerr << r.feed_id << ": " << r.response.error_message << "\n";
                           } else {
                             ++statuses[r.response.status];
                           }
                           bytes += static_cast<long long>(r.response.body.size());
                           done(r.decision.state);
                         });
  for (std::size_t i = 0; i < urls.size(); ++i) {
    newsd::FeedConfig c;
    c.id = "f" + std::to_string(i);
    c.url = urls[i];
    if (auto st = sched.AddFeed(c, std::nullopt); !st) {
      std::cerr << st.error().message << "\n";
      return 1;
    }
  }
  std::printf(
      "| round | feeds | per host | wall s | CPU s | peak RSS MB | 200 | 304 | errors | MB body "
      "|\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  for (int round = 0; round < rounds; ++round) {
    statuses.clear();
    bytes = 0;
    errors = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    bool done = false;
    sched.PollAllNow([&](const newsd::PollProgress&) { done = true; });
    if (ioc.stopped()) ioc.restart();  // it ran out of work between rounds
    while (!done && ioc.run_one() > 0) {
    }
    if (!done) {
      std::cerr << "round stopped before completing\n";
      return 1;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("| %s | %zu | %d | %.3f | %.3f | %.1f | %d | %d | %d | %.1f |\n",
                round == 0 ? "cold" : "warm", urls.size(), fetch.max_per_host, wall,
                CpuSeconds() - c0, static_cast<double>(PeakRssKb()) / 1024.0, statuses[200],
                statuses[304], errors, static_cast<double>(bytes) / 1e6);
    std::fflush(stdout);
  }
  return 0;
}
