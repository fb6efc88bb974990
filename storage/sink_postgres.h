// PostgresSink: mirrors articles (with sources, entities, quotes, quantities,
// dates) and alerts from the downstream outbox into a PostgreSQL schema that
// it creates and migrates itself (docs/DOWNSTREAM.md describes the tables).
//
// Each Deliver call is one PostgreSQL transaction of multi-row
// INSERT ... ON CONFLICT DO NOTHING statements keyed on the article's content
// hash (children: content hash + index) and on the alert id, so delivering the
// same rows again (at-least-once outbox) creates no duplicates.
//
// Thread rules: blocking (libpq); one thread at a time. Reconnects on the next
// call after any failure.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/downstream_outbox.h"

namespace newsd {

struct PostgresSinkOptions {
  std::string id;        // sink id, for messages
  std::string conninfo;  // libpq conninfo / URI ([[sink]] dsn)
  std::string schema = "newsd";
  int connect_timeout_seconds = 10;
};

// The version of the PostgreSQL schema this binary creates.
inline constexpr int kPgSinkSchemaVersion = 1;

class PostgresSink {
 public:
  explicit PostgresSink(PostgresSinkOptions opts);
  ~PostgresSink();
  PostgresSink(const PostgresSink&) = delete;
  PostgresSink& operator=(const PostgresSink&) = delete;

  // Connects (and migrates) if needed, then writes every found item in one
  // transaction. OkStatus = committed; Error (kIo when PostgreSQL is
  // unreachable) = nothing written, retry later. Items with found == false are
  // ignored.
  Status Deliver(const std::vector<DownstreamItem>& items);

  // Creates the schema and tables (idempotent; serialised between instances
  // with an advisory lock). Called by Deliver on each new connection.
  Status Migrate();

 private:
  Status Connect();
  PostgresSinkOptions opts_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
