#include "storage/sink_nats.h"

#include <nats/nats.h>

#include <boost/json.hpp>

#include <atomic>
#include <mutex>

#include "core/json.h"

namespace newsd {
namespace {

std::string StatusText(natsStatus s) {
  std::string m = natsStatus_GetText(s);
  const char* last = nats_GetLastError(nullptr);
  if (last && *last && m.find(last) == std::string::npos) m += std::string(": ") + last;
  return m;
}

}  // namespace

std::string NatsToken(const std::string& id) {
  if (id.empty()) return "_";
  std::string t = id;
  for (char& c : t) {
    if (c == '.' || c == '*' || c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      c = '_';
    }
  }
  return t;
}

std::string NatsMsgId(const DownstreamItem& item) {
  if (item.row.kind == DownstreamKind::kAlert) return item.row.alert_id;
  return item.article.content_hash + ":" + std::to_string(item.article.revision);
}

struct NatsSink::Impl {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  std::atomic<int> ack_errors{0};
  std::mutex mu;
  std::string first_error;  // guarded by mu

  static void OnAckError(jsCtx* /*js*/, jsPubAckErr* pae, void* closure) {
    auto* self = static_cast<Impl*>(closure);
    self->ack_errors.fetch_add(1);
    std::lock_guard<std::mutex> lock(self->mu);
    if (self->first_error.empty()) {
      self->first_error = std::string(natsStatus_GetText(pae->Err)) +
                          (pae->ErrText ? std::string(": ") + pae->ErrText : std::string());
    }
  }
};

NatsSink::NatsSink(NatsSinkOptions opts)
    : opts_(std::move(opts)), impl_(std::make_unique<Impl>()) {}

NatsSink::~NatsSink() { Disconnect(); }

void NatsSink::Disconnect() {
  if (impl_->js) jsCtx_Destroy(impl_->js);
  impl_->js = nullptr;
  if (impl_->nc) natsConnection_Destroy(impl_->nc);
  impl_->nc = nullptr;
}

Status NatsSink::Connect() {
  if (impl_->js && impl_->nc && !natsConnection_IsClosed(impl_->nc)) return OkStatus();
  Disconnect();
  const std::string where = "sink " + opts_.id + ": nats " + opts_.url;
  natsOptions* o = nullptr;
  natsStatus s = natsOptions_Create(&o);
  if (s == NATS_OK) s = natsOptions_SetURL(o, opts_.url.c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(o, opts_.timeout.count());
  // The client reconnects by itself after a server restart; our batches are
  // retried anyway, so keep its waits short.
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(o, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(o, 200);
  if (s == NATS_OK) s = natsOptions_SetName(o, "newsd");
  if (s == NATS_OK) s = natsConnection_Connect(&impl_->nc, o);
  natsOptions_Destroy(o);
  if (s != NATS_OK) {
    impl_->nc = nullptr;
    return Fail(ErrorKind::kIo, where + ": cannot connect: " + StatusText(s));
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = opts_.timeout.count();
  jo.PublishAsync.MaxPending = 4096;
  jo.PublishAsync.ErrHandler = &Impl::OnAckError;
  jo.PublishAsync.ErrHandlerClosure = impl_.get();
  s = natsConnection_JetStream(&impl_->js, impl_->nc, &jo);
  if (s != NATS_OK) {
    Disconnect();
    return Fail(ErrorKind::kIo, where + ": JetStream context: " + StatusText(s));
  }
  if (opts_.create_stream) {
    jsStreamInfo* si = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    s = js_GetStreamInfo(&si, impl_->js, opts_.stream.c_str(), nullptr, &jerr);
    if (s == NATS_NOT_FOUND) {
      const std::string a = opts_.subject_prefix + ".articles.>";
      const std::string b = opts_.subject_prefix + ".alerts.>";
      const char* subjects[] = {a.c_str(), b.c_str()};
      jsStreamConfig cfg;
      jsStreamConfig_Init(&cfg);
      cfg.Name = opts_.stream.c_str();
      cfg.Subjects = subjects;
      cfg.SubjectsLen = 2;
      cfg.Storage = js_FileStorage;
      s = js_AddStream(&si, impl_->js, &cfg, nullptr, &jerr);
    }
    if (si) jsStreamInfo_Destroy(si);
    if (s != NATS_OK) {
      Disconnect();
      return Fail(ErrorKind::kIo, where + ": stream " + opts_.stream + ": " + StatusText(s) +
                                      " (JetStream error " + std::to_string(jerr) + ")");
    }
  }
  return OkStatus();
}

Status NatsSink::Deliver(const std::vector<DownstreamItem>& items) {
  bool any = false;
  for (const auto& it : items) any = any || it.found;
  if (!any) return OkStatus();
  if (auto st = Connect(); !st) return st;
  impl_->ack_errors.store(0);
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->first_error.clear();
  }
  const std::string where = "sink " + opts_.id + ": nats " + opts_.url;
  for (const auto& it : items) {
    if (!it.found) continue;
    ArticleJsonOptions jo;
    std::string subject, payload;
    if (it.row.kind == DownstreamKind::kAlert) {
      jo.alerts = {it.alert->watch};
      subject = opts_.subject_prefix + ".alerts." + NatsToken(it.alert->watch);
      payload = ToJsonLine(AlertToJson(*it.alert, &it.article, jo));
    } else {
      jo.alerts = it.watches;
      subject = opts_.subject_prefix + ".articles." + NatsToken(it.article.feed);
      payload = ToJsonLine(ArticleToJson(it.article, jo));
    }
    const std::string msg_id = NatsMsgId(it);
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msg_id.c_str();
    const natsStatus s = js_PublishAsync(impl_->js, subject.c_str(), payload.data(),
                                         static_cast<int>(payload.size()), &po);
    if (s != NATS_OK) {
      Disconnect();
      return Fail(ErrorKind::kIo, where + ": publish " + subject + ": " + StatusText(s));
    }
  }
  jsPubOptions wait;
  jsPubOptions_Init(&wait);
  wait.MaxWait = opts_.timeout.count();
  const natsStatus s = js_PublishAsyncComplete(impl_->js, &wait);
  if (s != NATS_OK) {
    Disconnect();  // drops what is still pending; the batch is retried
    return Fail(ErrorKind::kIo, where + ": waiting for acks: " + StatusText(s));
  }
  if (const int n = impl_->ack_errors.load(); n > 0) {
    std::string first;
    {
      std::lock_guard<std::mutex> lock(impl_->mu);
      first = impl_->first_error;
    }
    return Fail(ErrorKind::kIo,
                where + ": " + std::to_string(n) + " publishes not acknowledged: " + first);
  }
  return OkStatus();
}

}  // namespace newsd
