// A small typed GraphQL client: POST /graphql with the session token. The
// result and variable types come from generated.ts (graphql-codegen).

const TOKEN_KEY = 'exportscope.token';

export class ApiError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set(token: string) {
    localStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
  },
};

type GraphQLResponse<T> = {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};

let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(f: () => void) {
  onUnauthenticated = f;
}

export async function request<TData, TVars extends object = Record<string, never>>(
  query: string,
  variables?: TVars,
  signal?: AbortSignal,
): Promise<TData> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('network', 'NETWORK');
  }
  let body: GraphQLResponse<TData>;
  try {
    body = (await res.json()) as GraphQLResponse<TData>;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, 'INTERNAL');
  }
  const err = body.errors?.[0];
  if (err) {
    const code = err.extensions?.code ?? 'INTERNAL';
    if (code === 'UNAUTHENTICATED' && token) {
      session.clear();
      onUnauthenticated();
    }
    throw new ApiError(err.message, code);
  }
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, 'INTERNAL');
  return body.data;
}
