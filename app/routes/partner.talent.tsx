import { data, Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import { useState } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { z } from '#app/utils/zod.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { KeysetPager } from '#app/components/keyset-pager.tsx'
import { AnonymousCardFacts, MatchStatusBadge } from '#app/components/matching.tsx'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { matchErrorReply, type MatchFormError } from '#app/pages/match.server.ts'
import { MATCH_LIMITS } from '#app/modules/matching/lifecycle.ts'
import { expressInterest } from '#app/modules/matching/matches.server.ts'
import { listTalent, ownOpenListings, talentAreas, type TalentCard } from '#app/modules/matching/talent.server.ts'
import { listSkills } from '#app/modules/skills/skills.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/partner.talent'

// The anonymised talent pool: people who agreed to be in it, as cards without a name, a birth date, an
// address or any past. A partner asks to meet someone for one of its open listings; the caseworker decides.

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'talent.title')

const Filters = z.object({
  skill: z.string().max(60).nullable().catch(null),
  area: z.string().max(120).nullable().catch(null),
  need: z.enum(['job', 'course', 'loan']).nullable().catch(null),
})

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'partner', 'talent:browse')
  const params = new URL(request.url).searchParams
  const filters = Filters.parse({
    skill: params.get('skill') || null,
    area: params.get('area') || null,
    need: params.get('need') || null,
  })
  const [page, listings, skills, areas] = await Promise.all([
    listTalent({
      actor,
      filters: {
        skills: filters.skill ? [filters.skill] : [],
        district: filters.area,
        need: filters.need,
      },
      cursor: params.get('cursor'),
    }),
    ownOpenListings(actor),
    listSkills(),
    talentAreas(),
  ])
  return data(
    { ...page, filters, listings, skills, areas, paged: params.has('cursor') },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

const InterestSchema = z.object({
  publicCode: z.string().max(20),
  opportunityId: z.string().max(64),
  message: z.string().max(MATCH_LIMITS.messageMax * 4),
})

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requireAreaPermission(request, 'partner', 'talent:browse')
  const parsed = InterestSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) {
    return data(
      { error: { key: 'errors.invalid_input', field: null, values: {} } satisfies MatchFormError, publicCode: null },
      { status: 400 },
    )
  }
  try {
    await expressInterest({ actor, ...parsed.data })
  } catch (error) {
    // Someone no longer in the pool is answered as "not available", like a code that never existed.
    const reply =
      isAppError(error) && error.code === 'not_found'
        ? data({ error: { key: 'talent.notAvailable', field: null, values: {} } }, { status: 404 })
        : matchErrorReply(error)
    return data({ ...reply.data, publicCode: parsed.data.publicCode }, reply.init ?? undefined)
  }
  return redirectWithToast(`/partner/referrals?tab=interests`, {
    type: 'success',
    key: 'matching.toast.express_interest',
  })
}

/** The page's query (filters, page) with the card whose form to draw on the server. */
function withCard(searchParams: URLSearchParams, code: string) {
  const next = new URLSearchParams(searchParams)
  next.set('for', code)
  return next.toString()
}

function InterestForm({ card }: { card: TalentCard }) {
  const { t } = useTranslation()
  const { listings } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const error = actionData && actionData.publicCode === card.publicCode ? actionData.error : null
  // The form, with a choice of every open listing, is drawn when its card is opened, not 25 times per page.
  // Without JavaScript the link in <noscript> asks the server for this card's form (?for=code).
  const asked = searchParams.get('for') === card.publicCode
  const [open, setOpen] = useState(Boolean(error) || asked)
  if (listings.length === 0) {
    return <p className="mt-3 text-sm text-stone-700">{t('talent.noOpenListings')}</p>
  }
  return (
    <details
      className="mt-3"
      id={`interest-${card.publicCode}`}
      open={error || asked ? true : undefined}
      onToggle={(event) => {
        if (event.currentTarget.open) setOpen(true)
      }}
    >
      <summary className="cursor-pointer font-semibold text-brand-800">{t('talent.expressInterest')}</summary>
      {open ? (
        <InterestFields card={card} error={error} />
      ) : (
        <noscript>
          <a href={`?${withCard(searchParams, card.publicCode)}#interest-${card.publicCode}`}>
            {t('talent.expressInterest')}
          </a>
        </noscript>
      )}
    </details>
  )
}

function InterestFields({ card, error }: { card: TalentCard; error: MatchFormError | null }) {
  const { t } = useTranslation()
  const { listings } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <Form method="post" className="mt-3 space-y-3">
      <input type="hidden" name="publicCode" value={card.publicCode} />
      <SelectField
        label={t('talent.forListing')}
        errors={error?.field === 'opportunityId' ? [error.key] : undefined}
        selectProps={{ name: 'opportunityId', required: true, defaultValue: '' }}
      >
        <option value="" disabled>
          {t('talent.chooseListing')}
        </option>
        {listings.map((l) => (
          <option key={l.id} value={l.id}>
            {l.title}
          </option>
        ))}
      </SelectField>
      <TextareaField
        label={t('talent.message')}
        hint={t('talent.messageHint')}
        errors={error?.field === 'message' ? [error.key] : undefined}
        textareaProps={{ name: 'message', rows: 3, required: true, maxLength: MATCH_LIMITS.messageMax }}
      />
      {error && !error.field ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(error.key, { ...error.values, purpose: '' })}
        </p>
      ) : null}
      <Button
        type="submit"
        pending={navigation.state !== 'idle' && navigation.formData?.get('publicCode') === card.publicCode}
      >
        {t('talent.send')}
      </Button>
    </Form>
  )
}

function Card({ card }: { card: TalentCard }) {
  const { t } = useTranslation()
  return (
    <li
      className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs"
      data-testid="talent-card"
      data-code={card.publicCode}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="font-mono text-lg font-semibold text-stone-900">{card.publicCode}</p>
        {card.ownMatch ? <MatchStatusBadge status={card.ownMatch.status} /> : null}
      </div>
      <AnonymousCardFacts card={card} className="mt-2 text-sm" />
      {card.ownMatch ? (
        <p className="mt-3 text-sm">
          <Link to={`/partner/referrals/${card.ownMatch.id}`}>{t('talent.openRequest')}</Link>
        </p>
      ) : (
        <InterestForm card={card} />
      )}
    </li>
  )
}

export default function Talent() {
  const { t, i18n } = useTranslation()
  const { cards, nextCursor, filters, skills, areas, paged } = useLoaderData<typeof loader>()
  const english = i18n.language === 'en'
  return (
    <div className="space-y-6">
      <PageHeader title={t('talent.title')} description={t('talent.intro')} />
      <Form
        method="get"
        className="grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
      >
        <SelectField label={t('talent.skill')} selectProps={{ name: 'skill', defaultValue: filters.skill ?? '' }}>
          <option value="">{t('talent.any')}</option>
          {skills.map((s) => (
            <option key={s.code} value={s.code}>
              {english ? s.nameEn : s.nameVi}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('talent.area')} selectProps={{ name: 'area', defaultValue: filters.area ?? '' }}>
          <option value="">{t('talent.any')}</option>
          {areas.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('talent.wants')} selectProps={{ name: 'need', defaultValue: filters.need ?? '' }}>
          <option value="">{t('talent.any')}</option>
          {(['job', 'course', 'loan'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`matching.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <div className="flex gap-2 pb-5">
          <Button type="submit">{t('talent.filter')}</Button>
          <Link to="/partner/talent" className={buttonClass('secondary')}>
            {t('talent.clear')}
          </Link>
        </div>
      </Form>
      <p className="text-sm text-stone-700">{t('talent.privacy')}</p>
      {cards.length === 0 ? (
        <EmptyState title={t('talent.empty')}>{t('talent.emptyHint')}</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="talent-cards">
          {cards.map((card) => (
            <Card key={card.publicCode} card={card} />
          ))}
        </ul>
      )}
      <KeysetPager paged={paged} nextCursor={nextCursor} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
