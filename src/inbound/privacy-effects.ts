import type { Effect, EffectResult } from '../dialogue/types';
import type { ResidentRecord } from '../domain/resident-record';
import type { Logger } from '../logging/logger';
import type { ResidentService } from '../privacy/resident-service';
import type { InboundMessage } from '../domain/inbound-content';

/** The part of the router's dependencies these effects use (named here, so the router and this module do not import each other). */
type PrivacyDeps = { residents: ResidentService; logger: Logger };

type PrivacyEffect = Extract<Effect, { type: 'recordConsent' | 'redeemBondCard' | 'eraseMyData' }>;

/**
 * Consent and bond card on record for a sender whose session has no consent. A database that
 * cannot answer only means the notice is shown again: it must not stop the conversation.
 */
export async function recordOf(deps: PrivacyDeps, msg: InboundMessage): Promise<ResidentRecord | null> {
  try {
    return await deps.residents.record({ channel: msg.channel, residentKey: msg.senderKey });
  } catch (err) {
    deps.logger.warn('resident record unavailable', { messageId: msg.id, err });
    return null;
  }
}

/** The router's side of the privacy effects the dialogue asks for. */
export async function runPrivacyEffect(
  deps: PrivacyDeps,
  msg: InboundMessage,
  effect: PrivacyEffect,
  at: Date,
): Promise<EffectResult> {
  const who = { channel: msg.channel, residentKey: msg.senderKey, contactRef: msg.contactRef ?? null };
  switch (effect.type) {
    case 'recordConsent':
      // The session remembers the consent too: if the row cannot be written now, the resident is
      // only asked again once their session has expired.
      await deps.residents.recordConsent(who, at).catch((err: unknown) => deps.logger.warn('consent not recorded', { messageId: msg.id, err }));
      return { type: 'consentRecorded' };
    case 'redeemBondCard': {
      const redeemed = await deps.residents.redeemBondCard(who, effect.code, at);
      deps.logger.info('bond card presented', { messageId: msg.id, code: effect.code, ok: redeemed.ok });
      if (!redeemed.ok) return { type: 'bondCard', code: effect.code, tie: null, refused: redeemed.reason };
      const { code, areaCode, areaName, cadreName } = redeemed;
      return { type: 'bondCard', code, tie: { code, areaCode, areaName, cadreName } };
    }
    case 'eraseMyData': {
      const erased = await deps.residents.erase({ channel: msg.channel, residentKey: msg.senderKey }, at);
      deps.logger.info('resident erased their personal data', { messageId: msg.id, erased });
      return { type: 'dataErased', erased };
    }
  }
}
