import { type Html, html } from '../html';

export type Series = { name: string; color: string };
/** A null value (a rate with nothing to count) draws no bar and reads "—". */
export type Row = { label: string; values: (number | null)[] };

/**
 * A horizontal grouped bar chart as inline SVG: drawn on the server, so it needs no script and
 * prints as it shows. Labels are escaped like every other text.
 */
export function barChart(opts: { title: string; series: Series[]; rows: Row[]; format?: (n: number) => string; max?: number }): Html {
  const barH = 14;
  const gap = 10;
  const labelW = 130;
  const plotW = 420;
  const fmt = opts.format ?? ((n: number) => String(n));
  const max = opts.max ?? Math.max(1, ...opts.rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const groupH = opts.series.length * barH + gap;
  const legendH = 24;
  const height = legendH + opts.rows.length * groupH + 4;
  const width = labelW + plotW + 60;
  return html`<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${opts.title}">
<title>${opts.title}</title>
${opts.series.map((s, i) => html`<rect x="${labelW + i * 90}" y="4" width="12" height="12" fill="${s.color}"></rect><text x="${labelW + i * 90 + 16}" y="15" font-size="12">${s.name}</text>`)}
${opts.rows.map((r, ri) => {
    const y0 = legendH + ri * groupH;
    return html`<text x="${labelW - 6}" y="${y0 + (opts.series.length * barH) / 2 + 4}" font-size="12" text-anchor="end">${r.label}</text>
${r.values.map((v, si) => {
      const w = v === null ? 0 : Math.round((Math.max(0, v) / max) * plotW);
      const label = v === null ? '—' : fmt(v);
      return html`<rect x="${labelW}" y="${y0 + si * barH}" width="${w}" height="${barH - 2}" fill="${opts.series[si]?.color ?? '#999'}"><title>${opts.series[si]?.name ?? ''} ${label}</title></rect><text x="${labelW + w + 4}" y="${y0 + si * barH + barH - 4}" font-size="11">${label}</text>`;
    })}`;
  })}
</svg></figure>`;
}

export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
