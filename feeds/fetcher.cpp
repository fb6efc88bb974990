#include "feeds/fetcher.h"

#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <unordered_map>

#include <curl/curl.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "feeds/curl_handles.h"
#include "feeds/fetch_transfer.h"

namespace newsd {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One socket libcurl asked us to watch. It never owns the descriptor: the
// Asio object is always release()d, never closed; sockets we opened are
// closed in CloseSocket, sockets libcurl opened itself (the threaded
// resolver's socketpair) are closed by libcurl. Shared by pending waits, so a
// wait completing after curl dropped the socket finds `live == false`.
struct Watch {
  Watch(asio::io_context& ioc, curl_socket_t s) : fd(s), desc(ioc) {
    error_code ec;
    desc.assign(fd, ec);
    if (ec) assign_error = ec;
  }
  ~Watch() { Release(); }
  void Release() {
    live = false;
    if (desc.is_open()) desc.release();
  }
  curl_socket_t fd;
  asio::posix::stream_descriptor desc;
  error_code assign_error;
  int want = 0;  // CURL_POLL_IN / CURL_POLL_OUT / CURL_POLL_INOUT
  bool read_pending = false;
  bool write_pending = false;
  bool live = true;
};

}  // namespace

class Fetcher::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& ioc, FetcherOptions options)
      : ioc_(ioc), options_(std::move(options)), timer_(ioc) {
    GlobalInitOnce();
    if (options_.user_agent.empty()) options_.user_agent = DefaultUserAgent();
    default_limits_ = std::make_shared<const FetchLimits>(options_.limits);
    multi_.reset(curl_multi_init());
    if (!multi_) throw std::runtime_error("curl_multi_init failed");
    CURLM* m = multi_.get();
    curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, &Impl::SocketCb);
    curl_multi_setopt(m, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, &Impl::TimerCb);
    curl_multi_setopt(m, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      static_cast<long>(options_.max_connections));
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options_.max_per_host));
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_connections));
  }

  ~Impl() { Shutdown(); }

  void Shutdown() {
    if (closed_) return;
    closed_ = true;
    for (auto& [easy, t] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
    transfers_.clear();
    multi_.reset();  // closes cached connections (CloseSocket runs for ours)
    for (auto& [fd, w] : watches_) w->Release();
    watches_.clear();
    timer_.cancel();
  }

  void Fetch(FetchRequest request, Handler handler) {
    auto t = std::make_unique<Transfer>();
    t->handler = std::move(handler);
    if (closed_) return;
    auto limits = request.limits ? request.limits : default_limits_;
    error_code ec = t->Setup(request, *limits, options_);
    if (!ec) {
      CURL* e = t->easy.get();
      t->owner = this;
      curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Impl::OpenSocket);
      curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, static_cast<void*>(t.get()));
      curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &Impl::CloseSocket);
      curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this);
      const CURLMcode rc = curl_multi_add_handle(multi_.get(), e);
      if (rc != CURLM_OK) ec = MakeCurlMultiError(rc);
    }
    if (ec) {
      t->response.url = request.url;
      t->response.error = ec;
      t->response.error_message = ec.message();
      Deliver(std::move(t));
      return;
    }
    CURL* e = t->easy.get();
    transfers_.emplace(e, std::move(t));
  }

  std::size_t in_flight() const { return transfers_.size(); }
  const FetcherOptions& options() const { return options_; }

 private:
  // CURLMOPT_SOCKETFUNCTION: start, change or stop watching `s`.
  static int SocketCb(CURL*, curl_socket_t s, int what, void* userp, void* socketp) {
    auto* self = static_cast<Impl*>(userp);
    if (what == CURL_POLL_REMOVE) {
      self->DropWatch(s);
      return 0;
    }
    std::shared_ptr<Watch>& slot = self->watches_[s];
    if (!socketp || !slot || slot.get() != socketp) {
      // A socket new to curl: any entry for this number is stale (closed
      // behind our back and the number reused).
      if (slot) slot->Release();
      slot = std::make_shared<Watch>(self->ioc_, s);
      curl_multi_assign(self->multi_.get(), s, slot.get());
    }
    slot->want = what;
    self->Arm(slot);
    return 0;
  }

  // CURLMOPT_TIMERFUNCTION. Must not call libcurl: it only (re)arms the timer
  // whose completion calls curl_multi_socket_action later. 0 ms = as soon as
  // possible, -1 = no timeout wanted.
  static int TimerCb(CURLM*, long timeout_ms, void* userp) {
    auto* self = static_cast<Impl*>(userp);
    if (timeout_ms < 0) {
      self->timer_.cancel();
      return 0;
    }
    self->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    self->timer_.async_wait([self = self->shared_from_this()](error_code ec) {
      if (ec || self->closed_) return;
      self->Action(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }

  // CURLOPT_OPENSOCKETFUNCTION: the sockets we open are the ones we close.
  // `clientp` is the transfer, whose address guard decides first (a refused
  // address never gets a connection attempt; libcurl tries the next one).
  static curl_socket_t OpenSocket(void* clientp, curlsocktype, curl_sockaddr* addr) {
    auto* t = static_cast<Transfer*>(clientp);
    auto* self = static_cast<Impl*>(t->owner);
    if (!t->AddressAllowed(&addr->addr)) return CURL_SOCKET_BAD;
    const int fd = ::socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
    if (fd < 0) return CURL_SOCKET_BAD;
    self->DropWatch(fd);  // a stale entry for a reused number
    return fd;
  }

  static int CloseSocket(void* clientp, curl_socket_t fd) {
    static_cast<Impl*>(clientp)->DropWatch(fd);
    return ::close(fd);
  }

  void DropWatch(curl_socket_t s) {
    auto it = watches_.find(s);
    if (it == watches_.end()) return;
    it->second->Release();
    watches_.erase(it);
  }

  // Starts the waits curl wants that are not already pending. Called after
  // every event, so each completed wait is re-armed while curl still wants it.
  void Arm(const std::shared_ptr<Watch>& w) {
    if (!w->live || !w->desc.is_open()) return;
    if ((w->want & CURL_POLL_IN) && !w->read_pending) {
      w->read_pending = true;
      w->desc.async_wait(asio::posix::descriptor_base::wait_read,
                         [self = shared_from_this(), w](error_code ec) {
                           w->read_pending = false;
                           self->OnReady(w, ec, CURL_CSELECT_IN);
                         });
    }
    if ((w->want & CURL_POLL_OUT) && !w->write_pending) {
      w->write_pending = true;
      w->desc.async_wait(asio::posix::descriptor_base::wait_write,
                         [self = shared_from_this(), w](error_code ec) {
                           w->write_pending = false;
                           self->OnReady(w, ec, CURL_CSELECT_OUT);
                         });
    }
  }

  void OnReady(const std::shared_ptr<Watch>& w, error_code ec, int event) {
    if (closed_ || !w->live || ec == asio::error::operation_aborted) return;
    Action(w->fd, ec ? CURL_CSELECT_ERR : event);
    Arm(w);
  }

  void Action(curl_socket_t s, int events) {
    int running = 0;
    curl_multi_socket_action(multi_.get(), s, events, &running);
    CollectDone();
  }

  void CollectDone() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      const CURLcode result = msg->data.result;
      curl_multi_remove_handle(multi_.get(), e);
      auto it = transfers_.find(e);
      if (it == transfers_.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      transfers_.erase(it);
      t->Finish(result);
      Deliver(std::move(t));
    }
  }

  // Posts the completion: never run inside a libcurl callback or inline.
  void Deliver(std::unique_ptr<Transfer> t) {
    asio::post(ioc_, [self = shared_from_this(), t = std::move(t)]() mutable {
      if (self->closed_) return;
      Handler h = std::move(t->handler);
      FetchResponse r = std::move(t->response);
      t.reset();  // free the easy handle before the user's code runs
      h(std::move(r));
    });
  }

  asio::io_context& ioc_;
  FetcherOptions options_;
  std::shared_ptr<const FetchLimits> default_limits_;
  asio::steady_timer timer_;
  CurlMulti multi_;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> watches_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  bool closed_ = false;
};

Fetcher::Fetcher(asio::io_context& ioc, FetcherOptions options)
    : impl_(std::make_shared<Impl>(ioc, std::move(options))) {}

Fetcher::~Fetcher() { impl_->Shutdown(); }

void Fetcher::Fetch(FetchRequest request, Handler handler) {
  impl_->Fetch(std::move(request), std::move(handler));
}

std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }

const FetcherOptions& Fetcher::options() const { return impl_->options(); }

std::string DefaultUserAgent() { return std::string("newsd/") + NEWSD_VERSION; }

bool FetchResponse::permanent_redirect() const { return !permanent_url().empty(); }

std::string FetchResponse::permanent_url() const {
  std::string out;
  for (std::size_t i = 0; i < redirects.size(); ++i) {
    if (redirects[i].status == 301 || redirects[i].status == 308) {
      out = i + 1 < redirects.size() ? redirects[i + 1].url : url;
    }
  }
  return out;
}

}  // namespace newsd
