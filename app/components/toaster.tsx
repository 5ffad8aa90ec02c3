import { useEffect, useState } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'

type Toast = { type: 'success' | 'error' | 'info'; key: string; values?: Record<string, string | number> }

const STYLES = {
  success: 'border-brand-600 bg-brand-50 text-brand-900',
  error: 'border-red-600 bg-red-50 text-red-900',
  info: 'border-stone-400 bg-white text-stone-900',
} as const

/** Shows the toast the last action left (read from the root loader), announced to screen readers. */
export function Toaster({ toast }: { toast: Toast | null }) {
  const { t } = useTranslation()
  const [visible, setVisible] = useState<Toast | null>(toast)
  useEffect(() => {
    setVisible(toast)
    if (!toast) return
    const timer = setTimeout(() => setVisible(null), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  return (
    <div
      aria-live="polite"
      role="status"
      className="pointer-events-none fixed inset-x-0 top-3 z-50 flex justify-center px-3"
    >
      {visible ? (
        <div
          data-testid="toast"
          className={`pointer-events-auto flex max-w-md items-start gap-3 rounded-md border-l-4 px-4 py-3 shadow-lg ${STYLES[visible.type]}`}
        >
          <p className="text-sm font-medium">{t(visible.key, visible.values)}</p>
          <button
            type="button"
            onClick={() => setVisible(null)}
            className="-m-1 ml-auto rounded p-1 text-current"
            aria-label={t('common.close')}
          >
            ×
          </button>
        </div>
      ) : null}
    </div>
  )
}
