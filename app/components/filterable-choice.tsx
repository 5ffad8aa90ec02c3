import { useMemo, useState } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { foldVietnamese } from '#app/modules/wards/fold.ts'
import { FieldErrors } from './ui/field'

export type ChoiceOption = {
  value: string
  label: string
  /** Shown after the label, smaller (e.g. the former districts of a ward). */
  hint?: string
  /** Folded text the filter matches (defaults to the folded label and hint). */
  searchText?: string
}

/**
 * A filter box over a list of checkboxes (several choices) or radio buttons (one), for long lists such
 * as the 126 wards or the skills vocabulary. The filter ignores accents ("ha dong" finds "Hà Đông").
 * Without JavaScript the whole list is there and the form still works.
 */
export function FilterableChoice({
  name,
  type,
  label,
  options,
  defaultSelected = [],
  errors,
  filterLabel,
  id,
}: {
  name: string
  type: 'checkbox' | 'radio'
  label: string
  options: ChoiceOption[]
  defaultSelected?: readonly string[]
  errors?: string[]
  filterLabel: string
  id?: string
}) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState<Set<string>>(new Set(defaultSelected))
  const folded = foldVietnamese(query.trim())
  const searchable = useMemo(
    () => options.map((o) => ({ ...o, search: o.searchText ?? foldVietnamese(`${o.label} ${o.hint ?? ''}`) })),
    [options],
  )
  const visible = new Set(searchable.filter((o) => !folded || o.search.includes(folded)).map((o) => o.value))
  const base = id ?? name
  const errorId = `${base}-error`
  const chosenLabels = options.filter((o) => selected.has(o.value)).map((o) => o.label)
  return (
    <fieldset className="space-y-2" aria-describedby={errorId} id={base}>
      <legend className="text-sm font-medium text-stone-800">{label}</legend>
      <label className="block text-sm text-stone-700">
        <span className="sr-only">{filterLabel}</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={filterLabel}
          className="block w-full rounded-md border border-stone-400 px-3 py-2"
        />
      </label>
      <p className="text-xs text-stone-600" aria-live="polite">
        {type === 'checkbox'
          ? t('choice.selected', { count: selected.size })
          : chosenLabels[0]
            ? t('choice.chosen', { label: chosenLabels[0] })
            : t('choice.noneChosen')}
      </p>
      <div className="max-h-56 overflow-y-auto rounded-md border border-stone-300 bg-white p-2">
        {searchable.map((o) => (
          <label
            key={o.value}
            className={`flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-stone-50 ${visible.has(o.value) ? '' : 'hidden'}`}
          >
            <input
              type={type}
              name={name}
              value={o.value}
              checked={selected.has(o.value)}
              onChange={(e) => {
                if (type === 'radio') return setSelected(new Set([o.value]))
                const next = new Set(selected)
                if (e.target.checked) next.add(o.value)
                else next.delete(o.value)
                setSelected(next)
              }}
              className="mt-0.5 size-4"
            />
            <span>
              {o.label} {o.hint ? <span className="text-stone-500">({o.hint})</span> : null}
            </span>
          </label>
        ))}
        {visible.size === 0 ? <p className="px-1 py-1 text-sm text-stone-600">{t('choice.noMatch')}</p> : null}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}
