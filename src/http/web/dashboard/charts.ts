import { type Html, html } from '../html';

export type Series = { name: string; color: string };
/** A null value (a rate with nothing to count) draws no bar and reads "—". `depth` indents the label (an area tree); `rollUp` marks a total of the rows below it. */
export type Row = { label: string; values: (number | null)[]; depth?: number; rollUp?: boolean; href?: string };

/** The drawing's own width: the SVG scales to its card (viewBox), so text stays in proportion. */
const W = 600;
const FONT = 15;

const legend = (series: Series[], x0: number) =>
  series.map((s, i) => html`<rect x="${x0 + i * 100}" y="6" width="14" height="14" fill="${s.color}"></rect><text x="${x0 + i * 100 + 19}" y="19" font-size="${FONT}">${s.name}</text>`);

/**
 * A horizontal grouped bar chart as inline SVG: drawn on the server, so it needs no script and
 * prints as it shows. Every bar carries its number; labels are escaped like every other text.
 */
export function barChart(opts: { title: string; series: Series[]; rows: Row[]; format?: (n: number) => string; max?: number; empty?: string }): Html {
  const barH = 18;
  const gap = 12;
  const labelW = 190;
  const plotW = W - labelW - 56;
  const fmt = opts.format ?? ((n: number) => String(n));
  if (opts.rows.length === 0) return html`<figure class="chart empty"><p>${opts.empty ?? '—'}</p></figure>`;
  const max = opts.max ?? Math.max(1, ...opts.rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const groupH = opts.series.length * barH + gap;
  const legendH = 30;
  const height = legendH + opts.rows.length * groupH + 4;
  return html`<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${opts.title}">
<title>${opts.title}</title>
${legend(opts.series, labelW)}
${opts.rows.map((r, ri) => {
    const y0 = legendH + ri * groupH;
    const indent = (r.depth ?? 0) * 16;
    return html`<g class="row${r.rollUp ? ' roll-up' : ''}" data-depth="${r.depth ?? 0}"${r.rollUp ? html` data-roll-up="true"` : ''}>
<text x="${indent + 2}" y="${y0 + (opts.series.length * barH) / 2 + 5}" font-size="${FONT}"${r.rollUp ? html` font-weight="bold"` : ''}>${r.label}</text>
${r.values.map((v, si) => {
      const w = v === null ? 0 : Math.round((Math.max(0, v) / max) * plotW);
      const label = v === null ? '—' : fmt(v);
      return html`<rect x="${labelW}" y="${y0 + si * barH}" width="${w}" height="${barH - 3}" fill="${opts.series[si]?.color ?? '#999'}"><title>${opts.series[si]?.name ?? ''} ${label}</title></rect><text class="value" x="${labelW + w + 4}" y="${y0 + si * barH + barH - 5}" font-size="${FONT - 2}">${label}</text>`;
    })}</g>`;
  })}
</svg></figure>`;
}

/** Vertical grouped bars, one group a week, each bar with its number above it and the week under it. */
export function trendChart(opts: { title: string; series: Series[]; weeks: { label: string; values: number[] }[]; empty?: string }): Html {
  if (opts.weeks.length === 0) return html`<figure class="chart empty"><p>${opts.empty ?? '—'}</p></figure>`;
  const groupW = Math.max(36, Math.min(90, (W - 20) / opts.weeks.length));
  const width = Math.max(W, Math.ceil(groupW * opts.weeks.length + 20));
  const top = 46;
  const plotH = 200;
  const height = top + plotH + 30;
  const max = Math.max(1, ...opts.weeks.flatMap((w) => w.values));
  const barW = (groupW - 8) / opts.series.length;
  return html`<figure class="chart trend"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${opts.title}">
<title>${opts.title}</title>
${legend(opts.series, 10)}
<line x1="10" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#999"></line>
${opts.weeks.map((w, wi) => {
    const x0 = 10 + wi * groupW;
    return html`<g class="week" data-week="${w.label}">
${w.values.map((v, si) => {
      const h = Math.round((v / max) * (plotH - 18));
      const x = x0 + 4 + si * barW;
      return html`<rect x="${x.toFixed(1)}" y="${top + plotH - h}" width="${(barW - 2).toFixed(1)}" height="${h}" fill="${opts.series[si]?.color ?? '#999'}"><title>${w.label} ${opts.series[si]?.name ?? ''} ${v}</title></rect><text class="value" x="${(x + (barW - 2) / 2).toFixed(1)}" y="${top + plotH - h - 4}" font-size="12" text-anchor="middle">${v}</text>`;
    })}
<text x="${(x0 + groupW / 2).toFixed(1)}" y="${top + plotH + 18}" font-size="12" text-anchor="middle">${w.label.slice(5)}</text></g>`;
  })}
</svg></figure>`;
}

export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
