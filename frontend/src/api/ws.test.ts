import { afterEach, describe, expect, test, vi } from 'vitest';
import { PROTOCOL, subscribe, wsURL, type SocketLike } from './ws';

// A fake WebSocket that records what the client sends and lets the test
// play the server's part.
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closed: { code?: number; reason?: string } | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  onclose: SocketLike['onclose'] = null;
  constructor(readonly url: string, readonly protocol: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  server(msg: object) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

function start(opts: { token?: string | null; ackTimeoutMs?: number } = {}) {
  let sock!: FakeSocket;
  const calls = { next: [] as unknown[], error: [] as [string, string][], complete: 0, failed: [] as string[] };
  const stop = subscribe<{ n: number }>(
    {
      url: 'ws://h/graphql', token: opts.token === undefined ? 'ess_t' : opts.token, query: 'subscription { x }', variables: { id: 'r1' },
      ackTimeoutMs: opts.ackTimeoutMs,
      open: (url, protocol) => (sock = new FakeSocket(url, protocol)),
    },
    {
      next: (d) => calls.next.push(d),
      error: (m, c) => calls.error.push([m, c]),
      complete: () => calls.complete++,
      failed: (r) => calls.failed.push(r),
    },
  );
  return { sock, calls, stop };
}

afterEach(() => vi.useRealTimers());

describe('subscribe (graphql-transport-ws)', () => {
  test('authenticates in connection_init, subscribes after the ack and delivers next', () => {
    const { sock, calls } = start();
    expect(sock.protocol).toBe(PROTOCOL);
    sock.open();
    expect(sock.sent).toEqual([{ type: 'connection_init', payload: { authorization: 'Bearer ess_t' } }]);
    sock.server({ type: 'connection_ack' });
    expect(sock.sent[1]).toEqual({ id: '1', type: 'subscribe', payload: { query: 'subscription { x }', variables: { id: 'r1' } } });
    sock.server({ type: 'next', id: '1', payload: { data: { n: 1 } } });
    sock.server({ type: 'next', id: '1', payload: { data: { n: 2 } } });
    sock.server({ type: 'complete', id: '1' });
    expect(calls.next).toEqual([{ n: 1 }, { n: 2 }]);
    expect(calls.complete).toBe(1);
    expect(calls.failed).toEqual([]);
    expect(sock.closed?.code).toBe(1000);
  });

  test('sends no authorization without a token', () => {
    const { sock } = start({ token: null });
    sock.open();
    expect(sock.sent[0]).toEqual({ type: 'connection_init', payload: {} });
  });

  test('answers ping with pong', () => {
    const { sock } = start();
    sock.open();
    sock.server({ type: 'connection_ack' });
    sock.server({ type: 'ping' });
    expect(sock.sent.at(-1)).toEqual({ type: 'pong' });
  });

  test('a GraphQL error is reported with its code and not as a socket failure', () => {
    const { sock, calls } = start();
    sock.open();
    sock.server({ type: 'connection_ack' });
    sock.server({ type: 'error', id: '1', payload: [{ message: 'no report "x"', extensions: { code: 'NOT_FOUND' } }] });
    expect(calls.error).toEqual([['no report "x"', 'NOT_FOUND']]);
    sock.onclose?.({ code: 1000, reason: '' });
    expect(calls.failed).toEqual([]);
  });

  test('errors inside next are reported too', () => {
    const { sock, calls } = start();
    sock.open();
    sock.server({ type: 'connection_ack' });
    sock.server({ type: 'next', id: '1', payload: { errors: [{ message: 'denied', extensions: { code: 'FORBIDDEN' } }] } });
    expect(calls.error).toEqual([['denied', 'FORBIDDEN']]);
    expect(calls.next).toEqual([]);
  });

  test('a socket closed before the end is a failure (the caller falls back to polling)', () => {
    const { sock, calls } = start();
    sock.open();
    sock.onclose?.({ code: 4403, reason: 'Forbidden' });
    expect(calls.failed).toEqual(['closed 4403 Forbidden']);
    expect(calls.next).toEqual([]);
  });

  test('no connection_ack in time is a failure', () => {
    vi.useFakeTimers();
    const { sock, calls } = start({ ackTimeoutMs: 100 });
    sock.open();
    vi.advanceTimersByTime(99);
    expect(calls.failed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls.failed).toEqual(['no connection_ack']);
    expect(sock.closed?.code).toBe(4408);
  });

  test('a constructor that throws is a failure', () => {
    const failed: string[] = [];
    subscribe({ url: 'ws://h', token: null, query: 'q', variables: {}, open: () => { throw new Error('blocked'); } }, {
      next: () => {}, error: () => {}, complete: () => {}, failed: (r) => failed.push(r),
    });
    expect(failed).toEqual(['blocked']);
  });

  test('stopping completes the operation and closes; later messages are ignored', () => {
    const { sock, calls, stop } = start();
    sock.open();
    sock.server({ type: 'connection_ack' });
    stop();
    expect(sock.sent.at(-1)).toEqual({ id: '1', type: 'complete' });
    expect(sock.closed?.code).toBe(1000);
    sock.server({ type: 'next', id: '1', payload: { data: { n: 9 } } });
    sock.onclose?.({ code: 1006, reason: '' });
    expect(calls.next).toEqual([]);
    expect(calls.failed).toEqual([]);
  });
});

describe('wsURL', () => {
  test.each([
    [{ protocol: 'http:', host: '127.0.0.1:8080' }, 'ws://127.0.0.1:8080/graphql'],
    [{ protocol: 'https:', host: 'app.example.com' }, 'wss://app.example.com/graphql'],
  ])('%o → %s', (loc, want) => expect(wsURL(loc)).toBe(want));
});
