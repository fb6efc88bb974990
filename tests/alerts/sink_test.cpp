#include "alerts/sink.h"

#include <sys/stat.h>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "alerts/message.h"
#include "core/hash.h"
#include "tests/alerts/alert_fixtures.h"
#include "tests/support/smtp_receiver.h"
#include "tests/support/test_util.h"
#include "tests/support/webhook_receiver.h"

namespace newsd::alerts {
namespace {

using newsd::testing::MakeRow;
using newsd::testing::SmtpReceiver;
using newsd::testing::TempDir;
using newsd::testing::WebhookReceiver;
using Outcome = DeliveryResult::Outcome;

std::unique_ptr<Sink> Make(const SinkSpec& s) {
  auto r = MakeSink(s);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : nullptr;
}

SinkSpec Webhook(const WebhookReceiver& rx) {
  SinkSpec s;
  s.id = "hook";
  s.type = "webhook";
  s.url = rx.url();
  s.secret = "s3cret";
  s.timeout = std::chrono::seconds(2);
  return s;
}

TEST(WebhookSink, PostsSignedAlertJson) {
  WebhookReceiver rx;
  auto sink = Make(Webhook(rx));
  OutboxRow row = MakeRow(1, "hook", "iran-drills", "Drills near the border");
  DeliveryResult r = sink->Deliver({&row});
  EXPECT_EQ(r.outcome, Outcome::kDone) << r.error;
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].body, row.payload);
  EXPECT_EQ(reqs[0].headers["content-type"], "application/json");
  EXPECT_EQ(reqs[0].headers["x-newsd-signature"],
            "sha256=" + HmacSha256Hex("s3cret", reqs[0].body));
  EXPECT_EQ(reqs[0].headers["x-newsd-alert-id"], row.alert_id);
  auto j = boost::json::parse(reqs[0].body).as_object();
  EXPECT_EQ(j["id"].as_string(), row.alert_id);
  EXPECT_EQ(j["watch"].as_string(), "iran-drills");
}

TEST(WebhookSink, StatusCodesDecideRetryOrDead) {
  WebhookReceiver rx;
  auto sink = Make(Webhook(rx));
  OutboxRow row = MakeRow(1, "hook", "w", "t");
  rx.SetMode(WebhookReceiver::Mode::kError500);
  EXPECT_EQ(sink->Deliver({&row}).outcome, Outcome::kRetry);
  rx.SetMode(WebhookReceiver::Mode::kTooMany429, 7);
  DeliveryResult r429 = sink->Deliver({&row});
  EXPECT_EQ(r429.outcome, Outcome::kRetry);
  ASSERT_TRUE(r429.retry_after.has_value());
  EXPECT_EQ(r429.retry_after->count(), 7);
  rx.SetMode(WebhookReceiver::Mode::kBad400);
  DeliveryResult r400 = sink->Deliver({&row});
  EXPECT_EQ(r400.outcome, Outcome::kDead);
  EXPECT_NE(r400.error.find("HTTP 400: bad payload"), std::string::npos) << r400.error;
  rx.SetMode(WebhookReceiver::Mode::kDown);
  DeliveryResult down = sink->Deliver({&row});
  EXPECT_EQ(down.outcome, Outcome::kRetry);
  EXPECT_EQ(rx.hits(), 3u);
}

TEST(WebhookSink, SlowReceiverTimesOutAndIsRetried) {
  WebhookReceiver rx;
  SinkSpec s = Webhook(rx);
  s.timeout = std::chrono::seconds(1);
  auto sink = Make(s);
  rx.SetMode(WebhookReceiver::Mode::kSlow, 0, std::chrono::milliseconds(2500));
  OutboxRow row = MakeRow(1, "hook", "w", "t");
  DeliveryResult r = sink->Deliver({&row});
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_NE(r.error.find("imeout"), std::string::npos) << r.error;
}

TEST(WebhookSink, ChatTemplateIsJsonEscaped) {
  WebhookReceiver rx;
  SinkSpec s = Webhook(rx);
  s.body_template = R"T({"text": "{{watch}}: {{title}} {{url}} ({{terms}})"})T";
  auto sink = Make(s);
  OutboxRow row = MakeRow(3, "hook", "iran-drills", "Drills \"near\" the border");
  ASSERT_EQ(sink->Deliver({&row}).outcome, Outcome::kDone);
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 1u);
  auto j = boost::json::parse(reqs[0].body).as_object();
  EXPECT_EQ(j["text"].as_string(),
            "iran-drills: Drills \"near\" the border https://example.com/news/3 (military drills)");
}

TEST(WebhookSink, DigestBody) {
  WebhookReceiver rx;
  auto sink = Make(Webhook(rx));
  OutboxRow a = MakeRow(1, "hook", "w", "one"), b = MakeRow(2, "hook", "w", "two");
  ASSERT_EQ(sink->Deliver({&a, &b}).outcome, Outcome::kDone);
  auto j = boost::json::parse(rx.requests().at(0).body).as_object();
  EXPECT_EQ(j["type"].as_string(), "digest");
  EXPECT_EQ(j["count"].as_int64(), 2);
  EXPECT_EQ(j["alerts"].as_array().at(1).as_object().at("id").as_string(), b.alert_id);
}

TEST(EmailSink, SmtpReceiverGetsReadableMail) {
  SmtpReceiver rx;
  SinkSpec s;
  s.id = "mail";
  s.type = "email";
  s.url = rx.url();
  s.from = "newsd@example.com";
  s.to = {"analyst@example.com", "desk@example.com"};
  s.timeout = std::chrono::seconds(5);
  auto sink = Make(s);
  OutboxRow row = MakeRow(4, "mail", "iran-drills", "Manöver an der Grenze");
  DeliveryResult r = sink->Deliver({&row});
  ASSERT_EQ(r.outcome, Outcome::kDone) << r.error;
  auto msgs = rx.messages();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].from, "newsd@example.com");
  EXPECT_EQ(msgs[0].to, (std::vector<std::string>{"analyst@example.com", "desk@example.com"}));
  const std::string& d = msgs[0].data;
  EXPECT_NE(d.find("Subject: =?UTF-8?Q?"), std::string::npos) << d;
  EXPECT_NE(d.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(d.find("\r\nManöver an der Grenze\r\n"), std::string::npos) << d;
  EXPECT_NE(d.find("Source:  trend-en"), std::string::npos);
  EXPECT_NE(d.find("Matched: military drills"), std::string::npos);
  EXPECT_NE(d.find("joint [military drills] near"), std::string::npos) << d;
  EXPECT_NE(d.find("Link: https://example.com/news/4"), std::string::npos);
  EXPECT_NE(d.find("X-Newsd-Alert-Id: " + row.alert_id), std::string::npos);
}

TEST(EmailSink, RejectedRecipientIsDeadAndAuthNeedsTls) {
  SmtpReceiver rx;
  SinkSpec s;
  s.id = "mail";
  s.type = "email";
  s.url = rx.url();
  s.from = "newsd@example.com";
  s.to = {"nobody@example.com"};
  s.timeout = std::chrono::seconds(5);
  OutboxRow row = MakeRow(5, "mail", "w", "t");
  rx.RejectRecipients(true);
  DeliveryResult r = Make(s)->Deliver({&row});
  EXPECT_EQ(r.outcome, Outcome::kDead) << r.error;
  rx.RejectRecipients(false);
  // A password is never sent without TLS; this receiver offers no STARTTLS.
  s.username = "u";
  s.password = "p";
  DeliveryResult auth = Make(s)->Deliver({&row});
  EXPECT_EQ(auth.outcome, Outcome::kRetry) << auth.error;
  EXPECT_TRUE(rx.messages().empty());
}

TEST(JsonlSink, AppendsLinesAndReopensAfterRotation) {
  TempDir dir;
  SinkSpec s;
  s.id = "file";
  s.type = "jsonl";
  s.path = dir.str() + "/alerts.jsonl";
  s.brief = true;
  auto sink = Make(s);
  OutboxRow a = MakeRow(1, "file", "w", "one"), b = MakeRow(2, "file", "w", "two");
  ASSERT_EQ(sink->Deliver({&a, &b}).outcome, Outcome::kDone);
  std::string content = newsd::testing::ReadFile(s.path);
  ASSERT_EQ(std::count(content.begin(), content.end(), '\n'), 2);
  auto first = boost::json::parse(content.substr(0, content.find('\n'))).as_object();
  EXPECT_EQ(first["id"].as_string(), a.alert_id);
  EXPECT_FALSE(first["article"].as_object().contains("text"));  // brief
  std::filesystem::rename(s.path, s.path + ".1");
  ASSERT_OK(sink->Reopen());
  ASSERT_EQ(sink->Deliver({&b}).outcome, Outcome::kDone);
  EXPECT_EQ(std::count(content.begin(), content.end(), '\n'), 2);
  std::string fresh = newsd::testing::ReadFile(s.path);
  EXPECT_EQ(std::count(fresh.begin(), fresh.end(), '\n'), 1);
  EXPECT_NE(fresh.find(b.alert_id), std::string::npos);
}

TEST(ExecSink, CommandGetsAlertOnStdin) {
  TempDir dir;
  SinkSpec s;
  s.id = "cmd";
  s.type = "exec";
  const std::string out = dir.str() + "/got.json";
  // No shell: the argument with spaces and a '$' reaches the program as is.
  s.command = {"/bin/sh", "-c", "cat > \"$0\"", out};
  s.timeout = std::chrono::seconds(5);
  auto sink = Make(s);
  OutboxRow row = MakeRow(9, "cmd", "w", "t");
  DeliveryResult r = sink->Deliver({&row});
  ASSERT_EQ(r.outcome, Outcome::kDone) << r.error;
  EXPECT_EQ(newsd::testing::ReadFile(out), row.payload + "\n");
}

TEST(ExecSink, ExitCodesTimeoutAndMissingProgram) {
  SinkSpec s;
  s.id = "cmd";
  s.type = "exec";
  s.timeout = std::chrono::seconds(1);
  OutboxRow row = MakeRow(9, "cmd", "w", "t");
  s.command = {"/bin/sh", "-c", "echo broken >&2; exit 3"};
  DeliveryResult r = Make(s)->Deliver({&row});
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_NE(r.error.find("exit status 3: broken"), std::string::npos) << r.error;
  s.command = {"/bin/sleep", "30"};
  auto t0 = std::chrono::steady_clock::now();
  r = Make(s)->Deliver({&row});
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_NE(r.error.find("timed out"), std::string::npos) << r.error;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  s.command = {"/nonexistent/newsd-hook"};
  r = Make(s)->Deliver({&row});
  EXPECT_EQ(r.outcome, Outcome::kDead) << r.error;
}

TEST(MakeSink, RejectsIncompleteSpecs) {
  SinkSpec s;
  s.id = "x";
  s.type = "webhook";
  s.url = "ftp://x";
  EXPECT_EQ(MakeSink(s).error().message,
            "sink \"x\": type webhook needs an http:// or https:// url");
  s.type = "pigeon";
  EXPECT_EQ(MakeSink(s).error().message,
            "sink \"x\": unknown type 'pigeon' (webhook, email, jsonl, exec, log)");
  s.type = "exec";
  EXPECT_FALSE(MakeSink(s).has_value());
  s.type = "jsonl";
  s.path = "/nonexistent-dir/x.jsonl";
  EXPECT_EQ(MakeSink(s).error().kind, ErrorKind::kIo);
}

}  // namespace
}  // namespace newsd::alerts
