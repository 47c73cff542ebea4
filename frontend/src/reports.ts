import { useEffect, useState } from 'react';
import { ApiError, request, session } from './api/client';
import type {
  CreateReportFullMutation, CreateReportFullMutationVariables, ReportFullQuery, ReportFullQueryVariables,
  ReportProgressSubSubscription, ReportsListQuery, ReportsListQueryVariables,
} from './api/generated';
import { CreateReportFullDoc, ReportFullDoc, ReportProgressDoc, ReportsListDoc } from './api/operations.reports';
import { subscribe, wsURL, type SocketLike } from './api/ws';

export type ReportState = Omit<ReportFullQuery['report'], 'result' | 'exports'> & Partial<Pick<ReportFullQuery['report'], 'result' | 'exports'>>;
const LATEST_KEY = 'exportscope.latest.';

/** The latest full market report this browser built for a sector (the dashboard's source). */
export function latestReportId(sector: string): string | null {
  return localStorage.getItem(LATEST_KEY + sector);
}

/** The newest finished all-market report of a sector in the tenant's list, if any. */
export async function findLatestMarketReport(sector: string, signal?: AbortSignal): Promise<string | null> {
  const { reports } = await request<ReportsListQuery, ReportsListQueryVariables>(ReportsListDoc, { first: 100 }, signal);
  const r = reports.edges.map((e) => e.node).find((n) => n.kind === 'MARKET' && n.sector === sector && !n.market && n.status !== 'FAILED' && n.status !== 'CANCELLED');
  return r?.id ?? null;
}

export async function createReport(input: CreateReportFullMutationVariables['input']): Promise<ReportState> {
  const { createReport: r } = await request<CreateReportFullMutation, CreateReportFullMutationVariables>(CreateReportFullDoc, { input });
  if (input.kind === 'MARKET' && !input.market) localStorage.setItem(LATEST_KEY + input.sector, r.id);
  return r;
}

export const createMarketReport = (sector: string, market: string | null) => createReport({ kind: 'MARKET', sector, market: market || null });

export const isFinished = (s: ReportState['status']) => s === 'DONE' || s === 'FAILED' || s === 'CANCELLED';

export type Follow = { report?: ReportState; error?: unknown; via: 'socket' | 'polling' | 'none' };

/**
 * Follows a report build: streams its state through the reportProgress
 * subscription (WebSocket; the first message is the current state); when
 * the socket cannot be used it polls report(id) every second. When the
 * build ends the full report (result and export links) is read.
 */
export function useReport(id: string | null, open?: (url: string, protocol: string) => SocketLike): Follow {
  const [state, setState] = useState<Follow>({ via: 'none' });
  useEffect(() => {
    setState({ via: 'none' });
    if (!id) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ac = new AbortController();
    const load = async () => {
      const { report } = await request<ReportFullQuery, ReportFullQueryVariables>(ReportFullDoc, { id }, ac.signal);
      return report;
    };
    const fail = (error: unknown) => {
      if (!stop && !(error instanceof DOMException && error.name === 'AbortError')) setState((s) => ({ ...s, error }));
    };
    const poll = async () => {
      try {
        const report = await load();
        if (stop) return;
        setState({ report, via: 'polling' });
        if (!isFinished(report.status)) timer = setTimeout(poll, 1000);
      } catch (e) {
        fail(e);
      }
    };
    const final = () => void load().then((report) => !stop && setState((s) => ({ report, via: s.via })), fail);
    // The subscription's first message is the report's current state, so
    // a finished report costs one message before the full read.
    const unsubscribe = subscribe<ReportProgressSubSubscription>(
      { url: wsURL(location), token: session.token, query: ReportProgressDoc, variables: { id }, open },
      {
        next: ({ reportProgress: r }) => {
          if (stop) return;
          setState((s) => ({ report: { ...s.report, ...r }, via: 'socket' }));
          if (isFinished(r.status)) final();
        },
        error: (message, code) => fail(new ApiError(message, code)),
        complete: () => {},
        failed: () => !stop && void poll(),
      },
    );
    return () => {
      stop = true;
      ac.abort();
      clearTimeout(timer);
      unsubscribe();
    };
  }, [id, open]);
  return state;
}

/** Downloads an export link with the session's credentials (fetch → blob → save). */
export async function downloadExport(url: string, filename: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(url, { headers });
  } catch {
    throw new ApiError('network', 'NETWORK');
  }
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    let code = 'INTERNAL';
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      message = body.error?.message ?? message;
      code = body.error?.code ?? code;
    } catch {
      // not JSON
    }
    throw new ApiError(message, code);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
