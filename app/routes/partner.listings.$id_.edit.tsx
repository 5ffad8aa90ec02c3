import { parseWithZod } from '@conform-to/zod/v4'
import { data, Link, useActionData, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { ListingForm, listingFormDefaults } from '#app/components/listing-form.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { listingSchema } from '#app/modules/opportunities/listings.schema.ts'
import {
  getOwnListing,
  notFoundAs404,
  replyWithListingError,
  toListingValues,
  updateListing,
} from '#app/modules/opportunities/listings.server.ts'
import { listSkills } from '#app/modules/skills/skills.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/partner.listings.$id_.edit'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'listings.editTitle')

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'listing:manage:own')
  const listing = await notFoundAs404(getOwnListing({ actor, listingId: params.id }))
  if (listing.status === 'closed') {
    // A closed listing is reopened before it is changed (the page says so).
    throw await redirectWithToast(`/partner/listings/${listing.id}`, {
      type: 'info',
      key: 'listingErrors.cannotEditClosed',
    })
  }
  const [wards, skills] = await Promise.all([listWards(), listSkills()])
  return {
    id: listing.id,
    kind: listing.kind,
    status: listing.status,
    title: listing.opportunity.title,
    version: listing.updatedAt,
    values: toListingValues(listing.opportunity),
    wards,
    skills,
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'listing:manage:own')
  const listingId = params.id
  const formData = await readForm(request)
  const version = formData.get('version')
  // The kind is the listing's own: the form says which schema it was built for, the domain checks it.
  const kind = formData.get('kind')
  const submission = parseWithZod(formData, {
    schema: listingSchema(kind === 'course' || kind === 'loan' ? kind : 'job'),
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    await updateListing({
      actor,
      listingId,
      listing: submission.value,
      expectedUpdatedAt: typeof version === 'string' ? version : null,
    })
  } catch (error) {
    const { result, status } = replyWithListingError(submission, error)
    return data({ result }, { status })
  }
  return redirectWithToast(`/partner/listings/${listingId}`, { type: 'success', key: 'listingToast.saved' })
}

export default function EditListing() {
  const { t, i18n } = useTranslation()
  const { id, kind, status, title, version, values, wards, skills } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const locale = i18n.language
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to={`/partner/listings/${id}`}>← {t('listings.backToListing')}</Link>
      </p>
      <PageHeader title={t('listings.editTitle')} description={title} />
      <ListingForm
        kind={kind}
        mode="edit"
        defaultValue={listingFormDefaults(kind, values, locale)}
        lastResult={actionData?.result}
        wards={wards}
        skills={skills}
        version={version}
        cancelTo={`/partner/listings/${id}`}
        editingOpen={status === 'open'}
      />
    </div>
  )
}
