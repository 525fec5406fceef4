/**
 * Vital signs as a nurse takes them: each value checked against what a living
 * patient can have (refused on its field otherwise: a typo, not a reading),
 * flagged when outside the normal adult range, and the BMI worked out from
 * weight and height. Ranges are adult resting values as Indian nursing
 * charts print them (BP 90–139 / 60–89 mmHg, pulse 60–100/min, temperature
 * 36.1–37.5 °C, SpO₂ ≥ 95 %, respiratory rate 12–20/min).
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';

interface Limits {
  label: string;
  /** Outside this, the value is refused. */
  plausible: [number, number];
  /** Outside this, it is flagged. */
  normal?: [number, number];
  whole?: boolean;
}

export const VITAL_LIMITS = {
  systolic: { label: 'BP systolic', plausible: [40, 300], normal: [90, 139], whole: true },
  diastolic: { label: 'BP diastolic', plausible: [20, 200], normal: [60, 89], whole: true },
  pulse: { label: 'Pulse', plausible: [20, 300], normal: [60, 100], whole: true },
  temperatureC: { label: 'Temperature', plausible: [25, 45], normal: [36.1, 37.5] },
  spo2: { label: 'SpO2', plausible: [30, 100], normal: [95, 100], whole: true },
  respiratoryRate: { label: 'Respiratory rate', plausible: [4, 80], normal: [12, 20], whole: true },
  weightKg: { label: 'Weight', plausible: [0.3, 400] },
  heightCm: { label: 'Height', plausible: [20, 260] },
} as const satisfies Record<string, Limits>;

export type VitalSign = keyof typeof VITAL_LIMITS;

const reading = (sign: VitalSign) => {
  const limits: Limits = VITAL_LIMITS[sign];
  const [low, high] = limits.plausible;
  const base = z.coerce
    .number({ error: `${limits.label}: enter a number` })
    .min(low, `${limits.label}: ${low} to ${high} — check the reading`)
    .max(high, `${limits.label}: ${low} to ${high} — check the reading`);
  return (limits.whole ? base.int(`${limits.label}: a whole number`) : base).optional();
};

/** Empty fields of a form are "not taken", not zero. */
const blankAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);

const field = (sign: VitalSign) => z.preprocess(blankAsMissing, reading(sign));

export const vitalsSchema = z
  .object({
    systolic: field('systolic'),
    diastolic: field('diastolic'),
    pulse: field('pulse'),
    temperatureC: field('temperatureC'),
    spo2: field('spo2'),
    respiratoryRate: field('respiratoryRate'),
    weightKg: field('weightKg'),
    heightCm: field('heightCm'),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Enter at least one vital sign' })
  .refine((v) => v.systolic === undefined || v.diastolic === undefined || v.systolic > v.diastolic, {
    message: 'BP: the systolic value must be above the diastolic',
    path: ['diastolic'],
  });

export type VitalSigns = z.infer<typeof vitalsSchema>;

/** Weight (kg) / height (m)², to one decimal. */
export function bodyMassIndex(weightKg: number, heightCm: number): Prisma.Decimal {
  const metres = new Prisma.Decimal(heightCm).div(100);
  return new Prisma.Decimal(weightKg).div(metres.mul(metres)).toDecimalPlaces(1);
}

/** What is outside the normal range, in words: "BP systolic high", "SpO2 low". */
export function vitalFlags(vitals: VitalSigns): string[] {
  const flags: string[] = [];
  for (const [sign, limits] of Object.entries(VITAL_LIMITS) as Array<[VitalSign, Limits]>) {
    const value = vitals[sign];
    if (value === undefined || !limits.normal) continue;
    if (value < limits.normal[0]) flags.push(`${limits.label} low`);
    else if (value > limits.normal[1]) flags.push(`${limits.label} high`);
  }
  if (vitals.weightKg !== undefined && vitals.heightCm !== undefined) {
    const bmi = bodyMassIndex(vitals.weightKg, vitals.heightCm).toNumber();
    // The cut-offs for Asian Indians (WHO expert consultation 2004; ICMR): overweight from 23, obese from 25.
    if (bmi < 18.5) flags.push('BMI low');
    else if (bmi >= 25) flags.push('BMI obese range');
    else if (bmi >= 23) flags.push('BMI overweight range');
  }
  return flags;
}

/** The stored reading: the values taken, the BMI when weight and height are both there, and what is flagged. */
export function vitalsReading(vitals: VitalSigns) {
  const bmi = vitals.weightKg !== undefined && vitals.heightCm !== undefined ? bodyMassIndex(vitals.weightKg, vitals.heightCm) : null;
  return { ...vitals, bmi, flags: vitalFlags(vitals) };
}
