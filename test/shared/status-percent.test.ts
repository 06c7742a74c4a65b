/** A status and a 完成比例 that say different things: asked about in the clerk's form and before an export, never refused. */
import { describe, expect, it } from 'vitest';
import { STATUSES, statusPercentMismatch } from '../../shared/report';

describe('statusPercentMismatch', () => {
  it('asks about 已完成 below 100%, 未启动 above 0% and 100% while still 正常推进 or 进度滞后', () => {
    expect(statusPercentMismatch('已完成', 60)).toBe('状态为“已完成”，完成比例却是 60%：请核对（已完成应为 100%）');
    expect(statusPercentMismatch('未启动', 30)).toBe('状态为“未启动”，完成比例却是 30%：请核对状态');
    expect(statusPercentMismatch('正常推进', 100)).toBe('完成比例为 100%，状态却是“正常推进”：如已完成，请把状态改为“已完成”');
    expect(statusPercentMismatch('进度滞后', 100)).toBe('完成比例为 100%，状态却是“进度滞后”：如已完成，请把状态改为“已完成”');
  });
  it('says nothing when they agree or either is not given', () => {
    const agree = [['已完成', 100], ['未启动', 0], ['正常推进', 60], ['进度滞后', 20], ['长期坚持', 100], ['长期坚持', 0]] as const;
    for (const [s, p] of agree) expect(statusPercentMismatch(s, p), `${s} ${p}`).toBeNull();
    for (const s of STATUSES) expect(statusPercentMismatch(s, null)).toBeNull();
    expect(statusPercentMismatch(null, 60)).toBeNull();
  });
});
