import { CaseRefusal } from '../../cases/case-change';
import { cadreTexts, messages } from '../../messages/zh-CN';

/** Why a cadre's step was refused, in the words WeChat uses: the web sides say the same. */
export function refusalText(err: CaseRefusal): string {
  const n = err.info.caseNumber;
  switch (err.code) {
    case 'notFound':
      return cadreTexts.notFound(n);
    case 'notYours':
      return cadreTexts.notYours(n, err.info.assigneeName);
    case 'badTransition':
      return cadreTexts.badTransition(n, messages.statusText(err.info.status ?? ''), cadreTexts.actionText[err.info.action ?? ''] ?? '操作');
    case 'unknownTarget':
      return cadreTexts.unknownTarget(err.info.target ?? '');
    case 'sameAssignee':
      return cadreTexts.sameAssignee(n);
  }
}
