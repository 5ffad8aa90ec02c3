import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nConfig } from '~/modules/i18n/config'
import { loadBundle } from '~/modules/i18n/load-bundle'
import { DEFAULT_LOCALE, isLocale } from '~/modules/i18n/locales'

async function hydrate() {
  const lang = document.documentElement.lang
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE
  const bundle = await loadBundle(locale)
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng: locale, resources: { [locale]: { common: bundle } } })
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
