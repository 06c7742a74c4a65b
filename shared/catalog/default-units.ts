import type { Unit } from './types';

/** The starting list of reporting units (domain.md); the bureau edits it in the app. */
const TOWNS = ['济阳街道', '济北街道', '回河街道', '孙耿街道', '崔寨街道', '太平街道', '垛石街道', '曲堤街道', '仁风镇', '新市镇'];

const DEPARTMENTS = [
  '市生态环境局济阳分局',
  '区委办公室',
  '区政府办公室',
  '区委组织部',
  '区城乡水务局',
  '济北经济开发区管委会',
  '区自然资源局',
  '区发展和改革局',
  '区工业和信息化局',
  '区城乡交通运输局',
  '区住房和城乡建设局',
  '区城市管理局',
  '区农业农村局',
  '区文化和旅游局',
  '市公安局济阳区分局',
  '区城市公用事业发展中心',
  '区卫生健康局',
  '区应急管理局',
];

const pad = (n: number): string => String(n).padStart(2, '0');

export const DEFAULT_UNITS: readonly Unit[] = [
  ...TOWNS.map((name, i): Unit => ({ code: `Z${pad(i + 1)}`, name, kind: 'town', sort: i + 1, active: true })),
  ...DEPARTMENTS.map(
    (name, i): Unit => ({ code: `B${pad(i + 1)}`, name, kind: 'department', sort: 100 + i + 1, active: true }),
  ),
];
