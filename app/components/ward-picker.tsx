import { useTranslation } from '#app/modules/i18n/react.tsx'
import { foldVietnamese } from '#app/modules/wards/fold.ts'
import { FilterableChoice } from './filterable-choice'

export type WardPickerOption = { code: string; name: string; searchName: string; formerDistricts: string[] }

function toOptions(wards: WardPickerOption[]) {
  return wards.map((w) => ({
    value: w.code,
    label: w.name,
    hint: w.formerDistricts.join(', '),
    searchText: foldVietnamese(`${w.searchName} ${w.formerDistricts.join(' ')}`),
  }))
}

/** Several of the 126 wards and communes (a caseworker's area). */
export function WardPicker(props: {
  name: string
  wards: WardPickerOption[]
  defaultSelected?: string[]
  errors?: string[]
  label: string
}) {
  const { t } = useTranslation()
  return (
    <FilterableChoice
      type="checkbox"
      name={props.name}
      label={props.label}
      options={toOptions(props.wards)}
      defaultSelected={props.defaultSelected}
      errors={props.errors}
      filterLabel={t('wardPicker.filter')}
    />
  )
}

/** One ward or commune (where an organisation or a listing is). */
export function WardSelect(props: {
  name: string
  wards: WardPickerOption[]
  defaultValue?: string | null
  errors?: string[]
  label: string
}) {
  const { t } = useTranslation()
  return (
    <FilterableChoice
      type="radio"
      name={props.name}
      label={props.label}
      options={toOptions(props.wards)}
      defaultSelected={props.defaultValue ? [props.defaultValue] : []}
      errors={props.errors}
      filterLabel={t('wardPicker.filter')}
    />
  )
}
