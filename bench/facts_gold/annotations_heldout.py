"""Hand annotations of the held-out check set (texts_heldout.json), same format as
annotations.py. Written before the extractor was run on these articles; not used for tuning."""
T, F = True, False
Y = lambda y: (str(y), f'{y}-01-01', f'{y}-12-31')

ANN = {
 'uk_Metro_V1': dict(
  quotes=[('security, fairness and opportunity for all', 'Charles')],
  quantities=[('1.5 million new homes', 1.5e6, 'homes', F), ('14', 14, '', F)],
  dates=[('2024', '2024-01-01', '2024-12-31'), Y(2009)]),
 'us_Reuters_V1': dict(
  quotes=[('spreading "|misleading', 'Civil Aviation Authority of Nepal'),
          ('How did the company say it was a case of bird strike. The pilot has not reported that '
           'and there is no evidence of it so far. There is no proof or basis for this,',
           'Jagannath Niroula')],
  quantities=[('167 passengers', 167, 'passengers', F)],
  dates=[('April 25', '2023-04-25', '2023-04-25'), ('Tuesday', '2023-04-25', '2023-04-25'),
         ('Monday', '2023-04-24', '2023-04-24'), ('Tuesday', '2023-04-25', '2023-04-25')]),
 'us_TechCrunch_V1': dict(
  quotes=[('Companies should start preparing for wide-scale adoption of autonomous agents today,',
           None)],
  quantities=[('three', 3, 'years', F), ('five years', 5, 'years', F)],
  dates=[('April', '2024-04-01', '2024-04-30'), ('today', '2024-04-28', '2024-04-28')]),
 'za_TimesLive_V1': dict(
  quotes=[],
  quantities=[('more than 1,000 debt collectors', 1000, 'collectors', T),
              ('up to R50bn', 5e10, 'ZAR', T), ('R4bn', 4e9, 'ZAR', F),
              ('more than 1,000 debt collectors', 1000, 'collectors', T),
              ('up to R50bn', 5e10, 'ZAR', T), ('two previous budget proposals', 2, 'proposals', F),
              ('R95bn', 9.5e10, 'ZAR', F)],
  dates=[('2025/2026', '2025-01-01', '2026-12-31'), ('Wednesday', '2025-05-21', '2025-05-21'),
         ('February', '2025-02-01', '2025-02-28'), ('February 19', '2025-02-19', '2025-02-19'),
         ('March 12', '2025-03-12', '2025-03-12'), ('2024/2025', '2024-01-01', '2025-12-31')]),
 'uk_iNews_V1_1': dict(
  quotes=[("over 1.5 degrees is a global shipwreck", None),
          ('over 1.5 degrees is a global shipwreck', None),
          ('Upon thy wicked dam, come forth!', 'Sigourney Weaver'),
          ('We’ll have to stop the show ladies and gentlemen, sorry', None)],
  quantities=[('over 1.5 degrees', 1.5, 'degrees', T), ('Two people', 2, 'people', F),
              ('two activists', 2, 'activists', F), ('over 1.5 degrees', 1.5, 'degrees', T),
              ('1.5°C', 1.5, '°C', F), ('two protesters', 2, 'protesters', F)],
  dates=[('Monday', '2025-01-27', '2025-01-27'), Y(2024), ('Monday', '2025-01-27', '2025-01-27')]),
 'ca_TheProvince_V1': dict(quotes=[], quantities=[], dates=[]),
 'us_WashingtonPost_V1': dict(
  quotes=[('all hazards will be possible, including tornadoes with some potentially strong, very '
           'large hail over two inches in diameter, and wind damage.', 'Storm Prediction Center')],
  quantities=[('four-day', 4, 'day', F), ('All three major cities', 3, 'cities', F),
              ('over two inches', 2, 'inches', T)],
  dates=[('Friday', '2024-04-26', '2024-04-26'), ('Saturday', '2024-04-27', '2024-04-27'),
         ('Friday', '2024-04-26', '2024-04-26'), ('Saturday', '2024-04-27', '2024-04-27'),
         ('Friday', '2024-04-26', '2024-04-26'), ('Saturday', '2024-04-27', '2024-04-27'),
         ('Friday', '2024-04-26', '2024-04-26'), ('Thursday', '2024-04-25', '2024-04-25'),
         ('Thursday', '2024-04-25', '2024-04-25'), ('Friday', '2024-04-26', '2024-04-26'),
         ('Friday', '2024-04-26', '2024-04-26')]),
 'ls_LesothoTimes_V1': dict(
  quotes=[('My grandmother was the shield against poverty,', 'Mokitimi Tšosane')],
  quantities=[],
  dates=[('June 3rd 1993', '1993-06-03', '1993-06-03')]),
}
