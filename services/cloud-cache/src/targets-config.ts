/** Parses and checks the CACHE_TARGETS JSON of the service config. */
import { ValidationError } from '@ferry/errors';
import type { TargetConfig } from './cache-target';

export function parseTargets(json: string): TargetConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ValidationError('CACHE_TARGETS', `is not JSON (${(error as Error).message}); give a list like [{"name":"iqn.2024-01.io.ferry:vm","luns":[{"lun":0,"source":"/disks/vm.vmdk"}]}]`);
  }
  if (!Array.isArray(raw)) throw new ValidationError('CACHE_TARGETS', 'must be a JSON list of targets');
  return raw.map((t: unknown, i) => {
    const target = t as Partial<TargetConfig>;
    if (typeof target.name !== 'string') throw new ValidationError(`CACHE_TARGETS[${i}].name`, 'is missing; give the target IQN');
    if (!Array.isArray(target.luns) || target.luns.some((l) => typeof l?.source !== 'string' || !Number.isInteger(l?.lun))) {
      throw new ValidationError(`CACHE_TARGETS[${i}].luns`, 'must be a list of {"lun": <integer>, "source": "<disk image path>"}');
    }
    return { name: target.name, auth: target.auth, luns: target.luns };
  });
}
