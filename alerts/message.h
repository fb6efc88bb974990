// Formatting of alert messages for sinks: the JSON body (single or digest),
// chat-tool templates, and the plain-text email. Inputs are outbox payloads
// (the alert object of INTERFACES.md §5 as JSON text).
//
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "alerts/outbox.h"

namespace newsd::alerts {

// The parts of an alert a human message needs.
struct AlertView {
  std::string id, watch, title, url, source, published;
  std::vector<std::string> terms;     // distinct matched terms, in order
  std::vector<std::string> contexts;  // "…words around the match…" per text/title span
};

// Reads a payload; fields missing from it are "" (never fails).
AlertView ViewOf(const std::string& payload);

// The JSON body of a webhook/exec message: the alert object itself for one
// alert, or {"type":"digest","count":n,"alerts":[...]} for several. With
// `brief` the article's "text" is removed.
std::string JsonBody(const std::vector<const OutboxRow*>& alerts, bool brief);

// Fills {{title}} {{url}} {{watch}} {{terms}} {{id}} {{source}} {{count}}.
// When the template is JSON (first non-space character '{' or '['), values
// are JSON-escaped. A digest joins titles and urls with newlines.
std::string RenderTemplate(const std::string& tmpl, const std::vector<const OutboxRow*>& alerts);

// Subject and plain-text body of an email for the alerts.
struct EmailText {
  std::string subject;
  std::string body;  // lines separated by "\n"
};
EmailText FormatEmail(const std::vector<const OutboxRow*>& alerts);

}  // namespace newsd::alerts
