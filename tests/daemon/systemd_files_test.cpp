// What newsd ships for running as a service: systemd/newsd.service passes
// `systemd-analyze verify` and rates at most 2.0 in `systemd-analyze security
// --offline=true`; `cmake --install` puts the binary, unit, man pages and
// example config where the unit expects them; the man pages render without
// groff warnings; the example config is valid with every key uncommented.
// The tools run without a systemd PID 1 (see docs/NOTES.md).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;

std::string Source(const std::string& rel) { return std::string(NEWSD_SOURCE_DIR) + "/" + rel; }

// The full path of a program on $PATH (the test runner execs without a
// PATH search); the bare name when it is not found, so the run fails loudly.
std::string Tool(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');) {
    const fs::path p = fs::path(d) / name;
    if (access(p.c_str(), X_OK) == 0) return p.string();
  }
  return name;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The unit with ExecStart pointing at `binary` (verify insists it exists).
std::string UnitFor(const TempDir& dir, const std::string& binary) {
  return dir.Write("newsd.service",
                   Replace(ReadFile(Source("systemd/newsd.service")), "/usr/bin/newsd", binary));
}

// "→ Overall exposure level for newsd.service: 1.2 OK" -> 1.2 (or -1).
double Exposure(const std::string& out) {
  std::smatch m;
  static const std::regex re(R"(Overall exposure level for [^:]+: ([0-9]+\.[0-9]+))");
  return std::regex_search(out, m, re) ? std::stod(m[1]) : -1;
}

TEST(SystemdUnitTest, VerifyAcceptsTheUnit) {
  TempDir dir;
  // --man=no: the Documentation= pages are checked after installing them
  // (CmakeInstallTest); here they are not on the MANPATH yet.
  auto r = RunCommand({Tool("systemd-analyze"), "verify", "--man=no", UnitFor(dir, NEWSD_BINARY)});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(SystemdUnitTest, VerifyRejectsAMissingBinary) {
  // The check above can fail: the same unit naming a binary that is not there.
  TempDir dir;
  auto r = RunCommand(
      {Tool("systemd-analyze"), "verify", "--man=no", UnitFor(dir, dir.str() + "/no-such-newsd")});
  EXPECT_NE(r.code, 0);
  EXPECT_THAT(r.err, HasSubstr("no-such-newsd"));
}

TEST(SystemdUnitTest, SecurityExposureAtMostTwo) {
  auto r = RunCommand(
      {Tool("systemd-analyze"), "security", "--offline=true", Source("systemd/newsd.service")});
  EXPECT_EQ(r.code, 0) << r.err;
  const double exposure = Exposure(r.out);
  ASSERT_GE(exposure, 0.0) << r.out << r.err;
  EXPECT_LE(exposure, 2.0) << r.out;
}

TEST(SystemdUnitTest, SecurityRatesAnUnhardenedUnitHigh) {
  // The parse above reads real figures: the same service without its
  // sandbox rates far above 2.0.
  TempDir dir;
  const std::string unit =
      dir.Write("newsd.service", "[Service]\nType=notify\nExecStart=/usr/bin/newsd run\n");
  auto r = RunCommand({Tool("systemd-analyze"), "security", "--offline=true", unit});
  const double exposure = Exposure(r.out);
  ASSERT_GE(exposure, 0.0) << r.out << r.err;
  EXPECT_GT(exposure, 5.0) << r.out;
}

TEST(SystemdUnitTest, UnitMatchesTheDaemon) {
  const std::string unit = ReadFile(Source("systemd/newsd.service"));
  EXPECT_THAT(unit, HasSubstr("\nType=notify\n"));
  EXPECT_THAT(unit, HasSubstr("\nExecStart=/usr/bin/newsd run --config /etc/newsd/newsd.toml\n"));
  EXPECT_THAT(unit, HasSubstr("\nExecReload=/bin/kill -HUP $MAINPID\n"));
  EXPECT_THAT(unit, HasSubstr("\nStateDirectory=newsd\n"));
  EXPECT_THAT(unit, HasSubstr("\nWatchdogSec="));
  // The example config keeps its state where StateDirectory= puts it.
  EXPECT_THAT(ReadFile(Source("systemd/newsd.toml")),
              HasSubstr("\nstate_dir = \"/var/lib/newsd\"\n"));
}

// `#key = value` lines of the example, uncommented.
std::string Uncommented(const std::string& text) {
  static const std::regex re(R"((^|\n)#(\[|[a-z_]+ = ))");
  return std::regex_replace(text, re, "$1$2");
}

TEST(ExampleConfigTest, PassesCheckConfig) {
  auto r = RunCommand({NEWSD_BINARY, "--config", Source("systemd/newsd.toml"), "check-config"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(": OK"));
}

TEST(ExampleConfigTest, EveryCommentedKeyIsValid) {
  // Each documented `#key = default` is a real key with a valid value: the
  // file with all of them uncommented passes too.
  TempDir dir;
  const std::string full = Uncommented(ReadFile(Source("systemd/newsd.toml")));
  ASSERT_THAT(full, HasSubstr("\n[[sink]]\n"));
  auto r = RunCommand({NEWSD_BINARY, "--config", dir.Write("newsd.toml", full), "check-config"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 feeds, 2 watches, 5 sinks"));
}

TEST(ExampleConfigTest, UncommentingFindsMisspeltKeys) {
  // The check above can fail: a misspelt commented key is caught.
  TempDir dir;
  const std::string text =
      Replace(ReadFile(Source("systemd/newsd.toml")), "\n#facts = ", "\n#factz = ");
  ASSERT_THAT(text, HasSubstr("#factz"));
  auto r = RunCommand(
      {NEWSD_BINARY, "--config", dir.Write("newsd.toml", Uncommented(text)), "check-config"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("factz"));
}

TEST(ExampleConfigTest, ManPageDocumentsEveryKey) {
  const std::string man = ReadFile(Source("docs/man/newsd.toml.5"));
  static const std::regex key(R"((?:^|\n)#?([a-z_]+) = )");
  const std::string example = ReadFile(Source("systemd/newsd.toml"));
  int keys = 0;
  for (std::sregex_iterator it(example.begin(), example.end(), key), end; it != end; ++it) {
    ++keys;
    const std::string k = (*it)[1].str();
    const bool documented = man.find("\n.B " + k + "\n") != std::string::npos ||
                            man.find("\n.B " + k + " = ") != std::string::npos ||
                            man.find("\\fB" + k + "\\fR") != std::string::npos;
    EXPECT_TRUE(documented) << "newsd.toml(5) does not document " << k;
  }
  EXPECT_GT(keys, 50);
}

// groff's warnings (-ww) for a man page; "" when it renders cleanly.
std::string GroffWarnings(const std::string& page) {
  auto r = RunCommand({Tool("groff"), "-man", "-Tutf8", "-ww", "-z", page});
  EXPECT_EQ(r.code, 0) << r.err;
  return r.err;
}

TEST(ManPageTest, RenderWithoutWarnings) {
  EXPECT_EQ(GroffWarnings(Source("docs/man/newsd.8")), "");
  EXPECT_EQ(GroffWarnings(Source("docs/man/newsd.toml.5")), "");
}

TEST(ManPageTest, GroffReportsBrokenMarkup) {
  // The check above can fail: an unknown macro is reported.
  TempDir dir;
  EXPECT_THAT(GroffWarnings(dir.Write("x.8", ".TH X 8\n.SH NAME\nx\n.XYZZY y\n")),
              HasSubstr("XYZZY"));
}

// CMAKE_INSTALL_PREFIX of the build tree the test binary belongs to.
std::string InstallPrefix(const fs::path& build) {
  std::ifstream in(build / "CMakeCache.txt");
  std::string line;
  const std::string key = "CMAKE_INSTALL_PREFIX:PATH=";
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  }
  return "";
}

TEST(CmakeInstallTest, InstallsBinaryUnitManPagesAndConfig) {
  TempDir dest;
  const fs::path build = fs::path(NEWSD_BINARY).parent_path();
  const std::string prefix = InstallPrefix(build);
  ASSERT_FALSE(prefix.empty());
  auto r = RunCommand({Tool("cmake"), "--install", build.string()}, std::chrono::seconds(60),
                      {"DESTDIR=" + dest.str()});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const fs::path root = dest.path().string() + prefix;

  const fs::path bin = root / "bin/newsd";
  struct stat st {};
  ASSERT_EQ(stat(bin.c_str(), &st), 0) << bin;
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  auto v = RunCommand({bin.string(), "version"});
  EXPECT_EQ(v.out, "newsd " NEWSD_VERSION "\n");

  // The unit names the installed binary.
  const std::string unit = ReadFile((root / "lib/systemd/system/newsd.service").string());
  EXPECT_THAT(unit, HasSubstr("\nExecStart=" + prefix +
                              "/bin/newsd run --config "
                              "/etc/newsd/newsd.toml\n"));
  EXPECT_EQ(ReadFile((root / "share/man/man8/newsd.8").string()),
            ReadFile(Source("docs/man/newsd.8")));
  EXPECT_EQ(ReadFile((root / "share/man/man5/newsd.toml.5").string()),
            ReadFile(Source("docs/man/newsd.toml.5")));
  const std::string example = ReadFile(Source("systemd/newsd.toml"));
  EXPECT_EQ(ReadFile((root / "share/doc/newsd/newsd.toml.example").string()), example);
  const fs::path cfg = dest.path() / "etc/newsd/newsd.toml";
  EXPECT_EQ(ReadFile(cfg.string()), example);

  // The installed unit verifies, including its Documentation= man pages.
  TempDir check;
  const std::string local =
      check.Write("newsd.service", Replace(unit, prefix + "/bin/newsd", bin.string()));
  auto verify = RunCommand({Tool("systemd-analyze"), "verify", local}, std::chrono::seconds(60),
                           {"MANPATH=" + (root / "share/man").string()});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.err, "");

  // Installing again keeps an administrator's edited config.
  { std::ofstream(cfg, std::ios::app) << "# edited\n"; }
  r = RunCommand({Tool("cmake"), "--install", build.string()}, std::chrono::seconds(60),
                 {"DESTDIR=" + dest.str()});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(ReadFile(cfg.string()), example + "# edited\n");
}

}  // namespace
}  // namespace newsd
