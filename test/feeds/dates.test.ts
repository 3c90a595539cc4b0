import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DATE_DEFAULTS, readDate } from '../../src/feeds/dates.js';
import { ROOT } from '../fixtures.js';

/**
 * Forms of dates seen in real feeds, with the instant each means (ISO, UTC) or null where the text
 * cannot be read without guessing. Gathered from the date tests of feedparser
 * (tests/test_date_parsers.py), miniflux (internal/reader/date/parser_test.go), NetNewsWire and
 * Liferea bug reports, and the ingest-11 case.
 */
const RFC_822: readonly (readonly [string, string | null])[] = [
  ['Tue, 05 Mar 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 GMT', '2024-03-05T10:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 UT', '2024-03-05T10:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 Z', '2024-03-05T10:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 UTC', '2024-03-05T10:00:00.000Z'],
  ['Tue, 05 Mar 24 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['Thu, 01 Jan 04 19:48:21 GMT', '2004-01-01T19:48:21.000Z'],
  ['Fri, 01 Jan 99 10:00:00 GMT', '1999-01-01T10:00:00.000Z'],
  ['Sat, 01 Jan 72 10:00:00 GMT', '1972-01-01T10:00:00.000Z'],
  ['Sat, 1 January 72 10:00 GMT', '1972-01-01T10:00:00.000Z'],
  ['05 Mar 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['Thu,  5 Apr 2012 10:00:00 GMT', '2012-04-05T10:00:00.000Z'],
  ['Fri,24 Nov 2023 18:28:36 -0000', '2023-11-24T18:28:36.000Z'],
  ['Mon, 13 Feb, 2012 06:28:00 UTC', '2012-02-13T06:28:00.000Z'],
  ['Thu, 01 Jan 2004 00:00 GMT', '2004-01-01T00:00:00.000Z'],
  ['Thu, 01 Jan 2004', '2004-01-01T00:00:00.000Z'],
  ['Sat, 07 Sep 2002 0:00:01 GMT', '2002-09-07T00:00:01.000Z'],
  ['Mon, 26 January 2004 16:31:00 EST', '2004-01-26T21:31:00.000Z'],
  ['Thu Aug 30 2012 17:26:16 +0200', '2012-08-30T15:26:16.000Z'],
  ['Tue, Mar 05 2024 10:00:00 AM', '2024-03-05T10:00:00.000Z'],
  ['Fri, Jun 26 2026 10:04:03 AM', '2026-06-26T10:04:03.000Z'],
  ['Sat, Oct 28 2023 08:28:28 PM', '2023-10-28T20:28:28.000Z'],
  ['Sun, 17 Dec 2017 1:55 PM EST', '2017-12-17T18:55:00.000Z'],
  ['Tues, 12 May 2015 04:24:36 GMT', '2015-05-12T04:24:36.000Z'],
  ['Thurs, 15 Oct 2020 00:00:39 +0000', '2020-10-15T00:00:39.000Z'],
  ['Mon, 16th Nov 2020 13:16:28 GMT', '2020-11-16T13:16:28.000Z'],
  ['Fri, 23rd Jun 2023 09:32:20 GMT', '2023-06-23T09:32:20.000Z'],
  ['Mon, 09 Apr 2018, 16:04', '2018-04-09T16:04:00.000Z'],
  ['9 Dec 2016 12:00 GMT', '2016-12-09T12:00:00.000Z'],
  ['26 Sep 2022 GMT', '2022-09-26T00:00:00.000Z'],
  ['TUE, 05 MAR 2024 10:00:00 GMT', '2024-03-05T10:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 +0100 (CET)', '2024-03-05T09:00:00.000Z'],
  ['Thu Nov 12 2020 17:00:00 GMT+0000 (Coordinated Universal Time)', '2020-11-12T17:00:00.000Z'],
  ['Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06.000Z'],
  ['Sun Jul 15 01:16:00 +0000 2012', '2012-07-15T01:16:00.000Z'],
];

const LONG_FORMS: readonly (readonly [string, string | null])[] = [
  ['March 30 2020 07:02:38 PM', '2020-03-30T19:02:38.000Z'],
  ['Friday, December 22, 2017 - 3:09pm', '2017-12-22T15:09:00.000Z'],
  ['Nov. 16, 2020, 10:57 a.m.', '2020-11-16T10:57:00.000Z'],
  ['Friday 06 November 2020', '2020-11-06T00:00:00.000Z'],
  ['Mon, November 16, 2020, 11:12 PM EST', '2020-11-17T04:12:00.000Z'],
  ['Thu, June 22, 2023 at 01:11 PM EDT', '2023-06-22T17:11:00.000Z'],
  ['Apr 26, 2013 11:30:00 AM EST', '2013-04-26T16:30:00.000Z'],
  ['5 August, 2019', '2019-08-05T00:00:00.000Z'],
];

const ZONES: readonly (readonly [string, string | null])[] = [
  ['Tue, 05 Mar 2024 10:00:00 EST', '2024-03-05T15:00:00.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 EDT', '2024-07-16T14:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 CST', '2024-03-05T16:00:00.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 CDT', '2024-07-16T15:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 MST', '2024-03-05T17:00:00.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 MDT', '2024-07-16T16:00:00.000Z'],
  ['Wed, 26 Dec 2018 10:00:54 PST', '2018-12-26T18:00:54.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 PDT', '2024-07-16T17:00:00.000Z'],
  ['tue, 05 mar 2024 10:00:00 est', '2024-03-05T15:00:00.000Z'],
  // Taken literally even out of season: CEST is +02:00 in March too.
  ['Tue, 05 Mar 2024 10:00:00 CEST', '2024-03-05T08:00:00.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 CET', '2024-07-16T09:00:00.000Z'],
  ['Thu, 30 Apr 2015 08:57:00 MET', '2015-04-30T07:57:00.000Z'],
  ['Thu, 30 Apr 2015 08:57:00 MEST', '2015-04-30T06:57:00.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 BST', '2024-07-16T09:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 IST', '2024-03-05T04:30:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 JST', '2024-03-05T01:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 AEST', '2024-03-05T00:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 AEDT', '2024-03-04T23:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 EET', '2024-03-05T08:00:00.000Z'],
  // Generic names follow the season, by the zone's own rules.
  ['Mon, 26 January 2004 16:31:00 ET', '2004-01-26T21:31:00.000Z'],
  ['Tue, 16 Jul 2024 10:00:00 ET', '2024-07-16T14:00:00.000Z'],
  ['Mon, 26 January 2004 16:31:00 PT', '2004-01-27T00:31:00.000Z'],
  ['Fri, 31 Mar 2023 20:19:00 America/Los_Angeles', '2023-04-01T03:19:00.000Z'],
  ['Thu, 25 Feb 2016 00:00:00 Europe/Brussels', '2016-02-24T23:00:00.000Z'],
  ['Wed, 19 Aug 2009 18:28:00 Etc/GMT', '2009-08-19T18:28:00.000Z'],
  ['Wed, 19 Feb 2012 22:40:00 GMT-01:01', '2012-02-19T23:41:00.000Z'],
  ['Wed, 19 Feb 2012 22:40:00 -01:01', '2012-02-19T23:41:00.000Z'],
  ['Thu, 29 Oct 2020 07:36:03 GMT-07:00', '2020-10-29T14:36:03.000Z'],
  ['Tue, 5 Mar 2024 10:00:00 UTC+01:00', '2024-03-05T09:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00 +01', '2024-03-05T09:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 +0545', '2024-03-05T04:15:00.000Z'],
  ['Mon, 02 Jan 2006 15:04:05 MST -07:00', '2006-01-02T22:04:05.000Z'],
  ['Tue, 05 Mar 2024 10:00:00 +0100 CET', '2024-03-05T09:00:00.000Z'],
];

const ISO_8601: readonly (readonly [string, string | null])[] = [
  ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z'],
  ['2003-12-31T10:14:55-08:00', '2003-12-31T18:14:55.000Z'],
  ['2003-12-31T18:14:55+08:00', '2003-12-31T10:14:55.000Z'],
  ['2007-04-23T23:25:47.538+10:00', '2007-04-23T13:25:47.538Z'],
  ['2018-11-20T08:00:00.000000000Z', '2018-11-20T08:00:00.000Z'],
  ['2024-03-05T10:00:00+0100', '2024-03-05T09:00:00.000Z'],
  ['2004-02-28T18:14:55-08:00', '2004-02-29T02:14:55.000Z'],
  ['2003-12-31', '2003-12-31T00:00:00.000Z'],
  ['2006-1-2', '2006-01-02T00:00:00.000Z'],
  ['2018-12-12T12:12', '2018-12-12T12:12:00.000Z'],
  ['2013-04-02 00:00:01 -0400', '2013-04-02T04:00:01.000Z'],
  ['2004-07-08 23:56:58 -00:20', '2004-07-09T00:16:58.000Z'],
  ['2018-10-23 04:07:42 +00:00', '2018-10-23T04:07:42.000Z'],
  ['20240305T100000Z', '2024-03-05T10:00:00.000Z'],
  ['2024/03/05 10:00', '2024-03-05T10:00:00.000Z'],
  ['1520932969', '2018-03-13T09:22:49.000Z'],
];

/** No zone written: UTC, on every host. */
const ZONELESS: readonly (readonly [string, string | null])[] = [
  ['2024-03-05 10:00:00', '2024-03-05T10:00:00.000Z'],
  ['2004-07-08 23:56:58.0', '2004-07-08T23:56:58.000Z'],
  ['2024-03-05T10:00:00', '2024-03-05T10:00:00.000Z'],
  ['Tue, 05 Mar 2024 10:00:00', '2024-03-05T10:00:00.000Z'],
];

const OTHER_LANGUAGES: readonly (readonly [string, string | null])[] = [
  ['Di, 05 Mär 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['Di, 23 Jan 2018 00:00:00 +0100', '2018-01-22T23:00:00.000Z'],
  ['Do, 29 Mär 2018 00:00:00 +0200', '2018-03-28T22:00:00.000Z'],
  ['Mi, 13 Dez 2023 08:00:00 +0100', '2023-12-13T07:00:00.000Z'],
  ['Fr, 06 Okt 2023 08:00:00 +0200', '2023-10-06T06:00:00.000Z'],
  ['05 Mär 2024 10:00:00 MEZ', '2024-03-05T09:00:00.000Z'],
  ['Dienstag, 5. März 2024, 10:00 Uhr', '2024-03-05T10:00:00.000Z'],
  ['Dienstag, 05. März 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['Mittwoch, 13. März 2024', '2024-03-13T00:00:00.000Z'],
  ['mer, 9 avr 2018 00:00:00 +0200', '2018-04-08T22:00:00.000Z'],
  ['ven., 03 juil. 2020 15:09:58 +0000', '2020-07-03T15:09:58.000Z'],
  ['jeu., 02 avril 2020 00:00:00 +0200', '2020-04-01T22:00:00.000Z'],
  ['mar., 01 déc. 2020 16:11:02 +0000', '2020-12-01T16:11:02.000Z'],
  ['Lundi, 16. Novembre 2020 - 15:54', '2020-11-16T15:54:00.000Z'],
  ['mardi 5 mars 2024 à 10h00', '2024-03-05T10:00:00.000Z'],
  ['martes, 5 de marzo de 2024 10:00', '2024-03-05T10:00:00.000Z'],
  ['mar, 05 mar 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['sáb, 09 mar 2024 10:00:00 +0100', '2024-03-09T09:00:00.000Z'],
  ['di, 05 mrt 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
  ['dinsdag 5 maart 2024 10:00', '2024-03-05T10:00:00.000Z'],
  ['ter, 05 mar 2024 10:00:00 -0300', '2024-03-05T13:00:00.000Z'],
  // French "jui" is juin or juillet.
  ['5 jui 2024', null],
];

const NUMERIC: readonly (readonly [string, string | null])[] = [
  // Day first in Europe, month first in the US: both readings are dates, so neither is taken.
  ['05/03/2024 10:00', null],
  ['05.03.2024', null],
  ['03-05-2024', null],
  ['05/05/2024', '2024-05-05T00:00:00.000Z'],
  ['13/03/2024 10:00', '2024-03-13T10:00:00.000Z'],
  ['26.06.2020', '2020-06-26T00:00:00.000Z'],
  ['Fri, 26/06/2020', '2020-06-26T00:00:00.000Z'],
  ['03/13/2024', '2024-03-13T00:00:00.000Z'],
  ['Mon, 03/30/2020 - 19:19', '2020-03-30T19:19:00.000Z'],
  ['09/15/2014 4:20 pm PST', '2014-09-16T00:20:00.000Z'],
  // A two-digit year could be the day or the month as well.
  ['10/30/23 21:55:58', null],
  ['30.10.23', null],
  ['Sat, 11 04 2020 08:51:49 +0100', null],
];

const NONSENSE: readonly (readonly [string, string | null])[] = [
  ['', null],
  ['garbage', null],
  ['today', null],
  ['in 2 days', null],
  // Relative to chrono-node's reference year 2000: without its own guard, "99" would pass as a written year.
  ['99 days ago', null],
  ['il y a 2 jours', null],
  ['5 Mar', null],
  ['Nov. 2020', null],
  ['2003-12', null],
  ['2003', null],
  ['2024030510', null],
  ['Sun, 16 Dec 2012 1:2:3:4 GMT', null],
  ['Sun, 16 zzz 2012 11:47:32 GMT', null],
  ['Sun, Dec x 2012 11:47:32 GMT', null],
  ['Sun, 16 Dec zz 11:47:32 GMT', null],
  ['Sun, 16 Dec 2012 11:47:32 +zz:00', null],
  ['Sun, 99 Jun 2009 12:00:00 GMT', null],
  ['Tue, 31 Feb 2024 10:00:00 GMT', null],
  ['Tue, 05 Mar 2024 24:00:00 GMT', null],
  ['2003-12-31T25:14:55Z', null],
  ['2024-02-30', null],
  ['Sun, 31 Dec 9999 23:59:59 GMT', null],
  ['Thu, 01 Jan 0100 00:00:01 +0100', null],
  // An unknown zone or offset: the instant is unknown, not UTC.
  ['Tue, 05 Mar 2024 10:00:00 XYZT', null],
  ['05 Mar 2024 10:00:00 A', null],
  ['Tue, 05 Mar 2024 10:00:00 +1500', null],
  ['2024-03-05T10:00:00+15:00', null],
  // Two zones that disagree.
  ['Tue, 05 Mar 2024 10:00:00 +0100 +0200', null],
  ['Tue, 05 Mar 2024 10:00:00 +0100 GMT', null],
];

const TABLES = { 'RFC 822 and its variants': RFC_822, 'long English forms': LONG_FORMS, 'named zones and offsets': ZONES, 'ISO 8601 and RFC 3339': ISO_8601, 'dates without a zone': ZONELESS, 'other languages\' names': OTHER_LANGUAGES, 'numeric dates': NUMERIC, 'nonsense and impossible dates': NONSENSE };
const ALL = Object.values(TABLES).flat();

describe('reading a date', () => {
  for (const [kind, rows] of Object.entries(TABLES)) {
    describe(kind, () => {
      for (const [input, expected] of rows) {
        it(`reads ${JSON.stringify(input)} as ${expected ?? 'no date'}`, () => {
          expect(readDate(input)?.toISOString() ?? null).toBe(expected);
        });
      }
    });
  }

  it('reads the same instants whatever the host\'s time zone', async () => {
    const script = 'const { readDate } = await import(process.argv[1]); process.stdout.write(JSON.stringify(JSON.parse(process.argv[2]).map((s) => readDate(s)?.toISOString() ?? null)))';
    const inputs = JSON.stringify(ALL.map(([input]) => input));
    const expected = ALL.map(([, iso]) => iso);
    for (const tz of ['America/New_York', 'Asia/Kolkata']) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, join(ROOT, 'src', 'feeds', 'dates.ts'), inputs], { cwd: ROOT, env: { ...process.env, TZ: tz } });
      expect(JSON.parse(stdout), tz).toEqual(expected);
    }
  });

  it('leaves a date null when the zone table does not name its zone', () => {
    const withoutIst = { ...DATE_DEFAULTS, zones: Object.fromEntries(Object.entries(DATE_DEFAULTS.zones).filter(([name]) => name !== 'IST')) };
    expect(readDate('Tue, 05 Mar 2024 10:00:00 IST', withoutIst)).toBeNull();
  });

  it('reads a language\'s names only when it is listed', () => {
    expect(readDate('Di, 05 Mär 2024 10:00:00 +0100', { ...DATE_DEFAULTS, languages: ['fr'] })).toBeNull();
  });
});
