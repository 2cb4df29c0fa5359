// Measures the link as a program sees it: `link-probe.js serve <port>` in one site, then
// `link-probe.js measure <host> <port> <bytes>` in the other prints one JSON line
// { rttMs: number[], seconds, bitsPerSecond } — round trips of one byte, then a bulk send of <bytes>
// timed until the far end has counted them all (less one one-way delay: the median round trip / 2).
// `link-probe.js send <host> <port> <bytes> <connections>` sends <bytes> over each of <connections>
// connections, one after another, and prints { seconds: number[] }, one per connection.
import { connect, createServer, type Socket } from 'node:net';

function serve(port: number): void {
  createServer((socket) => {
    socket.once('data', (first: Buffer) => {
      if (first[0] === 0x65 /* e: echo */) {
        socket.pipe(socket);
        if (first.length > 1) socket.write(first.subarray(1));
        return;
      }
      // s: sink; an 8-byte length, that many bytes, then one byte back.
      let want = -1;
      let got = first.length - 1;
      let head = first.subarray(1);
      const check = (): void => {
        if (want < 0 && head.length >= 8) {
          want = Number(head.readBigUInt64BE(0));
          got -= 8;
        }
        if (want >= 0 && got >= want) socket.end('k');
      };
      check();
      socket.on('data', (data: Buffer) => {
        if (want < 0) head = Buffer.concat([head, data]);
        got += data.length;
        check();
      });
    });
    socket.on('error', () => socket.destroy());
  }).listen(port, '0.0.0.0', () => process.stdout.write('listening\n'));
}

const open = (host: string, port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, host, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });

async function measure(host: string, port: number, bytes: number): Promise<void> {
  const echo = await open(host, port);
  echo.write('e');
  const rttMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    echo.write('x');
    await new Promise((resolve) => echo.once('data', resolve));
    rttMs.push(performance.now() - started);
  }
  echo.destroy();
  const median = [...rttMs].sort((a, b) => a - b)[rttMs.length >> 1]!;
  const seconds = (await sinkSend(host, port, bytes)) / 1000 - median / 2000;
  process.stdout.write(`${JSON.stringify({ rttMs, seconds, bitsPerSecond: (bytes * 8) / seconds })}\n`);
}

/** Sends `bytes` to the sink on a connection of its own; ms until the far end has counted them all. */
async function sinkSend(host: string, port: number, bytes: number): Promise<number> {
  const sink = await open(host, port);
  const header = Buffer.alloc(9);
  header[0] = 0x73;
  header.writeBigUInt64BE(BigInt(bytes), 1);
  const block = Buffer.alloc(1 << 20, 0x5a);
  const started = performance.now();
  const done = new Promise((resolve) => sink.once('data', resolve));
  sink.write(header);
  for (let sent = 0; sent < bytes; sent += block.length) {
    if (!sink.write(block.subarray(0, Math.min(block.length, bytes - sent)))) await new Promise((resolve) => sink.once('drain', resolve));
  }
  await done;
  const ms = performance.now() - started;
  sink.destroy();
  return ms;
}

/** One connection after another, so the relay numbers them in this order. */
async function send(host: string, port: number, bytes: number, connections: number): Promise<void> {
  const seconds: number[] = [];
  for (let i = 0; i < connections; i++) seconds.push((await sinkSend(host, port, bytes)) / 1000);
  process.stdout.write(`${JSON.stringify({ seconds })}\n`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'serve') serve(Number(args[0]));
else if (mode === 'send') void send(args[0]!, Number(args[1]), Number(args[2]), Number(args[3]));
else void measure(args[0]!, Number(args[1]), Number(args[2]));
