// Alert latency: article commit → webhook receipt on loopback, wired as
// `newsd run` wires it (daemon/service.cpp): the real Engine (pipeline, watch
// matcher, SQLite store), its commit listener poking the real Dispatcher on an
// io_context, the real webhook sink (libcurl) POSTing to a real HTTP receiver
// on 127.0.0.1 (tests/support/webhook_receiver).
//
//   build/alert_latency_bench [--alerts 1000] [--rate 200]
//
// Articles (each matching one watch) are submitted one per batch at --rate
// per second. For every alert: commit time (the commit listener, on the
// store's writer thread) and receipt time (the receiver, when it has read the
// request) on the same steady clock. Prints p50/p90/p99/max of commit →
// receipt, and of submit → receipt (which adds the pipeline and the store's
// batch wait), with the process CPU time.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "alerts/dispatcher.h"
#include "core/log.h"
#include "daemon/alert_delivery.h"
#include "daemon/config.h"
#include "daemon/engine.h"
#include "storage/outbox.h"
#include "storage/store.h"
#include "tests/support/webhook_receiver.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

std::string ArticleText(int k) {
  static const char* kWords[] = {"border",  "trucks",   "ministry", "drills",  "convoy",
                                 "customs", "harbour",  "minister", "protest", "pipeline",
                                 "grain",   "election", "court",    "reactor", "strike",
                                 "flood",   "bridge",   "tariff",   "vaccine", "satellite"};
  std::mt19937 rng(static_cast<unsigned>(k) * 7919u + 1);
  std::string text = "<p>Latency report number " + std::to_string(k) + ".";
  for (int s = 0; s < 5; ++s) {
    text += " The";
    for (int w = 0; w < 9; ++w) text += std::string(" ") + kWords[rng() % 20];
    text += " " + std::to_string(rng() % 1000000) + ".";
  }
  return text + "</p>";
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void Report(const char* what, const std::vector<double>& ms) {
  std::printf("%-20s p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  (n=%zu)\n", what,
              Percentile(ms, 0.5), Percentile(ms, 0.9), Percentile(ms, 0.99), Percentile(ms, 1.0),
              ms.size());
}

}  // namespace

int main(int argc, char** argv) {
  int alerts = 1000;
  double rate = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--alerts") alerts = std::stoi(argv[i + 1]);
    if (k == "--rate") rate = std::stod(argv[i + 1]);
  }
  (void)newsd::InitLogging("warn");
  char tmpl[] = "/tmp/newsd-latency-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 1;
  const std::string dir = tmpl;
  newsd::testing::WebhookReceiver receiver;
  const std::string toml = "[daemon]\nstate_dir = \"" + dir +
                           "\"\n[http]\nenabled = false\n"
                           "[[watch]]\nid = \"latency\"\nquery = 'latency report'\n"
                           "notify = [\"hook\"]\n"
                           "[[sink]]\nid = \"hook\"\ntype = \"webhook\"\nurl = \"" +
                           receiver.url() + "\"\nsecret = \"bench\"\n";
  auto cfg = newsd::ParseConfig(toml, dir + "/newsd.toml");
  if (!cfg) {
    std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
    return 1;
  }
  auto engine = newsd::Engine::Create(*cfg);
  if (!engine) {
    std::fprintf(stderr, "%s\n", engine.error().message.c_str());
    return 1;
  }
  auto outbox = (*engine)->store().NewOutbox();
  auto sinks = newsd::MakeSinks(*cfg);
  if (!outbox || !sinks) return 1;
  newsd::OutboxAdapter adapter(std::move(*outbox));
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  newsd::alerts::Dispatcher dispatcher(ioc, adapter, std::move(*sinks),
                                       newsd::MakeDispatcherOptions(*cfg));
  std::mutex mu;
  std::map<std::string, SteadyClock::time_point> committed;  // alert id → commit
  std::vector<SteadyClock::time_point> submitted(static_cast<std::size_t>(alerts));
  std::map<std::string, int> article_of;  // alert id → k
  (*engine)->AddCommitListener([&](const std::vector<newsd::ArticleOutcome>& outcomes) {
    const auto now = SteadyClock::now();
    bool any = false;
    {
      std::lock_guard<std::mutex> l(mu);
      for (const auto& o : outcomes) {
        for (const auto& id : o.alert_ids) {
          committed[id] = now;
          any = true;
        }
      }
    }
    if (any) boost::asio::post(ioc, [&] { dispatcher.Poke(); });
  });
  dispatcher.Start();
  std::thread io([&] { ioc.run(); });

  const double c0 = CpuSeconds();
  const auto t0 = SteadyClock::now();
  const auto gap =
      std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(1.0 / rate));
  for (int k = 0; k < alerts; ++k) {
    std::this_thread::sleep_until(t0 + gap * k);
    newsd::Article a;
    a.title = "Latency report " + std::to_string(k);
    a.url = "http://bench.example/a/" + std::to_string(k);
    a.guid = a.url;
    a.html = ArticleText(k);
    {
      std::lock_guard<std::mutex> l(mu);
      submitted[static_cast<std::size_t>(k)] = SteadyClock::now();
    }
    (*engine)->ProcessArticles({std::move(a)}, [&, k](const newsd::BatchOutcome& o) {
      if (!o) return;
      std::lock_guard<std::mutex> l(mu);
      for (const auto& out : *o) {
        for (const auto& id : out.alert_ids) article_of[id] = k;
      }
    });
  }
  const auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (receiver.accepted().size() < static_cast<std::size_t>(alerts) &&
         SteadyClock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double c1 = CpuSeconds();
  const double wall = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  dispatcher.Stop();
  work.reset();
  ioc.stop();
  io.join();

  std::vector<double> from_commit, from_submit;
  std::size_t unknown = 0;
  {
    std::lock_guard<std::mutex> l(mu);
    for (const auto& r : receiver.accepted()) {
      auto h = r.headers.find("x-newsd-alert-id");
      if (h == r.headers.end() || committed.count(h->second) == 0) {
        ++unknown;
        continue;
      }
      const auto ms = [](SteadyClock::duration d) {
        return std::chrono::duration<double, std::milli>(d).count();
      };
      from_commit.push_back(ms(r.received - committed[h->second]));
      const int k = article_of[h->second];
      if (k >= 0 && k < alerts) {
        from_submit.push_back(ms(r.received - submitted[static_cast<std::size_t>(k)]));
      }
    }
  }
  std::printf("alerts: %d submitted at %.0f/s, %zu received (%zu unmatched ids)\n", alerts, rate,
              receiver.accepted().size(), unknown);
  Report("commit -> receipt:", from_commit);
  // Back-to-back deliveries (gap < 20 ms): the dispatcher's cost per alert.
  std::vector<double> gaps;
  const auto acc = receiver.accepted();
  for (std::size_t i = 1; i < acc.size(); ++i) {
    const double g =
        std::chrono::duration<double, std::milli>(acc[i].received - acc[i - 1].received).count();
    if (g < 20) gaps.push_back(g);
  }
  Report("between deliveries:", gaps);
  Report("submit -> receipt:", from_submit);
  std::printf("wall %.2f s, process CPU %.2f s (user+sys; machine shared with other builds)\n",
              wall, c1 - c0);
  (*engine).reset();
  std::filesystem::remove_all(dir);
  return receiver.accepted().size() >= static_cast<std::size_t>(alerts) ? 0 : 1;
}
