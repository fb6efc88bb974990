"""Third held-out batch (texts_heldout3.json), annotated after the verb table was extended
and before the extractor was run on these texts; same format as annotations.py."""
T, F = True, False

ANN = {
 'us_TheIntercept_V1': dict(
  quotes=[],
  quantities=[('four months', 4, 'months', F)],
  dates=[('January', '2023-01-01', '2023-01-31'), ('this week', '2023-04-24', '2023-04-30')]),
 'uk_EveningStandard_V1_1': dict(
  quotes=[('Yes, of course, yes, he’s just beginning,', 'Tony Blair'),
          ('I said to someone the other day who was expressing anxiety about the Government, ‘When '
           'was the election? Was it July 4?’ Yes. I said, ‘Three months. I mean, come on. Give the '
           'guy a chance, he’s only just started!’', 'Tony Blair'),
          ('How on earth do you think I’ve got the time to read a book by Piers Morgan?', 'Tony Blair'),
          ('It’s all about whether they can deliver the plan they’ve got, whether these missions can '
           'be delivered or not,', 'Tony Blair'),
          ('It’s going to be tough, because of the environment they’ve inherited this time.',
           'Tony Blair')],
  quantities=[('100 yards or so', 100, 'yards', T), ('two terms', 2, 'terms', F),
              ('three?', 3, '', F), ('Three months', 3, 'months', F),
              ('three months in', 3, 'months', F)],
  dates=[('July 4', '2024-07-04', '2024-07-04'), ('20 years ago', '2004-01-01', '2004-12-31')]),
 'za_DurbanLocal_V1': dict(
  quotes=[("There's always this bruh, but I can't let him know that I like him. Everybody must see "
           "me stare at him because my mom is going to scold,", 'Rushdiyah Narker'),
          ("I read everything. I read thrillers, mysteries and romance. I always come back to romance "
           "because you know you're going to get a happy ending,", 'Rushdiyah Narker')],
  quantities=[('Three panels', 3, 'panels', F)],
  dates=[('the weekend', '2025-06-21', '2025-06-22'), ('June 21', '2025-06-21', '2025-06-21'),
         ('August 1', '2025-08-01', '2025-08-01')]),
 'us_BusinessInsider_V1': dict(
  quotes=[], quantities=[],
  dates=[('2021', '2021-01-01', '2021-12-31')]),
 'uk_TheMirror_V1': dict(
  quotes=[],
  quantities=[('three meals', 3, 'meals', F), ('six expert-recommended plants', 6, 'plants', F)],
  dates=[]),
}
