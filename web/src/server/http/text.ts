/** An engine message ("the trigger is busy") as a sentence for an API answer or a page. */
export const asSentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
