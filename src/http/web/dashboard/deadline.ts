import { formatShortDateTime } from '../../../domain/time';
import { deskViewTexts as d } from '../../../messages/zh-CN';
import { type Html, html } from '../html';

/** How a deadline stands: met or no longer watched, running, in its last 20 %, or missed. */
export type DueState = 'done' | 'ok' | 'soon' | 'late';

/**
 * A deadline's state at `now`: `late` once passed, `soon` in the last fifth of the time allowed
 * (from `start`, when the clock started: filing or reopening), else `ok`; `done` when it was met
 * (`metAt` set) or no longer applies.
 */
export function dueState(due: Date, start: Date, now: Date, metAt: Date | null): DueState {
  if (metAt) return 'done';
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'late';
  const whole = Math.max(1, due.getTime() - start.getTime());
  return left <= whole * 0.2 ? 'soon' : 'ok';
}

/** "2天3小时", "45分钟": a span in the largest two units that matter. */
export function spanText(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? d.days(days) + d.hours(hours) : d.days(days);
  if (hours > 0) return mins > 0 ? d.hours(hours) + d.minutes(mins) : d.hours(hours);
  return d.minutes(mins);
}

/** A deadline with its countdown ("剩 3小时" / "超期 2天"), coloured by state. */
export function deadline(opts: { label?: string; due: Date; start: Date; now: Date; metAt: Date | null; tz: string; kind: 'accept' | 'resolve' }): Html {
  const state = dueState(opts.due, opts.start, opts.now, opts.metAt);
  const left = opts.due.getTime() - opts.now.getTime();
  const words =
    state === 'done' ? (opts.metAt ? (opts.kind === 'accept' ? d.acceptedAt : d.resolvedAt)(formatShortDateTime(opts.metAt, opts.tz)) : d.notWatched)
    : state === 'late' ? d.late(spanText(left))
    : d.left(spanText(left));
  return html`<span class="due ${state}" data-due="${opts.kind}" data-state="${state}">${opts.label ? html`<b>${opts.label}</b> ` : ''}<time>${formatShortDateTime(opts.due, opts.tz)}</time> <em>${words}</em></span>`;
}
