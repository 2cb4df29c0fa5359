import { nodeFlagsOf } from '@ferry/service-kit';
import type { ServiceContainer } from '../service-container';

/** What the container's command gives node before the service's entry point. */
function flagsGiven(sc: ServiceContainer): string[] {
  const command = [...(sc.container.command ?? []), ...(sc.container.args ?? [])];
  const entry = command.findIndex((part) => part.endsWith(`services/${sc.service}/dist/src/main.js`));
  return command.slice(command[0] === 'node' ? 1 : 0, entry < 0 ? 0 : entry);
}

/**
 * The service runs with the node flags the code says it runs with (SERVICE_NODE_FLAGS, which the test
 * harness and the benches use too), so what was measured is what the chart deploys.
 */
export function nodeFlagFindings(sc: ServiceContainer): string[] {
  const given = flagsGiven(sc);
  const expected = nodeFlagsOf(sc.service);
  if (given.join(' ') === expected.join(' ')) return [];
  return [`${sc.owner}: container ${sc.container.name} runs node with [${given.join(' ')}], but @ferry/service-kit SERVICE_NODE_FLAGS gives ${sc.service} [${expected.join(' ')}]; set its nodeFlags in charts/ferry/values.yaml to match`];
}
