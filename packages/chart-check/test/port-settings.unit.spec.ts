import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { port } from '@ferry/service-kit';
import { readmePortFindings, REPO, unreadPortSettings } from '../src';
import { serviceSchemas } from './ferry-chart';

jest.setTimeout(60_000);

describe('port settings are read by the code that serves them', () => {
  it('given every service schema, when the sources are searched, then every port setting is read outside its config.ts', async () => {
    expect(unreadPortSettings(await serviceSchemas())).toEqual([]);
  });

  it('given a port setting nothing reads (cloud-cache MICROVM1_PORT 9001, removed), when checked, then it is named with the fix', async () => {
    const cloudCache = (await serviceSchemas()).get('cloud-cache')!;
    const withUnread = { ...cloudCache, microvm1Port: port({ env: 'MICROVM1_PORT', default: 9001, doc: 'cache control, first channel' }) };
    expect(unreadPortSettings(new Map([['cloud-cache', withUnread]]))).toEqual([
      'services/cloud-cache: MICROVM1_PORT (microvm1Port, default 9001) is a port setting no code reads; bind it where the service serves it, or remove it from src/config.ts, README.md and charts/ferry',
    ]);
  });

  it('given README.md, when its services table is read, then each service advertises exactly its port settings with their defaults', async () => {
    expect(readmePortFindings(await readFile(join(REPO, 'README.md'), 'utf8'), await serviceSchemas())).toEqual([]);
  });

  it('given a README row advertising a removed port, when checked, then the row and the port are named', async () => {
    const row = '| prem-manager | 8004 | `CONTROL_PORT` 5000, `FROM_ESXI_PORT` 12000 |';
    const premManager = new Map([['prem-manager', (await serviceSchemas()).get('prem-manager')!]]);
    expect(readmePortFindings(row, premManager)).toEqual(['README.md: prem-manager advertises FROM_ESXI_PORT 12000, but services/prem-manager/src/config.ts has no such port setting']);
  });
});
