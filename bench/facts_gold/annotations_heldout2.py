"""Second held-out batch (texts_heldout2.json), annotated after the first held-out figures
were recorded and before the extractor was run on these texts; same format as annotations.py."""
T, F = True, False
Y = lambda y: (str(y), f'{y}-01-01', f'{y}-12-31')
LAST_MONTH = ('last month', '2025-04-01', '2025-04-30')

ANN = {
 'ca_NationalPost_V1_1': dict(
  quotes=[],
  quantities=[('31 people', 31, 'people', F), ('At least seven people', 7, 'people', T),
              ('26 people', 26, 'people', F), ('five from', 5, '', F),
              ('two countries', 2, 'countries', F), ('another 5', 5, '', F),
              ('three top-line fighter jets', 3, 'jets', F), ('Two planes', 2, 'planes', F)],
  dates=[LAST_MONTH, ('Wednesday', '2025-05-07', '2025-05-07'), LAST_MONTH, LAST_MONTH]),
 'uk_TheMirror_V1_1': dict(
  quotes=[('Nazis off our streets', None), ('Nazis off our streets', None),
          ('standing army', 'Keir Starmer')],
  quantities=[('Three police officers', 3, 'officers', F)],
  dates=[('this evening', '2024-08-04', '2024-08-04'), ('this evening', '2024-08-04', '2024-08-04'),
         ('tonight', '2024-08-04', '2024-08-04'), ('last week', '2024-07-22', '2024-07-28'),
         ('this morning', '2024-08-04', '2024-08-04'),
         ('this weekend', '2024-08-03', '2024-08-04'), ('today', '2024-08-04', '2024-08-04')]),
 'us_TheNation_V2': dict(
  quotes=[('a one-man crime wave,', 'Chris Christie'), ('earned every one', 'Chris Christie'),
          ('afraid to offend Donald Trump.', 'Chris Christie'),
          ('Is this the type of conduct that we want from someone who wants to be president of '
           'the United States?', 'Chris Christie')],
  quantities=[('91 criminal indictments', 91, 'indictments', F)],
  dates=[('2024', '2024-01-01', '2024-12-31'), ('Wednesday', '2024-01-10', '2024-01-10'),
         Y(2020), ('a |2024', '2024-01-01', '2024-12-31')]),
 'us_TechCrunch_V1_1': dict(
  quotes=[('make leaderboards more credible.', None), ('questionable', 'Strava'),
          ('normal', 'Strava')],
  quantities=[],
  dates=[('Thursday', '2024-05-16', '2024-05-16'), ('last year', '2023-01-01', '2023-12-31')]),
 'ls_LesothoTimes_V1_1': dict(
  quotes=[],
  quantities=[('five Bela Bela villages', 5, 'villages', F), ('two households', 2, 'households', F)],
  dates=[]),
}
