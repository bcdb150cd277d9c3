import { afterEffect, newSession, step } from '../dialogue/intake';
import type { DialogueContext, Effect, EffectResult } from '../dialogue/types';
import { withResidentRecord } from '../dialogue/privacy';
import { choicesFor } from '../dialogue/choices';
import type { InboundAnswer, InboundMessage } from '../domain/inbound-content';
import { recordOf, runPrivacyEffect } from './privacy-effects';
import { runMeTooEffect } from './me-too-effects';
import { fileOne } from './pending-filings';
import { NO_STEP_AHEAD, type StepAhead } from './step-ahead';
import type { InboundDeps } from './router-deps';
import { type PendingFiling, pendingFilingsOf, saveStored, type Stored } from './stored-session';

export type ContextFor = (msg: InboundMessage, now: number) => DialogueContext;

/** What the dialogue is given each turn: the district's data and functions, and the time. */
export function dialogueContext(deps: InboundDeps): ContextFor {
  const { district } = deps;
  const areaContact = (code: string) => {
    const found = district.contactFor(code);
    return found && { ...found, phone: deps.showCadrePhone ? found.phone : null };
  };
  return (msg, now) => ({
    now,
    messageId: msg.id,
    idleTimeoutMs: deps.idleTimeoutMs,
    categories: district.categories,
    priorities: district.priorities,
    areas: district.grassroots,
    allAreas: district.areas,
    classify: district.classify,
    detectEmergency: district.detectEmergency,
    recogniseIntent: district.recogniseIntent,
    areaContact,
    requireConsent: true,
    meToo: deps.cases.meToo,
  });
}

/**
 * A resident's message through the dialogue: any filing left pending first, then the dialogue's
 * step, then the effects it asks for (each result fed back to it). A confirmed filing is saved
 * as pending before it is filed. `ctx`: the turn's context (contextFor of the message, its time).
 */
export async function dialogueTurn(deps: InboundDeps, ctx: DialogueContext, msg: InboundMessage, stored: Stored | null, at: Date, ahead: StepAhead = NO_STEP_AHEAD): Promise<InboundAnswer> {
  const now = at.getTime();
  const senderKey = `${msg.channel}:${msg.senderKey}`;
  const replies: string[] = [];
  let session = stored?.session ?? null;
  if (!session?.privacy?.agreedAt) session = withResidentRecord(session ?? newSession(now), await (ahead.record ?? recordOf(deps, msg)));

  // A filing confirmed before a crash, or deferred while the database was down: finish it first
  // (idempotent on its message id). A permanent failure puts the draft back, so the resident
  // can confirm once more; one deferred again stays pending, and the resident, already told
  // it is kept, is not told again.
  const hadPending = (stored?.pending.length ?? 0) > 0;
  const stillPending: PendingFiling[] = [];
  for (const pending of stored?.pending ?? []) {
    const result = await fileOne(deps, msg, pending, at);
    if (result.type === 'fileDeferred') stillPending.push(pending);
    if (session && (result.type !== 'fileDeferred' || session.filing)) {
      const after = afterEffect(session, result, ctx);
      session = after.session;
      replies.push(...after.replies);
    }
  }

  const workedAhead = ahead.take(session);
  const result = workedAhead ?? step(session, msg.content, ctx);
  session = result.session;
  replies.push(...result.replies);
  const filings = pendingFilingsOf(result.effects, msg, now);
  // Saved with the admission already when the step was worked out ahead (step-ahead.ts).
  if (filings.length && !(workedAhead && ahead.presaved)) await saveStored(deps.store, senderKey, { session, pending: [...stillPending, ...filings] }, true);

  for (const effect of result.effects) {
    const filing = effect.type === 'fileCase' ? filings.find((f) => f.confirmMessageId === effect.confirmMessageId) : undefined;
    const early = workedAhead ? ahead.lookUps?.get(effect) : undefined;
    const outcome = filing ? await fileOne(deps, msg, filing, at) : await (early ?? runEffect(deps, msg, effect, at));
    if (filing && outcome.type === 'fileDeferred') stillPending.push(filing);
    const after = afterEffect(session, outcome, ctx);
    session = after.session;
    replies.push(...after.replies);
  }
  await saveStored(deps.store, senderKey, { session, pending: stillPending }, hadPending || filings.length > 0 ? stillPending.length > 0 : undefined);
  return { replies, choices: choicesFor(session, ctx) };
}

/** An effect the dialogue asks for, run; handle-inbound starts 我也遇到's look-up with the admission. */
export async function runEffect(deps: InboundDeps, msg: InboundMessage, effect: Effect, at: Date): Promise<EffectResult> {
  const who = { channel: msg.channel, residentKey: msg.senderKey };
  switch (effect.type) {
    case 'fileCase':
      return fileOne(deps, msg, effect, at);
    case 'listMyCases':
      return { type: 'myCases', cases: await deps.cases.listResidentCases(who) };
    case 'lookupCase':
      return { type: 'caseLookup', caseNumber: effect.caseNumber, found: await deps.cases.findResidentCase(who, effect.caseNumber) };
    case 'findSimilarCase':
    case 'joinCase':
      return runMeTooEffect({ meToo: deps.cases.meToo ? deps.cases : undefined, logger: deps.logger }, msg, effect, at);
    case 'recordConsent':
    case 'redeemBondCard':
    case 'eraseMyData':
      return runPrivacyEffect(deps, msg, effect, at);
  }
}
