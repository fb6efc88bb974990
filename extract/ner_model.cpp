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
  while (cap < 2 * static_cast<std::size_t>(count)) cap <<= 1;
  m.table_.assign(cap, Slot{0, 0});
  m.mask_ = cap - 1;
  m.weights_.resize(static_cast<std::size_t>(count) * kNumTags);
  for (std::uint32_t r = 0; r < count; ++r) {
    std::uint32_t key = 0;
    std::int16_t* w = &m.weights_[static_cast<std::size_t>(r) * kNumTags];
    if (!Get(in, key) || !in.read(reinterpret_cast<char*>(w), sizeof(std::int16_t) * kNumTags) ||
        key == 0)
      return Fail(ErrorKind::kCorruption, path + ": truncated entity model");
    std::size_t s = key & m.mask_;
    while (m.table_[s].key != 0 && m.table_[s].key != key) s = (s + 1) & m.mask_;
    m.table_[s] = Slot{key, r};
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
  // Issue the cache misses first so they overlap, then sum.
  for (std::uint32_t f : feats) __builtin_prefetch(&table_[f & mask_]);
  for (std::uint32_t f : feats) {
    std::size_t s = f & mask_;
    while (table_[s].key != 0) {
      if (table_[s].key == f) {
        const std::int16_t* w = &weights_[static_cast<std::size_t>(table_[s].row) * kNumTags];
        for (int k = 0; k < kNumTags; ++k) acc[k] += w[k];
        break;
      }
      s = (s + 1) & mask_;
    }
  }
  for (int k = 0; k < kNumTags; ++k) scores[k] += static_cast<float>(acc[k]) * scale_;
}

Result<std::vector<std::uint64_t>> LoadCommonWords(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, path + ": cannot open common-word list");
  char magic[4];
  std::uint32_t count = 0;
  if (!in.read(magic, 4) || std::memcmp(magic, "NERC", 4) != 0 || !Get(in, count) ||
      count > (1u << 24))
    return Fail(ErrorKind::kCorruption, path + ": not a common-word list");
  std::vector<std::uint64_t> out(count);
  if (count > 0 && !in.read(reinterpret_cast<char*>(out.data()), sizeof(std::uint64_t) * count))
    return Fail(ErrorKind::kCorruption, path + ": truncated common-word list");
  if (!std::is_sorted(out.begin(), out.end()))
    return Fail(ErrorKind::kCorruption, path + ": common-word list not sorted");
  return out;
}

Status SaveCommonWords(const std::string& path, std::vector<std::uint64_t> hashes) {
  std::sort(hashes.begin(), hashes.end());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(ErrorKind::kIo, path + ": cannot write");
  out.write("NERC", 4);
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(hashes.size()));
  out.write(reinterpret_cast<const char*>(hashes.data()),
            static_cast<std::streamsize>(sizeof(std::uint64_t) * hashes.size()));
  if (!out) return Fail(ErrorKind::kIo, path + ": write failed");
  return OkStatus();
}

}  // namespace newsd::ner
