import { useEffect, useState } from 'react';
import { request } from './api/client';
import type { CreateReportMutation, CreateReportMutationVariables, ReportQuery, ReportQueryVariables } from './api/generated';
import { CreateReportDoc, ReportDoc } from './api/operations';

export type ReportState = ReportQuery['report'];
const RECENT_KEY = 'exportscope.reports';
const LATEST_KEY = 'exportscope.latest.';

export type RecentReport = { id: string; sector: string; market: string | null; createdAt: string };

// The API has no report list yet, so the app remembers the reports this
// browser created (and the latest market report per sector for the dashboard).
export function recentReports(): RecentReport[] {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as RecentReport[];
  } catch {
    return [];
  }
}

export function latestReportId(sector: string): string | null {
  return localStorage.getItem(LATEST_KEY + sector);
}

export async function createMarketReport(sector: string, market: string | null): Promise<ReportState> {
  const { createReport: r } = await request<CreateReportMutation, CreateReportMutationVariables>(CreateReportDoc, {
    input: { kind: 'MARKET', sector, market: market || null },
  });
  const list = [{ id: r.id, sector: r.sector, market: r.market, createdAt: r.createdAt }, ...recentReports()].slice(0, 20);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  if (!market) localStorage.setItem(LATEST_KEY + sector, r.id);
  return { ...r, finishedAt: null, result: null };
}

const finished = (s: ReportState['status']) => s === 'DONE' || s === 'FAILED' || s === 'CANCELLED';

/** Follows a report build: polls report(id) every second until it ends. */
export function useReport(id: string | null): { report?: ReportState; error?: unknown } {
  const [state, setState] = useState<{ report?: ReportState; error?: unknown }>({});
  useEffect(() => {
    setState({});
    if (!id) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const ac = new AbortController();
    const tick = async () => {
      try {
        const { report } = await request<ReportQuery, ReportQueryVariables>(ReportDoc, { id }, ac.signal);
        if (stop) return;
        setState({ report });
        if (!finished(report.status)) timer = setTimeout(tick, 1000);
      } catch (error) {
        if (!stop) setState({ error });
      }
    };
    void tick();
    return () => {
      stop = true;
      ac.abort();
      clearTimeout(timer);
    };
  }, [id]);
  return state;
}
