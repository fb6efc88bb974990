// The newsd data model: what flows from the feed parser through the pipeline
// into the store and out to alert sinks. Plain values: copyable, no behaviour,
// no I/O. Text offsets are UTF-8 byte offsets into Article::text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsd {

// A point in time in UTC with second precision (what feeds can express).
using TimePoint = std::chrono::sys_seconds;

// A media file attached to an item (RSS <enclosure>, Media RSS, Atom rel=enclosure).
struct Enclosure {
  std::string url;
  std::string type;                    // MIME type, "" when unknown
  std::optional<std::int64_t> length;  // bytes, when the feed states it
};

// One entry of a feed as the parser read it: text fields are plain text,
// *_html fields are HTML with absolute links, links are absolute.
struct FeedItem {
  std::string guid;   // the item's identity (see feeds/parser.h for rules)
  std::string link;   // absolute URL of the article, "" if none
  std::string title;  // plain text
  std::optional<std::string> author;
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::string summary_html;
  std::string content_html;
  std::vector<std::string> categories;
  std::optional<std::string> language;
  std::vector<Enclosure> enclosures;
  std::optional<std::string> image;
};

enum class EntityType { kPerson, kOrg, kLoc };

// "PERSON", "ORG", "LOC".
const char* EntityTypeName(EntityType t);

// A half-open byte range [start, end) of Article::text.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
};

// A person, organisation or place mentioned in the text.
struct Entity {
  std::string text;  // surface form, == text[start:end]
  EntityType type = EntityType::kPerson;
  std::size_t start = 0;
  std::size_t end = 0;
  std::string canonical;  // full name this mention refers to ("Aliyev" -> "Ilham Aliyev")
};

// A direct quotation and who said it, if that could be found.
struct Quote {
  std::string text;                    // the words inside the quote marks
  std::optional<std::string> speaker;  // canonical name; nullopt when not findable
  std::size_t start = 0;
  std::size_t end = 0;
};

// A counted or measured amount: "about 60 trucks", "$3 billion", "9.95%".
struct Quantity {
  std::string text;
  double value = 0;
  std::string unit;     // what is counted ("trucks", "USD", "%"), "" if bare
  bool approx = false;  // about, over, nearly, at least, some, ...
  std::size_t start = 0;
  std::size_t end = 0;
};

// A date or a span of dates mentioned in the text, resolved to calendar days.
struct DateSpan {
  std::string text;
  std::string start_date;  // "YYYY-MM-DD"
  std::string end_date;    // "YYYY-MM-DD" (== start_date for a single day)
  std::size_t start = 0;   // byte offsets of the mention
  std::size_t end = 0;
};

// Where a watch rule matched an article.
struct MatchSpan {
  std::string field;  // "title", "text", "entity", "quote", ...
  std::size_t start = 0;
  std::size_t end = 0;
  std::string term;  // the rule term that matched
};

// A watch rule that matched an article, with the evidence.
struct WatchMatch {
  std::string watch;  // watch id
  double score = 0;
  std::vector<MatchSpan> spans;
};

// A sentence of Article::text as a byte range.
using Sentence = Span;

// An article: a FeedItem (or a page) after the pipeline has run over it.
struct Article {
  std::int64_t id = 0;               // assigned by the store; 0 until stored
  std::string feed;                  // id of the feed that carried it ("" for ingest)
  std::vector<std::string> sources;  // every feed that carried this article
  std::string url;
  std::string canonical_url;
  std::string guid;
  std::string title;
  std::optional<std::string> author;
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  TimePoint fetched{};
  std::string site_name;
  std::vector<std::string> categories;
  std::vector<std::string> feed_tags;  // tags of the feed in the config

  // Pipeline input: the HTML the text comes from (feed content or a page).
  std::string html;
  bool html_is_full_page = false;
  std::optional<std::string> declared_language;  // from the feed or page

  // Pipeline output.
  std::string text;  // clean text, paragraphs split by "\n\n"
  std::string lang;  // ISO 639-1, "" when unknown
  bool lang_reliable = false;
  std::vector<Sentence> sentences;
  std::string content_hash;  // "sha256:<64 hex>"
  std::uint64_t simhash = 0;
  std::optional<std::int64_t> duplicate_of;
  int revision = 1;
  std::vector<Entity> entities;
  std::vector<Quote> quotes;
  std::vector<Quantity> quantities;
  std::vector<DateSpan> dates;
  std::vector<WatchMatch> matches;
};

// An alert: one watch matched one article. `id` is stable: the same watch and
// article always give the same id, so receivers can drop repeats.
struct Alert {
  std::string id;
  std::string watch;
  std::int64_t article_id = 0;
  TimePoint created{};
  std::vector<MatchSpan> matched;
  double score = 0;
};

// What newsd remembers about a feed between polls (and across restarts). It is
// committed in the same transaction as the articles of the poll that set it.
struct FeedState {
  std::string feed;           // feed id
  std::string url;            // current URL (301/308 update it)
  std::string config_url;     // the config's url when `url` was stored; a
                              // different config url later wins over `url`
  std::string etag;           // exactly as the server sent it
  std::string last_modified;  // exactly as the server sent it
  int last_status = 0;        // HTTP status of the last poll (0 = none/network error)
  std::string last_error;     // "" after a success
  int consecutive_errors = 0;
  std::optional<TimePoint> last_poll;
  std::optional<TimePoint> last_success;
  std::optional<TimePoint> next_poll;
  bool retired = false;  // 410 Gone: no more polls
};

}  // namespace newsd
