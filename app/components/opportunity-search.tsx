import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import type { loadOpportunitySearch } from '#app/pages/opportunity-search.server.ts'
import { OPPORTUNITY_KINDS, SEARCH_SORTS, searchFiltersToParams } from '#app/modules/opportunities/search.ts'
import { formatNumber } from '#app/modules/i18n/format.ts'
import { OpportunityResultCard } from './opportunity-search-card'
import { SkillPicker } from './skill-picker'
import { Button, buttonClass } from './ui/button'
import { PageHeader } from './ui/card'

const inputClass =
  'block w-full rounded-md border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 shadow-xs placeholder:text-stone-500'

/**
 * The listing search shared by /caseworker/opportunities and /coordinator/opportunities (each route file
 * checks the permission and calls loadOpportunitySearch). A GET form: every search is a URL that can be
 * shared, bookmarked and gone back to. Works without JavaScript; with it, empty fields stay out of the URL.
 */
export function OpportunitySearchPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const data = useLoaderData<typeof loadOpportunitySearch>()
  const { filters, result, basePath, today } = data
  const navigation = useNavigation()
  const submit = useSubmit()
  const location = useLocation()
  const searching = navigation.state === 'loading' && navigation.location?.pathname === basePath

  const advancedCount =
    (filters.formerDistrict ? 1 : 0) +
    (filters.wardCode ? 1 : 0) +
    (filters.skills.length ? 1 : 0) +
    (filters.deadlineBefore ? 1 : 0) +
    (filters.includeClosed ? 1 : 0)
  const anyFilter = Boolean(filters.q) || filters.kinds.length > 0 || advancedCount > 0
  const from = result.offset + 1
  const to = result.offset + result.items.length
  const nextHref = result.nextCursor
    ? `${basePath}?${searchFiltersToParams({ ...filters, cursor: result.nextCursor })}`
    : null
  const firstHref = `${basePath}?${searchFiltersToParams({ ...filters, cursor: undefined })}`

  return (
    <div>
      <PageHeader title={t('search.title')} description={t('search.intro')} />
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
        <Form
          method="get"
          action={basePath}
          role="search"
          aria-label={t('search.title')}
          className="space-y-4 self-start rounded-lg border border-stone-200 bg-white p-4 lg:sticky lg:top-4"
          onSubmit={(event) => {
            // Leave empty fields out so the address stays short and readable when shared.
            event.preventDefault()
            const form = new FormData(event.currentTarget)
            const clean = new URLSearchParams()
            for (const [k, v] of form) if (typeof v === 'string' && v.trim() !== '') clean.append(k, v)
            submit(clean, { method: 'get', action: basePath })
          }}
        >
          <div className="space-y-1">
            <label htmlFor="search-q" className="block text-sm font-medium text-stone-800">
              {t('search.query')}
            </label>
            <div className="flex gap-2">
              <input
                id="search-q"
                type="search"
                name="q"
                defaultValue={filters.q}
                key={filters.q}
                maxLength={200}
                placeholder={t('search.queryPlaceholder')}
                aria-describedby="search-q-hint"
                enterKeyHint="search"
                className={inputClass}
              />
              <Button type="submit" pending={searching}>
                {t('search.submit')}
              </Button>
            </div>
            <p id="search-q-hint" className="text-xs text-stone-600">
              {t('search.queryHint')}
            </p>
          </div>

          <fieldset>
            <legend className="text-sm font-medium text-stone-800">{t('search.kinds')}</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {OPPORTUNITY_KINDS.map((k) => (
                <label
                  key={k}
                  className="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-full border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-900"
                >
                  <input
                    type="checkbox"
                    name="kind"
                    value={k}
                    defaultChecked={filters.kinds.includes(k)}
                    className="size-4 accent-brand-700"
                  />
                  {t(`search.kind.${k}`)}
                </label>
              ))}
            </div>
          </fieldset>

          <div className="space-y-1">
            <label htmlFor="search-sort" className="block text-sm font-medium text-stone-800">
              {t('search.sort')}
            </label>
            <select id="search-sort" name="sort" defaultValue={filters.sort} className={inputClass}>
              {SEARCH_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`search.sortBy.${s}`)}
                </option>
              ))}
            </select>
          </div>

          <details open={advancedCount > 0} className="group rounded-md border border-stone-200">
            <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-2 px-3 text-sm font-medium text-stone-800">
              <span>
                {t('search.moreFilters')}
                {advancedCount ? (
                  <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs text-brand-900">
                    {t('search.activeFilters', { count: advancedCount })}
                  </span>
                ) : null}
              </span>
              <span aria-hidden="true" className="transition-transform group-open:rotate-180">
                ▾
              </span>
            </summary>
            <div className="space-y-4 border-t border-stone-200 p-3">
              <div className="space-y-1">
                <label htmlFor="search-district" className="block text-sm font-medium text-stone-800">
                  {t('search.district')}
                </label>
                <select
                  id="search-district"
                  name="district"
                  defaultValue={filters.formerDistrict ?? ''}
                  className={inputClass}
                >
                  <option value="">{t('search.anyDistrict')}</option>
                  {data.districts.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
              </div>
              <div className="space-y-1">
                <label htmlFor="search-ward" className="block text-sm font-medium text-stone-800">
                  {t('search.ward')}
                </label>
                <select id="search-ward" name="ward" defaultValue={filters.wardCode ?? ''} className={inputClass}>
                  <option value="">{t('search.anyWard')}</option>
                  {data.wards.map((w) => (
                    <option key={w.code} value={w.code}>
                      {w.name}
                    </option>
                  ))}
                </select>
              </div>
              <SkillPicker
                name="skill"
                label={t('search.skills')}
                skills={data.skills}
                defaultSelected={filters.skills}
              />
              <div className="space-y-1">
                <label htmlFor="search-before" className="block text-sm font-medium text-stone-800">
                  {t('search.deadlineBefore')}
                </label>
                <input
                  id="search-before"
                  type="date"
                  name="before"
                  min={today}
                  defaultValue={filters.deadlineBefore ?? ''}
                  className={inputClass}
                />
              </div>
              <label className="flex min-h-11 items-center gap-2 text-sm text-stone-800">
                <input
                  type="checkbox"
                  name="closed"
                  value="1"
                  defaultChecked={filters.includeClosed}
                  className="size-4 accent-brand-700"
                />
                {data.canSeeClosed ? t('search.includeClosedCoordinator') : t('search.includeClosed')}
              </label>
            </div>
          </details>

          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="secondary" pending={searching}>
              {t('search.apply')}
            </Button>
            {anyFilter ? <Link to={basePath}>{t('search.clear')}</Link> : null}
          </div>
        </Form>

        <section aria-labelledby="search-results-title" aria-busy={searching || undefined}>
          <h2 id="search-results-title" className="sr-only">
            {t('search.results')}
          </h2>
          <div aria-live="polite" className="mb-3 text-stone-800" data-testid="result-count">
            {result.items.length ? (
              <p>
                <span className="font-semibold">
                  {result.totalIsCapped
                    ? t('search.countCapped', { total: formatNumber(result.total, locale) })
                    : t('search.count', { count: result.total })}
                </span>
                {result.total > result.items.length || result.offset > 0 ? (
                  <span className="text-stone-600"> · {t('search.range', { from, to })}</span>
                ) : null}
              </p>
            ) : null}
          </div>

          {result.items.length === 0 ? (
            <div
              className="rounded-lg border border-dashed border-stone-300 bg-white px-5 py-8"
              data-testid="search-empty"
            >
              <p className="text-lg font-semibold text-stone-900">{t('search.empty.title')}</p>
              <p className="mt-2 text-stone-700">{t('search.empty.intro')}</p>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-stone-700">
                {filters.q ? <li>{t('search.empty.words')}</li> : null}
                {filters.kinds.length || filters.wardCode || filters.skills.length ? (
                  <li>{t('search.empty.filters')}</li>
                ) : null}
                {filters.wardCode && !filters.formerDistrict ? <li>{t('search.empty.district')}</li> : null}
                {!filters.includeClosed ? <li>{t('search.empty.closed')}</li> : null}
              </ul>
              {anyFilter ? (
                <p className="mt-4">
                  <Link to={basePath} className={buttonClass('secondary')}>
                    {t('search.empty.clear')}
                  </Link>
                </p>
              ) : null}
            </div>
          ) : (
            <ol className="space-y-3" start={from}>
              {result.items.map((o) => (
                <li key={o.id}>
                  <OpportunityResultCard
                    o={o}
                    href={`${basePath}/${o.id}`}
                    today={today}
                    linkState={{ search: location.search }}
                  />
                </li>
              ))}
            </ol>
          )}

          {nextHref || result.offset > 0 ? (
            <nav aria-label={t('search.pages')} className="mt-6 flex flex-wrap items-center justify-between gap-3">
              {result.offset > 0 ? (
                <Link to={firstHref} className={buttonClass('ghost')}>
                  {t('search.first')}
                </Link>
              ) : (
                <span />
              )}
              {nextHref ? (
                <Link to={nextHref} className={buttonClass('secondary')} rel="next" data-testid="next-page">
                  {t('search.next')} →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  )
}
