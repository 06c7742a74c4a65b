import { describe, expect, it } from 'vitest';
import {
  chinaDate,
  askedIn,
  deadlineAllowed,
  defaultDeadline,
  kindSwitchSaid,
  latestDeadline,
  formatChineseDate,
  parsePeriod,
  PeriodError,
  periodContaining,
  previousPeriod,
  submissionState,
} from '../../shared/period';
import { dueOnAllowed } from '../../shared/notice';

describe('periods', () => {
  it('parses the four kinds with dates and labels', () => {
    expect(parsePeriod('2021-07')).toMatchObject({ kind: 'month', startsOn: '2021-07-01', endsOn: '2021-07-31', label: '2021年7月' });
    expect(parsePeriod('2021-Q3')).toMatchObject({ kind: 'quarter', startsOn: '2021-07-01', endsOn: '2021-09-30', label: '2021年第三季度' });
    expect(parsePeriod('2021-h2')).toMatchObject({ id: '2021-H2', kind: 'half', startsOn: '2021-07-01', endsOn: '2021-12-31', label: '2021年下半年' });
    expect(parsePeriod('2021')).toMatchObject({ kind: 'year', startsOn: '2021-01-01', endsOn: '2021-12-31', label: '2021年度' });
    expect(parsePeriod('2024-02').endsOn).toBe('2024-02-29');
    // The years taken: 2000–2099.
    expect([parsePeriod('2000-Q1').id, parsePeriod('2099-Q4').id]).toEqual(['2000-Q1', '2099-Q4']);
  });

  it.each(['2021-13', '2021-00', '2021-Q5', '2021-Q0', '2021-H3', '21-07', '2021/07', '', 'abc', '1999', '2100', '2100-Q1', '1999-Q4', '2021-7'])('refuses %j in Chinese', (bad) => {
    expect(() => parsePeriod(bad)).toThrow(PeriodError);
    expect(() => parsePeriod(bad)).toThrow(/报送周期/);
  });

  it('deadline defaults to the 5th day after the period ends', () => {
    expect(defaultDeadline(parsePeriod('2021-Q3'))).toBe('2021-10-05');
    expect(defaultDeadline(parsePeriod('2021-12'))).toBe('2022-01-05');
    expect(defaultDeadline(parsePeriod('2021-02'))).toBe('2021-03-05');
  });

  it('says what switching the period kind today does, by name (as askedIn counts it)', () => {
    expect(kindSwitchSaid('quarter', 'month', '2021-10-03')).toBe(
      '2021年第三季度及以前已结束的各期照常收取、统计和督办；2021年第四季度尚未结束，不再作为一期报送（已填写的内容仍可查看）；从2021年10月起按月报报送，2021年10月以前的月报各期不要求报送。',
    );
    expect(kindSwitchSaid('month', 'quarter', '2021-12-31')).toContain('2021年12月今天结束，不再作为一期报送');
    // As the rule has it: the third quarter owed, the fourth not, October on.
    const spans = [{ kind: 'quarter' as const, from: null, to: '2021-10-03' }, { kind: 'month' as const, from: '2021-10-03', to: null }];
    expect([askedIn(spans, parsePeriod('2021-Q3')), askedIn(spans, parsePeriod('2021-Q4')), askedIn(spans, parsePeriod('2021-09')), askedIn(spans, parsePeriod('2021-10'))]).toEqual([true, false, false, true]);
    // Switched back to 季报 the same day: no month ended while 月报 was in use (none kept), and the quarters that ended
    // under 季报 are still owed (not waived).
    expect(kindSwitchSaid('month', 'quarter', '2021-10-03', spans)).toBe(
      '2021年10月尚未结束，不再作为一期报送（已填写的内容仍可查看）；从2021年第四季度起按季报报送，此前按季报时已结束的各期照常收取、统计和督办。',
    );
    // Back weeks later: the months that ended under 月报 are kept too.
    expect(kindSwitchSaid('month', 'quarter', '2021-11-20', spans)).toBe(
      '2021年10月及以前已结束的各期照常收取、统计和督办；2021年11月尚未结束，不再作为一期报送（已填写的内容仍可查看）；从2021年第四季度起按季报报送，此前按季报时已结束的各期照常收取、统计和督办。',
    );
  });

  it('takes a deadline from the last day of the period to a year after (the date field offers the days the core takes)', () => {
    expect(deadlineAllowed('2021-09-30', '2021-09-30')).toBe(true);
    expect(deadlineAllowed('2021-09-30', '2021-09-29')).toBe(false);
    expect(latestDeadline('2021-09-30')).toBe('2022-10-01');
    expect(deadlineAllowed('2021-09-30', '2022-10-01')).toBe(true);
    expect(deadlineAllowed('2021-09-30', '2022-10-02')).toBe(false);
    expect(dueOnAllowed('2021-10-03', '2021-10-03')).toBe(false);
    expect(dueOnAllowed('2021-10-03', '2021-10-04')).toBe(true);
    expect(dueOnAllowed('2021-10-03', '2022-10-04')).toBe(true);
    expect(dueOnAllowed('2021-10-03', '2022-10-05')).toBe(false);
  });

  it('knows the previous period and the period containing a date', () => {
    expect(previousPeriod(parsePeriod('2021-Q1')).id).toBe('2020-Q4');
    expect(previousPeriod(parsePeriod('2021-01')).id).toBe('2020-12');
    expect(previousPeriod(parsePeriod('2021-H1')).id).toBe('2020-H2');
    expect(previousPeriod(parsePeriod('2021')).id).toBe('2020');
    expect(periodContaining('quarter', '2021-08-15').id).toBe('2021-Q3');
  });

  it('judges submissions on time, late or missing in China time', () => {
    expect(submissionState('2021-10-05', null)).toBe('missing');
    expect(submissionState('2021-10-05', '2021-10-05T15:59:59Z')).toBe('on_time'); // 23:59:59 in Beijing
    expect(submissionState('2021-10-05', '2021-10-05T16:00:00Z')).toBe('late'); // 00:00 on the 6th
    expect(chinaDate('2021-10-05T16:00:00Z')).toBe('2021-10-06');
  });

  it('formats dates the Chinese way', () => {
    expect(formatChineseDate('2021-07-14')).toBe('2021年7月14日');
  });
});
