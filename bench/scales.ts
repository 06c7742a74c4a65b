/** The three scales of the benchmark: a district, a city, a province. */
export interface Scale {
  name: 'district' | 'city' | 'province';
  units: number;
  periods: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  district: { name: 'district', units: 30, periods: 10 },
  city: { name: 'city', units: 360, periods: 12 },
  province: { name: 'province', units: 2500, periods: 12 },
};

/** Monthly periods of 2021 (month kind, so 12 periods fit in one year). */
export const periodIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);

/** The keys of a province run that bench/results.json carries beside the district's. */
export const PROVINCE_KEYS = ['province.seconds', 'province.peakRssMiB', 'queries.provinceLatestMs'] as const;
