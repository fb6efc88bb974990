#include "storage/article_writer.h"

#include <bit>
#include <limits>

#include <boost/json.hpp>

#include "core/hash.h"
#include "core/json.h"
#include "storage/codec.h"

namespace newsd::storage {
namespace {

constexpr const char* kArticleCols =
    "feed, url, canonical_url, guid, title, author, published, updated, fetched, site_name, "
    "categories, feed_tags, declared_language, html_is_full_page, text, lang, lang_reliable, "
    "sentences, content_hash, simhash, sh0, sh1, sh2, sh3, duplicate_of, dedup_layer, "
    "revision, alert_key, stored_at";

// Binds the article columns 1..23 shared by INSERT and UPDATE (feed .. sh3).
void BindContent(Stmt& s, const Article& a) {
  s.Bind(1, std::string_view(a.feed))
      .Bind(2, std::string_view(a.url))
      .Bind(3, std::string_view(a.canonical_url))
      .Bind(4, std::string_view(a.guid))
      .Bind(5, std::string_view(a.title))
      .Bind(6, a.author)
      .Bind(7, ToUnix(a.published))
      .Bind(8, ToUnix(a.updated))
      .Bind(9, ToUnix(a.fetched))
      .Bind(10, std::string_view(a.site_name))
      .Bind(11, std::string_view(JoinLines(a.categories)))
      .Bind(12, std::string_view(JoinLines(a.feed_tags)))
      .Bind(13, a.declared_language)
      .Bind(14, a.html_is_full_page ? 1 : 0)
      .BindStatic(15, a.text)
      .Bind(16, std::string_view(a.lang))
      .Bind(17, a.lang_reliable ? 1 : 0);
  const std::string spans = EncodeSpans(a.sentences);
  s.BindBlob(18, spans.data(), static_cast<int>(spans.size()));
  s.Bind(19, std::string_view(a.content_hash)).Bind(20, SimhashToColumn(a.simhash));
  for (int i = 0; i < 4; ++i) s.Bind(21 + i, Band(a.simhash, i));
}

std::string GuidKey(const Article& a) {
  if (!a.guid.empty()) return a.guid;
  if (!a.url.empty()) return a.url;
  return a.content_hash;
}

}  // namespace

std::string BandLookupSql(int band) {
  const std::string c = "sh" + std::to_string(band);
  return "SELECT id, simhash FROM articles INDEXED BY articles_" + c + " WHERE " + c + " = ?";
}

std::string AlertKeyFor(const Article& a) {
  if (!a.canonical_url.empty()) return "url:" + a.canonical_url;
  if (!a.guid.empty()) return "guid:" + a.feed + "\n" + a.guid;
  return a.content_hash;
}

Status ArticleWriter::Prepare() {
  if (prepared_) return OkStatus();
  auto p = [this](Stmt& s, const std::string& sql) -> Status {
    auto r = db_.Prepare(sql);
    if (!r) return Fail(r.error());
    s = std::move(*r);
    return OkStatus();
  };
  Status st = OkStatus();
  auto add = [&](Stmt& s, const std::string& sql) {
    if (st) st = p(s, sql);
  };
  add(feed_upsert_,
      "INSERT OR REPLACE INTO feeds(id, url, etag, last_modified, last_status, last_error, "
      "consecutive_errors, last_poll, last_success, next_poll, retired, config_url) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  add(source_get_, kSourceLookupSql);
  add(source_upsert_,
      "INSERT INTO article_sources(feed, guid, article_id, raw_hash, layer, first_seen, last_seen) "
      "VALUES(?,?,?,?,?,?,?) ON CONFLICT(feed, guid) DO UPDATE SET article_id = "
      "excluded.article_id, "
      "raw_hash = excluded.raw_hash, last_seen = excluded.last_seen");
  add(source_touch_,
      "UPDATE article_sources SET raw_hash = ?, last_seen = ? WHERE feed = ? AND guid = ?");
  add(by_url_, kUrlLookupSql);
  add(by_hash_, kContentHashLookupSql);
  add(load_, "SELECT title, content_hash, revision, alert_key FROM articles WHERE id = ?");
  add(root_, "SELECT coalesce(duplicate_of, id) FROM articles WHERE id = ?");
  for (int i = 0; i < 4; ++i) add(band_[i], BandLookupSql(i));
  add(fetched_, "SELECT fetched FROM articles WHERE id = ?");
  add(insert_, std::string("INSERT INTO articles(") + kArticleCols +
                   ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  add(revise_,
      "UPDATE articles SET feed=?1, url=?2, canonical_url=?3, guid=?4, title=?5, author=?6, "
      "published=?7, updated=?8, fetched=fetched, site_name=?10, categories=?11, feed_tags=?12, "
      "declared_language=?13, html_is_full_page=?14, text=?15, lang=?16, lang_reliable=?17, "
      "sentences=?18, content_hash=?19, simhash=?20, sh0=?21, sh1=?22, sh2=?23, sh3=?24, "
      "revision = revision + 1, stored_at=?25 WHERE id=?26");
  add(revision_insert_,
      "INSERT OR REPLACE INTO revisions(article_id, revision, title, text, content_hash, "
      "replaced_at) SELECT id, revision, title, text, content_hash, ? FROM articles WHERE id = ?");
  add(ent_ins_,
      "INSERT INTO entities(article_id, idx, text, type, start, \"end\", canonical) "
      "VALUES(?,?,?,?,?,?,?)");
  add(quote_ins_,
      "INSERT INTO quotes(article_id, idx, text, speaker, start, \"end\") VALUES(?,?,?,?,?,?)");
  add(qty_ins_,
      "INSERT INTO quantities(article_id, idx, text, value, unit, approx, start, \"end\") "
      "VALUES(?,?,?,?,?,?,?,?)");
  add(date_ins_,
      "INSERT INTO dates(article_id, idx, text, start_date, end_date, start, \"end\") "
      "VALUES(?,?,?,?,?,?,?)");
  const char* tables[4] = {"entities", "quotes", "quantities", "dates"};
  for (int i = 0; i < 4; ++i) {
    add(ext_del_[i], std::string("DELETE FROM ") + tables[i] + " WHERE article_id = ?");
  }
  add(alert_has_, "SELECT 1 FROM alerts WHERE article_id = ? AND watch = ? LIMIT 1");
  add(alert_ins_,
      "INSERT OR IGNORE INTO alerts(id, watch, article_id, revision, created, score, matched) "
      "VALUES(?,?,?,?,?,?,?)");
  add(outbox_ins_,
      "INSERT OR IGNORE INTO alert_outbox(alert_id, sink, payload, next_attempt, created) "
      "VALUES(?,?,?,?,?)");
  add(downstream_ins_,
      "INSERT OR IGNORE INTO downstream_outbox(sink, kind, article_id, revision, alert_id, "
      "next_attempt, created) VALUES(?,?,?,?,?,?,?)");
  add(stats_add_,
      "INSERT INTO dedup_stats(layer, count) VALUES(?, ?) "
      "ON CONFLICT(layer) DO UPDATE SET count = count + excluded.count");
  if (st) prepared_ = true;
  return st;
}

Status ArticleWriter::SaveFeedState(const FeedState& s) {
  return feed_upsert_.Bind(1, std::string_view(s.feed))
      .Bind(2, std::string_view(s.url))
      .Bind(3, std::string_view(s.etag))
      .Bind(4, std::string_view(s.last_modified))
      .Bind(5, s.last_status)
      .Bind(6, std::string_view(s.last_error))
      .Bind(7, s.consecutive_errors)
      .Bind(8, ToUnix(s.last_poll))
      .Bind(9, ToUnix(s.last_success))
      .Bind(10, ToUnix(s.next_poll))
      .Bind(11, s.retired ? 1 : 0)
      .Bind(12, std::string_view(s.config_url))
      .Run();
}

Result<std::optional<ArticleWriter::Existing>> ArticleWriter::LoadExisting(std::int64_t id) {
  load_.Bind(1, id);
  auto row = load_.Step();
  if (!row) return Fail(row.error());
  std::optional<Existing> e;
  if (*row) {
    e = Existing{id, load_.Text(0), load_.Text(1), static_cast<int>(load_.Int(2)), load_.Text(3)};
  }
  load_.Reset();
  return e;
}

Result<std::optional<std::int64_t>> ArticleWriter::FindNearDuplicate(const Article& a) {
  if (auto st = Prepare(); !st) return Fail(st.error());
  if (a.simhash == 0 || near_distance_ < 0) return std::optional<std::int64_t>();
  const std::int64_t since = ToUnix(a.fetched) - near_window_.count();
  int best_dist = std::numeric_limits<int>::max();
  std::optional<std::int64_t> best;
  for (int i = 0; i < 4; ++i) {
    Stmt& s = band_[i];
    s.Bind(1, Band(a.simhash, i));
    while (true) {
      auto row = s.Step();
      if (!row) {
        s.Reset();
        return Fail(row.error());
      }
      if (!*row) break;
      const int d = std::popcount(SimhashFromColumn(s.Int(1)) ^ a.simhash);
      if (d > near_distance_) continue;
      const std::int64_t id = s.Int(0);
      if (best && (d > best_dist || (d == best_dist && id >= *best))) continue;
      // Only candidates within the distance reach the table: the window.
      fetched_.Bind(1, id);
      auto f = fetched_.Step();
      const bool in_window = f && *f && fetched_.Int(0) >= since;
      fetched_.Reset();
      if (!f) {
        s.Reset();
        return Fail(f.error());
      }
      if (!in_window) continue;
      best_dist = d;
      best = id;
    }
    s.Reset();
  }
  if (!best) return best;
  // Link to the original, not to another copy.
  root_.Bind(1, *best);
  auto row = root_.Step();
  if (!row) return Fail(row.error());
  if (*row) best = root_.Int(0);
  root_.Reset();
  return best;
}

Result<std::int64_t> ArticleWriter::FindByContentHash(const std::string& hash) {
  if (hash.empty()) return std::int64_t{0};
  by_hash_.Bind(1, std::string_view(hash));
  std::int64_t id = 0;
  while (id == 0) {
    auto r = by_hash_.Step();
    if (!r) {
      by_hash_.Reset();
      return Fail(r.error());
    }
    if (!*r) break;
    if (by_hash_.TextView(1) == hash) id = by_hash_.Int(0);  // rows come in id order
  }
  by_hash_.Reset();
  return id;
}

Result<std::int64_t> ArticleWriter::InsertArticle(const Article& a,
                                                  std::optional<std::int64_t> dup_of,
                                                  DedupLayer layer, TimePoint now) {
  BindContent(insert_, a);
  insert_.Bind(25, dup_of)
      .Bind(26, static_cast<int>(layer))
      .Bind(27, 1)
      .Bind(28, std::string_view(AlertKeyFor(a)))
      .Bind(29, ToUnix(now));
  if (auto st = insert_.Run(); !st) return Fail(st.error());
  const std::int64_t id = db_.LastInsertRowid();
  if (auto st = InsertExtractions(id, a); !st) return Fail(st.error());
  return id;
}

Status ArticleWriter::ReviseArticle(const Existing& old, const Article& a, TimePoint now) {
  if (auto st = revision_insert_.Bind(1, ToUnix(now)).Bind(2, old.id).Run(); !st) return st;
  BindContent(revise_, a);
  revise_.Bind(25, ToUnix(now)).Bind(26, old.id);
  if (auto st = revise_.Run(); !st) return st;
  if (auto st = DeleteExtractions(old.id); !st) return st;
  return InsertExtractions(old.id, a);
}

Status ArticleWriter::UpsertSource(const Article& a, const std::string& guid_key,
                                   std::int64_t article_id, const std::string& raw_hash,
                                   DedupLayer layer, TimePoint now) {
  return source_upsert_.Bind(1, std::string_view(a.feed))
      .Bind(2, std::string_view(guid_key))
      .Bind(3, article_id)
      .Bind(4, std::string_view(raw_hash))
      .Bind(5, static_cast<int>(layer))
      .Bind(6, ToUnix(now))
      .Bind(7, ToUnix(now))
      .Run();
}

Status ArticleWriter::WriteAlerts(const Article& a, ArticleOutcome& out,
                                  const std::string& alert_key, const AlertRouting* routing,
                                  TimePoint now) {
  for (const auto& m : a.matches) {
    const WatchRoute* route = nullptr;
    if (routing) {
      if (auto it = routing->find(m.watch); it != routing->end()) route = &it->second;
    }
    if (out.layer == DedupLayer::kNearDuplicate) {
      // The original already alerted this watch: the copy does not.
      alert_has_.Bind(1, *out.duplicate_of).Bind(2, std::string_view(m.watch));
      auto row = alert_has_.Step();
      alert_has_.Reset();
      if (!row) return Fail(row.error());
      if (*row) continue;
    }
    std::string key = alert_key;
    if (out.layer == DedupLayer::kRevision && route && route->realert_on_revision) {
      key += "\nrevision " + std::to_string(out.revision);
    }
    Alert alert;
    alert.id = Sha256Hex(m.watch + "\n" + key);
    alert.watch = m.watch;
    alert.article_id = out.article_id;
    alert.created = now;
    alert.matched = m.spans;
    alert.score = m.score;
    auto st = alert_ins_.Bind(1, std::string_view(alert.id))
                  .Bind(2, std::string_view(alert.watch))
                  .Bind(3, alert.article_id)
                  .Bind(4, out.revision)
                  .Bind(5, ToUnix(now))
                  .Bind(6, alert.score)
                  .Bind(7, std::string_view(MatchSpansToJson(alert.matched)))
                  .Run();
    if (!st) return st;
    if (db_.Changes() == 0) continue;  // this watch already alerted on this article
    out.alert_ids.push_back(alert.id);
    if (!route || route->sinks.empty()) continue;
    Article copy = a;
    copy.id = out.article_id;
    copy.revision = out.revision;
    copy.duplicate_of = out.duplicate_of;
    copy.html.clear();
    ArticleJsonOptions opt;
    opt.alerts = {m.watch};
    const std::string payload = ToJsonLine(AlertToJson(alert, &copy, opt));
    for (const auto& sink : route->sinks) {
      auto ost = outbox_ins_.Bind(1, std::string_view(alert.id))
                     .Bind(2, std::string_view(sink))
                     .Bind(3, std::string_view(payload))
                     .Bind(4, ToUnix(now))
                     .Bind(5, ToUnix(now))
                     .Run();
      if (!ost) return ost;
    }
  }
  return OkStatus();
}

Result<std::vector<ArticleOutcome>> ArticleWriter::Apply(
    WriteBatch& batch, TimePoint now, std::array<std::int64_t, kDedupLayerCount>& counts) {
  if (auto st = Prepare(); !st) return Fail(st.error());
  if (batch.feed_state) {
    if (auto st = SaveFeedState(*batch.feed_state); !st) return Fail(st.error());
  }
  std::vector<ArticleOutcome> outcomes;
  outcomes.reserve(batch.articles.size());
  for (std::size_t i = 0; i < batch.articles.size(); ++i) {
    const Article& a = batch.articles[i];
    const std::string raw = i < batch.raw_hashes.size() ? batch.raw_hashes[i] : std::string();
    const std::string guid_key = GuidKey(a);
    ArticleOutcome out;
    std::optional<Existing> existing;
    bool same_source = false;

    source_get_.Bind(1, std::string_view(a.feed)).Bind(2, std::string_view(guid_key));
    auto row = source_get_.Step();
    if (!row) return Fail(row.error());
    std::int64_t source_article = 0;
    std::string source_raw;
    if (*row) {
      source_article = source_get_.Int(0);
      source_raw = source_get_.Text(1);
    }
    source_get_.Reset();
    if (source_article != 0) {
      auto e = LoadExisting(source_article);
      if (!e) return Fail(e.error());
      existing = std::move(*e);
      same_source = existing.has_value();
    }
    if (!existing && !a.canonical_url.empty()) {
      by_url_.Bind(1, std::string_view(a.canonical_url));
      auto r = by_url_.Step();
      if (!r) return Fail(r.error());
      const std::int64_t id = *r ? by_url_.Int(0) : 0;
      by_url_.Reset();
      if (id) {
        auto e = LoadExisting(id);
        if (!e) return Fail(e.error());
        existing = std::move(*e);
      }
    }

    std::string alert_key;
    if (existing) {
      out.article_id = existing->id;
      alert_key = existing->alert_key;
      // Layer 1 proper: the feed sent exactly the same bytes again.
      const bool raw_same = same_source && !raw.empty() && raw == source_raw;
      const bool same_content =
          raw_same || (existing->title == a.title && existing->content_hash == a.content_hash);
      if (same_content) {
        out.layer = same_source ? DedupLayer::kUnchanged : DedupLayer::kCanonicalUrl;
        out.revision = existing->revision;
      } else {
        if (auto st = ReviseArticle(*existing, a, now); !st) return Fail(st.error());
        out.layer = DedupLayer::kRevision;
        out.revision = existing->revision + 1;
      }
      if (same_source) {
        auto st = source_touch_.Bind(1, std::string_view(raw))
                      .Bind(2, ToUnix(now))
                      .Bind(3, std::string_view(a.feed))
                      .Bind(4, std::string_view(guid_key))
                      .Run();
        if (!st) return Fail(st.error());
      } else if (auto st = UpsertSource(a, guid_key, existing->id, raw, out.layer, now); !st) {
        return Fail(st.error());
      }
    } else {
      auto by_hash = FindByContentHash(a.content_hash);
      if (!by_hash) return Fail(by_hash.error());
      const std::int64_t hash_id = *by_hash;
      if (hash_id) {
        auto e = LoadExisting(hash_id);
        if (!e) return Fail(e.error());
        out.layer = DedupLayer::kContentHash;
        out.article_id = hash_id;
        out.revision = (*e) ? (*e)->revision : 1;
        alert_key = (*e) ? (*e)->alert_key : AlertKeyFor(a);
      } else {
        auto near = FindNearDuplicate(a);
        if (!near) return Fail(near.error());
        out.layer = *near ? DedupLayer::kNearDuplicate : DedupLayer::kNone;
        out.duplicate_of = *near;
        auto id = InsertArticle(a, *near, out.layer, now);
        if (!id) return Fail(id.error());
        out.article_id = *id;
        alert_key = AlertKeyFor(a);
      }
      if (auto st = UpsertSource(a, guid_key, out.article_id, raw, out.layer, now); !st) {
        return Fail(st.error());
      }
    }
    if (out.layer != DedupLayer::kUnchanged) {
      if (auto st = WriteAlerts(a, out, alert_key, batch.routing.get(), now); !st) {
        return Fail(st.error());
      }
    }
    if (batch.downstream) {
      if (auto st = EnqueueDownstream(*batch.downstream, out, now); !st) return Fail(st.error());
    }
    counts[static_cast<std::size_t>(out.layer)]++;
    outcomes.push_back(std::move(out));
  }
  return outcomes;
}

Status ArticleWriter::EnqueueDownstream(const std::vector<std::string>& sinks,
                                        const ArticleOutcome& out, TimePoint now) {
  const bool article_changed = out.layer == DedupLayer::kNone ||
                               out.layer == DedupLayer::kNearDuplicate ||
                               out.layer == DedupLayer::kRevision;
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  auto add = [&](const std::string& sink, std::string_view kind,
                 std::string_view alert_id) -> Status {
    return downstream_ins_.Bind(1, std::string_view(sink))
        .Bind(2, kind)
        .Bind(3, out.article_id)
        .Bind(4, out.revision)
        .Bind(5, alert_id)
        .Bind(6, now_ms)
        .Bind(7, ToUnix(now))
        .Run();
  };
  for (const auto& sink : sinks) {
    if (article_changed) {
      if (auto st = add(sink, "article", ""); !st) return st;
    }
    for (const auto& id : out.alert_ids) {
      if (auto st = add(sink, "alert", id); !st) return st;
    }
  }
  return OkStatus();
}

Status ArticleWriter::SaveCounts(const std::array<std::int64_t, kDedupLayerCount>& counts) {
  if (auto st = Prepare(); !st) return st;
  for (int i = 0; i < kDedupLayerCount; ++i) {
    if (counts[static_cast<std::size_t>(i)] == 0) continue;
    if (auto st = stats_add_.Bind(1, i).Bind(2, counts[static_cast<std::size_t>(i)]).Run(); !st) {
      return st;
    }
  }
  return OkStatus();
}

}  // namespace newsd::storage
