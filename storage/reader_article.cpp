// StoreReader: single articles, feed states and statistics.
#include <sys/stat.h>

#include "storage/codec.h"
#include "storage/reader.h"
#include "storage/reader_impl.h"

namespace newsd {
namespace storage {

const char* const kArticleSelectCols =
    "a.id, a.feed, a.url, a.canonical_url, a.guid, a.title, a.author, a.published, a.updated, "
    "a.fetched, a.site_name, a.categories, a.feed_tags, a.declared_language, "
    "a.html_is_full_page, a.text, a.lang, a.lang_reliable, a.sentences, a.content_hash, "
    "a.simhash, a.duplicate_of, a.revision";

void ReadArticleColumns(const Stmt& s, Article& a) {
  a.id = s.Int(0);
  a.feed = s.Text(1);
  a.url = s.Text(2);
  a.canonical_url = s.Text(3);
  a.guid = s.Text(4);
  a.title = s.Text(5);
  a.author = s.OptText(6);
  a.published = FromUnix(s.OptInt(7));
  a.updated = FromUnix(s.OptInt(8));
  a.fetched = FromUnix(s.Int(9));
  a.site_name = s.Text(10);
  a.categories = SplitLines(s.TextView(11));
  a.feed_tags = SplitLines(s.TextView(12));
  a.declared_language = s.OptText(13);
  a.html_is_full_page = s.Int(14) != 0;
  a.text = s.Text(15);
  a.lang = s.Text(16);
  a.lang_reliable = s.Int(17) != 0;
  a.sentences = DecodeSpans(s.TextView(18));
  a.content_hash = s.Text(19);
  a.simhash = SimhashFromColumn(s.Int(20));
  a.duplicate_of = s.OptInt(21);
  a.revision = static_cast<int>(s.Int(22));
}

namespace {

// Runs `sql` with ?1 = id and calls `row` for each result row.
template <typename F>
Status ForEach(Db& db, const char* sql, std::int64_t id, F&& row) {
  auto s = db.Prepare(sql);
  if (!s) return Fail(s.error());
  s->Bind(1, id);
  while (true) {
    auto r = s->Step();
    if (!r) return Fail(r.error());
    if (!*r) return OkStatus();
    row(*s);
  }
}

}  // namespace

Status LoadArticleChildren(Db& db, Article& a) {
  const std::int64_t id = a.id;
  a.sources.clear();
  Status st = ForEach(db,
                      "SELECT feed FROM article_sources WHERE article_id = ?1 AND feed <> '' "
                      "GROUP BY feed ORDER BY min(first_seen), feed",
                      id, [&](const Stmt& s) { a.sources.push_back(s.Text(0)); });
  if (!st) return st;
  st = ForEach(db,
               "SELECT text, type, start, \"end\", canonical FROM entities WHERE article_id = ?1 "
               "ORDER BY idx",
               id, [&](const Stmt& s) {
                 a.entities.push_back(Entity{s.Text(0), static_cast<EntityType>(s.Int(1)),
                                             static_cast<std::size_t>(s.Int(2)),
                                             static_cast<std::size_t>(s.Int(3)), s.Text(4)});
               });
  if (!st) return st;
  st = ForEach(
      db,
      "SELECT text, speaker, start, \"end\" FROM quotes WHERE article_id = ?1 "
      "ORDER BY idx",
      id, [&](const Stmt& s) {
        a.quotes.push_back(Quote{s.Text(0), s.OptText(1), static_cast<std::size_t>(s.Int(2)),
                                 static_cast<std::size_t>(s.Int(3))});
      });
  if (!st) return st;
  st = ForEach(db,
               "SELECT text, value, unit, approx, start, \"end\" FROM quantities "
               "WHERE article_id = ?1 ORDER BY idx",
               id, [&](const Stmt& s) {
                 a.quantities.push_back(Quantity{s.Text(0), s.Double(1), s.Text(2), s.Int(3) != 0,
                                                 static_cast<std::size_t>(s.Int(4)),
                                                 static_cast<std::size_t>(s.Int(5))});
               });
  if (!st) return st;
  st = ForEach(db,
               "SELECT text, start_date, end_date, start, \"end\" FROM dates "
               "WHERE article_id = ?1 ORDER BY idx",
               id, [&](const Stmt& s) {
                 a.dates.push_back(DateSpan{s.Text(0), s.Text(1), s.Text(2),
                                            static_cast<std::size_t>(s.Int(3)),
                                            static_cast<std::size_t>(s.Int(4))});
               });
  if (!st) return st;
  return ForEach(
      db,
      "SELECT watch, score, matched FROM alerts WHERE article_id = ?1 "
      "ORDER BY created, watch",
      id, [&](const Stmt& s) {
        a.matches.push_back(WatchMatch{s.Text(0), s.Double(1), MatchSpansFromJson(s.TextView(2))});
      });
}

// Reads a search statement's rows (columns as Search selects them; LIMIT
// bound to limit + 1 so a further page can be seen) into a page.
Result<SearchPage> ReadSearchHits(Stmt& s, const std::string& query, int limit, int offset) {
  SearchPage page;
  while (true) {
    auto row = s.Step();
    if (!row) {
      Error e = row.error();
      if (e.message.find("fts5") != std::string::npos ||
          e.message.find("syntax") != std::string::npos ||
          e.message.find("no such column") != std::string::npos) {
        e.kind = ErrorKind::kInvalidArgument;
      }
      return Fail(e.Wrap("search '" + query + "'"));
    }
    if (!*row) break;
    if (static_cast<int>(page.hits.size()) == limit) {
      page.next_cursor = std::to_string(offset + limit);
      break;
    }
    SearchHit h;
    h.id = s.Int(0);
    h.feed = s.Text(1);
    h.title = s.Text(2);
    h.url = s.Text(3);
    h.lang = s.Text(4);
    h.published = FromUnix(s.OptInt(5));
    h.fetched = FromUnix(s.Int(6));
    h.duplicate_of = s.OptInt(7);
    h.snippet = s.Text(8);
    h.rank = s.Double(9);
    page.hits.push_back(std::move(h));
  }
  return page;
}

}  // namespace storage

using storage::FromUnix;
using storage::Stmt;

Result<std::optional<StoredArticle>> StoreReader::GetArticle(std::int64_t id) {
  auto& db = impl_->db;
  auto txn = storage::Txn::Begin(db, "BEGIN");
  if (!txn) return Fail(txn.error());
  auto s = db.Prepare(std::string("SELECT ") + storage::kArticleSelectCols +
                      " FROM articles a WHERE a.id = ?");
  if (!s) return Fail(s.error());
  s->Bind(1, id);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<StoredArticle>();
  StoredArticle out;
  storage::ReadArticleColumns(*s, out.article);
  if (auto st = storage::LoadArticleChildren(db, out.article); !st) return Fail(st.error());
  Status st = storage::ForEach(
      db,
      "SELECT revision, title, text, content_hash, replaced_at FROM revisions "
      "WHERE article_id = ?1 ORDER BY revision",
      id, [&](const Stmt& r) {
        out.revisions.push_back(ArticleRevision{static_cast<int>(r.Int(0)), r.Text(1), r.Text(2),
                                                r.Text(3), FromUnix(r.Int(4))});
      });
  if (!st) return Fail(st.error());
  st = storage::ForEach(db,
                        "SELECT feed, guid, layer, first_seen, last_seen FROM article_sources "
                        "WHERE article_id = ?1 ORDER BY first_seen, feed, guid",
                        id, [&](const Stmt& r) {
                          out.source_items.push_back(
                              ArticleSource{r.Text(0), r.Text(1), static_cast<DedupLayer>(r.Int(2)),
                                            FromUnix(r.Int(3)), FromUnix(r.Int(4))});
                        });
  if (!st) return Fail(st.error());
  st = storage::ForEach(db,
                        "SELECT id, watch, created, score, matched FROM alerts "
                        "WHERE article_id = ?1 ORDER BY created, watch",
                        id, [&](const Stmt& r) {
                          Alert al;
                          al.id = r.Text(0);
                          al.watch = r.Text(1);
                          al.article_id = id;
                          al.created = FromUnix(r.Int(2));
                          al.score = r.Double(3);
                          al.matched = storage::MatchSpansFromJson(r.TextView(4));
                          out.alerts.push_back(std::move(al));
                        });
  if (!st) return Fail(st.error());
  return std::optional<StoredArticle>(std::move(out));
}

namespace {
constexpr const char* kFeedCols =
    "SELECT id, url, etag, last_modified, last_status, last_error, consecutive_errors, "
    "last_poll, last_success, next_poll, retired, config_url FROM feeds";

FeedState ReadFeed(const Stmt& s) {
  FeedState f;
  f.feed = s.Text(0);
  f.url = s.Text(1);
  f.etag = s.Text(2);
  f.last_modified = s.Text(3);
  f.last_status = static_cast<int>(s.Int(4));
  f.last_error = s.Text(5);
  f.consecutive_errors = static_cast<int>(s.Int(6));
  f.last_poll = FromUnix(s.OptInt(7));
  f.last_success = FromUnix(s.OptInt(8));
  f.next_poll = FromUnix(s.OptInt(9));
  f.retired = s.Int(10) != 0;
  f.config_url = s.Text(11);
  return f;
}
}  // namespace

Result<std::vector<FeedState>> StoreReader::FeedStates() {
  auto s = impl_->db.Prepare(std::string(kFeedCols) + " ORDER BY id");
  if (!s) return Fail(s.error());
  std::vector<FeedState> out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(ReadFeed(*s));
  }
}

Result<std::optional<FeedState>> StoreReader::GetFeedState(const std::string& feed) {
  auto s = impl_->db.Prepare(std::string(kFeedCols) + " WHERE id = ?");
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(feed));
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<FeedState>();
  return std::optional<FeedState>(ReadFeed(*s));
}

Result<StoreStats> StoreReader::Stats() {
  auto& db = impl_->db;
  auto txn = storage::Txn::Begin(db, "BEGIN");
  if (!txn) return Fail(txn.error());
  StoreStats st;
  auto q = [&](const char* sql, std::int64_t& out) -> Status {
    auto v = db.QueryInt(sql);
    if (!v) return Fail(v.error());
    out = *v;
    return OkStatus();
  };
  std::int64_t page_count = 0, page_size = 0;
  for (auto [sql, out] : std::initializer_list<std::pair<const char*, std::int64_t*>>{
           {"SELECT count(*) FROM articles", &st.articles},
           {"SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL", &st.near_duplicates},
           {"SELECT count(*) FROM revisions", &st.revisions},
           {"SELECT count(*) FROM alerts", &st.alerts},
           {"SELECT count(*) FROM alert_outbox WHERE state = 'pending'", &st.outbox_pending},
           {"SELECT count(*) FROM alert_outbox WHERE state = 'dead'", &st.outbox_dead},
           {"PRAGMA page_count", &page_count},
           {"PRAGMA page_size", &page_size},
           {"PRAGMA freelist_count", &st.free_pages}}) {
    if (auto s = q(sql, *out); !s) return Fail(s.error());
  }
  st.db_bytes = page_count * page_size;
  struct stat sb {};
  if (::stat((db.path() + "-wal").c_str(), &sb) == 0) st.wal_bytes = sb.st_size;

  auto range = db.Prepare("SELECT min(fetched), max(fetched) FROM articles");
  if (!range) return Fail(range.error());
  if (auto r = range->Step(); !r) return Fail(r.error());
  st.oldest = FromUnix(range->OptInt(0));
  st.newest = FromUnix(range->OptInt(1));

  Status s = storage::ForEach(db, "SELECT layer, count FROM dedup_stats WHERE ?1 = ?1", 0,
                              [&](const Stmt& r) {
                                const auto l = r.Int(0);
                                if (l >= 0 && l < kDedupLayerCount) {
                                  st.by_layer[static_cast<std::size_t>(l)] = r.Int(1);
                                }
                              });
  if (!s) return Fail(s.error());
  s = storage::ForEach(
      db,
      "SELECT f, sum(a), sum(i) FROM ("
      " SELECT feed AS f, count(*) AS a, 0 AS i FROM articles WHERE ?1 = ?1 GROUP BY feed"
      " UNION ALL SELECT feed, 0, count(*) FROM article_sources GROUP BY feed)"
      " GROUP BY f ORDER BY f",
      0, [&](const Stmt& r) {
        st.feeds.push_back(FeedCount{r.Text(0), r.Int(1), r.Int(2)});
      });
  if (!s) return Fail(s.error());
  return st;
}

}  // namespace newsd
