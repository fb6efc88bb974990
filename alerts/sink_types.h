// Constructors of the concrete sinks (internal to alerts/; use MakeSink).
// Each expects a SinkSpec already validated by MakeSink.
#pragma once

#include <memory>

#include "alerts/sink.h"

namespace newsd::alerts {

std::unique_ptr<Sink> MakeWebhookSink(const SinkSpec& spec);
std::unique_ptr<Sink> MakeEmailSink(const SinkSpec& spec);
Result<std::unique_ptr<Sink>> MakeJsonlSink(const SinkSpec& spec);
std::unique_ptr<Sink> MakeExecSink(const SinkSpec& spec);
std::unique_ptr<Sink> MakeLogSink(const SinkSpec& spec);

}  // namespace newsd::alerts
