import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { CheckboxField, Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { createSkill, SKILL_GROUPS, SkillSchema, updateSkill } from '#app/modules/skills/skills-admin.server.ts'
import { listSkills } from '#app/modules/skills/skills.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/coordinator.skills'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'skillsAdmin.title')

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, 'skills:manage')
  return { skills: await listSkills({ includeInactive: true }), groups: SKILL_GROUPS }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'skills:manage')
  const formData = await readForm(request)
  const code = formData.get('code')
  const submission = parseWithZod(formData, { schema: SkillSchema })
  if (submission.status !== 'success') return data({ code, result: submission.reply() }, { status: 400 })
  try {
    if (typeof code === 'string' && code) await updateSkill({ actor, code, input: submission.value })
    else await createSkill({ actor, input: submission.value })
  } catch (error) {
    if (isAppError(error) && error.code === 'conflict') {
      return data(
        { code, result: submission.reply({ fieldErrors: { nameEn: ['skillsAdmin.exists'] } }) },
        { status: 409 },
      )
    }
    const { status, result } = replyWithError(submission, error)
    return data({ code, result }, { status })
  }
  return redirectWithToast('/coordinator/skills', {
    type: 'success',
    key: code ? 'toast.skillSaved' : 'toast.skillAdded',
  })
}

function SkillForm({
  skill,
  groups,
}: {
  skill?: { code: string; nameVi: string; nameEn: string; groupCode: string; active: boolean }
  groups: readonly string[]
}) {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const mine = (actionData?.code ?? '') === (skill?.code ?? '')
  const errors = mine ? actionData?.result?.error : undefined
  const id = skill?.code ?? 'new'
  return (
    <Form method="post" className="grid gap-2 sm:grid-cols-2">
      {skill ? <input type="hidden" name="code" value={skill.code} /> : null}
      <FormErrors errors={errors?.[''] ?? undefined} />
      <Field
        label={t('skillsAdmin.nameVi')}
        errors={errors?.nameVi ?? undefined}
        inputProps={{ name: 'nameVi', id: `${id}-vi`, defaultValue: skill?.nameVi, required: true, maxLength: 80 }}
      />
      <Field
        label={t('skillsAdmin.nameEn')}
        errors={errors?.nameEn ?? undefined}
        inputProps={{ name: 'nameEn', id: `${id}-en`, defaultValue: skill?.nameEn, required: true, maxLength: 80 }}
      />
      <SelectField
        label={t('skillsAdmin.group')}
        errors={errors?.groupCode ?? undefined}
        selectProps={{ name: 'groupCode', id: `${id}-group`, defaultValue: skill?.groupCode ?? '' }}
      >
        <option value="">{t('common.choose')}</option>
        {groups.map((g) => (
          <option key={g} value={g}>
            {t(`skillGroup.${g}`)}
          </option>
        ))}
      </SelectField>
      <div className="flex items-center justify-between gap-3 self-end pb-5">
        <CheckboxField
          label={t('skillsAdmin.active')}
          inputProps={{ name: 'active', id: `${id}-active`, defaultChecked: skill?.active ?? true }}
        />
        <Button
          type="submit"
          variant={skill ? 'secondary' : 'primary'}
          pending={navigation.state === 'submitting' && mine}
        >
          {skill ? t('common.save') : t('skillsAdmin.add')}
        </Button>
      </div>
    </Form>
  )
}

export default function SkillsAdmin() {
  const { t, i18n } = useTranslation()
  const { skills, groups } = useLoaderData<typeof loader>()
  const english = i18n.language === 'en'
  return (
    <div>
      <PageHeader title={t('skillsAdmin.title')} description={t('skillsAdmin.intro')} />
      <Card title={t('skillsAdmin.addTitle')} className="mb-6">
        <SkillForm groups={groups} />
      </Card>
      {groups.map((g) => {
        const inGroup = skills.filter((s) => s.groupCode === g)
        if (inGroup.length === 0) return null
        return (
          <section key={g} className="mb-6">
            <h2 className="mb-2 text-lg font-semibold">{t(`skillGroup.${g}`)}</h2>
            <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
              {inGroup.map((s) => (
                <li key={s.code} className="px-4 py-2">
                  <details>
                    <summary className="cursor-pointer">
                      <span className="font-medium">{english ? s.nameEn : s.nameVi}</span>{' '}
                      <span className="text-sm text-stone-600">
                        · {english ? s.nameVi : s.nameEn}
                        {s.active ? '' : ` · ${t('skillsAdmin.retired')}`}
                      </span>
                    </summary>
                    <div className="pt-3">
                      <SkillForm skill={s} groups={groups} />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </div>
  )
}
