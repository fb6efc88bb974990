// Golden tests on real-world feeds (tests/data/feeds/real/, see README.md
// there): charsets windows-1251, KOI8-R, GB2312, ISO-8859-1, wrong prologs,
// RSS 0.91/1.0/2.0 and Atom. The values were checked by eye once, then pinned.
#include <string>

#include <gtest/gtest.h>

#include "feeds/parser.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

struct Golden {
  const char* file;
  const char* format;
  const char* charset;
  const char* title;
  std::size_t items;
  const char* first_title;
  const char* first_link;
};

constexpr Golden kGolden[] = {
    {"FeedReader_Rss091Stadtfeuerwehr.xml", "rss0.9x", "windows-1252",
     "Stadtfeuerwehr Weiz - Einsätze", 15, "[19.08.2018 - 07:08 Uhr] Brandmeldeanlagenalarm",
     "http://www.stadtfeuerwehr-weiz.at/einsaetze/einsatz-detail/5220/"},
    {"FeedReader_Rss10OrfAt.xml", "rss1.0", "UTF-8", "news.ORF.at", 50,
     "US-Band New Edition mit Stern auf „Walk of Fame“ geehrt", "http://orf.at/stories/2376368/"},
    {"FeedReader_Rss20MoscowTimes.xml", "rss2.0", "UTF-8",
     "The Moscow Times - News, Business, Culture & Multimedia from Russia", 50,
     "Russian State TV Praises Trump for Avoiding ‘Democracy’ in Inauguration Speech",
     "https://themoscowtimes.com/articles/"
     "russian-state-tv-praises-trump-for-avoiding-democracy-in-inauguration-speech-56901"},
    {"FeedReader_Rss20Reuters.xml", "rss2.0", "UTF-8", "Reuters: World News", 10,
     "Iraq says deal reached over withdrawal of Turkish forces from Bashiqa",
     "http://feeds.reuters.com/~r/Reuters/worldNews/~3/xROvFa03AOc/"
     "us-mideast-crisis-iraq-turkey-abadi-idUSKBN14R0D4"},
    {"NetNewsWire_kc0011.rss", "rss2.0", "GBK",
     "投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文", 20, "建国35周年纪念，华表，和平鸽",
     "http://www.kc0011.net/dispbbs.asp?BoardID=10&ID=25164257&Page=1"},
    {"miniflux_encoding_WINDOWS-1251.xml", "rss2.0", "windows-1251", "iBash.Org.Ru", 50,
     "Цитата #17703", "http://ibash.org.ru/quote.php?id=17703"},
    {"miniflux_koi8r.xml", "rss2.0", "koi8-r", "Пример RSS ленты", 2, "Первая новость",
     "http://example.com/post1"},
    {"miniflux_urdu_UTF8.xml", "rss2.0", "UTF-8",
     "BBC News اردو - پاکستان کے لیے امریکی امداد کی بہار و خزاں", 26,
     "امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت "
     "پناہی",
     "http://www.bbc.com/urdu/pakistan-42575603"},
    {"miniflux_utf8-incorrect-prolog.xml", "atom1.0", "UTF-8", "테스트 피드", 1, "Café", ""},
    {"miniflux_windows-1252-incorrect-prolog.xml", "rss2.0", "UTF-8", "Euro €", 0, "", ""},
    {"node-feedparser_iconv.xml", "rss2.0", "windows-1251",
     "Новости Оренбурга и области / Раздел Новости", 10,
     "В Бузулуке главные стройплощадки – детсад и Ледовый дворец",
     "http://www.oren.ru/news/2743422/"},
    {"node-feedparser_illegally-nested.xml", "rss2.0", "UTF-8",
     "PCMag.com: the Official John C. Dvorak RSS Feed", 10,
     "My Professional Armchair Analysis of CES",
     "http://feedproxy.google.com/~r/ziffdavis/pcmag/dvorak/~3/0O-eUfOYo94/0,2817,2525649,00.asp"},
    {"rss-parser_encoding.rss", "rss2.0", "windows-1252", "Jornal de Notícias - Últimas Notícias",
     40, "Mãe de utente é a nova presidente da Raríssimas",
     "http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/"
     "sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html"},
    {"rss-parser_heise.atom", "atom1.0", "UTF-8", "heise developer neueste Meldungen", 15,
     "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei",
     "http://www.heise.de/developer/meldung/"
     "Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html?wt_mc=rss.developer.beitrag."
     "atom"},
};

class RealFeeds : public ::testing::TestWithParam<Golden> {};

TEST_P(RealFeeds, Pinned) {
  const Golden& g = GetParam();
  const std::string bytes =
      testing::ReadFile(testing::DataPath(std::string("feeds/real/") + g.file));
  ASSERT_FALSE(bytes.empty());
  auto r = ParseFeed(bytes, {});
  ASSERT_OK(r);
  EXPECT_EQ(r->format, g.format);
  EXPECT_EQ(r->charset, g.charset);
  EXPECT_EQ(r->title, g.title);
  ASSERT_EQ(r->items.size(), g.items);
  if (g.items > 0) {
    EXPECT_EQ(r->items[0].title, g.first_title);
    EXPECT_EQ(r->items[0].link, g.first_link);
  }
  for (const FeedItem& item : r->items) {
    EXPECT_FALSE(item.guid.empty());
    // No mojibake: no replacement characters, no C1 controls in titles.
    EXPECT_EQ(item.title.find("\xEF\xBF\xBD"), std::string::npos) << item.title;
    EXPECT_EQ(item.title.find("\xC2\x80"), std::string::npos) << item.title;
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, RealFeeds, ::testing::ValuesIn(kGolden),
                         [](const ::testing::TestParamInfo<Golden>& info) {
                           std::string n = info.param.file;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace newsd
