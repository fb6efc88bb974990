// ArticleWriter: the extraction rows of an article (entities, quotes,
// quantities, dates), replaced as a whole on every revision.
#include "storage/article_writer.h"

namespace newsd::storage {

Status ArticleWriter::DeleteExtractions(std::int64_t id) {
  for (auto& s : ext_del_) {
    if (auto st = s.Bind(1, id).Run(); !st) return st;
  }
  return OkStatus();
}

Status ArticleWriter::InsertExtractions(std::int64_t id, const Article& a) {
  int idx = 0;
  for (const auto& e : a.entities) {
    auto st = ent_ins_.Bind(1, id)
                  .Bind(2, idx++)
                  .Bind(3, std::string_view(e.text))
                  .Bind(4, static_cast<int>(e.type))
                  .Bind(5, static_cast<std::int64_t>(e.start))
                  .Bind(6, static_cast<std::int64_t>(e.end))
                  .Bind(7, std::string_view(e.canonical))
                  .Run();
    if (!st) return st;
  }
  idx = 0;
  for (const auto& q : a.quotes) {
    auto st = quote_ins_.Bind(1, id)
                  .Bind(2, idx++)
                  .Bind(3, std::string_view(q.text))
                  .Bind(4, q.speaker)
                  .Bind(5, static_cast<std::int64_t>(q.start))
                  .Bind(6, static_cast<std::int64_t>(q.end))
                  .Run();
    if (!st) return st;
  }
  idx = 0;
  for (const auto& q : a.quantities) {
    auto st = qty_ins_.Bind(1, id)
                  .Bind(2, idx++)
                  .Bind(3, std::string_view(q.text))
                  .Bind(4, q.value)
                  .Bind(5, std::string_view(q.unit))
                  .Bind(6, q.approx ? 1 : 0)
                  .Bind(7, static_cast<std::int64_t>(q.start))
                  .Bind(8, static_cast<std::int64_t>(q.end))
                  .Run();
    if (!st) return st;
  }
  idx = 0;
  for (const auto& d : a.dates) {
    auto st = date_ins_.Bind(1, id)
                  .Bind(2, idx++)
                  .Bind(3, std::string_view(d.text))
                  .Bind(4, std::string_view(d.start_date))
                  .Bind(5, std::string_view(d.end_date))
                  .Bind(6, static_cast<std::int64_t>(d.start))
                  .Bind(7, static_cast<std::int64_t>(d.end))
                  .Run();
    if (!st) return st;
  }
  return OkStatus();
}

}  // namespace newsd::storage
