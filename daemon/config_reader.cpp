#include "daemon/config_reader.h"

#include <algorithm>
#include <cctype>

#include "core/time.h"

namespace newsd {

void Diagnostics::Add(const toml::source_region& where, const std::string& message) {
  AddAt(static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), message);
}

void Diagnostics::AddAt(int line, int column, const std::string& message) {
  lines_.push_back(file_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                   message);
}

std::string Diagnostics::Joined() const {
  std::string out;
  for (const auto& l : lines_) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

std::string Diagnostics::Origin(const toml::source_region& where) const {
  return file_ + ":" + std::to_string(where.begin.line);
}

namespace {

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const char* TypeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date/time";
  }
}

}  // namespace

std::string Suggest(const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_d = 3;
  for (const auto& k : known) {
    const std::size_t d = EditDistance(key, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

TableReader::TableReader(const toml::table& table, std::string section, Diagnostics& diag)
    : table_(table), section_(std::move(section)), diag_(diag) {}

const toml::node* TableReader::Get(const char* key) {
  known_.emplace_back(key);
  return table_.get(key);
}

void TableReader::TypeError(const char* key, const toml::node& n, const char* want) {
  diag_.Add(n.source(), section_ + " " + key + ": expected " + want + ", got " + TypeName(n));
}

void TableReader::Error(const char* key, const std::string& message) {
  const toml::node* n = table_.get(key);
  diag_.Add(n ? n->source() : table_.source(), section_ + " " + key + ": " + message);
}

std::optional<std::string> TableReader::String(const char* key, bool required) {
  const toml::node* n = Get(key);
  if (!n) {
    if (required) diag_.Add(table_.source(), section_ + ": missing required key \"" + key + "\"");
    return std::nullopt;
  }
  if (auto s = n->value<std::string>(); s && n->is_string()) return s;
  TypeError(key, *n, "a string");
  return std::nullopt;
}

std::optional<bool> TableReader::Bool(const char* key) {
  const toml::node* n = Get(key);
  if (!n) return std::nullopt;
  if (n->is_boolean()) return n->value<bool>();
  TypeError(key, *n, "true or false");
  return std::nullopt;
}

std::optional<long long> TableReader::Int(const char* key, long long min, long long max) {
  const toml::node* n = Get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) {
    TypeError(key, *n, "an integer");
    return std::nullopt;
  }
  const long long v = *n->value<long long>();
  if (v < min || v > max) {
    diag_.Add(n->source(), section_ + " " + key + ": " + std::to_string(v) + " is out of range [" +
                               std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return v;
}

std::optional<double> TableReader::Number(const char* key) {
  const toml::node* n = Get(key);
  if (!n) return std::nullopt;
  if (n->is_number()) return n->value<double>();
  TypeError(key, *n, "a number");
  return std::nullopt;
}

std::optional<std::chrono::seconds> TableReader::Duration(const char* key) {
  const toml::node* n = Get(key);
  if (!n) return std::nullopt;
  if (n->is_integer()) {
    const long long v = *n->value<long long>();
    if (v >= 0) return std::chrono::seconds(v);
  } else if (n->is_string()) {
    auto d = ParseDuration(*n->value<std::string>());
    if (d) return *d;
    diag_.Add(n->source(), section_ + " " + key + ": " + d.error().message);
    return std::nullopt;
  }
  TypeError(key, *n, "a duration such as \"30s\", \"5m\", \"1h\" or \"1d\"");
  return std::nullopt;
}

std::optional<long long> TableReader::Size(const char* key) {
  const toml::node* n = Get(key);
  if (!n) return std::nullopt;
  if (n->is_integer() && *n->value<long long>() >= 0) return n->value<long long>();
  if (n->is_string()) {
    const std::string s = *n->value<std::string>();
    std::size_t p = 0;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
    std::string unit = s.substr(p);
    for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    long long mult = -1;
    if (unit.empty() || unit == "b") mult = 1;
    if (unit == "k" || unit == "kb" || unit == "kib") mult = 1024;
    if (unit == "m" || unit == "mb" || unit == "mib") mult = 1024 * 1024;
    if (unit == "g" || unit == "gb" || unit == "gib") mult = 1024LL * 1024 * 1024;
    if (p > 0 && p <= 12 && mult > 0) return std::stoll(s.substr(0, p)) * mult;
    diag_.Add(n->source(), section_ + " " + key + ": invalid size \"" + s +
                               "\": use bytes or a unit, e.g. 512KiB, 16MiB");
    return std::nullopt;
  }
  TypeError(key, *n, "a size such as \"16MiB\"");
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::StringList(const char* key) {
  const toml::node* n = Get(key);
  if (!n) return std::nullopt;
  const toml::array* arr = n->as_array();
  if (!arr) {
    TypeError(key, *n, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const toml::node& e : *arr) {
    if (!e.is_string()) {
      TypeError(key, e, "a string (in an array of strings)");
      return std::nullopt;
    }
    out.push_back(*e.value<std::string>());
  }
  return out;
}

const toml::node* TableReader::Raw(const char* key) { return Get(key); }

void TableReader::Finish(const std::vector<std::string>& also_known) {
  std::vector<std::string> all = known_;
  all.insert(all.end(), also_known.begin(), also_known.end());
  for (auto&& [k, v] : table_) {
    const std::string key(k.str());
    if (std::find(all.begin(), all.end(), key) != all.end()) continue;
    std::string msg = section_ + ": unknown key \"" + key + "\"";
    const std::string s = Suggest(key, known_);
    if (!s.empty()) msg += " (did you mean \"" + s + "\"?)";
    diag_.Add(k.source(), msg);
  }
}

}  // namespace newsd
