import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { HydratedRouter } from 'react-router/dom'
import { loadBundle } from '#app/modules/i18n/load-bundle.ts'
import { DEFAULT_LOCALE, isLocale } from '#app/modules/i18n/locales.ts'
import { TranslationProvider } from '#app/modules/i18n/react.tsx'

async function hydrate() {
  const lang = document.documentElement.lang
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE
  // The page was rendered in this language: its strings come first, then the page comes alive.
  await loadBundle(locale)
  startTransition(() => {
    hydrateRoot(
      document,
      <TranslationProvider locale={locale}>
        <StrictMode>
          <HydratedRouter />
        </StrictMode>
      </TranslationProvider>,
    )
  })
}

void hydrate()
