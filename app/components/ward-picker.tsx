import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { foldVietnamese } from '~/modules/wards/fold'
import { FieldErrors } from './ui/field'

export type WardPickerOption = { code: string; name: string; searchName: string; formerDistricts: string[] }

/**
 * Choose one or more of the 126 wards: a filter box (accents optional: "ha dong" finds "Hà Đông") over
 * a list of checkboxes. Works without JavaScript (the filter just does nothing).
 */
export function WardPicker({
  name,
  wards,
  defaultSelected = [],
  errors,
  label,
}: {
  name: string
  wards: WardPickerOption[]
  defaultSelected?: string[]
  errors?: string[]
  label: string
}) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState<Set<string>>(new Set(defaultSelected))
  const folded = foldVietnamese(query.trim())
  const visible = useMemo(
    () =>
      wards.filter(
        (w) =>
          !folded || w.searchName.includes(folded) || w.formerDistricts.some((d) => foldVietnamese(d).includes(folded)),
      ),
    [wards, folded],
  )
  const errorId = `${name}-error`
  return (
    <fieldset className="space-y-2" aria-describedby={errorId}>
      <legend className="text-sm font-medium text-stone-800">{label}</legend>
      <label className="block text-sm text-stone-700">
        <span className="sr-only">{t('wardPicker.filter')}</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('wardPicker.filter')}
          className="block w-full rounded-md border border-stone-400 px-3 py-2"
        />
      </label>
      <p className="text-xs text-stone-600" aria-live="polite">
        {t('wardPicker.selected', { count: selected.size })}
      </p>
      <div className="max-h-56 overflow-y-auto rounded-md border border-stone-300 bg-white p-2">
        {wards.map((w) => (
          <label
            key={w.code}
            className={`flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-stone-50 ${visible.includes(w) ? '' : 'hidden'}`}
          >
            <input
              type="checkbox"
              name={name}
              value={w.code}
              checked={selected.has(w.code)}
              onChange={(e) => {
                const next = new Set(selected)
                if (e.target.checked) next.add(w.code)
                else next.delete(w.code)
                setSelected(next)
              }}
              className="mt-0.5 size-4"
            />
            <span>
              {w.name} <span className="text-stone-500">({w.formerDistricts.join(', ')})</span>
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}
