import { parseWithZod } from '@conform-to/zod/v4'
import { pageTitle } from '#app/utils/meta.ts'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { z } from '#app/utils/zod.ts'
import { StaffAccessControl } from '#app/components/staff-access.tsx'
import { WardPicker } from '#app/components/ward-picker.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { assignCaseworkerWards } from '#app/modules/auth/accounts.server.ts'
import { listCaseworkers } from '#app/modules/caseworkers/caseworkers.server.ts'
import { handleStaffAccess } from '#app/pages/staff-access.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/coordinator.caseworkers_.$userId'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'caseworkers.title')

const AssignWardsSchema = z.object({
  wardCodes: z
    .array(z.string().regex(/^\d{5}$/), { error: 'validation.wardRequired' })
    .min(1, { error: 'validation.wardRequired' })
    .max(20),
})

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'caseworker:assign-wards')
  const [caseworkers, wards] = await Promise.all([listCaseworkers({ actor }), listWards()])
  const caseworker = caseworkers.find((c) => c.id === params.userId)
  if (!caseworker) throw new Response('Not found', { status: 404 })
  return { caseworker, wards }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'caseworker:assign-wards')
  const formData = await readForm(request)
  if (formData.get('intent') === 'staff-access') {
    const userId = params.userId
    return handleStaffAccess({
      actor,
      formData,
      userId,
      backTo: `/coordinator/caseworkers/${encodeURIComponent(userId)}`,
    })
  }
  const submission = parseWithZod(formData, { schema: AssignWardsSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    await assignCaseworkerWards({ actor, userId: params.userId, wardCodes: submission.value.wardCodes })
  } catch (error) {
    const { status, result } = replyWithError(submission, error)
    return data({ result }, { status })
  }
  return redirectWithToast('/coordinator/caseworkers', { type: 'success', key: 'toast.wardsSaved' })
}

export default function CaseworkerDetail() {
  const { t } = useTranslation()
  const { caseworker, wards } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors = actionData?.result?.error?.wardCodes ?? undefined
  return (
    <div className="max-w-2xl">
      <p className="mb-2 text-sm">
        <Link to="/coordinator/caseworkers">← {t('caseworkers.title')}</Link>
      </p>
      <PageHeader title={caseworker.name} description={caseworker.email} />
      <Card title={t('caseworkers.wards')}>
        <Form method="post" className="space-y-3">
          <WardPicker
            name="wardCodes"
            label={t('caseworkers.wards')}
            wards={wards}
            defaultSelected={caseworker.wardCodes}
            errors={errors ?? undefined}
          />
          <Button type="submit" pending={navigation.state === 'submitting' && !navigation.formData?.has('intent')}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('staffAccess.title')} className="mt-6">
        <StaffAccessControl account={caseworker} />
      </Card>
    </div>
  )
}
