import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" className="empty">
      <div className="skeleton" style={{ height: 12, width: '60%', margin: '0 auto 8px' }} />
      {t('state.loading')}
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError && error.code === 'NETWORK' ? t('state.network') : error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="alert">
      {t('state.error', { message })}{' '}
      {retry && (
        <button type="button" className="btn-link" onClick={retry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}
