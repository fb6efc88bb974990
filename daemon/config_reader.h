// Typed, position-aware reading of one TOML table for config validation.
//
// A TableReader reads the keys of one table, records a diagnostic
// ("FILE:LINE:COL: message") for each missing, mistyped or invalid value, and
// on Finish() reports every key it was never asked for as unknown, with a
// "did you mean" suggestion when a known key is within two edits.
// Not thread-safe; lives for the validation of one file.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace newsd {

// Collects the problems found in one config file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void Add(const toml::source_region& where, const std::string& message);
  void AddAt(int line, int column, const std::string& message);
  bool empty() const { return lines_.empty(); }
  // Adds the problems of another file (already formatted).
  void Merge(const Diagnostics& other) {
    lines_.insert(lines_.end(), other.lines_.begin(), other.lines_.end());
  }
  // One diagnostic per line.
  std::string Joined() const;
  const std::string& file() const { return file_; }
  // "FILE:LINE" of a position, for origins of feeds and watches.
  std::string Origin(const toml::source_region& where) const;

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

// The closest of `known` to `key` within two edits, or "".
std::string Suggest(const std::string& key, const std::vector<std::string>& known);

class TableReader {
 public:
  // `section` names the table in messages ("[daemon]", "[[feed]] \"bbc\"").
  TableReader(const toml::table& table, std::string section, Diagnostics& diag);

  std::optional<std::string> String(const char* key, bool required = false);
  std::optional<bool> Bool(const char* key);
  std::optional<long long> Int(const char* key, long long min, long long max);
  std::optional<double> Number(const char* key);
  // "30s", "5m", "1h", "1d" (or a bare integer number of seconds).
  std::optional<std::chrono::seconds> Duration(const char* key);
  // "16MiB", "512KB", "100" (bytes).
  std::optional<long long> Size(const char* key);
  std::optional<std::vector<std::string>> StringList(const char* key);
  // A value the caller validates itself; marks the key as known.
  const toml::node* Raw(const char* key);
  // Records a problem with the value of `key` (or with the table if absent).
  void Error(const char* key, const std::string& message);
  // Reports unknown keys. `also_known` lists keys valid in this table that the
  // caller deliberately did not read (e.g. keys of another sink type).
  void Finish(const std::vector<std::string>& also_known = {});

  const toml::table& table() const { return table_; }
  const std::string& section() const { return section_; }

 private:
  const toml::node* Get(const char* key);
  void TypeError(const char* key, const toml::node& n, const char* want);

  const toml::table& table_;
  std::string section_;
  Diagnostics& diag_;
  std::vector<std::string> known_;
};

}  // namespace newsd
