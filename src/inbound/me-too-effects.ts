import type { Effect, EffectResult, SimilarOffer } from '../dialogue/types';
import type { SimilarCase } from '../cases/similar-cases';
import type { CaseService } from '../cases/case-service';
import { meTooTexts } from '../messages/zh-CN';
import type { Logger } from '../logging/logger';
import type { InboundMessage } from '../domain/inbound-content';

/** The part of the case service 我也遇到 needs (absent: the feature is off, ME_TOO_DAYS=0). */
export type MeTooService = Pick<CaseService, 'findSimilarCase' | 'joinCase'>;

type MeTooEffect = Extract<Effect, { type: 'findSimilarCase' | 'joinCase' }>;

export const isMeTooEffect = (effect: Effect): effect is MeTooEffect => effect.type === 'findSimilarCase' || effect.type === 'joinCase';

/**
 * Runs the two 我也遇到 effects. These are the only database reads the feature adds to a
 * resident's turns: one look-up per report (after its location step) and one write when they join.
 * A failed look-up is "nothing similar" — the report goes on as a new case.
 */
export async function runMeTooEffect(
  deps: { meToo?: MeTooService; logger: Logger },
  msg: Pick<InboundMessage, 'id' | 'channel' | 'senderKey' | 'senderName' | 'contactRef'>,
  effect: MeTooEffect,
  at: Date,
): Promise<EffectResult> {
  if (effect.type === 'findSimilarCase') {
    if (!deps.meToo) return { type: 'similarCase', found: null };
    try {
      const found = await deps.meToo.findSimilarCase({ ...effect, at });
      return { type: 'similarCase', found: found && offerOf(found) };
    } catch (err) {
      deps.logger.warn('similar case look-up failed', { messageId: msg.id, err });
      return { type: 'similarCase', found: null };
    }
  }
  if (!deps.meToo) return { type: 'caseJoined', outcome: 'failed', caseNumber: effect.caseNumber };
  try {
    const joined = await deps.meToo.joinCase({
      channel: msg.channel,
      residentKey: msg.senderKey,
      residentName: msg.senderName,
      contactRef: msg.contactRef ?? null,
      caseNumber: effect.caseNumber,
      households: effect.households,
      phone: effect.phone,
      at,
    });
    deps.logger.info('resident joined case', { messageId: msg.id, caseNumber: joined.caseNumber, outcome: joined.outcome });
    if (joined.outcome === 'closed') return { type: 'caseJoined', outcome: 'closed', caseNumber: joined.caseNumber };
    return { type: 'caseJoined', outcome: joined.outcome, caseNumber: joined.caseNumber, reporterCount: joined.reporterCount, households: joined.households };
  } catch (err) {
    deps.logger.error('joining case failed', { messageId: msg.id, caseNumber: effect.caseNumber, err });
    return { type: 'caseJoined', outcome: 'failed', caseNumber: effect.caseNumber };
  }
}

/**
 * What the resident is shown: a neutral summary (place, category, status, how many residents
 * reported and the households they gave), never the other resident's own words.
 */
export function offerOf(c: SimilarCase): SimilarOffer {
  return {
    caseNumber: c.caseNumber,
    place: c.locationText ? `${c.areaName}${c.locationText}` : c.areaName,
    categoryName: c.categoryName,
    reporters: c.reporterCount,
    households: c.households,
    open: meTooTexts.openText(c.status),
  };
}
