"""Hand annotations of the facts gold set (see GUIDELINE.md), written by reading each
trimmed article in texts_gold.json; build_gold.py turns them into offset-bearing JSON.

quotes:     (text inside the marks, speaker canonical name or None)
quantities: (surface text of the number expression, value, unit, approx)
dates:      (surface text, start YYYY-MM-DD, end YYYY-MM-DD)
Surfaces are searched in order of appearance; the n-th repeat of a surface in a list is
its n-th occurrence in the text.
"""
T, F = True, False
Y = lambda y: (str(y), f'{y}-01-01', f'{y}-12-31')

ANN = {
 'au_NineNews_V1': dict(
  quotes=[],
  quantities=[('nearly two decades', 2, 'decades', T), ('five-day', 5, 'day', F)],
  dates=[Y(2002)]),
 'au_WestAustralian_V1': dict(
  quotes=[],
  quantities=[('42.6 per cent', 42.6, '%', F), ('43 per cent', 43, '%', F),
              ('37 per cent', 37, '%', F), ('82 per cent', 82, '%', F)],
  dates=[Y(2030), ('Thursday', '2024-11-28', '2024-11-28'), Y(2005), Y(2030),
         ('12 months ago', '2023-11-01', '2023-11-30'), ('January 1', '2025-01-01', '2025-01-01'),
         Y(2035), ('next year', '2025-01-01', '2025-12-31'), Y(2050)]),
 'ca_CBCNews_V1': dict(
  quotes=[],
  quantities=[('1,200', 1200, '', F), ('over 250 hostages', 250, 'hostages', T),
              ('more than 39,000', 39000, '', T), ('10 months', 10, 'months', F)],
  dates=[('Tuesday', '2024-08-06', '2024-08-06'), ('Oct. 7', '2023-10-07', '2023-10-07'),
         Y(2017)]),
 'ca_CanadaCom_V1': dict(
  quotes=[],
  quantities=[('$100-million', 1e8, 'USD', F), ('700 acres', 700, 'acres', F),
              ('2.4 million visitors', 2.4e6, 'visitors', F), ('roughly 30 per cent', 30, '%', T),
              ('More than 330', 330, '', T), ('397 guest rooms', 397, 'rooms', F)],
  dates=[Y(2024), ('this week', '2026-06-01', '2026-06-07'), Y(2024), Y(2005)]),
 'ca_FinancialPost_V1': dict(
  quotes=[('This is a blockbuster report that seemingly wipes away recession fears and points to a '
           'rebound in the second quarter following two quarters of contraction,',
           'David-Alexandre Brassard')],
  quantities=[('6.6 per cent', 6.6, '%', F), ('88,000 positions', 88000, 'positions', F),
              ('two quarters', 2, 'quarters', F)],
  dates=[('May', '2026-05-01', '2026-05-31'), ('November 2025', '2025-11-01', '2025-11-30'),
         ('Friday', '2026-06-05', '2026-06-05'), Y(2026)]),
 'ca_GlobalNews_V1': dict(
  quotes=[('unacceptable', 'Ferit Hoxha'), ('grave escalation', 'Ferit Hoxha')],
  quantities=[('at least two people', 2, 'people', T), ('four-year', 4, 'year', F),
              ('At least 83 people', 83, 'people', T), ('600 strike drones', 600, 'drones', F),
              ('90 air, sea and ground-launched missiles', 90, 'missiles', F),
              ('549 drones', 549, 'drones', F), ('55 missiles', 55, 'missiles', F),
              ('Around 19 missiles', 19, 'missiles', T)],
  dates=[('Sunday', '2026-05-24', '2026-05-24'), ('Sunday', '2026-05-24', '2026-05-24')]),
 'ca_NationalPost_V1': dict(
  quotes=[('I was 12 years old, and the thought of moving away from sunny California in February, '
           'in the middle of the school year, to a French-speaking foreign city covered in 12 feet '
           'of snow was distressing. My mother tried to make it sound like an adventure, taking us '
           'to buy our first down jackets and mittens, as though we were going to be explorers of '
           'the great northern winter. But it was hard for me to see it that way.', 'Kamala Harris')],
  quantities=[('two daughters', 2, 'daughters', F), ('12 in', 12, '', F),
              ('12 years old', 12, 'years', F), ('12 feet', 12, 'feet', F)],
  dates=[('November', '2024-11-01', '2024-11-30'), Y(1964), Y(2009), Y(1971), Y(1976),
         ('February', '2024-02-01', '2024-02-29')]),
 'ca_OttawaCitizen_V1': dict(
  quotes=[],
  quantities=[('four-day', 4, 'day', F), ('12 floors', 12, 'floors', F), ('four-day', 4, 'day', F),
              ('12 floors', 12, 'floors', F), ('two downtown Ottawa office buildings', 2, 'buildings', F),
              ('10.5 floors', 10.5, 'floors', F), ('1.5 floors', 1.5, 'floors', F),
              ('four-day', 4, 'day', F)],
  dates=[('August 2025', '2025-08-01', '2025-08-31'), ('January', '2026-01-01', '2026-01-31')]),
 'ca_TheGlobeAndMail_V1': dict(
  quotes=[],
  quantities=[('$5-billion', 5e9, 'USD', F)],
  dates=[('tomorrow', '2024-08-29', '2024-08-29')]),
 'ind_TimesOfIndia_V1': dict(
  quotes=[('inimical', 'Asim Munir'), ('a form of "|digital terrorism', 'Asim Munir'),
          ('lies and fake news', 'Asim Munir')],
  quantities=[],
  dates=[('June', '2024-06-01', '2024-06-30')]),
 'jp_TheJapanNews_V1': dict(
  quotes=[('We’ll discuss how we can move forward step by step within the party, and we’ll also '
           'continue to discuss this with other parties,', 'Shigeru Ishiba')],
  quantities=[('seven ruling and opposition parties', 7, 'parties', F)],
  dates=[('Saturday', '2024-10-12', '2024-10-12'), ('Oct. 27', '2024-10-27', '2024-10-27'),
         ('last month', '2024-09-01', '2024-09-30'), ('Saturday', '2024-10-12', '2024-10-12'),
         ('Saturday', '2024-10-12', '2024-10-12')]),
 'my_MalayMail_V1': dict(
  quotes=[('The prime minister’s official trips which were joined by the minister of investment, '
           'trade and industry; the foreign minister and two other deputy ministers, was indeed to '
           'strengthen Malaysia’s economy, trade and diplomatic ties with Peru, Egypt and Brazil, '
           'especially.', 'Fahmi Fadzil'),
          ('The business delegation that joined this trip, were fully funded by their respective '
           'companies and this reflects the deep interest of Malaysian companies in the trade and '
           'investment opportunities in the countries or regions which were visited.', 'Fahmi Fadzil'),
          ('For everyone’s information, the total cost of the chartered Malaysia Airlines plane, '
           'which was the Airbus A350, is RM6.162 million. Whereby the cost borne by the Malaysian '
           'government for the official delegation is RM1.662 million, which is 27 per cent of the '
           'overall cost.', 'Fahmi Fadzil')],
  quantities=[('two other deputy ministers', 2, 'ministers', F), ('RM6.162 million', 6.162e6, 'MYR', F),
              ('RM1.662 million', 1.662e6, 'MYR', F), ('27 per cent', 27, '%', F)],
  dates=[('Nov 22', '2024-11-22', '2024-11-22'), ('today', '2024-11-22', '2024-11-22')]),
 'na_TheNamibian_V1': dict(
  quotes=[('You have different locations you need to connect with the infrastructure. It’s more '
           'efficient when you develop this corridor by sharing infrastructure,', 'Tom Alweendo')],
  quantities=[('two governments', 2, 'governments', F), ('six months', 6, 'months', F),
              ('20km', 20, 'km', F), ('about six green hydrogen projects', 6, 'projects', T)],
  dates=[('last month', '2023-10-01', '2023-10-31')]),
 'tw_TaipeiTimes_V1': dict(
  quotes=[('stern warning', 'Beijing'), ('separatist', 'Beijing'),
          ('nothing to do with whatever is happening in the region.', 'Arturo Rojas')],
  quantities=[('two countries', 2, 'countries', F)],
  dates=[('yesterday', '2024-10-14', '2024-10-14'), ('Monday', '2024-10-14', '2024-10-14'),
         ('Wednesday next week', '2024-10-23', '2024-10-23'),
         ('yesterday', '2024-10-14', '2024-10-14')]),
 'uk_BBC_V1': dict(
  quotes=[],
  quantities=[('five years', 5, 'years', F)],
  dates=[]),
 'uk_DailyStar_V1': dict(
  quotes=[],
  quantities=[],
  dates=[('April', '2024-04-01', '2024-04-30'), ('May', '2024-05-01', '2024-05-31')]),
 'uk_EuronewsEN_V1_1': dict(
  quotes=[('through oil', 'Donald Trump')],
  quantities=[],
  dates=[]),
 'uk_Express_V1': dict(
  quotes=[('The f****** grifters', 'Bill Simmons'),
          ('It all started to change through so many factors and then you have executives in '
           'Hollywood calling them... \'expletive\' grifters. Now that [was] just broadcast everywhere '
           'and social media created hashtags calling them \'Harry and Meghan are grifters\' - what a '
           'terrible label to have.', 'Lee Cohen'),
          ('Grifters is so at the other end of the spectrum from, you know, the Royal Family. It\'s '
           'unbelievable. But that \'grifters\' comment will stay with them forever and they\'re now '
           'the butt of Hollywood jokes by comedians and [in] cartoons... Everyone has their number, '
           'which is that they\'re whingers, complainers, hypocrites, all of this.', 'Lee Cohen')],
  quantities=[],
  dates=[]),
 'uk_iNews_V1': dict(
  quotes=[('Hopefully I’ve started everyone off well today,', 'Katie Boulter'),
          ('It’s been a really good day for all of us,', 'Jodie Burrage'),
          ('Definitely, I did feel the pressure, but it’s also a really good day and it puts you in '
           'a better mood when other people are winning. It makes you believe that you can do it a '
           'little bit more I think as well.', 'Jodie Burrage')],
  quantities=[('six British players', 6, 'players', F), ('seven', 7, '', F)],
  dates=[('Tuesday', '2023-08-29', '2023-08-29'), ('Monday', '2023-08-28', '2023-08-28'),
         ('Tuesday', '2023-08-29', '2023-08-29'), ('today', '2023-08-30', '2023-08-30')]),
 'uk_TheSun_V1': dict(
  quotes=[],
  quantities=[('22 years old', 22, 'years', F), ('two children', 2, 'children', F), ('18', 18, '', F)],
  dates=[]),
 'uk_TheTelegraph_V1_1': dict(
  quotes=[('all Members of Parliament get gifts', 'Keir Starmer'),
          ('the important thing is that they’re declared in accordance with the rules', 'Keir Starmer')],
  quantities=[('£5,000', 5000, 'GBP', F), ('more than £20,000', 20000, 'GBP', T)],
  dates=[('the weekend', '2024-09-14', '2024-09-15'), ('Monday', '2024-09-16', '2024-09-16'),
         ('Monday', '2024-09-16', '2024-09-16')]),
 'us_APNews_V1_1': dict(
  quotes=[],
  quantities=[('seven states', 7, 'states', F), ('three familiar issues', 3, 'issues', F),
              ('at least four states', 4, 'states', T), ('a dozen', 12, '', F),
              ('63 days', 63, 'days', F), ('eight-week', 8, 'week', F)],
  dates=[('this fall', '2024-09-01', '2024-11-30'), ('October', '2024-10-01', '2024-10-31')]),
 'us_CNBC_V1': dict(
  quotes=[('I don\'t imagine friends are talking about when they lost money,', 'Lee Baker'),
          ('The sexy sells,', 'Lee Baker'), ('The upside sells.', 'Lee Baker'),
          ('But folks don\'t talk about the downside,', 'Lee Baker')],
  quantities=[('31%', 31, '%', F), ('8%', 8, '%', F)],
  dates=[Y(2022)]),
 'us_FoxNews_V1': dict(
  quotes=[('additional information regarding the FBI\'s efforts to address the very significant '
           'threat that transnational repression poses to the American people.', None)],
  quantities=[('two New Yorkers', 2, 'New Yorkers', F)],
  dates=[('Wednesday', '2023-04-26', '2023-04-26'), ('February', '2023-02-01', '2023-02-28')]),
 'us_FreeBeacon_V1': dict(
  quotes=[('dirt-under-your-fingernails perspective to Washington,', 'Jon Tester')],
  quantities=[('$2,800', 2800, 'USD', F), ('two pour', 2, '', F), ('two candidates', 2, 'candidates', F)],
  dates=[('last month', '2023-03-01', '2023-03-31'), Y(2024), Y(2024)]),
 'us_Reuters_V1_1': dict(
  quotes=[],
  quantities=[('two shells', 2, 'shells', F), ('1 minute', 1, 'minute', F),
              ('45 seconds', 45, 'seconds', F), ('1.34 km', 1.34, 'km', F),
              ('two 120 mm rounds', 2, 'rounds', F), ('120 mm', 120, 'mm', F)],
  dates=[('March 7', '2024-03-07', '2024-03-07'), ('October', '2023-10-01', '2023-10-31'),
         ('Thursday', '2024-03-07', '2024-03-07'), ('Oct. 13', '2023-10-13', '2023-10-13'),
         ('December', '2023-12-01', '2023-12-31'), ('Thursday', '2024-03-07', '2024-03-07')]),
 'us_VoiceOfAmerica_V1': dict(
  quotes=[('I really didn\'t want to quit my job,', 'Nicole Slemp')],
  quantities=[('about $2,000', 2000, 'USD', T), ('around $1,600', 1600, 'USD', T),
              ('about $35', 35, 'USD', T)],
  dates=[('August', '2023-08-01', '2023-08-31'), Y(2022)]),
 'us_WashingtonTimes_V1': dict(
  quotes=[('gladly', 'Eric Holcomb'), ('It is a generational impact budget,', 'Eric Holcomb'),
          ('Its policies and plans can be viewed, as we do, as a blueprint for growth, and we’re '
           'going to be busy building up and growing all over the state.', 'Eric Holcomb')],
  quantities=[('about $300 million', 3e8, 'USD', T), ('two-year', 2, 'year', F),
              ('$44.6 billion', 4.46e10, 'USD', F), ('$500 million', 5e8, 'USD', F),
              ('about $120 million', 1.2e8, 'USD', T)],
  dates=[('Friday', '2023-04-28', '2023-04-28'), ('Thursday', '2023-04-27', '2023-04-27'),
         ('Friday', '2023-04-28', '2023-04-28')]),
 'za_TimesLive_V1_1': dict(
  quotes=[('spying', 'Dali Mpofu')],
  quantities=[('350 people', 350, 'people', F)],
  dates=[('July 2021', '2021-07-01', '2021-07-31'), ('2021 July', '2021-07-01', '2021-07-31'),
         ('Monday', '2025-11-10', '2025-11-10')]),
 'us_BusinessInsider_V2': dict(
  quotes=[('all the time,', 'Emma Roma Jayne'),
          ('She was like: \'This isn\'t right. You\'re 22. You should be enjoying your life and be '
           'able to go to the beach whenever you want and feel comfortable.\' She suggested that I '
           'should get weight loss surgery like she had,', 'Emma Roma Jayne')],
  quantities=[('130 pounds', 130, 'pounds', F), ('two years', 2, 'years', F), ("You're |22", 22, '', F)],
  dates=[Y(2023), Y(2022)]),
 'uk_TheMirror_V1_2': dict(
  quotes=[('Heidnik was cooking the girl’s head, and was getting ready to get rid of certain body '
           'parts, because he didn’t want anybody to be identified. It was his 148 IQ kicking in. '
           'Heidnik was not putting them all in one spot; he was burying them all over the place.',
           'Chuck Peruto')],
  quantities=[('six women', 6, 'women', F), ('two of them', 2, '', F), ('148 IQ', 148, 'IQ', F)],
  dates=[Y(1991)]),
 'za_DailyMaverick_V1': dict(
  quotes=[('it does not care to fulfill its obligations as an occupying power', None)],
  quantities=[],
  dates=[('Friday, 2 May', '2025-05-02', '2025-05-02'), ('March', '2025-03-01', '2025-03-31'),
         ('Monday, 28 April', '2025-04-28', '2025-04-28'),
         ('December 2024', '2024-12-01', '2024-12-31'), ('January', '2025-01-01', '2025-01-31'),
         ('last October', '2024-10-01', '2024-10-31')]),
}
