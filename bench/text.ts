/** Realistic Chinese narrative texts for synthetic workbooks: 200–800 characters. */

const OPENINGS = ['本季度', '本期以来', '今年以来', '报告期内', '按照区委、区政府部署要求，'];
const ACTIONS = [
  '召开专题推进会议，研究部署重点工作，细化责任分工和时间节点',
  '组织开展现场督导检查，对发现的问题建立台账、限期整改、销号管理',
  '联合相关部门开展执法检查，查处违法违规行为，形成有力震慑',
  '完善工作机制，健全部门协调联动和信息共享制度',
  '开展业务培训和政策宣贯，提升基层工作人员履职能力',
  '推进项目建设，完成年度投资计划的阶段性目标',
  '加强监测预警，及时发布环境质量信息，回应群众关切',
  '开展“回头看”，巩固前期整治成果，防止问题反弹',
];
const DETAILS = [
  '累计出动检查人员{n}人次，检查点位{m}处',
  '下达整改通知书{m}份，完成整改{n}项',
  '组织培训{m}场，参训人员{n}人次',
  '完成投资{n}万元，占年度计划的{p}%',
  '群众满意度达到{p}%，较上期提升{m}个百分点',
];
const CLOSINGS = ['下一步将持续发力，确保各项任务按期完成。', '各项工作总体进展顺利。', '工作成效初步显现，长效机制正在健全。'];

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

export function narrative(r: () => number, minChars = 200, maxChars = 800): string {
  const want = minChars + Math.floor(r() * (maxChars - minChars));
  let text = pick(r, OPENINGS);
  while (text.length < want) {
    const detail = pick(r, DETAILS)
      .replace('{n}', String(10 + Math.floor(r() * 990)))
      .replace('{m}', String(1 + Math.floor(r() * 60)))
      .replace('{p}', String(60 + Math.floor(r() * 40)));
    text += `${pick(r, ACTIONS)}，${detail}；`;
  }
  return `${text.slice(0, want - 1)}${pick(r, CLOSINGS)}`.slice(0, maxChars);
}
