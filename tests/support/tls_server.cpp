#include "tests/support/tls_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

namespace newsd::testing {

namespace {

// A port the kernel reports free now (nginx cannot report a port 0 bind).
std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

bool Accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

const char* Find(const char* a, const char* b) {
  if (std::filesystem::exists(a)) return a;
  if (std::filesystem::exists(b)) return b;
  return nullptr;
}

// nginx `return` text: a double-quoted string with \ and " escaped.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

TlsServer::TlsServer(TlsServerOptions options) { error_ = Start(options); }

TlsServer::~TlsServer() = default;

std::string TlsServer::Start(const TlsServerOptions& options) {
  const char* nginx = Find("/usr/sbin/nginx", "/usr/bin/nginx");
  const char* openssl = Find("/usr/bin/openssl", "/usr/local/bin/openssl");
  if (!nginx || !openssl) return "nginx or openssl not installed (scripts/install-deps)";
  const std::string d = dir_.str();
  auto cert = RunCommand(
      {openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
       "-keyout", d + "/key.pem", "-out", d + "/cert.pem"},
      std::chrono::seconds(30));
  if (cert.code != 0) return "openssl req failed: " + cert.err;
  std::filesystem::create_directories(d + "/tmp");
  std::string locations;
  for (const auto& [path, body] : options.bodies) {
    locations += "    location = " + path + " { return 200 " + Quote(body) + "; }\n";
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreePort();
    if (port_ == 0) return "no free port";
    const std::string conf =
        // One process: the Subprocess is killed with SIGKILL at the end, and a
        // master's workers would outlive it as orphans.
        "master_process off;\ndaemon off;\npid " + d + "/nginx.pid;\nerror_log " + d +
        "/error.log;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n"
        "  client_body_temp_path " +
        d +
        "/tmp;\n  default_type application/xml;\n"
        "  server {\n    listen 127.0.0.1:" +
        std::to_string(port_) + " ssl" + (options.http2 ? " http2" : "") +
        ";\n    ssl_certificate " + d + "/cert.pem;\n    ssl_certificate_key " + d + "/key.pem;\n" +
        locations + "  }\n}\n";
    const std::string conf_path = dir_.Write("nginx.conf", conf);
    nginx_ = std::make_unique<Subprocess>(
        std::vector<std::string>{nginx, "-p", d, "-e", d + "/error.log", "-c", conf_path},
        d + "/nginx.out", d + "/nginx.err");
    const bool up =
        WaitFor([&] { return !nginx_->Running() || Accepts(port_); }, std::chrono::seconds(10));
    if (up && nginx_->Running()) return "";
    nginx_.reset();  // port taken meanwhile, or a bad config: try another port
  }
  return "nginx did not start: " + ReadFile(d + "/error.log");
}

std::string TlsServer::Url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(port_) + path;
}

std::string TlsServer::ca_file() const { return dir_.str() + "/cert.pem"; }

}  // namespace newsd::testing
