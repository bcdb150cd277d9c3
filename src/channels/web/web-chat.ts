import type { InboundAnswer, InboundContent, InboundMessage } from '../../domain/inbound-content';
import type { Logger } from '../../logging/logger';
import { privacyTexts } from '../../messages/zh-CN';
import type { ChatHistoryStore, ChatLine } from './chat-history';

/**
 * One web chat turn: the message goes through the same router as WeChat's, and the exchange is
 * kept for the page to redraw on load. `shown` is what the resident's bubble says (the button's
 * label for a tapped choice, "[图片]" for a photo).
 */
export function createWebChat(deps: { inbound: { answer(msg: InboundMessage): Promise<InboundAnswer | null> }; history: ChatHistoryStore; logger: Logger; clock?: () => Date }) {
  const clock = deps.clock ?? (() => new Date());
  return async (resident: string, messageId: string, content: InboundContent, shown: string): Promise<InboundAnswer> => {
    const at = clock();
    const answer = await deps.inbound.answer({ id: messageId, channel: 'web', senderKey: resident, content, receivedAt: at });
    if (!answer) {
      // A repeated message id, or a resident told to slow down once already: nothing new to keep.
      return { replies: [], choices: (await deps.history.read(resident).catch(() => ({ choices: [] }))).choices };
    }
    try {
      // 删除我的信息 confirmed: what they wrote here goes with the rest.
      if (answer.replies.some((r) => r === privacyTexts.erased || r === privacyTexts.eraseNothing)) await deps.history.forget(resident);
      else {
        const stamp = at.toISOString();
        const lines: ChatLine[] = [{ who: 'me', text: shown, at: stamp }, ...answer.replies.map((text): ChatLine => ({ who: 'bot', text, at: stamp }))];
        await deps.history.append(resident, lines, answer.choices);
      }
    } catch (err) {
      // The store unreachable: the reply still reaches the page; only the redraw on reload misses it.
      deps.logger.warn('web chat history not kept', { err });
    }
    return answer;
  };
}

export type WebChat = ReturnType<typeof createWebChat>;
