import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The proto folder, found from the sources or from a build (which ships a copy). */
export function protoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'governance/v1/unit_recommendations.proto'))) return candidate;
    if (dirname(dir) === dir) throw new Error('proto/governance/v1 not found next to the application');
  }
}

export const UNIT_PROTO = 'governance/v1/unit_recommendations.proto';
