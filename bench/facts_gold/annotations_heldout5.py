"""Fifth held-out batch (texts_heldout5.json, 8 articles), annotated in session 4 AFTER
that session's rule changes and before the extractor ran on these texts: the unseen check
of those changes. Same format as annotations.py. Judgement calls: plaque inscriptions and
a report title of four or more words are quotes without a speaker (the guideline's
"always annotated"); "three times the annual total" (a multiplier) is not a quantity."""
T, F = True, False
Y = lambda y: (str(y), f'{y}-01-01', f'{y}-12-31')

ANN = {
 'us_TheNewYorker_V1': dict(
  quotes=[('You don’t need a parka,', 'Doug Johnson'),
          ('But you need sunglasses—snow blindness, you know?', 'Doug Johnson')],
  quantities=[('two materials scientists', 2, 'scientists', F),
              ('about a hundred feet', 100, 'feet', T)],
  dates=[('late March', '2023-03-01', '2023-03-31'),
         ('the winter of 2012', '2012-12-01', '2013-02-28')]),
 'uk_Nature_V1': dict(
  quotes=[('the greatest con job ever perpetrated on the world', 'Donald Trump')],
  quantities=[('11%', 11, '%', F), ('up to 470 million tonnes', 4.7e8, 'tonnes', T)],
  dates=[('10 November', '2025-11-10', '2025-11-10'), ('January', '2025-01-01', '2025-01-31'),
         Y(2025)]),
 'us_LATimes_V1': dict(
  quotes=[('Los Angeles Memorial Coliseum, 1921-23, conveyed and erected by the Community '
           'Development Association.', None),
          ('Howard Harding Jones (1885-1941). Head football coach of USC from 1925 to 1940. His '
           'code — Conviction ... Courage ... Fair play ... And the will to win.', None)],
  quantities=[('75,000', 75000, '', F), ('$954,873', 954873, 'USD', F),
              ('100 years old', 100, 'years', F), ('26 members', 26, 'members', F),
              ('12,836', 12836, '', F), ('30,500', 30500, '', F)],
  dates=[('May 1, 1923', '1923-05-01', '1923-05-01'), ('July 2, 1923', '1923-07-02', '1923-07-02'),
         ('July 2, 1923', '1923-07-02', '1923-07-02'), ('1921-23', '1921-01-01', '1923-12-31'),
         Y(1932), ('Oct. 6, 1923', '1923-10-06', '1923-10-06'),
         ('1925-40', '1925-01-01', '1940-12-31'), ('1885-1941', '1885-01-01', '1941-12-31'),
         ('from 1925 to 1940', '1925-01-01', '1940-12-31'), Y(1955),
         ('Sept. 29, 1946', '1946-09-29', '1946-09-29'),
         ('March 21, 1946', '1946-03-21', '1946-03-21'),
         ('Sept. 29, 1946', '1946-09-29', '1946-09-29')]),
 'us_TheGatewayPundit_V1': dict(
  quotes=[('The sheath was later processed and had ‘Ka-Bar’ ‘USMC’ and the United States Marine '
           'Corps eagle globe and anchor insignia stamped on the outside of it,', 'Brett Payne'),
          ('The Idaho state lab later located a single source of male DNA (suspect Profile) left on '
           'the button snap of the knife sheath.', 'Brett Payne')],
  quantities=[('two surviving roommates', 2, 'roommates', F), ('19-page', 19, 'page', F)],
  dates=[('November 13', '2022-11-13', '2022-11-13'),
         ('December 30', '2022-12-30', '2022-12-30')]),
 'uk_TheIndependent_V1': dict(
  quotes=[('It is with broken hearts, and we are so sad to say that our beautiful girl Holly is now '
           'at peace,', 'Shaun Bowles')],
  quantities=[],
  dates=[('this morning', '2024-11-22', '2024-11-22')]),
 'ind_TimesOfIndia_V2': dict(
  quotes=[('Crime in India 2023', None)],
  quantities=[('five years', 5, 'years', F), ('653', 653, '', F), ('140 cases', 140, 'cases', F)],
  dates=[Y(2023), ('from 2019 to 2023', '2019-01-01', '2023-12-31'), ('in |2023', '2023-01-01',
                                                                      '2023-12-31')]),
 'uk_EveningStandard_V1': dict(
  quotes=[],
  quantities=[('14-man', 14, 'man', F), ('three points', 3, 'points', F)],
  dates=[('eight years ago', '2016-01-01', '2016-12-31')]),
 'us_TheGatewayPundit_V2': dict(
  quotes=[('the biggest military leadership crisis of his presidency', None),
          ('Syrsky’s leadership of the armed forces has become a lightning rod for protests that have '
           'grown since Zelensky fired the civilian defense minister [Mykhailo Fedorov] after a '
           'deepening rift between the two leaders became untenable.', 'Financial Times'),
          ('According to a senior administration official, Zelensky is gathering military '
           'commanders this weekend to hear their assessments of the battlefield situation and to '
           'interview candidates to take command of the army.', 'Financial Times')],
  quantities=[('a hundred times', 100, 'times', F), ('two leaders', 2, 'leaders', F)],
  dates=[('Today', '2026-07-19', '2026-07-19'), ('this weekend', '2026-07-18', '2026-07-19')]),
}
