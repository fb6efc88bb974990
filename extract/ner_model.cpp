#include "extract/ner_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

namespace newsd::ner {
namespace {

template <typename T>
void Put(std::ofstream& out, T v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
bool Get(std::ifstream& in, T& v) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&v), sizeof v));
}

}  // namespace

Result<NerModel> NerModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, path + ": cannot open entity model");
  char magic[4];
  std::uint32_t version = 0, tags = 0, count = 0;
  float scale = 0;
  if (!in.read(magic, 4) || std::memcmp(magic, "NERW", 4) != 0 || !Get(in, version) ||
      version != 1 || !Get(in, tags) || tags != kNumTags || !Get(in, scale) || !Get(in, count) ||
      !(scale > 0) || count > (1u << 26))
    return Fail(ErrorKind::kCorruption, path + ": not an entity model (bad header)");
  NerModel m;
  m.scale_ = scale;
  m.count_ = count;
  std::size_t cap = 1024;
  while (cap < count + count / 2) cap <<= 1;
  m.table_.assign(cap, Row{});
  m.mask_ = cap - 1;
  for (std::uint32_t r = 0; r < count; ++r) {
    Row row{};
    if (!Get(in, row.key) || !in.read(reinterpret_cast<char*>(row.w), sizeof row.w) || row.key == 0)
      return Fail(ErrorKind::kCorruption, path + ": truncated entity model");
    std::size_t s = row.key & m.mask_;
    while (m.table_[s].key != 0 && m.table_[s].key != row.key) s = (s + 1) & m.mask_;
    m.table_[s] = row;
  }
  return m;
}

Result<std::size_t> NerModel::Save(const std::string& path,
                                   const std::vector<std::pair<std::uint32_t, Weights>>& weights,
                                   float min_abs) {
  float maxabs = 0;
  for (const auto& [k, w] : weights)
    for (float x : w) maxabs = std::max(maxabs, std::fabs(x));
  if (maxabs <= 0) return Fail(ErrorKind::kInvalidArgument, "empty model");
  const float scale = maxabs / 32000.0f;
  std::vector<std::pair<std::uint32_t, Weights>> kept;
  for (const auto& [k, w] : weights) {
    float m = 0;
    for (float x : w) m = std::max(m, std::fabs(x));
    if (m >= min_abs && k != 0) kept.emplace_back(k, w);
  }
  std::sort(kept.begin(), kept.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(ErrorKind::kIo, path + ": cannot write");
  out.write("NERW", 4);
  Put<std::uint32_t>(out, 1);
  Put<std::uint32_t>(out, kNumTags);
  Put<float>(out, scale);
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(kept.size()));
  for (const auto& [k, w] : kept) {
    Put<std::uint32_t>(out, k);
    for (float x : w) Put<std::int16_t>(out, static_cast<std::int16_t>(std::lround(x / scale)));
  }
  if (!out) return Fail(ErrorKind::kIo, path + ": write failed");
  return kept.size();
}

void NerModel::Score(const std::vector<std::uint32_t>& feats, float* scores) const {
  if (table_.empty()) return;
  std::int32_t acc[kNumTags] = {};
  // Issue every cache miss first so they overlap, then sum.
  for (std::uint32_t f : feats) __builtin_prefetch(&table_[f & mask_]);
  for (std::uint32_t f : feats) {
    std::size_t s = f & mask_;
    while (true) {
      const Row& r = table_[s];
      if (r.key == f) {
        for (int k = 0; k < kNumTags; ++k) acc[k] += r.w[k];
        break;
      }
      if (r.key == 0) break;
      s = (s + 1) & mask_;
    }
  }
  for (int k = 0; k < kNumTags; ++k) scores[k] += static_cast<float>(acc[k]) * scale_;
}

}  // namespace newsd::ner
