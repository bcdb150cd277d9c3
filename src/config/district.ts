import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type DistrictData, districtDataSchema } from './district-schema';
import { ConfigError } from './config-error';

export const DEFAULT_DISTRICT_FILE = path.resolve(__dirname, '../../data/districts/gongjing.json');

/** Reads and validates a district data file; a bad file stops start-up with every problem named. */
export function loadDistrictData(file: string = DEFAULT_DISTRICT_FILE): DistrictData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read district data file ${file}: ${(err as Error).message}`);
  }
  const parsed = districtDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`district data file ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

