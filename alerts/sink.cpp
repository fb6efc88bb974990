#include "alerts/sink.h"

#include "alerts/sink_types.h"

namespace newsd::alerts {

Result<std::unique_ptr<Sink>> MakeSink(const SinkSpec& spec) {
  const std::string who = "sink \"" + spec.id + "\"";
  auto need = [&](bool ok, const char* what) -> Status {
    if (ok) return OkStatus();
    return Fail(ErrorKind::kInvalidArgument, who + ": type " + spec.type + " needs " + what);
  };
  if (spec.type == "webhook") {
    if (auto s = need(spec.url.rfind("http://", 0) == 0 || spec.url.rfind("https://", 0) == 0,
                      "an http:// or https:// url");
        !s) {
      return Fail(s.error());
    }
    return MakeWebhookSink(spec);
  }
  if (spec.type == "email") {
    if (auto s = need(spec.url.rfind("smtp://", 0) == 0 || spec.url.rfind("smtps://", 0) == 0,
                      "an smtp:// or smtps:// url");
        !s) {
      return Fail(s.error());
    }
    if (auto s = need(!spec.from.empty() && !spec.to.empty(), "from and to"); !s) {
      return Fail(s.error());
    }
    return MakeEmailSink(spec);
  }
  if (spec.type == "jsonl") {
    if (auto s = need(!spec.path.empty(), "a path"); !s) return Fail(s.error());
    return MakeJsonlSink(spec);
  }
  if (spec.type == "exec") {
    if (auto s = need(!spec.command.empty() && !spec.command[0].empty(), "a command"); !s) {
      return Fail(s.error());
    }
    return MakeExecSink(spec);
  }
  if (spec.type == "log") return MakeLogSink(spec);
  return Fail(ErrorKind::kInvalidArgument,
              who + ": unknown type '" + spec.type + "' (webhook, email, jsonl, exec, log)");
}

}  // namespace newsd::alerts
