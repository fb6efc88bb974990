// ClusterCoordinator: cluster mode's hook into the Poller (docs/CLUSTER.md).
// Instead of the Scheduler's own timetable, the feeds this instance polls are
// the ones it leases from PostgreSQL (storage/cluster_store.h): every tick it
// renews the leases it holds and leases due feeds up to its free capacity,
// hands each leased feed's shared state to the Scheduler (Adopt) and asks for
// a poll (PollNow). The Scheduler still applies the per-host limits, gaps and
// the poll decision; after the local commit the new state goes back to
// PostgreSQL with the lease released (WrapDone). Committed articles are
// recorded in the cluster-wide story table, so a story carried by feeds that
// different instances poll is stored there once.
//
// Thread rules: construct, Open, Start, Stop and WrapDone on the io thread
// (Open may block: call it before the loop runs). All PostgreSQL work runs
// on one private thread. The destructor gives up the remaining leases
// (bounded by libpq's timeouts) and joins that thread.
#pragma once

#include <memory>

#include "core/result.h"
#include "daemon/config.h"
#include "daemon/scheduler.h"

namespace boost::asio {
class io_context;
}

namespace newsd {

class Engine;

class ClusterCoordinator {
 public:
  // `config.cluster.postgres` must be set. `ioc`, `scheduler` and `engine`
  // must outlive the coordinator.
  ClusterCoordinator(boost::asio::io_context& ioc, Scheduler& scheduler, Engine& engine,
                     const Config& config);
  ~ClusterCoordinator();
  ClusterCoordinator(const ClusterCoordinator&) = delete;
  ClusterCoordinator& operator=(const ClusterCoordinator&) = delete;

  // Connects, creates the schema and upserts the configured feed list.
  // Blocking. Fails (naming the server) when PostgreSQL is unreachable.
  Status Open();
  // Starts the lease loop.
  void Start();
  // Stops leasing; polls in flight still complete and report.
  void Stop();
  // The `done` to give the Engine's commit of a poll of `feed_id`: writes
  // the committed state to PostgreSQL and releases the lease, then calls
  // `done`. Thread-safe.
  PollDone WrapDone(const std::string& feed_id, PollDone done);

  // This instance's id ([cluster] instance_id or "<hostname>-<pid>").
  const std::string& instance_id() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace newsd
