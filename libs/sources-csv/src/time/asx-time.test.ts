import { describe, expect, it } from 'vitest'

import { asxLocalToMicros } from './asx-time.js'
import { localToUtcMs } from './zoned-time.js'

const utc = (iso: string) => Date.parse(iso) * 1000

describe('asxLocalToMicros (Australia/Sydney -> UTC)', () => {
  it.each([
    // March 2014: AEDT, UTC+11 (DST ended on 6 April 2014 at 03:00 local).
    ['03/10/2014', '13:50:38.849', '2014-03-10T02:50:38.849Z', '20140310'],
    ['03/10/2014', '05:46:13.604', '2014-03-09T18:46:13.604Z', '20140310'],
    ['03/14/2014', '16:12:00.001', '2014-03-14T05:12:00.001Z', '20140314'],
    // Winter: AEST, UTC+10.
    ['07/01/2014', '10:00:00.000', '2014-07-01T00:00:00.000Z', '20140701'],
    // DST started 5 October 2014 at 02:00 -> 03:00.
    ['10/05/2014', '01:59:59.999', '2014-10-04T15:59:59.999Z', '20141005'],
    ['10/05/2014', '03:00:00.000', '2014-10-04T16:00:00.000Z', '20141005'],
    // 02:30 does not exist that day: shifted forward by the gap.
    ['10/05/2014', '02:30:00.000', '2014-10-04T16:30:00.000Z', '20141005'],
    // 6 April 2014 02:30 happens twice: the first (AEDT) is taken.
    ['04/06/2014', '02:30:00.000', '2014-04-05T15:30:00.000Z', '20140406'],
    ['04/06/2014', '03:30:00.000', '2014-04-05T17:30:00.000Z', '20140406'],
    ['03/10/2014', '07:57:14.7', '2014-03-09T20:57:14.700Z', '20140310'],
  ])('%s %s -> %s', (date, time, iso, day) => {
    expect(asxLocalToMicros(date, time)).toEqual({ micros: utc(iso), yyyymmdd: day })
  })

  it.each([
    ['13/10/2014', '10:00:00.000', 'date'],
    ['02/30/2014', '10:00:00.000', 'date'],
    ['2014-03-10', '10:00:00.000', 'date'],
    ['03/10/2014', '24:00:00.000', 'time'],
    ['03/10/2014', '10:61:00', 'time'],
    ['03/10/2014', '', 'time'],
  ])('rejects %j %j naming the %s', (date, time, field) => {
    const r = asxLocalToMicros(date, time)
    expect('reason' in r && r.reason.startsWith(`${field}:`)).toBe(true)
  })

  it('agrees with Intl for every quarter hour of 2014 (round trip)', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Australia/Sydney',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    for (let t = Date.UTC(2014, 0, 1); t < Date.UTC(2015, 0, 1); t += 15 * 60_000) {
      const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]))
      const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!)
      const back = localToUtcMs('Australia/Sydney', local)
      // Repeated local hour maps back to its first occurrence.
      expect(back === t || back === t - 3_600_000).toBe(true)
    }
  })
})
