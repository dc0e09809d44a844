import type { Language } from '../spec/schema.js';
import { LABELS } from './labels.js';

/** One slide of the handout: its number and the HTML of its speaker notes (as the deck has them). */
export interface HandoutNotes {
  index: number;
  notesHtml: string;
}

const QUOTE = /<blockquote class="notes-quote" data-quote="([^"]+)">([\s\S]*?)<\/blockquote>/g;

/**
 * Each quote in full once, in the notes of the first slide that has it; later slides refer back to it with the
 * speaker line and "quoted in full in the notes of slide n". Pure; the notes HTML is the deck's own (escaped) output.
 */
export function quoteOnce<T extends HandoutNotes>(slides: readonly T[], language: Language): T[] {
  const first = new Map<string, number>();
  return slides.map((s) => {
    const notesHtml = s.notesHtml.replace(QUOTE, (whole, id: string, inner: string) => {
      const at = first.get(id);
      if (at === undefined) {
        first.set(id, s.index);
        return whole;
      }
      const by = /<p>(—[\s\S]*?)<\/p>\s*$/.exec(inner)?.[1] ?? '';
      return `<p class="notes-quote-ref" data-quote="${id}">${by ? `${by}: ` : ''}${referBack(at, language)}</p>`;
    });
    return { ...s, notesHtml };
  });
}

function referBack(n: number, language: Language): string {
  const { zh, en } = LABELS.quoteAbove;
  const text = language === 'zh' ? zh : language === 'en' ? en : `${en} / ${zh}`;
  return text.replaceAll('{n}', String(n));
}
