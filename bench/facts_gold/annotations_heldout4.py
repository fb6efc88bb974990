"""Fourth held-out batch (texts_heldout4.json, 15 articles), annotated in session 4 by
reading each text, before any rule of that session was changed and before the extractor
was run on these texts; same format as annotations.py.
Judgement calls: "that Saturday evening" (Nature, anaphoric to 2014, not to the
publication) is not annotated as a date; "today" meaning "nowadays" (PoliticoEu) is
annotated mechanically as the publication day, as the guideline says; a pronoun with no
antecedent in the text (RollingStone's first line) has no speaker."""
T, F = True, False
Y = lambda y: (str(y), f'{y}-01-01', f'{y}-12-31')

ANN = {
 'au_NineNews_V2': dict(
  quotes=[('too bad for our country', 'Donald Trump'),
          ('No long and unwieldy Constitutional Amendment is necessary!', 'Donald Trump'),
          ('Congress should start TODAY to work on ending expensive and unfair to our Country, '
           'Birthright Citizenship.', 'Donald Trump'),
          ('I would like to congratulate President Xi, and the Great Country of China, on their '
           'massive Birthright Citizenship WIN!', 'Donald Trump')],
  quantities=[],
  dates=[('TODAY', '2026-06-30', '2026-06-30')]),
 'na_TheNamibian_V1_1': dict(
  quotes=[('I was asking myself, why are they saying they were flying over Nigeria? They usually '
           'communicate with take-off and when they are about to land,', 'Nangolo Mbumba')],
  quantities=[],
  dates=[('Sunday', '2024-02-18', '2024-02-18')]),
 'tz_DailyNewsTZ_V1': dict(
  quotes=[('When there is darkness, women afraid of robbers and harassment from hooligans….in '
           'darkness it is easy to be raped,', 'Aisha Mohamed'),
          ('evils disappear when there is light.', 'Mariam Malibiche'),
          ('It was difficult to find women in the streets beyond 18hrs.', 'Mariam Malibiche')],
  quantities=[('mother of |three', 3, '', F), ('400m', 400, 'm', F)],
  dates=[('a year ago', '2018-01-01', '2018-12-31')]),
 'uk_BBC_V2': dict(
  quotes=[('Nato\'s founding treaty does not foresee any provision for suspension of Nato '
           'membership, or expulsion', None),
          ('rests with the UK', 'Downing Street'),
          ('paper tiger', 'Donald Trump'),
          ('NATO WASN\'T THERE WHEN WE NEEDED THEM, AND THEY WON\'T BE THERE IF WE NEED THEM AGAIN.',
           'Donald Trump')],
  quantities=[],
  dates=[('late February', '2012-02-01', '2012-02-29')]),
 'uk_DailyStar_V1_1': dict(
  quotes=[('was in love with.', 'Marina Lacerda')],
  quantities=[('ages of |14', 14, '', F), ('14 to |17', 17, '', F),
              ('$77million', 7.7e7, 'USD', F), ('age |16', 16, '', T), ('16 or |17', 17, '', T)],
  dates=[]),
 'uk_EuronewsEN_V1': dict(
  quotes=[('very serious', 'Ulf Kristersson'), ('security risks', 'Dagens Nyheter'),
          ('sexual relations with strategically selected police officers', 'Dagens Nyheter')],
  quantities=[('four cases', 4, 'cases', F), ('At least 30 police employees', 30, 'employees', T)],
  dates=[('Monday', '2024-04-29', '2024-04-29'), ('the weekend', '2024-04-27', '2024-04-28')]),
 'uk_Nature_V1_1': dict(
  quotes=[('I will never forget that Saturday evening when I first saw Russian tanks on the streets '
           'of my city,', 'Viktoriya Voropayeva'),
          ('We hoped that it would be one semester or one academic year,', 'Viktoriya Voropayeva'),
          ('Nobody thought that it could be forever.', 'Viktoriya Voropayeva'),
          ('Most of the teachers who stayed in Donetsk did so not because they supported the Donetsk '
           'People’s Republic [the separatist government created by Russia-backed paramilitaries in '
           '2014], but because they could not find the strength to leave everything — homes, elderly '
           'parents, hospitals, schools,', 'Viktoriya Voropayeva')],
  quantities=[('one semester', 1, 'semester', F), ('one academic year', 1, 'year', F),
              ('about 60 kilometres', 60, 'kilometres', T),
              ('three academic buildings', 3, 'buildings', F), ('two dormitories', 2, 'dormitories', F)],
  dates=[Y(2014), Y(2014)]),
 'uk_TechRadar_V1': dict(
  quotes=[('truly the biggest upgrade to our iconic search box since its debut over 25 years ago.',
           'Liz Reid')],
  quantities=[('more than 25 years', 25, 'years', T)],
  dates=[Y(2026), ('25 years ago', '2001-01-01', '2001-12-31')]),
 'us_RollingStone_V1': dict(
  quotes=[('She is a very talented woman,', None),
          ('I listened to the whole album, and I listened to it all morning long when it was '
           'released.', 'Donna Kelce'),
          ('I was just very impressed. She is a very talented woman, and I think it is probably her '
           'best work.', 'Donna Kelce'),
          ('She doesn’t need my advice on anything. In fact, I hope she will give me advice.',
           'Donna Kelce'),
          ('These blokes warm the benches/ We’ve been on a winning streak/ He jokes that ‘It’s '
           'heroin, but this time with an E’/ ‘Cause the sign on your heart said it’s still reserved '
           'for me/ Honestly, who are we to fight the alchemy?', 'Taylor Swift')],
  quantities=[('at least two tracks', 2, 'tracks', T)],
  dates=[('last week', '2024-04-15', '2024-04-21')]),
 'us_TheIntercept_V1_1': dict(
  quotes=[('I have been complicit in the violent domination of the world and I will never get the '
           'blood off my hands.', None),
          ('no longer be complicit in genocide', 'Aaron Bushnell'),
          ('Free Palestine!', 'Aaron Bushnell'),
          ('I am about to engage in an extreme act of protest,', 'Aaron Bushnell'),
          ('but compared to what people have been experiencing in Palestine at the hands of their '
           'colonizers is not extreme at all.', 'Aaron Bushnell')],
  quantities=[('four years', 4, 'years', F)],
  dates=[('Sunday', '2024-02-25', '2024-02-25'), ('Sunday', '2024-02-25', '2024-02-25')]),
 'us_TheNation_V1': dict(
  quotes=[('hot dogs for breakfast', None),
          ('We had workers talking about working six days a week, talking about getting written up '
           'for calling in sick,', 'Tanner Fischer'),
          ('Some were standing 100 yards away, then moved to stand in the crowd and see what’s going '
           'on. They were making everyone uncomfortable.', 'Tanner Fischer'),
          ('I filed an Unfair Labor Practice a few days later for them spying on our rally,',
           'Tanner Fischer'),
          ('It was easy. I did it myself. I wish I knew how to file a ULP when I was a steward.',
           'Tanner Fischer'),
          ('We respect our employees’ rights to assemble and we comply with the NLRA.',
           'United Parcel Service')],
  quantities=[('over 100', 100, '', T), ('six days', 6, 'days', F), ('he was |18', 18, '', F),
              ('100 yards', 100, 'yards', F)],
  dates=[('April 12', '2023-04-12', '2023-04-12'),
         ('later this summer', '2023-06-01', '2023-08-31')]),
 'be_PoliticoEu_V1': dict(
  quotes=[],
  quantities=[('nine years', 9, 'years', F), ('55.7 percent', 55.7, '%', F),
              ('31.6 percent', 31.6, '%', F)],
  dates=[('Friday', '2025-10-24', '2025-10-24'), ('Wednesday', '2025-10-22', '2025-10-22'),
         ('Saturday', '2025-10-25', '2025-10-25'), Y(1990), ('today', '2025-10-23', '2025-10-23')]),
 'mx_MexicoNewsDaily_V1': dict(
  quotes=[('bad idea', 'Marcelo Ebrard'),
          ('It’s a big deal. This is the beginning of making America rich again,', 'Donald Trump'),
          ('… Our nation requires steel and aluminum to be made in America, not in foreign lands,',
           'Donald Trump'),
          ('imports of steel articles from Canada and Mexico have increased significantly to levels '
           'that once again threaten to impair U.S. national security.', 'Howard Lutnick')],
  quantities=[('25%', 25, '%', F)],
  dates=[('Monday', '2025-02-10', '2025-02-10'), ('Tuesday', '2025-02-11', '2025-02-11'),
         ('next week', '2025-02-17', '2025-02-23'), ('March 12', '2025-03-12', '2025-03-12'),
         ('Monday', '2025-02-10', '2025-02-10')]),
 'pt_ThePortugalNews_V1': dict(
  quotes=[],
  quantities=[('40%', 40, '%', F), ('40%', 40, '%', F), ('855 billion euros', 8.55e11, 'EUR', F),
              ('6%', 6, '%', F), ('28%', 28, '%', F)],
  dates=[Y(2024), Y(2024), ('20 years ago', '2005-01-01', '2005-12-31'), Y(2023), Y(2022),
         Y(2019)]),
 'za_TheCitizen_V1': dict(
  quotes=[('The session reviewed early impacts, assessed municipal response capacity and confirmed '
           'the activation of emergency protocols to safeguard communities as weather conditions',
           'Jacob Mamabolo')],
  quantities=[],
  dates=[('Thursday', '2025-11-27', '2025-11-27')]),
}
