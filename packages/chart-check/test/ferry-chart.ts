import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ConfigSchema } from '@ferry/service-kit';
import { checkManifests, FERRY_CHART, loadServiceSchemas, parseManifests, renderChart, type Manifest } from '../src';

let schemas: Promise<Map<string, ConfigSchema>> | undefined;

/** Every service's config schema, loaded from its TypeScript source as it is now. */
export function serviceSchemas(): Promise<Map<string, ConfigSchema>> {
  schemas ??= loadServiceSchemas((file) => import(file));
  return schemas;
}

/** The Secrets values.yaml says the operator brings (the NATS nkey seeds). */
export function externalSecrets(chartDir = FERRY_CHART): string[] {
  const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as { nats: { credentialsSecret: string } };
  return [values.nats.credentialsSecret];
}

/** Runs every check on manifests of the chart at `chartDir`; `operatorSecrets` are Secrets the --set values name. */
export async function check(manifests: readonly Manifest[], chartDir = FERRY_CHART, operatorSecrets: string[] = []): Promise<string[]> {
  const external = [...externalSecrets(chartDir), ...operatorSecrets];
  return checkManifests(manifests, { schemas: await serviceSchemas(), externalSecrets: external });
}

/** Renders a chart and runs every check on it; `operatorSecrets` are Secrets the --set values name. */
export async function renderAndCheck(chartDir: string, sets: string[] = [], operatorSecrets: string[] = []): Promise<{ manifests: Manifest[]; findings: string[] }> {
  const manifests = parseManifests(await renderChart({ chartDir, sets }));
  return { manifests, findings: await check(manifests, chartDir, operatorSecrets) };
}
