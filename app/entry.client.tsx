import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { HydratedRouter } from 'react-router/dom'
import { loadBundle } from '~/modules/i18n/load-bundle'
import { DEFAULT_LOCALE, isLocale } from '~/modules/i18n/locales'
import { TranslationProvider } from '~/modules/i18n/react'

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
