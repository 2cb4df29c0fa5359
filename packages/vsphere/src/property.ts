import type { VsphereClient } from './client';
import { returnvals } from './soap';
import { decode, type MoRef, type Plain } from './values';
import { child, children, morXml, text, typed, attr, type XmlElement, type XNode } from './xml';

/** Which properties to read of which managed object type. */
export interface PropertySelection {
  type: string;
  paths: string[];
}

/** One object's properties, keyed by property path. */
export interface ObjectContent {
  obj: MoRef;
  props: Map<string, Plain>;
  /** Paths the server could not read (e.g. permissions), with the fault type. */
  missing: Map<string, string>;
}

/** The PropertyFilterSpec over every object a ContainerView shows. */
export function containerFilterSpec(view: MoRef, selections: PropertySelection[]): XmlElement {
  return {
    propSet: selections.map((s) => ({ type: s.type, all: false, pathSet: s.paths })),
    objectSet: {
      obj: morXml(view),
      skip: true,
      selectSet: typed('TraversalSpec', { name: 'traverseView', type: 'ContainerView', path: 'view', skip: false }),
    },
  };
}

/** A recursive ContainerView of `types` under `container` (default: the root folder). */
export async function createContainerView(client: VsphereClient, types: string[], container?: MoRef): Promise<MoRef> {
  const v = await client.invokeValue('CreateContainerView', client.content.viewManager, {
    container: morXml(container ?? client.content.rootFolder),
    type: types,
    recursive: true,
  });
  if (!v || typeof v !== 'object' || Array.isArray(v) || !('type' in v)) throw new Error(`vCenter ${client.server}: CreateContainerView returned no view`);
  return v as MoRef;
}

/** Destroys a view (best effort: a view dies with the session anyway). */
export async function destroyView(client: VsphereClient, view: MoRef): Promise<void> {
  await client.invoke('DestroyView', view).catch(() => undefined);
}

/** Decodes an ObjectContent (also used for ObjectUpdate changes). */
export function decodeObjectContent(node: XNode): ObjectContent {
  const objNode = child(node, 'obj');
  const props = new Map<string, Plain>();
  for (const p of children(node, 'propSet')) {
    const val = child(p, 'val');
    props.set(text(child(p, 'name')), val === undefined ? '' : decode(val));
  }
  const missing = new Map<string, string>();
  for (const m of children(node, 'missingSet')) missing.set(text(child(m, 'path')), text(child(m, 'fault')));
  return { obj: { type: attr(objNode, 'type') ?? '', value: text(objNode) }, props, missing };
}

/**
 * Reads the selected properties of every object under the root (or `container`), page by page:
 * RetrievePropertiesEx with maxObjects, then ContinueRetrievePropertiesEx while the server
 * returns a token. Yields one page at a time so memory stays bounded for big inventories.
 */
export async function* retrieveContainer(
  client: VsphereClient,
  selections: PropertySelection[],
  options: { pageSize?: number; container?: MoRef } = {},
): AsyncGenerator<ObjectContent[]> {
  const view = await createContainerView(client, [...new Set(selections.map((s) => s.type))], options.container);
  try {
    yield* retrievePages(client, containerFilterSpec(view, selections), options.pageSize ?? 500);
  } finally {
    await destroyView(client, view);
  }
}

/** Pages through RetrievePropertiesEx/ContinueRetrievePropertiesEx for one filter spec. */
export async function* retrievePages(client: VsphereClient, specSet: XmlElement, pageSize: number): AsyncGenerator<ObjectContent[]> {
  const pc = client.content.propertyCollector;
  let response = await client.invoke('RetrievePropertiesEx', pc, { specSet, options: { maxObjects: pageSize } });
  for (;;) {
    const result = returnvals(response)[0];
    if (result === undefined) return;
    yield children(result, 'objects').map(decodeObjectContent);
    const token = text(child(result, 'token'));
    if (!token) return;
    response = await client.invoke('ContinueRetrievePropertiesEx', pc, { token });
  }
}

/** Reads some properties of specific objects (a targeted refresh, not a full collection). */
export async function retrieveObjects(client: VsphereClient, objs: MoRef[], paths: string[]): Promise<ObjectContent[]> {
  if (objs.length === 0) return [];
  const byType = new Map<string, MoRef[]>();
  for (const o of objs) byType.set(o.type, [...(byType.get(o.type) ?? []), o]);
  const specSet: XmlElement = {
    propSet: [...byType.keys()].map((type) => ({ type, all: false, pathSet: paths })),
    objectSet: objs.map((o) => ({ obj: morXml(o), skip: false })),
  };
  const out: ObjectContent[] = [];
  for await (const page of retrievePages(client, specSet, 1000)) out.push(...page);
  return out;
}

/** Reads one property of one object (undefined when unset). */
export async function readProperty(client: VsphereClient, o: MoRef, path: string): Promise<Plain | undefined> {
  const [content] = await retrieveObjects(client, [o], [path]);
  return content?.props.get(path);
}
