#include "extract/entity_declared.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <string>

#include <hs/hs.h>

#include "extract/entity_recognizer.h"

namespace newsd {
namespace {

struct DbDeleter {
  void operator()(hs_database_t* d) const { hs_free_database(d); }
};
struct ScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using DbPtr = std::unique_ptr<hs_database_t, DbDeleter>;
using ScratchPtr = std::unique_ptr<hs_scratch_t, ScratchDeleter>;

// Every byte as \xHH: a literal pattern whatever the name holds.
std::string Escape(const std::string& s) {
  std::string out;
  char buf[5];
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

struct Hit {
  std::size_t start, end;
  unsigned id;
};

}  // namespace

struct DeclaredEntityMatcher::Impl {
  std::vector<std::size_t> owner;  // pattern id -> declared index
  std::vector<DeclaredEntity> entities;
  DbPtr db;
  ScratchPtr proto;
  mutable std::mutex mu;
  mutable std::vector<ScratchPtr> pool;  // guarded by mu
};

DeclaredEntityMatcher::DeclaredEntityMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DeclaredEntityMatcher::~DeclaredEntityMatcher() = default;

Result<std::unique_ptr<DeclaredEntityMatcher>> DeclaredEntityMatcher::Create(
    const std::vector<DeclaredEntity>& entities) {
  auto impl = std::make_unique<Impl>();
  impl->entities = entities;
  std::vector<std::string> patterns;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].name.empty())
      return Fail(ErrorKind::kInvalidArgument,
                  "declared entity " + std::to_string(i + 1) + ": empty name");
    patterns.push_back(Escape(entities[i].name));
    impl->owner.push_back(i);
    for (const auto& a : entities[i].aliases) {
      if (a.empty()) continue;
      patterns.push_back(Escape(a));
      impl->owner.push_back(i);
    }
  }
  if (!patterns.empty()) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags(patterns.size(), HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST);
    std::vector<unsigned> ids;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      exprs.push_back(patterns[i].c_str());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                         &err) != HS_SUCCESS) {
      std::string msg = err != nullptr && err->message != nullptr ? err->message : "unknown";
      int which = err != nullptr ? err->expression : -1;
      hs_free_compile_error(err);
      std::string name = which >= 0 ? impl->entities[impl->owner[which]].name : "?";
      return Fail(ErrorKind::kInvalidArgument, "declared entity '" + name + "': " + msg);
    }
    impl->db.reset(db);
    hs_scratch_t* scratch = nullptr;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
      return Fail(ErrorKind::kResourceExhausted, "hyperscan: cannot allocate scratch");
    impl->proto.reset(scratch);
  }
  return std::unique_ptr<DeclaredEntityMatcher>(new DeclaredEntityMatcher(std::move(impl)));
}

void DeclaredEntityMatcher::Match(std::string_view text, std::vector<Entity>& out) const {
  if (!impl_->db || text.empty()) return;
  ScratchPtr scratch;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (!impl_->pool.empty()) {
      scratch = std::move(impl_->pool.back());
      impl_->pool.pop_back();
    }
  }
  if (!scratch) {
    hs_scratch_t* s = nullptr;
    if (hs_clone_scratch(impl_->proto.get(), &s) != HS_SUCCESS) return;
    scratch.reset(s);
  }
  std::vector<Hit> hits;
  auto on_match = [](unsigned id, unsigned long long from, unsigned long long to, unsigned,
                     void* ctx) -> int {
    static_cast<std::vector<Hit>*>(ctx)->push_back(
        {static_cast<std::size_t>(from), static_cast<std::size_t>(to), id});
    return 0;
  };
  hs_scan(impl_->db.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(),
          on_match, &hits);
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->pool.push_back(std::move(scratch));
  }
  auto whole = [&](const Hit& h) {
    auto b = [&](std::size_t i) { return IsWordByte(static_cast<unsigned char>(text[i])); };
    if (h.start > 0 && b(h.start - 1) && b(h.start)) return false;
    if (h.end < text.size() && b(h.end) && b(h.end - 1)) return false;
    return true;
  };
  hits.erase(std::remove_if(hits.begin(), hits.end(), [&](const Hit& h) { return !whole(h); }),
             hits.end());
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::size_t last_end = 0;
  for (const Hit& h : hits) {
    if (h.start < last_end) continue;
    const DeclaredEntity& d = impl_->entities[impl_->owner[h.id]];
    Entity e;
    e.start = h.start;
    e.end = h.end;
    e.text = std::string(text.substr(h.start, h.end - h.start));
    e.type = d.type;
    e.canonical = d.name;
    out.push_back(std::move(e));
    last_end = h.end;
  }
}

}  // namespace newsd
