// Starts two sites on the profile named in argv[2], prints what it made as one JSON line, then holds
// until it is killed: the wan-link int test kills it midway to check the cleanup on each path.
import { linkProfile, startTwoSites } from '../../src';

void (async () => {
  const sites = await startTwoSites(linkProfile(process.argv[2] ?? 'metro'));
  process.stdout.write(`${JSON.stringify({ namespaces: sites.namespaces, relayPid: sites.relayPid })}\n`);
  setInterval(() => undefined, 60_000);
})();
