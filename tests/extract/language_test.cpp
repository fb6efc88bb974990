#include "extract/language.h"

#include <gtest/gtest.h>

namespace newsd {
namespace {

TEST(LanguageTest, DetectsSeveralLanguages) {
  struct Case {
    const char* text;
    const char* code;
  };
  const Case cases[] = {
      {"The president said on Tuesday that the government would raise taxes on large "
       "companies next year, despite opposition from business groups.",
       "en"},
      {"Die Bundesregierung hat am Dienstag beschlossen, die Steuern für große Unternehmen im "
       "kommenden Jahr zu erhöhen, trotz des Widerstands der Wirtschaftsverbände.",
       "de"},
      {"Le gouvernement a annoncé mardi qu'il augmenterait les impôts des grandes entreprises "
       "l'année prochaine, malgré l'opposition des organisations patronales.",
       "fr"},
      {"El gobierno anunció el martes que subirá los impuestos a las grandes empresas el "
       "próximo año, a pesar de la oposición de las organizaciones empresariales.",
       "es"},
      {"Правительство во вторник объявило, что в следующем году повысит налоги для крупных "
       "компаний, несмотря на возражения деловых кругов.",
       "ru"},
  };
  for (const Case& c : cases) {
    const LanguageGuess g = DetectLanguage(c.text, std::nullopt);
    EXPECT_EQ(g.code, c.code) << c.text;
    EXPECT_TRUE(g.reliable) << c.text;
  }
}

TEST(LanguageTest, ShortTextFallsBackToDeclaredLanguage) {
  const LanguageGuess g = DetectLanguage("Hola", std::string("pt_BR"));
  EXPECT_EQ(g.code, "pt");
  EXPECT_FALSE(g.reliable);
  EXPECT_EQ(DetectLanguage("Hi", std::nullopt).code, "");
}

TEST(LanguageTest, PrimaryLanguageNormalisesTags) {
  EXPECT_EQ(PrimaryLanguage("en-GB"), "en");
  EXPECT_EQ(PrimaryLanguage("DE"), "de");
  EXPECT_EQ(PrimaryLanguage("iw"), "he");
  EXPECT_EQ(PrimaryLanguage("fil"), "");
  EXPECT_EQ(PrimaryLanguage(""), "");
}

}  // namespace
}  // namespace newsd
