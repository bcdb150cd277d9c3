/** Replies as WeChat can carry them: empty ones dropped, long ones split at line breaks. */

/** Each reply non-empty and short enough for one WeChat message. */
const MAX_REPLY_CHARS = 1400;

export function fitReplies(replies: string[]): string[] {
  return replies.filter((r) => r.trim().length > 0).flatMap(splitLong);
}

function splitLong(reply: string): string[] {
  if (reply.length <= MAX_REPLY_CHARS) return [reply];
  const parts: string[] = [];
  let current = '';
  for (const line of reply.split('\n')) {
    for (let i = 0; i < Math.max(line.length, 1); i += MAX_REPLY_CHARS) {
      const piece = line.slice(i, i + MAX_REPLY_CHARS);
      if (current && current.length + 1 + piece.length > MAX_REPLY_CHARS) {
        parts.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current.trim()) parts.push(current);
  return parts.filter((p) => p.trim().length > 0);
}
