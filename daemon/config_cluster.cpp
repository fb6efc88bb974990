// The [cluster] table: several newsd instances sharing one feed list through
// PostgreSQL (docs/CLUSTER.md).
#include "daemon/config_internal.h"

namespace newsd {

void ReadCluster(const toml::table& t, Config& c, Diagnostics& d) {
  TableReader r(t, "[cluster]", d);
  if (auto v = r.String("postgres")) {
    if (v->empty()) {
      r.Error("postgres", "must be a libpq connection string, e.g. \"host=db dbname=newsd\"");
    } else {
      c.cluster.postgres = *v;
    }
  }
  if (auto v = r.String("instance_id")) {
    if (!ValidId(*v)) {
      r.Error("instance_id", "\"" + *v + "\" is not a valid id (letters, digits, '-', '_', '.')");
    } else {
      c.cluster.instance_id = *v;
    }
  }
  const bool has_seconds = t.contains("lease_seconds");
  if (auto v = r.Int("lease_seconds", 1, 86400)) c.cluster.lease = Seconds(*v);
  if (auto v = r.Duration("lease")) {
    if (has_seconds) {
      r.Error("lease", "give either lease or lease_seconds, not both");
    } else if (v->count() < 1) {
      r.Error("lease", "must be at least 1s");
    } else {
      c.cluster.lease = *v;
    }
  }
  r.Finish();
}

}  // namespace newsd
