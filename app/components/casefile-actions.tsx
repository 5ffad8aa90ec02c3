import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import { useState } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { loadCasefile } from '#app/pages/casefile.server.ts'
import { WardSelect, type WardPickerOption } from './ward-picker'
import { Button } from './ui/button'
import { Card } from './ui/card'
import { TextareaField } from './ui/field'

/**
 * What is done to a record as a whole: transfer it to the ward the person moved to, check for duplicates,
 * and (coordinators) export everything held, for the person's right of access.
 */
export function CasefileActions() {
  const { t } = useTranslation()
  const d = useLoaderData<typeof loadCasefile>()
  const actionData = useActionData<{ intent?: string; result?: { error?: Record<string, string[] | null> } }>()
  const navigation = useNavigation()
  const busy = (intent: string) => navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  if (!d.canWrite || d.candidate.merged) return null
  const transferErrors = actionData?.intent === 'transfer' ? actionData.result?.error : undefined
  return (
    <Card title={t('casefileActions.title')}>
      {d.nextStatuses.length > 0 ? (
        <div className="mb-4 flex flex-wrap gap-2">
          {d.nextStatuses.map((status) => (
            <Form method="post" key={status}>
              <input type="hidden" name="intent" value="setStatus" />
              <input type="hidden" name="status" value={status} />
              <Button
                type="submit"
                variant={status === 'closed' ? 'danger' : 'secondary'}
                pending={busy('setStatus') && navigation.formData?.get('status') === status}
              >
                {t(`casefileActions.setStatus.${status}`)}
              </Button>
            </Form>
          ))}
        </div>
      ) : null}
      {d.candidate.status !== 'closed' ? (
        <TransferDetails errors={transferErrors} busy={busy('transfer')} wards={d.wards} />
      ) : null}
      {d.canExport ? (
        <details className="mt-4">
          <summary className="cursor-pointer font-medium">{t('casefileActions.export')}</summary>
          <p className="mt-2 text-sm text-stone-700">{t('casefileActions.exportIntro')}</p>
          {/* A plain form (no client routing): the answer is a file to save. */}
          <form method="post" action={`/coordinator/candidates/${d.candidate.id}/export`} className="mt-3 space-y-2">
            <TextareaField
              label={t('casefileActions.exportReason')}
              textareaProps={{
                name: 'reason',
                id: 'export-reason',
                rows: 2,
                minLength: 5,
                maxLength: 500,
                required: true,
              }}
            />
            <Button type="submit" variant="secondary">
              {t('casefileActions.exportSubmit')}
            </Button>
          </form>
        </details>
      ) : null}
      {d.canExport ? (
        <p className="mt-4 text-sm">
          <a href={`/coordinator/candidates/merge?a=${d.candidate.publicCode}`}>{t('casefileActions.duplicates')}</a>
        </p>
      ) : null}
    </Card>
  )
}

/**
 * The transfer form. Its choice of 125 wards is drawn when the person opens it, not on every view of the
 * record; without JavaScript the link in <noscript> asks the server for the page with it drawn (?transfer=1).
 */
function TransferDetails(props: {
  errors: Record<string, string[] | null> | undefined
  busy: boolean
  wards: WardPickerOption[]
}) {
  const { t } = useTranslation()
  const [searchParams] = useSearchParams()
  const asked = searchParams.get('transfer') === '1'
  const [opened, setOpened] = useState(false)
  const drawn = opened || asked || Boolean(props.errors)
  return (
    <details
      id="transfer"
      open={props.errors || asked ? true : undefined}
      onToggle={(event) => {
        if (event.currentTarget.open) setOpened(true)
      }}
    >
      <summary className="cursor-pointer font-medium">{t('casefileActions.transfer')}</summary>
      <p className="mt-2 text-sm text-stone-700">{t('casefileActions.transferIntro')}</p>
      {drawn ? (
        <Form method="post" className="mt-3 space-y-2">
          <input type="hidden" name="intent" value="transfer" />
          <WardSelect
            name="toWardCode"
            label={t('casefileActions.toWard')}
            wards={props.wards}
            errors={props.errors?.toWardCode ?? undefined}
          />
          <TextareaField
            label={t('casefileActions.reason')}
            errors={props.errors?.reason ?? undefined}
            textareaProps={{ name: 'reason', id: 'transfer-reason', rows: 2, maxLength: 500 }}
          />
          <Button type="submit" pending={props.busy}>
            {t('casefileActions.transferSubmit')}
          </Button>
        </Form>
      ) : (
        <noscript>
          <a href="?transfer=1#transfer">{t('casefileActions.transferOpen')}</a>
        </noscript>
      )}
    </details>
  )
}
