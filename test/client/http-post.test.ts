import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { postText } from '../../src/client/http-post.js';
import { ClientError } from '../../src/client/index.js';
import { TandemError } from '../../src/common/index.js';

async function serve(
  h: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ s: Server; url: string }> {
  const s = createServer(h);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/` };
}

const opts = { timeoutMs: 2000, maxBytes: 64, label: 'call' };
const is = (code: number) => (e: unknown) => TandemError.is(e, 'client', code);

test('postText: sends the body, returns status and text, and keeps the connection for the next call', async () => {
  const sockets = new Set<unknown>();
  const { s, url } = await serve((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(201).end(`echo ${body} ${req.headers['content-type']}`));
  });
  try {
    for (const b of ['[1]', '[2]', '[3]']) {
      assert.deepEqual(await postText(url, b, opts), { status: 201, text: `echo ${b} application/json` });
    }
    assert.equal(sockets.size, 1, 'one kept-alive connection for three calls');
  } finally {
    s.closeAllConnections();
    s.close();
  }
});

test('postText: responses over the bound are refused, declared or streamed; stalls time out; refusals are NETWORK', async () => {
  const { s, url } = await serve((req, res) => {
    if (req.url === '/declared') res.writeHead(200, { 'content-length': '65' }).end('x'.repeat(65));
    else if (req.url === '/streamed') {
      res.writeHead(200);
      res.write('x'.repeat(40));
      res.end('x'.repeat(40));
    } else if (req.url === '/stall') res.writeHead(200).write('partial');
    else res.end('ok');
  });
  try {
    await assert.rejects(postText(`${url}declared`, '', opts), is(ClientError.BAD_RESPONSE));
    await assert.rejects(postText(`${url}streamed`, '', opts), is(ClientError.BAD_RESPONSE));
    await assert.rejects(postText(`${url}stall`, '', { ...opts, timeoutMs: 200 }), is(ClientError.TIMEOUT));
    assert.equal((await postText(url, '', opts)).text, 'ok', 'the server is still usable');
  } finally {
    s.closeAllConnections();
    s.close();
  }
  await assert.rejects(postText(url, '', opts), is(ClientError.NETWORK));
  await assert.rejects(postText('not a url', '', opts), is(ClientError.NETWORK));
});
