import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { SkillOption } from '#app/modules/skills/skills.server.ts'
import { FilterableChoice } from './filterable-choice'

/** Several skills from the shared vocabulary, named in the reader's language, searchable in both. */
export function SkillPicker(props: {
  name: string
  skills: SkillOption[]
  defaultSelected?: readonly string[]
  errors?: string[]
  label: string
}) {
  const { t, i18n } = useTranslation()
  const english = i18n.language === 'en'
  return (
    <FilterableChoice
      type="checkbox"
      name={props.name}
      label={props.label}
      options={props.skills.map((s) => ({
        value: s.code,
        label: english ? s.nameEn : s.nameVi,
        hint: t(`skillGroup.${s.groupCode}`),
        searchText: s.searchText,
      }))}
      defaultSelected={props.defaultSelected}
      errors={props.errors}
      filterLabel={t('skillPicker.filter')}
    />
  )
}
