// The newsd configuration: what `newsd.toml` says, validated.
//
// LoadConfig reads a TOML file and checks every key: unknown keys (with a
// "did you mean" for near misses), wrong types, bad durations, duplicate ids
// and unparsable URLs are all reported, each as "FILE:LINE:COL: message"
// naming the key. All problems in a file are reported at once, one per line of
// the returned Error's message. Pure function; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace newsd {

using Seconds = std::chrono::seconds;

struct DaemonSection {
  std::string state_dir = "/var/lib/newsd";
  int workers = 0;  // CPU workers for pipeline stages; 0 = number of cores
  std::string log_level = "info";
  Seconds shutdown_timeout{10};  // SIGTERM: how long to drain before exiting
};

struct HttpSection {
  bool enabled = true;
  std::string listen = "127.0.0.1:8085";
  std::string token_file;  // required when `listen` is not a loopback address
  int max_connections = 256;
  std::int64_t max_body = 1 << 20;         // request body bytes (413 beyond)
  int max_headers = 64;                    // request header fields (431 beyond)
  Seconds request_timeout{30};             // reading a request and writing its answer
  Seconds stream_heartbeat{15};            // SSE comment line interval
  std::int64_t stream_buffer = 1 << 20;    // bytes queued per SSE client before it is dropped
  std::string public_url;                  // "" = no WebSub; else the base URL hubs call back
  Seconds websub_lease{10 * 86400};        // hub.lease_seconds asked for
  Seconds websub_poll_interval{6 * 3600};  // fallback polling of pushed feeds
};

struct FetchSection {
  std::string user_agent;  // "" = "newsd/<version> (+https://...)"
  Seconds connect_timeout{15};
  Seconds timeout{60};
  std::int64_t low_speed_limit = 256;  // bytes/s ...
  Seconds low_speed_time{30};          // ... below which for this long aborts
  std::int64_t max_body = 16 << 20;    // bytes after decompression
  int max_redirects = 5;
  int max_connections = 64;
  int max_per_host = 2;
  Seconds host_gap{1};  // minimum time between two requests to one host
  std::string ca_file;
  bool allow_private = false;  // full-text pages on loopback/private addresses
  // Full-text pages may reach these networks (CIDR) although they are internal.
  std::vector<std::string> allow_networks;
  int page_concurrency = 4;  // page fetches in flight per full-text poll
};

struct ScheduleSection {
  Seconds default_interval{600};
  Seconds min_interval{60};
  Seconds max_interval{86400};
  Seconds max_backoff{6 * 3600};
  bool adaptive = false;
  double jitter = 0.1;  // fraction of the interval
};

struct StorageSection {
  bool fts = true;
  std::string synchronous = "normal";  // "normal" or "full"
  std::optional<Seconds> retention;
  Seconds retention_first_run{60};  // first retention pass after start; then hourly
  int near_duplicate_distance = 3;
  Seconds near_duplicate_window{7 * 86400};
  int batch_size = 500;
  std::chrono::milliseconds batch_interval{100};
  int queue_capacity = 4096;
};

struct PipelineSection {
  bool facts = true;
};

struct FeedConfig {
  std::string id;
  std::string url;
  std::string title;                // optional display name (OPML text/title)
  std::optional<Seconds> interval;  // nullopt = [schedule] default_interval
  std::vector<std::string> tags;
  bool full_text = false;
  bool enabled = true;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string origin;  // "FILE:LINE" of the [[feed]] table, for messages
};

struct WatchConfig {
  std::string id;
  std::string query;
  std::vector<std::pair<std::string, double>> terms;  // weighted list
  std::optional<double> threshold;
  std::vector<std::string> feeds, tags, languages, notify;
  std::optional<Seconds> digest;
  std::string realert = "never";  // "never" | "on_revision"
  std::string origin;
};

struct EntityConfig {
  std::string name;
  std::string type;  // "PERSON" | "ORG" | "LOC"
  std::vector<std::string> aliases;
  std::string origin;
};

struct SinkConfig {
  std::string id;
  std::string type;  // webhook | email | jsonl | exec | log | postgres | nats
  std::string url;   // webhook, email (smtp[s]://), nats
  std::string secret;
  std::string secret_file;
  std::string body_template;
  std::string path;                      // jsonl
  std::vector<std::string> command;      // exec
  std::string from;                      // email
  std::vector<std::string> to;           // email
  std::string username, password_file;   // email
  std::string dsn;                       // postgres
  std::string subject_prefix = "newsd";  // nats
  std::string stream;                    // nats
  bool create_stream = false;            // nats
  std::string schema = "newsd";          // postgres: the schema newsd creates and fills
  int batch_size = 500;                  // postgres, nats: outbox rows per delivery
  bool brief = false;                    // omit article text
  Seconds timeout{10};
  Seconds max_age{24 * 3600};     // give up retrying after this long
  int rate_limit_per_minute = 0;  // 0 = unlimited
  std::string origin;
};

// [feeds]: where [[feed]] tables live besides the main file (docs/FEEDS.md).
struct FeedsSection {
  // Glob patterns of included files (relative to the config file's
  // directory), read in sorted order after the main file.
  std::vector<std::string> include;
  // The file `newsd feeds add/import/remove` write; read when it exists.
  std::string managed;  // absolute; default <config dir>/feeds.d/managed.toml
};

// Cluster mode (docs/CLUSTER.md): several instances lease feeds from one
// PostgreSQL database.
struct ClusterSection {
  std::string postgres;     // libpq conninfo; "" = single instance
  std::string instance_id;  // "" = "<hostname>-<pid>", filled in at start
  Seconds lease{60};        // lease_seconds (or lease = "60s")
};

struct Config {
  std::string path;  // the file this was read from
  DaemonSection daemon;
  HttpSection http;
  FetchSection fetch;
  ScheduleSection schedule;
  StorageSection storage;
  PipelineSection pipeline;
  ClusterSection cluster;
  FeedsSection feeds_section;
  std::vector<FeedConfig> feeds;
  std::vector<WatchConfig> watches;
  std::vector<EntityConfig> entities;
  std::vector<SinkConfig> sinks;

  // The feed with this id, or nullptr.
  const FeedConfig* FindFeed(const std::string& id) const;
};

// Reads and validates `path`. Relative paths inside the file (state_dir,
// token_file, sink paths) are resolved against the file's directory.
Result<Config> LoadConfig(const std::string& path);

// Same, from text already in memory; `path` is used in messages and for
// resolving relative paths.
Result<Config> ParseConfig(const std::string& text, const std::string& path);

}  // namespace newsd
