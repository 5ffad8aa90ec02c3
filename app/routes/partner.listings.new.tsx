import { parseWithZod } from '@conform-to/zod/v4'
import { data, Link, useActionData, useLoaderData } from 'react-router'
import { useTranslation } from '~/modules/i18n/react'
import { ListingForm, listingFormDefaults } from '~/components/listing-form'
import { ListingApprovalNotice } from '~/components/listing-status'
import { PageHeader } from '~/components/ui/card'
import { pageTitle } from '~/utils/meta'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from '~/modules/opportunities/kinds'
import { listingSchema } from '~/modules/opportunities/listings.schema'
import { createListing, replyWithListingError } from '~/modules/opportunities/listings.server'
import { listSkills } from '~/modules/skills/skills.server'
import { listWards } from '~/modules/wards/wards.server'
import { requirePermission } from '~/policy.server'
import { redirectWithToast } from '~/utils/toast.server'
import { readForm } from '~/utils/forms.server'
import type { Route } from './+types/partner.listings.new'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'listings.newTitle')

export async function loader({ request }: Route.LoaderArgs) {
  const { auth } = await requirePermission(request, 'listing:manage:own')
  const [wards, skills] = await Promise.all([listWards(), listSkills()])
  const membership = auth.membership!
  return {
    kind: OPPORTUNITY_KIND_BY_ORGANISATION[membership.organisationKind],
    organisationStatus: membership.organisationStatus,
    wards,
    skills,
  }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor, auth } = await requirePermission(request, 'listing:manage:own')
  const kind = OPPORTUNITY_KIND_BY_ORGANISATION[auth.membership!.organisationKind]
  const submission = parseWithZod(await readForm(request), { schema: listingSchema(kind) })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  let id: string
  try {
    ;({ id } = await createListing({ actor, listing: submission.value }))
  } catch (error) {
    const { result, status } = replyWithListingError(submission, error)
    return data({ result }, { status })
  }
  return redirectWithToast(`/partner/listings/${id}`, { type: 'success', key: 'listingToast.created' })
}

export default function NewListing() {
  const { t, i18n } = useTranslation()
  const { kind, organisationStatus, wards, skills } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const locale = i18n.language
  return (
    <div className="mx-auto max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to="/partner/listings">← {t('listings.backToList')}</Link>
      </p>
      <PageHeader title={t(`listings.new.${kind}`)} description={t('listingForm.intro')} />
      <ListingApprovalNotice organisationStatus={organisationStatus} />
      <ListingForm
        kind={kind}
        mode="create"
        defaultValue={listingFormDefaults(kind, null, locale)}
        lastResult={actionData?.result}
        wards={wards}
        skills={skills}
        cancelTo="/partner/listings"
      />
    </div>
  )
}
