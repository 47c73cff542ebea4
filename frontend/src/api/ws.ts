// A small graphql-transport-ws client (the protocol of the `graphql-ws`
// package, which gqlgen speaks): connection_init with the session token,
// one subscribe per socket, next/error/complete. The socket factory is a
// parameter so tests drive it with a fake.

export type SocketLike = {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

export type SubscriptionHandlers<T> = {
  next: (data: T) => void;
  /** A GraphQL error from the server (e.g. NOT_FOUND): no point in retrying. */
  error: (message: string, code: string) => void;
  complete: () => void;
  /** The socket could not be used (refused, closed early): fall back to polling. */
  failed: (reason: string) => void;
};

export type SubscribeOptions = {
  url: string;
  token: string | null;
  query: string;
  variables: object;
  open?: (url: string, protocol: string) => SocketLike;
  /** How long to wait for connection_ack; default 5 s. */
  ackTimeoutMs?: number;
};

export const PROTOCOL = 'graphql-transport-ws';

export function wsURL(loc: { protocol: string; host: string }, path = '/graphql'): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${path}`;
}

type Message =
  | { type: 'connection_ack' }
  | { type: 'ping' }
  | { type: 'pong' }
  | { type: 'next'; id: string; payload: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }
  | { type: 'error'; id: string; payload: { message: string; extensions?: { code?: string } }[] }
  | { type: 'complete'; id: string };

/** Starts a subscription; the returned function stops it. */
export function subscribe<T>(opts: SubscribeOptions, h: SubscriptionHandlers<T>): () => void {
  const open = opts.open ?? ((url, protocol) => new WebSocket(url, protocol) as unknown as SocketLike);
  let done = false;
  let acked = false;
  const finish = () => {
    done = true;
    clearTimeout(timer);
  };
  let ws: SocketLike;
  try {
    ws = open(opts.url, PROTOCOL);
  } catch (e) {
    h.failed(e instanceof Error ? e.message : String(e));
    return () => {};
  }
  const timer = setTimeout(() => {
    if (done || acked) return;
    finish();
    ws.close(4408, 'Connection initialisation timeout');
    h.failed('no connection_ack');
  }, opts.ackTimeoutMs ?? 5000);

  ws.onopen = () => {
    const payload = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
    ws.send(JSON.stringify({ type: 'connection_init', payload }));
  };
  ws.onmessage = (ev) => {
    if (done) return;
    let msg: Message;
    try {
      msg = JSON.parse(String(ev.data)) as Message;
    } catch {
      finish();
      ws.close(4400, 'Invalid message');
      h.failed('invalid message');
      return;
    }
    switch (msg.type) {
      case 'connection_ack':
        acked = true;
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: opts.query, variables: opts.variables } }));
        break;
      case 'ping':
        ws.send(JSON.stringify({ type: 'pong' }));
        break;
      case 'next': {
        const err = msg.payload.errors?.[0];
        if (err) {
          finish();
          ws.close(1000, 'Normal Closure');
          h.error(err.message, err.extensions?.code ?? 'INTERNAL');
        } else if (msg.payload.data != null) h.next(msg.payload.data as T);
        break;
      }
      case 'error': {
        finish();
        ws.close(1000, 'Normal Closure');
        const err = msg.payload[0];
        h.error(err?.message ?? 'subscription error', err?.extensions?.code ?? 'INTERNAL');
        break;
      }
      case 'complete':
        finish();
        ws.close(1000, 'Normal Closure');
        h.complete();
        break;
    }
  };
  ws.onerror = () => {
    // onclose follows and reports.
  };
  ws.onclose = (ev) => {
    if (done) return;
    finish();
    h.failed(`closed ${ev.code}${ev.reason ? ` ${ev.reason}` : ''}`);
  };
  return () => {
    if (done) return;
    finish();
    if (acked) {
      try {
        ws.send(JSON.stringify({ id: '1', type: 'complete' }));
      } catch {
        // already closing
      }
    }
    ws.close(1000, 'Normal Closure');
  };
}
