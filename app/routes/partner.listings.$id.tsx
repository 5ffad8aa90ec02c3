import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { ReactNode } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { ListingApprovalNotice, ListingStatusBadge } from '#app/components/listing-status.tsx'
import { OpportunityDetails } from '#app/components/opportunity-details.tsx'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { formatDate, formatDateTime, formatNumber } from '#app/modules/i18n/format.ts'
import { type Locale } from '#app/modules/i18n/locales.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { hanoiToday, reopenListingSchema } from '#app/modules/opportunities/listings.schema.ts'
import {
  closeListing,
  deleteDraft,
  getOwnListing,
  listingErrorMessage,
  notFoundAs404,
  publishListing,
  reopenListing,
  replyWithListingError,
} from '#app/modules/opportunities/listings.server.ts'
import { can } from '#app/policy.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/partner.listings.$id'

export const meta: Route.MetaFunction = ({ matches, data }) => {
  const [title] = pageTitle(matches, 'listings.previewTitle')
  return data ? [{ title: `${data.listing.opportunity.title} · Hòa Nhập` }] : [title!]
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor, auth } = await requirePermission(request, 'listing:manage:own')
  const listing = await notFoundAs404(getOwnListing({ actor, listingId: params.id }))
  return {
    listing,
    organisationStatus: auth.membership!.organisationStatus,
    canPublish: can(actor, 'listing:publish:own'),
    today: hanoiToday(),
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'listing:manage:own')
  const listingId = params.id
  const here = `/partner/listings/${listingId}`
  const formData = await readForm(request)
  const intent = formData.get('intent')
  try {
    if (intent === 'publish') {
      await publishListing({ actor, listingId })
      return redirectWithToast(here, { type: 'success', key: 'listingToast.published' })
    }
    if (intent === 'close') {
      await closeListing({ actor, listingId })
      return redirectWithToast(here, { type: 'success', key: 'listingToast.closed' })
    }
    if (intent === 'delete') {
      await deleteDraft({ actor, listingId })
      return redirectWithToast('/partner/listings', { type: 'success', key: 'listingToast.deleted' })
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found') throw new Response('Not found', { status: 404 })
    return data({ intent, error: listingErrorMessage(error), result: undefined }, { status: error.status })
  }
  if (intent === 'reopen') {
    const submission = parseWithZod(formData, { schema: reopenListingSchema() })
    if (submission.status !== 'success') {
      return data({ intent, error: null, result: submission.reply() }, { status: 400 })
    }
    try {
      await reopenListing({ actor, listingId, deadline: submission.value.deadline })
    } catch (error) {
      const { result, status } = replyWithListingError(submission, error)
      return data({ intent, error: null, result }, { status })
    }
    return redirectWithToast(here, { type: 'success', key: 'listingToast.reopened' })
  }
  return data({ intent: null, error: 'errors.invalid_input', result: undefined }, { status: 400 })
}

function Meta({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt className="text-stone-600">{label}</dt>
      <dd className="text-stone-900">{children}</dd>
    </div>
  )
}

export default function ListingPage() {
  const { t, i18n } = useTranslation()
  const locale: Locale = i18n.language
  const { listing, organisationStatus, canPublish, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = (intent: string) => navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  const o = listing.opportunity
  const reopenDefault = o.deadline && o.deadline >= today ? o.deadline : undefined
  const reopenValidation = useValidationOnFocus(() =>
    import('#app/modules/opportunities/listings.schema.ts').then((m) => m.reopenListingSchema()),
  )
  const [reopenForm, reopenFields] = useForm<FormFields<ReturnType<typeof reopenListingSchema>>>({
    id: 'reopen-listing',
    lastResult: actionData?.intent === 'reopen' ? actionData.result : undefined,
    defaultValue: { deadline: reopenDefault },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: reopenValidation.onValidate,
  })
  useRecheckWhenLoaded(reopenValidation, reopenForm)
  const editLink = (
    <Link to={`/partner/listings/${listing.id}/edit`} className={buttonClass('secondary')}>
      {t('listings.actions.edit')}
    </Link>
  )

  return (
    <div>
      <p className="mb-2 text-sm">
        <Link to="/partner/listings">← {t('listings.backToList')}</Link>
      </p>
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 text-2xl font-bold break-words text-stone-900 sm:text-3xl">{o.title}</h1>
        <ListingStatusBadge status={listing.status} />
      </div>
      <ListingApprovalNotice organisationStatus={organisationStatus} />

      <div className="grid gap-6 lg:grid-cols-3">
        <aside className="space-y-4 lg:order-2" aria-labelledby="listing-actions-title">
          <section className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-5">
            <h2 id="listing-actions-title" className="text-lg font-semibold text-stone-900">
              {t('listings.actions.title')}
            </h2>
            <p className="mt-1 text-sm text-stone-700">
              {/* An open listing of an organisation that is not approved (now) is hidden from caseworkers. */}
              {listing.status === 'open' && organisationStatus !== 'approved'
                ? t('listings.stateExplain.openHidden')
                : t(`listings.stateExplain.${listing.status}`)}
            </p>
            {listing.deadlinePassed ? (
              <p
                role="alert"
                className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
              >
                {t('listings.deadlinePassedExplain')}
              </p>
            ) : null}
            {actionData?.error ? (
              <div className="mt-3">
                <FormErrors errors={[actionData.error]} />
              </div>
            ) : null}

            {listing.status === 'draft' ? (
              <div className="mt-4 flex flex-wrap gap-2">
                {canPublish ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="publish" />
                    <Button type="submit" pending={busy('publish')}>
                      {t('listings.actions.publish')}
                    </Button>
                  </Form>
                ) : null}
                {editLink}
              </div>
            ) : null}
            {listing.status === 'draft' && !canPublish ? (
              <p className="mt-2 text-sm text-stone-700">{t('listings.actions.publishLater')}</p>
            ) : null}

            {listing.status === 'open' ? (
              <div className="mt-4 flex flex-wrap gap-2">
                {editLink}
                <Form method="post">
                  <input type="hidden" name="intent" value="close" />
                  <Button type="submit" variant="secondary" pending={busy('close')}>
                    {t('listings.actions.close')}
                  </Button>
                </Form>
              </div>
            ) : null}

            {listing.status === 'closed' && canPublish ? (
              <Form
                method="post"
                {...getFormProps(reopenForm)}
                onFocus={reopenValidation.load}
                className="mt-4 space-y-2"
              >
                <input type="hidden" name="intent" value="reopen" />
                <Field
                  label={t('listings.actions.reopenDeadline')}
                  hint={t('listings.actions.reopenDeadlineHint')}
                  errors={reopenFields.deadline.errors}
                  inputProps={{ ...getInputProps(reopenFields.deadline, { type: 'date' }), min: today }}
                />
                <FormErrors errors={reopenForm.errors} />
                <Button type="submit" pending={busy('reopen')}>
                  {t('listings.actions.reopen')}
                </Button>
              </Form>
            ) : null}
            {listing.status === 'closed' && !canPublish ? (
              <p className="mt-3 text-sm text-stone-700">{t('listings.actions.reopenLater')}</p>
            ) : null}

            {listing.status === 'draft' ? (
              <details className="mt-4 border-t border-stone-200 pt-3">
                <summary className="cursor-pointer text-sm font-medium text-red-800">
                  {t('listings.actions.delete')}
                </summary>
                <p className="mt-2 text-sm text-stone-700">{t('listings.actions.deleteConfirm')}</p>
                <Form method="post" className="mt-2">
                  <input type="hidden" name="intent" value="delete" />
                  <Button type="submit" variant="danger" pending={busy('delete')}>
                    {t('listings.actions.deleteYes')}
                  </Button>
                </Form>
              </details>
            ) : null}
          </section>

          <section className="rounded-lg border border-stone-200 bg-white p-4 text-sm shadow-xs sm:p-5">
            <h2 className="text-base font-semibold text-stone-900">{t('listings.facts.title')}</h2>
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 lg:grid-cols-1">
              <Meta label={t('listings.facts.referrals')}>{formatNumber(listing.referralCount, locale)}</Meta>
              <Meta label={t(`listings.columns.seatsLeft.${listing.kind}`)}>
                {t('listings.seatsOf', {
                  left: formatNumber(o.seatsLeft ?? o.capacity, locale),
                  total: formatNumber(o.capacity, locale),
                })}
              </Meta>
              {listing.publishedAt ? (
                <Meta label={t('listings.facts.published')}>{formatDate(listing.publishedAt, locale)}</Meta>
              ) : null}
              {listing.closedAt ? (
                <Meta label={t('listings.facts.closed')}>{formatDate(listing.closedAt, locale)}</Meta>
              ) : null}
              <Meta label={t('listings.facts.updated')}>{formatDateTime(listing.updatedAt, locale)}</Meta>
              <Meta label={t('listings.facts.created')}>{formatDate(listing.createdAt, locale)}</Meta>
            </dl>
            <p className="mt-3 text-stone-600">{t('listings.facts.referralsNote')}</p>
          </section>
        </aside>

        <section className="min-w-0 lg:col-span-2" aria-labelledby="listing-preview-title">
          <h2 id="listing-preview-title" className="text-lg font-semibold text-stone-900">
            {t('listings.previewTitle')}
          </h2>
          <p className="mb-3 text-sm text-stone-700">{t('listings.previewIntro')}</p>
          <OpportunityDetails opportunity={o} headingLevel={3} />
        </section>
      </div>
    </div>
  )
}
