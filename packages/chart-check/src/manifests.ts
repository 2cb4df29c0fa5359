import { parseAllDocuments } from 'yaml';
import { ValidationError } from '@ferry/errors';

/** One rendered Kubernetes object and the template it came from. */
export interface Manifest {
  /** "ferry/templates/<file>", from the renderer's "# Source:" line. */
  readonly source: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
}

const SOURCE = /^# Source: (.+)$/m;

/** Splits the renderer's output into objects; a document that is not valid YAML or not an object is an error naming its template. */
export function parseManifests(text: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const chunk of text.split(/^---$/m)) {
    if (chunk.trim() === '') continue;
    const source = SOURCE.exec(chunk)?.[1] ?? '(unknown template)';
    const documents = parseAllDocuments(chunk);
    for (const document of Array.isArray(documents) ? documents : [documents]) {
      if (document.errors.length > 0) {
        throw new ValidationError(source, `renders invalid YAML: ${document.errors.map((e) => e.message).join('; ')}; fix the template's indentation or quoting`);
      }
      const object: unknown = document.toJS();
      if (object === null || object === undefined) continue;
      if (typeof object !== 'object' || Array.isArray(object)) throw new ValidationError(source, 'renders a YAML document that is not a Kubernetes object (a mapping)');
      const record = object as Record<string, unknown>;
      const metadata = (record.metadata ?? {}) as { name?: unknown };
      manifests.push({ source, apiVersion: String(record.apiVersion ?? ''), kind: String(record.kind ?? ''), name: String(metadata.name ?? ''), object: record });
    }
  }
  return manifests;
}

/** "Kind/name (template)", how findings name an object. */
export function describe(manifest: Manifest): string {
  return `${manifest.kind}/${manifest.name} (${manifest.source})`;
}
