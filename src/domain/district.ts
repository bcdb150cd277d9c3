import type { CategoryDef, DistrictData, PriorityRule } from '../config/district-schema';
import type { FlatArea } from './areas';
import type { Priority } from './ledger';
import type { EmergencyReading, IntentReading, Understanding, UnderstoodClassification } from '../understanding/types';

/** A district's data, compiled once at start for fast lookups on every message. */
export type District = {
  data: DistrictData;
  prefix: string;
  timeZone: string;
  categories: CategoryDef[];
  category: (code: string) => CategoryDef;
  priorities: PriorityRule[];
  priority: (code: Priority) => PriorityRule;
  areas: FlatArea[];
  /** Villages and communities: where residents report from. */
  grassroots: FlatArea[];
  area: (code: string) => FlatArea | undefined;
  /** How residents hear of cadres: by area and name, or only as their area's cadres (district file, `notices`). */
  cadreNames: 'name' | 'generic';
  /** Category, ledger and priority (through the trained reader; `emergency` as detectEmergency). */
  classify: (text: string) => UnderstoodClassification;
  /** Emergencies, intents and categories as residents say them (src/understanding). */
  understanding: Understanding;
  /** Recall-first emergency reading of the raw text (UNDERSTANDING-CONTRACT.md). */
  detectEmergency: (text: string, answer?: boolean) => EmergencyReading;
  /** What a short message means at any step; 'report' for descriptions and answers. */
  recogniseIntent: (text: string) => IntentReading;
  /** The area's lead cadre (or the nearest one up the tree), for a resident who asks for a person. */
  contactFor: (areaCode: string) => { areaName: string; cadreName: string; phone: string } | null;
};

/** The time limits a case gets from `from` (filing or reopening). */
export function deadlinesFor(rule: PriorityRule, from: Date): { acceptDueAt: Date; resolveDueAt: Date } {
  const hour = 3_600_000;
  return {
    acceptDueAt: new Date(from.getTime() + rule.acceptWithinHours * hour),
    resolveDueAt: new Date(from.getTime() + rule.resolveWithinHours * hour),
  };
}
