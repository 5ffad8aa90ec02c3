import { parseWithZod } from '@conform-to/zod/v4'
import { data, Link, useActionData, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { ListingForm, listingFormDefaults } from '#app/components/listing-form.tsx'
import { ListingApprovalNotice } from '#app/components/listing-status.tsx'
import { PageHeader } from '#app/components/ui/card.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from '#app/modules/opportunities/kinds.ts'
import { listingSchema } from '#app/modules/opportunities/listings.schema.ts'
import { createListing, replyWithListingError } from '#app/modules/opportunities/listings.server.ts'
import { listSkills } from '#app/modules/skills/skills.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
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
