import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IllegalStateError } from '@ferry/errors';
import { RENDERER_BUILD_SCRIPT } from './paths';

const run = promisify(execFile);

/** What to render: a chart directory with a release name, namespace and --set overrides. */
export interface RenderRequest {
  readonly chartDir: string;
  readonly release?: string;
  readonly namespace?: string;
  /** Helm --set expressions, e.g. "nats.replicas=3,premManager.replicas=2". */
  readonly sets?: readonly string[];
}

/** The chart did not render; `stderr` is the renderer's message (template, line, cause). */
export class ChartRenderError extends IllegalStateError {
  constructor(readonly stderr: string) {
    super(`the chart does not render: ${stderr.trim()}`);
    this.name = 'ChartRenderError';
  }
}

let renderer: Promise<string> | undefined;

/** Builds infra/chart-render from Debian's Go packages once per process (cached across runs by its build script). */
export function chartRenderer(): Promise<string> {
  renderer ??= run('bash', [RENDERER_BUILD_SCRIPT], { maxBuffer: 1 << 20 }).then(
    ({ stdout }) => stdout.trim().split('\n').pop() ?? '',
    (error: Error & { stderr?: string }) => {
      throw new IllegalStateError(`cannot build the chart renderer (${RENDERER_BUILD_SCRIPT}): ${error.stderr ?? error.message}`);
    },
  );
  return renderer;
}

/** Renders a chart as `helm template` does and returns the manifests text. */
export async function renderChart(request: RenderRequest): Promise<string> {
  const bin = await chartRenderer();
  const args = ['--namespace', request.namespace ?? 'ferry', ...(request.sets ?? []).flatMap((set) => ['--set', set]), request.release ?? 'ferry', request.chartDir];
  try {
    const { stdout } = await run(bin, args, { maxBuffer: 64 << 20 });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new ChartRenderError(failure.stderr || failure.message);
  }
}
