// Process-wide logging set-up (spdlog to stderr). Call InitLogging once at
// start-up, before other threads exist; afterwards use spdlog::info(...) etc.
// from any thread.
#pragma once

#include <string_view>

#include "core/result.h"

namespace newsd {

// Sets the level ("trace", "debug", "info", "warn", "error", "off").
// When the environment has JOURNAL_STREAM (stderr goes to journald) lines carry
// no timestamp and start with a syslog priority ("<3>") so journald keeps levels.
Status InitLogging(std::string_view level);

// Changes the level of the running logger; an error for an unknown name.
Status SetLogLevel(std::string_view level);

}  // namespace newsd
