import { useId } from 'react'

/**
 * Small server-rendered SVG charts. Each is an image with a title and a description for screen readers, and
 * the same numbers as a table right below (`DataTable`) — the chart is never the only way to read them.
 */

export type Series = { key: string; label: string; color: string }

/** Vertical stacked bars: one bar per category (e.g. a month), one segment per series (e.g. a kind). */
export function StackedBars({
  title,
  description,
  categories,
  series,
  values,
}: {
  title: string
  description: string
  categories: string[]
  series: Series[]
  /** values[i][s]: category i, series s. */
  values: number[][]
}) {
  const id = useId()
  const width = 640
  const height = 220
  const left = 36
  const bottom = 28
  const top = 8
  const totals = values.map((v) => v.reduce((a, b) => a + b, 0))
  const max = Math.max(1, ...totals)
  const step = (width - left - 8) / Math.max(categories.length, 1)
  const bar = Math.max(6, Math.min(40, step * 0.6))
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max)
  const ticks = [0, Math.round(max / 2), max]
  return (
    <figure className="w-full">
      {/* Never narrower than its labels can be read at: on a phone it scrolls sideways instead. */}
      <div className="overflow-x-auto">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-t ${id}-d`}
          className="h-auto w-full min-w-[520px]"
          preserveAspectRatio="xMidYMid meet"
        >
          <title id={`${id}-t`}>{title}</title>
          <desc id={`${id}-d`}>{description}</desc>
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={left} x2={width - 4} y1={y(tick)} y2={y(tick)} stroke="#d6d3d1" strokeWidth={1} />
              <text x={left - 6} y={y(tick) + 4} textAnchor="end" fontSize={11} fill="#44403c">
                {tick}
              </text>
            </g>
          ))}
          {categories.map((c, i) => {
            const x = left + step * i + (step - bar) / 2
            let acc = 0
            return (
              <g key={c}>
                {series.map((s, si) => {
                  const v = values[i]?.[si] ?? 0
                  if (v === 0) return null
                  const y0 = y(acc + v)
                  const h = y(acc) - y0
                  acc += v
                  return (
                    <rect key={s.key} x={x} y={y0} width={bar} height={h} fill={s.color}>
                      <title>{`${c} · ${s.label}: ${v}`}</title>
                    </rect>
                  )
                })}
                <text x={x + bar / 2} y={height - 10} textAnchor="middle" fontSize={11} fill="#44403c">
                  {c}
                </text>
              </g>
            )
          })}
        </svg>
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-3 text-sm text-stone-700" aria-hidden="true">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <svg viewBox="0 0 12 12" className="size-3" aria-hidden="true">
              <rect width="12" height="12" rx="2" fill={s.color} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}

/** Horizontal bars, each with its value written at its end (a funnel, a ranking). */
export function HorizontalBars({
  title,
  description,
  items,
  color = '#1f6f50',
}: {
  title: string
  description: string
  items: { label: string; value: number }[]
  color?: string
}) {
  const id = useId()
  const max = Math.max(1, ...items.map((i) => i.value))
  const rowH = 30
  const width = 640
  const labelW = 180
  const height = items.length * rowH + 8
  return (
    <div className="overflow-x-auto">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="h-auto w-full min-w-[520px]"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {items.map((item, i) => {
          const w = ((width - labelW - 60) * item.value) / max
          const yy = 4 + i * rowH
          return (
            <g key={item.label}>
              <text x={labelW - 8} y={yy + 19} textAnchor="end" fontSize={13} fill="#1c1917">
                {item.label}
              </text>
              <rect
                x={labelW}
                y={yy + 4}
                width={Math.max(w, item.value > 0 ? 2 : 0)}
                height={rowH - 10}
                rx={3}
                fill={color}
              />
              <text x={labelW + w + 6} y={yy + 19} fontSize={13} fill="#1c1917">
                {item.value}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

/** The numbers behind a chart (or any report table), with a caption. */
export function DataTable({
  caption,
  headers,
  rows,
  testId,
}: {
  caption: string
  headers: string[]
  rows: (string | number)[][]
  testId?: string
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th
                key={h}
                scope="col"
                className={`border-b border-stone-300 px-2 py-1 font-semibold text-stone-800 ${i === 0 ? 'text-left' : 'text-right'}`}
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={ri} className="odd:bg-stone-50">
              {r.map((v, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="px-2 py-1 text-left font-normal">
                    {v}
                  </th>
                ) : (
                  <td key={i} className="px-2 py-1 text-right tabular-nums">
                    {v}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
