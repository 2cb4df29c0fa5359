import { get } from 'node:http';

interface Jsz {
  account_details?: Array<{ stream_detail?: Array<{ name: string; consumer_detail?: Array<{ name: string }> }> }>;
}

/** The names of the consumers the server itself holds on one stream: one GET of /jsz?consumers=true, without keep-alive. */
export async function streamConsumers(monitorPort: number, streamName: string): Promise<string[]> {
  const body = await new Promise<string>((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port: monitorPort, path: '/jsz?streams=true&consumers=true', agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    request.once('error', reject);
  });
  const jsz = JSON.parse(body) as Jsz;
  const stream = jsz.account_details?.flatMap((account) => account.stream_detail ?? []).find((s) => s.name === streamName);
  return (stream?.consumer_detail ?? []).map((c) => c.name).sort();
}

/** Polls until `done(consumers)` or `timeoutMs` passes; returns the last answer and the time it took. */
export async function pollConsumers(
  monitorPort: number,
  streamName: string,
  done: (consumers: string[]) => boolean,
  timeoutMs: number,
): Promise<{ consumers: string[]; ms: number }> {
  const started = Date.now();
  for (;;) {
    const consumers = await streamConsumers(monitorPort, streamName);
    const ms = Date.now() - started;
    if (done(consumers) || ms > timeoutMs) return { consumers, ms };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
