/**
 * Node and V8 flags each Ferry service runs with. The chart passes them on node's command line
 * (charts/ferry values `<service>.nodeFlags`, held to this list by @ferry/chart-check) and the test
 * harness (@ferry/testing startService, so the demo and the benches too) in NODE_OPTIONS, ahead of any
 * the caller gives, which V8 reads later and so override them.
 *
 * The three data-plane services keep their young generation at two 4 MiB semi-spaces instead of V8's
 * 16 MiB: their large buffers live outside V8's heap, and the default nursery stays resident once it has
 * grown. The smaller one took up to 20 MiB off a service's peak RSS (the highest peak on `wan`: 222 MiB
 * against 224-241) for the same CPU (bench:transfer on loopback and `wan`; docs/data-plane-performance.md,
 * "The smaller young generation by default").
 */
const DATA_PLANE_FLAGS = ['--max-semi-space-size=4'] as const;

export const SERVICE_NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  'prem-esxi-manager': DATA_PLANE_FLAGS,
  'prem-manager': DATA_PLANE_FLAGS,
  'cloud-manager': DATA_PLANE_FLAGS,
};

/** The flags service `name` runs with (none for a service not listed). */
export function nodeFlagsOf(name: string): readonly string[] {
  return SERVICE_NODE_FLAGS[name] ?? [];
}
