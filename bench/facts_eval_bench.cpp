// Scores the fact stage (quotes, quantities, dates) against the hand-annotated
// gold set in bench/facts_gold/ and measures its speed on 5 KB articles.
//
//   facts_eval_bench [--gold FILE] [--verbose]     precision/recall/F1 per type
//   facts_eval_bench --speed [--iterations N]      µs per 5 KB article, one thread
//
// Matching: a predicted quote matches a gold quote when their byte spans
// overlap by at least half of their union; a quantity when value (relative
// 1e-6) and unit (case-insensitive, plural 's' ignored) agree and the spans
// overlap; a date when start and end dates agree and the spans overlap.
// Speaker accuracy counts matched gold quotes that have a gold speaker.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/model.h"
#include "extract/entity_recognizer.h"
#include "extract/facts_extractor.h"
#include "extract/facts_text.h"

namespace {

namespace json = boost::json;
using newsd::Article;

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  void Print(const char* name) const {
    double p = tp + fp ? double(tp) / (tp + fp) : 0, r = tp + fn ? double(tp) / (tp + fn) : 0;
    double f = p + r ? 2 * p * r / (p + r) : 0;
    std::printf("%-11s gold=%-4d pred=%-4d tp=%-4d precision=%.3f recall=%.3f f1=%.3f\n", name,
                tp + fn, tp + fp, tp, p, r, f);
  }
};

std::optional<newsd::TimePoint> ParseTime(const std::string& s) {
  int y, mo, d, h, mi, se;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6) return {};
  using namespace std::chrono;
  return newsd::TimePoint(sys_days(year(y) / month(mo) / day(d))) + hours(h) + minutes(mi) +
         seconds(se);
}

std::string NormUnit(std::string u) {
  for (char& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto sp = u.find_last_of(' ');
  if (sp != std::string::npos) u = u.substr(sp + 1);
  if (u.size() > 1 && u.back() == 's') u.pop_back();
  return u;
}

bool Overlap(std::size_t a, std::size_t b, std::size_t c, std::size_t d) { return a < d && c < b; }

std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

// With `with_entities`, the entity stage runs first, as in the engine's
// pipeline (its canonical names and types feed speaker attribution).
int Eval(const std::string& path, bool verbose, bool with_entities) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  json::value gold = json::parse(ss.str());
  auto fx = newsd::FactExtractor::Create();
  if (!fx) {
    std::fprintf(stderr, "%s\n", fx.error().message.c_str());
    return 2;
  }
  std::unique_ptr<newsd::EntityRecognizer> rec;
  std::unique_ptr<newsd::SentenceSplitter> splitter;
  if (with_entities) {
    auto r = newsd::EntityRecognizer::Create(newsd::EntityOptions{});
    auto sp = newsd::SentenceSplitter::Create("en");
    if (!r || !sp) {
      std::fprintf(stderr, "cannot create the entity stage\n");
      return 2;
    }
    rec = std::move(*r);
    splitter = std::move(*sp);
  }
  Counts quotes, quants, dates;
  int spk_total = 0, spk_ok = 0, spk_all = 0, null_total = 0, null_ok = 0;
  for (const json::value& av : gold.as_array()) {
    const json::object& g = av.as_object();
    Article a;
    a.text = Str(g.at("text"));
    a.published = ParseTime(Str(g.at("published")));
    if (rec) {
      a.lang = "en";
      a.sentences = splitter->Split(a.text);
      rec->Recognize(a);
    }
    (*fx)->Extract(a);
    std::string id = Str(g.at("id"));
    // Quotes.
    std::vector<bool> used(a.quotes.size());
    for (const json::value& qv : g.at("quotes").as_array()) {
      const json::object& q = qv.as_object();
      auto gs = static_cast<std::size_t>(q.at("start").as_int64());
      auto ge = static_cast<std::size_t>(q.at("end").as_int64());
      std::optional<std::string> gsp;
      if (q.at("speaker").is_string()) gsp = Str(q.at("speaker"));
      if (gsp) ++spk_all;
      int hit = -1;
      for (std::size_t i = 0; i < a.quotes.size() && hit < 0; ++i) {
        const auto& p = a.quotes[i];
        std::size_t inter = std::min(ge, p.end) > std::max(gs, p.start)
                                ? std::min(ge, p.end) - std::max(gs, p.start)
                                : 0;
        std::size_t uni = std::max(ge, p.end) - std::min(gs, p.start);
        if (!used[i] && inter * 2 >= uni) hit = static_cast<int>(i);
      }
      if (hit < 0) {
        ++quotes.fn;
        if (verbose) std::printf("%s quote MISSED: %.60s\n", id.c_str(), Str(q.at("text")).c_str());
        continue;
      }
      used[static_cast<std::size_t>(hit)] = true;
      ++quotes.tp;
      const auto& ps = a.quotes[static_cast<std::size_t>(hit)].speaker;
      if (gsp) {
        ++spk_total;
        if (ps && *ps == *gsp)
          ++spk_ok;
        else if (verbose)
          std::printf("%s speaker WRONG: gold=%s got=%s (%.40s)\n", id.c_str(), gsp->c_str(),
                      ps ? ps->c_str() : "null", Str(q.at("text")).c_str());
      } else {
        ++null_total;
        if (!ps)
          ++null_ok;
        else if (verbose)
          std::printf("%s speaker WRONG: gold=null got=%s\n", id.c_str(), ps->c_str());
      }
    }
    for (std::size_t i = 0; i < a.quotes.size(); ++i) {
      if (used[i]) continue;
      ++quotes.fp;
      if (verbose) {
        std::printf("%s quote EXTRA: %.60s (speaker %s)\n", id.c_str(), a.quotes[i].text.c_str(),
                    a.quotes[i].speaker ? a.quotes[i].speaker->c_str() : "null");
      }
    }
    // Quantities.
    used.assign(a.quantities.size(), false);
    for (const json::value& qv : g.at("quantities").as_array()) {
      const json::object& q = qv.as_object();
      auto gs = static_cast<std::size_t>(q.at("start").as_int64());
      auto ge = static_cast<std::size_t>(q.at("end").as_int64());
      double gval = q.at("value").to_number<double>();
      std::string gu = NormUnit(Str(q.at("unit")));
      bool found = false;
      for (std::size_t i = 0; i < a.quantities.size() && !found; ++i) {
        const auto& p = a.quantities[i];
        if (used[i] || !Overlap(gs, ge, p.start, p.end)) continue;
        if (std::fabs(p.value - gval) <= 1e-6 * std::max(1.0, std::fabs(gval)) &&
            NormUnit(p.unit) == gu) {
          used[i] = found = true;
        }
      }
      if (found) {
        ++quants.tp;
      } else {
        ++quants.fn;
        if (verbose)
          std::printf("%s quantity MISSED: %s = %g %s\n", id.c_str(), Str(q.at("text")).c_str(),
                      gval, Str(q.at("unit")).c_str());
      }
    }
    for (std::size_t i = 0; i < a.quantities.size(); ++i) {
      if (used[i]) continue;
      ++quants.fp;
      if (verbose)
        std::printf("%s quantity EXTRA: %s = %g [%s]\n", id.c_str(), a.quantities[i].text.c_str(),
                    a.quantities[i].value, a.quantities[i].unit.c_str());
    }
    // Dates.
    used.assign(a.dates.size(), false);
    for (const json::value& dv : g.at("dates").as_array()) {
      const json::object& d = dv.as_object();
      auto gs = static_cast<std::size_t>(d.at("start").as_int64());
      auto ge = static_cast<std::size_t>(d.at("end").as_int64());
      std::string sd = Str(d.at("start_date")), ed = Str(d.at("end_date"));
      bool found = false;
      for (std::size_t i = 0; i < a.dates.size() && !found; ++i) {
        const auto& p = a.dates[i];
        if (!used[i] && Overlap(gs, ge, p.start, p.end) && p.start_date == sd && p.end_date == ed) {
          used[i] = found = true;
        }
      }
      if (found) {
        ++dates.tp;
      } else {
        ++dates.fn;
        if (verbose)
          std::printf("%s date MISSED: %s = %s..%s\n", id.c_str(), Str(d.at("text")).c_str(),
                      sd.c_str(), ed.c_str());
      }
    }
    for (std::size_t i = 0; i < a.dates.size(); ++i) {
      if (used[i]) continue;
      ++dates.fp;
      if (verbose)
        std::printf("%s date EXTRA: %s = %s..%s\n", id.c_str(), a.dates[i].text.c_str(),
                    a.dates[i].start_date.c_str(), a.dates[i].end_date.c_str());
    }
  }
  std::printf("gold: %s (%zu articles)\n", path.c_str(), gold.as_array().size());
  quotes.Print("quotes");
  quants.Print("quantities");
  dates.Print("dates");
  std::printf(
      "speaker    accuracy=%.3f (%d/%d matched gold quotes with a speaker); "
      "end-to-end=%.3f (%d/%d); null kept null %d/%d\n",
      spk_total ? double(spk_ok) / spk_total : 0, spk_ok, spk_total,
      spk_all ? double(spk_ok) / spk_all : 0, spk_ok, spk_all, null_ok, null_total);
  return 0;
}

int Speed(const std::string& path, int iterations) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  json::value gold = json::parse(ss.str());
  // Real article text, regrouped into ~5 KB articles.
  std::vector<Article> arts;
  std::string cur;
  for (const json::value& av : gold.as_array()) {
    if (!cur.empty()) cur += "\n\n";
    cur += Str(av.as_object().at("text"));
    if (cur.size() >= 5000) {
      Article a;
      a.text = cur.substr(
          0, cur.find("\n\n", 5000) == std::string::npos ? cur.size() : cur.find("\n\n", 5000));
      a.published = ParseTime("2024-06-15T12:00:00Z");
      arts.push_back(std::move(a));
      cur.clear();
    }
  }
  auto fx = newsd::FactExtractor::Create();
  auto splitter = newsd::SentenceSplitter::Create("en");
  if (!fx || !splitter || arts.empty()) return 2;
  std::size_t bytes = 0;
  for (const auto& a : arts) bytes += a.text.size();
  std::printf("speed: %zu articles of mean %.0f bytes x %d iterations, one thread\n", arts.size(),
              double(bytes) / arts.size(), iterations);
  // Twice: with Article::sentences given (as the pipeline's text stage does)
  // and empty (the stage splits with ICU itself).
  for (bool presplit : {true, false}) {
    for (auto& a : arts)
      a.sentences = presplit ? (*splitter)->Split(a.text) : newsd::Article().sentences;
    std::size_t found = 0;
    timespec c0{}, c1{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    auto t0 = std::chrono::steady_clock::now();
    for (int it = 0; it < iterations; ++it) {
      for (auto& a : arts) {
        (*fx)->Extract(a);
        found += a.quotes.size() + a.quantities.size() + a.dates.size();
      }
    }
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    // CPU time of this thread: the machine is shared, wall time includes waiting.
    double secs = double(c1.tv_sec - c0.tv_sec) + double(c1.tv_nsec - c0.tv_nsec) / 1e9;
    double n = double(arts.size()) * iterations;
    std::printf(
        "speed (%s): cpu %.1f us/article, %.0f articles/s per core, %.1f MB/s; "
        "wall %.1f us/article (%zu facts)\n",
        presplit ? "sentences given" : "ICU split inside", secs / n * 1e6, n / secs,
        double(bytes) * iterations / secs / 1e6, wall / n * 1e6, found);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gold = NEWSD_SOURCE_DIR "/bench/facts_gold/gold_gold.json";
  bool verbose = false, speed = false, entities = false;
  std::string show;
  int iterations = 200;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--gold" && i + 1 < argc)
      gold = argv[++i];
    else if (a == "--verbose")
      verbose = true;
    else if (a == "--entities")
      entities = true;
    else if (a == "--text" && i + 1 < argc)
      show = argv[++i];
    else if (a == "--speed")
      speed = true;
    else if (a == "--iterations" && i + 1 < argc)
      iterations = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr,
                   "usage: %s [--gold FILE] [--verbose] [--entities] [--speed [--iterations N]]\n",
                   argv[0]);
      return 2;
    }
  }
  if (!show.empty()) {  // debugging aid: the facts of one text
    auto fx = newsd::FactExtractor::Create();
    if (!fx) return 2;
    Article a;
    a.text = show;
    a.published = ParseTime("2024-06-15T12:00:00Z");
    if (entities) {
      auto rec = newsd::EntityRecognizer::Create(newsd::EntityOptions{});
      auto sp = newsd::SentenceSplitter::Create("en");
      if (!rec || !sp) return 2;
      a.lang = "en";
      a.sentences = (*sp)->Split(a.text);
      (*rec)->Recognize(a);
      for (const auto& e : a.entities) {
        std::printf("entity [%s] type %d canonical [%s]\n", e.text.c_str(),
                    static_cast<int>(e.type), e.canonical.c_str());
      }
    }
    (*fx)->Extract(a);
    for (const auto& q : a.quotes)
      std::printf("quote [%s] by %s\n", q.text.c_str(), q.speaker ? q.speaker->c_str() : "null");
    for (const auto& q : a.quantities)
      std::printf("quantity [%s] %g %s%s\n", q.text.c_str(), q.value, q.unit.c_str(),
                  q.approx ? " approx" : "");
    for (const auto& d : a.dates)
      std::printf("date [%s] %s..%s\n", d.text.c_str(), d.start_date.c_str(), d.end_date.c_str());
    return 0;
  }
  return speed ? Speed(gold, iterations) : Eval(gold, verbose, entities);
}
